// tokenize: the index's words (text::WordBreaker) read once more, character by
// character, for the shape of each and for the four places where a name is cut
// otherwise (see tokens.h); what lies between them is punctuation.
#include "core/tokens.h"

#include "core/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace newsdex::text {

namespace {

UChar32 code_point_at(std::string_view s, std::size_t i, std::size_t* next) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // most copy is ASCII: no decoding
        *next = i + 1;
        return static_cast<unsigned char>(s[i]);
    }
    UChar32 c;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
    *next = static_cast<std::size_t>(pos);
    return c;
}

// ASCII, most of any English text, is classified without ICU. "@" and "_" are
// word characters as in the index ("@BBCBreaking", "file_name"), not letters.
bool is_word_char(UChar32 c) {
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@' || c == '_';
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}
bool is_upper(UChar32 c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c)); }
bool is_lower(UChar32 c) { return c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower(c); }
bool is_alpha(UChar32 c) { return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c); }
bool is_digit(UChar32 c) { return c < 0x80 ? (c >= '0' && c <= '9') : u_isdigit(c); }
bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// What the code point at `i` is, for the look-ahead of the joining rules.
struct Ahead {
    UChar32 c = -1;
    std::size_t next = 0;
};
Ahead ahead(std::string_view s, std::size_t i) {
    Ahead a;
    if (i < s.size()) a.c = code_point_at(s, i, &a.next);
    return a;
}
bool is_letter_at(std::string_view s, std::size_t i) {
    const Ahead a = ahead(s, i);
    return a.c >= 0 && is_alpha(a.c);
}

// An apostrophe at `i` between letters: "N'Djamena", "don't".
bool apostrophe_joins_at(std::string_view s, std::size_t i) {
    const Ahead a = ahead(s, i);
    return a.c >= 0 && is_apostrophe(a.c) && is_letter_at(s, a.next);
}

// Titles and abbreviations whose period belongs to the word ("Mr.", "Gen.", "St.").
bool is_abbreviation(std::string_view w) {
    static const char* const kAbbrev[] = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt",
                                          "Col", "Capt", "Sgt", "Rev", "Prof", "Sen", "Rep", "Gov",
                                          "Maj", "Cmdr", "Adm", "Fr", "Mt", "Ft", "Mme", "Messrs",
                                          "No", "Corp", "Inc", "Co", "Ltd", "Bros", "Vs", "vs"};
    for (const char* a : kAbbrev)
        if (w == a) return true;
    return false;
}

// The letters of a word as they are counted while reading it.
struct WordShape {
    int letters = 0, uppers = 0, lowers = 0;
    bool saw_period = false;  // a period of initials: "J.", "U.S."
};

// Whether a period inside an index word, after `last`, stays in the token: the
// index joins letters or digits on both sides; a name ends before anything but
// a lower-case letter ("J.Smith", "said.The").
bool period_joins(std::string_view s, UChar32 last, std::size_t after_period) {
    const Ahead e = ahead(s, after_period);
    if (e.c < 0) return false;
    if (is_digit(last) && is_digit(e.c)) return true;
    return is_alpha(last) && is_lower(e.c);
}

// After the period of an initial at `j`: whether the run of initials goes on
// ("U.S.", "J.R.R."), and where the token ends.
bool initials_go_on(std::string_view s, std::size_t* j) {
    if (!is_letter_at(s, *j)) return false;
    std::size_t a1;
    const UChar32 next_letter = code_point_at(s, *j, &a1);
    if (a1 < s.size() && s[a1] == '.') return true;
    // "U.S" without its last period (wire copy) is one token too, not an
    // initial and a surname "S".
    if (is_upper(next_letter) && (a1 >= s.size() || !is_word_char(static_cast<unsigned char>(s[a1])))) *j = a1;
    return false;
}

// The word characters of ASCII, by kind: letters and digits are read through
// this table without decoding or ICU. The tokenizer runs twice over every
// article (gazetteer, person finder); with the table, newsdex-index --dry-run
// over bbc/tech takes 1,704M instructions (callgrind), the two tokenizers it
// replaced 1,735M; without it 1,823M.
enum AsciiKind : unsigned char { kNotWord = 0, kUpper = 1, kLower = 2, kDigit = 4, kOtherWord = 8 };
struct AsciiKinds {
    unsigned char kind[128] = {};
    constexpr AsciiKinds() {
        for (int c = 0; c < 128; ++c)
            kind[c] = c >= 'A' && c <= 'Z'   ? kUpper
                      : c >= 'a' && c <= 'z' ? kLower
                      : c >= '0' && c <= '9' ? kDigit
                      : c == '@' || c == '_' ? kOtherWord
                                             : kNotWord;
    }
};
constexpr AsciiKinds kAscii;

// Whether the period at a word's end makes an initial or a dotted
// abbreviation: it follows one letter, no letter so far is lower case, and no
// hyphen came before ("J.", "U.S.", not "e.g", "Jean-P.").
bool initial_period(const WordShape& shape, std::size_t segment_letters, bool hyphenated) {
    return segment_letters == 1 && shape.letters == shape.uppers && !hyphenated;
}

// Reads the word that starts at `i` into `t`: its end and the shape of its
// first character. `i` lies in the index word spans[*k]; on return *k is the
// last index word the token reaches into. Inside an index word every character
// belongs to the token, except where a possessive 's or a period before a
// capital cuts it; past the index word's end only a hyphen joining the next
// index word or the period of an initial carries on (see tokens.h).
WordShape read_word(std::string_view s, std::size_t i, const std::vector<WordSpan>& spans, std::size_t* k,
                    Token* t) {
    WordShape shape;
    std::size_t j = i;
    std::size_t limit = spans[*k].end;
    std::size_t segment_letters = 0;  // letters since the word start or the last period
    bool hyphenated = false;
    UChar32 last = -1;
    const auto next_word_starts_at = [&](std::size_t at) { return *k + 1 < spans.size() && spans[*k + 1].begin == at; };
    while (j < s.size()) {
        const unsigned char byte = static_cast<unsigned char>(s[j]);
        if (j < limit && byte < 0x80 && byte != '.' && byte != '\'') {
            // Letters, digits, "@", "_", and the comma of "1,000".
            const unsigned kind = kAscii.kind[byte];
            if (kind & (kUpper | kLower)) {
                ++shape.letters;
                ++segment_letters;
                if (kind & kUpper) ++shape.uppers;
                else ++shape.lowers;
            }
            if (last < 0) {
                t->cap = kind & kUpper;
                t->lower = kind & kLower;
                t->digit = kind & kDigit;
            }
            last = byte;
            ++j;
            continue;
        }
        std::size_t nj = j + 1;
        const UChar32 d = byte < 0x80 ? byte : code_point_at(s, j, &nj);
        if (j >= limit) {
            // Past the index word: "Jean" + "-" + "Pierre", "U.S" + ".".
            if (d == '-' && next_word_starts_at(nj)) {
                ++*k;
                limit = spans[*k].end;
                segment_letters = 0;
                hyphenated = true;
                last = d;
                j = nj;
                continue;
            }
            if (d != '.') break;
        }
        if (d == '.' && initial_period(shape, segment_letters, hyphenated)) {
            shape.saw_period = true;
            segment_letters = 0;
            j = nj;
            if (!initials_go_on(s, &j)) break;
            if (j >= limit) {  // "A1.B.": the run goes on in the next index word
                if (!next_word_starts_at(j)) break;
                ++*k;
                limit = spans[*k].end;
            }
            continue;
        }
        if (j >= limit) break;
        if (d == '.') {
            if (!period_joins(s, last, nj)) break;
            segment_letters = 0;
        } else if (is_apostrophe(d)) {
            // A possessive 's stays outside the word ("Starobil's'k" is one word).
            const Ahead e = ahead(s, nj);
            if ((e.c == 's' || e.c == 'S') && !is_letter_at(s, e.next) && !apostrophe_joins_at(s, e.next)) break;
        } else {
            if (is_alpha(d)) {
                ++shape.letters;
                ++segment_letters;
                if (is_upper(d)) ++shape.uppers;
                else if (is_lower(d)) ++shape.lowers;
            }
            if (last < 0) {
                t->cap = is_upper(d);
                t->lower = is_lower(d);
                t->digit = is_digit(d);
            }
        }
        last = d;
        j = nj;
    }
    t->end = j;
    return shape;
}

// Whether an apostrophe and s (or a bare apostrophe after an s: "Jones' car")
// follow the token.
bool possessive_after(std::string_view s, const Token& t) {
    if (t.end >= s.size()) return false;
    std::size_t nj;
    const UChar32 d = code_point_at(s, t.end, &nj);
    if (is_apostrophe(d) && nj < s.size() && (s[nj] == 's' || s[nj] == 'S') && !is_letter_at(s, nj + 1) &&
        !apostrophe_joins_at(s, nj + 1))
        return true;
    return d == '\'' && nj <= s.size() && !is_letter_at(s, nj) && t.end > 0 && s[t.end - 1] == 's';
}

// Sentence starts: the first word after the text start, a line break or . ! ? : ; -
// (quotes and brackets in between).
void mark_sentence_starts(std::string_view s, std::vector<Token>& toks) {
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (!toks[k].word) continue;
        bool start = toks[k].newline_before;
        std::size_t p = k;
        while (!start && p > 0) {
            const Token& q = toks[p - 1];
            if (q.word) break;
            const char ch = s[q.begin];
            if (ch == '"' || ch == '(' || ch == '\'' || ch == '[' ||
                static_cast<unsigned char>(ch) >= 0x80 /* curly quotes */) {
                if (q.newline_before) start = true;
                --p;
                continue;
            }
            if (ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';' || ch == '-') start = true;
            break;
        }
        if (p == 0 && !start) start = true;
        toks[k].sentence_start = start;
    }
}

bool only_ascii_digits(std::string_view w) {
    for (char c : w)
        if (c < '0' || c > '9') return false;
    return !w.empty();
}

// A word token from `i` (a word character), with its shape; the possessive
// after it is flagged, not read.
Token word_token(std::string_view s, std::size_t i, const std::vector<WordSpan>& spans, std::size_t* k) {
    Token t;
    t.begin = i;
    t.word = true;
    const WordShape shape = read_word(s, i, spans, k, &t);
    if (shape.saw_period) {
        t.dotted = true;
        t.initial = shape.letters == 1;
    } else if (t.end < s.size() && s[t.end] == '.' && is_abbreviation(s.substr(i, t.end - i))) {
        t.end += 1;
        t.abbreviation = true;
    }
    t.has_letter = shape.letters > 0;
    t.caps_only = shape.uppers > 0 && shape.lowers == 0;
    t.all_caps = shape.letters >= 2 && shape.lowers == 0;
    t.digits_only = only_ascii_digits(s.substr(t.begin, t.end - t.begin));
    t.possessive = possessive_after(s, t);
    return t;
}

// Where reading goes on after a possessive token: past the apostrophe and the s.
std::size_t skip_possessive(std::string_view s, std::size_t i) {
    std::size_t after_apostrophe;
    code_point_at(s, i, &after_apostrophe);
    if (after_apostrophe < s.size() && (s[after_apostrophe] == 's' || s[after_apostrophe] == 'S')) ++after_apostrophe;
    return after_apostrophe;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
    const std::vector<WordSpan> spans = thread_word_breaker().words(s);
    std::vector<Token> toks;
    toks.reserve(s.size() / 4);
    std::size_t i = 0;
    std::size_t k = 0;  // the first index word that ends after i
    bool newline = true;
    while (i < s.size()) {
        const unsigned char byte = static_cast<unsigned char>(s[i]);
        std::size_t next = i + 1;
        UChar32 c = byte;
        if (byte >= 0x80) {
            c = code_point_at(s, i, &next);
        } else if (byte == ' ' || byte == '\t' || byte == '\f' || byte == '\v' || (byte >= 0x1C && byte <= 0x1F)) {
            // ASCII's white space by u_isspace, without the call.
            ++i;
            continue;
        }
        if (c == '\n' || c == '\r') {
            newline = true;
            i = next;
            continue;
        }
        if (c < 0 || (c >= 0x80 && (u_isspace(c) || c == 0xA0))) {
            i = next;
            continue;
        }
        // A word starts where an index word does, or where a possessive or a
        // period before a capital cut one ("said.The", "Putin's9").
        while (k < spans.size() && spans[k].end <= i) ++k;
        const bool in_index_word = k < spans.size() && spans[k].begin <= i;
        if (in_index_word &&
            (i == spans[k].begin || (c < 0x80 ? kAscii.kind[c] != kNotWord : is_word_char(c)))) {
            toks.push_back(word_token(s, i, spans, &k));
            i = toks.back().possessive ? skip_possessive(s, toks.back().end) : toks.back().end;
        } else {
            Token t;
            t.begin = i;
            t.end = next;
            // An escaped ampersand left in the copy ("Standard &amp; Poor's") is
            // one "&", so firm names joined by it read the same.
            if (c == '&' && s.size() - next >= 4 && (s.compare(next, 4, "amp;") == 0 || s.compare(next, 4, "AMP;") == 0))
                t.end = next + 4;
            toks.push_back(t);
            i = t.end;
        }
        toks.back().newline_before = newline;
        newline = false;
    }
    mark_sentence_starts(s, toks);
    return toks;
}

}  // namespace newsdex::text
