// name_tokens: one pass over the code points; a word runs over letters, digits,
// inner apostrophes and hyphens, and periods between single capitals.
#include "indexer/name_tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>

namespace newsdex {

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

bool is_word_char(UChar32 c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');  // ASCII fast path
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool is_upper(UChar32 c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c)); }
bool is_lower(UChar32 c) { return c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower(c); }
bool is_alpha(UChar32 c) { return c < 0x80 ? std::isalpha(static_cast<unsigned char>(c)) != 0 : u_isalpha(c); }

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

bool is_letter_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    std::size_t next;
    const UChar32 c = code_point_at(s, i, &next);
    return c >= 0 && is_alpha(c);
}

// Abbreviations whose period belongs to the word ("Mr.", "Gen.", "St.").
bool is_abbreviation(std::string_view w) {
    static const char* const kAbbrev[] = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt",
                                          "Col", "Capt", "Sgt", "Rev", "Prof", "Sen", "Rep", "Gov",
                                          "Maj", "Cmdr", "Adm", "Fr", "Mt", "Ft", "Mme", "Messrs",
                                          "No", "Corp", "Inc", "Co", "Ltd", "Bros", "Vs", "vs"};
    for (const char* a : kAbbrev)
        if (w == a) return true;
    return false;
}

std::string fold_ascii(std::string_view w) {
    std::string out(w);
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

// The letters of a word as they are counted while reading it.
struct WordShape {
    int letters = 0, uppers = 0, lowers = 0;
    bool saw_period = false;
};

// Reads the word that starts at `i` (a word character) into `t`: its end and
// case shape. Returns the shape's letter counts for the caller's flags.
WordShape read_word(std::string_view s, std::size_t i, NameToken* t) {
    WordShape shape;
    std::size_t j = i;
    std::size_t segment_letters = 0;  // letters since the word start or the last period
    bool hyphenated = false;
    bool first = true;
    while (j < s.size()) {
        std::size_t nj;
        const UChar32 d = code_point_at(s, j, &nj);
        if (is_word_char(d)) {
            if (is_alpha(d)) {
                ++shape.letters;
                ++segment_letters;
                if (is_upper(d)) ++shape.uppers;
                else if (is_lower(d)) ++shape.lowers;
            }
            if (first) {
                t->cap = is_upper(d);
                t->lower = is_lower(d);
                t->digit = d < 0x80 ? (d >= '0' && d <= '9') : u_isdigit(d);
                first = false;
            }
            j = nj;
            continue;
        }
        if (is_apostrophe(d) && is_letter_at(s, nj)) {
            // A possessive 's stays outside the word.
            std::size_t after;
            const UChar32 e = code_point_at(s, nj, &after);
            if ((e == 's' || e == 'S') && !is_letter_at(s, after)) break;
            j = nj;
            continue;
        }
        if (d == '-' && nj < s.size()) {
            std::size_t after;
            const UChar32 e = code_point_at(s, nj, &after);
            if (is_word_char(e)) {
                segment_letters = 0;
                hyphenated = true;
                j = nj;
                continue;
            }
            break;
        }
        if (d == '.' && segment_letters == 1 && shape.letters == shape.uppers && !hyphenated) {
            // Initials and dotted abbreviations: "J.", "U.S.", "J.R.".
            shape.saw_period = true;
            segment_letters = 0;
            j = nj;
            if (!is_letter_at(s, j)) break;
            // Only go on when the next letter is again a single letter followed by '.'.
            std::size_t a1;
            const UChar32 next_letter = code_point_at(s, j, &a1);
            if (a1 < s.size() && s[a1] == '.') continue;
            // "U.S" without its last period (wire copy) is one token too, not an
            // initial and a surname "S".
            if (is_upper(next_letter) && (a1 >= s.size() || !is_word_char(static_cast<unsigned char>(s[a1]))))
                j = a1;
            break;
        }
        break;
    }
    t->end = j;
    return shape;
}

// Whether an apostrophe and s (or a bare apostrophe after an s: "Jones' car")
// follow the token.
bool possessive_after(std::string_view s, const NameToken& t) {
    if (t.end >= s.size()) return false;
    std::size_t nj;
    const UChar32 d = code_point_at(s, t.end, &nj);
    if (is_apostrophe(d) && nj < s.size() && (s[nj] == 's' || s[nj] == 'S') && !is_letter_at(s, nj + 1)) return true;
    return d == '\'' && nj <= s.size() && !is_letter_at(s, nj) && t.end > 0 && s[t.end - 1] == 's';
}

// Sentence starts: the first word after the text start, a line break or . ! ? : ;
// (quotes and brackets in between).
void mark_sentence_starts(std::string_view s, std::vector<NameToken>& toks) {
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (!toks[k].word) continue;
        bool start = toks[k].newline_before;
        std::size_t p = k;
        while (!start && p > 0) {
            const NameToken& q = toks[p - 1];
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

}  // namespace

std::vector<NameToken> name_tokens(std::string_view s) {
    std::vector<NameToken> toks;
    toks.reserve(s.size() / 4);
    std::size_t i = 0;
    bool newline = true;
    while (i < s.size()) {
        std::size_t next;
        const UChar32 c = code_point_at(s, i, &next);
        if (c == '\n' || c == '\r') {
            newline = true;
            i = next;
            continue;
        }
        if (c < 0 || u_isspace(c) || c == 0xA0) {
            i = next;
            continue;
        }
        NameToken t;
        t.begin = i;
        t.newline_before = newline;
        newline = false;
        if (!is_word_char(c)) {
            t.end = next;
            // An escaped ampersand left in the copy ("Standard &amp; Poor's") is
            // one "&", so firm names joined by it read the same.
            if (c == '&' && s.size() - next >= 4 && (s.compare(next, 4, "amp;") == 0 || s.compare(next, 4, "AMP;") == 0))
                t.end = next + 4;
            toks.push_back(std::move(t));
            i = toks.back().end;
            continue;
        }
        t.word = true;
        const WordShape shape = read_word(s, i, &t);
        if (shape.saw_period) {
            t.dotted = true;
            t.initial = (shape.letters == 1);
        } else if (t.end < s.size() && s[t.end] == '.' && is_abbreviation(s.substr(i, t.end - i))) {
            t.end += 1;  // "Mr." keeps its period
        }
        t.all_caps = shape.letters >= 2 && shape.lowers == 0;
        t.possessive = possessive_after(s, t);
        std::string_view w = s.substr(t.begin, t.end - t.begin);
        if (!w.empty() && w.back() == '.' && !t.dotted) w.remove_suffix(1);
        t.lower_text = fold_ascii(w);
        i = t.end;
        if (t.possessive) {
            // Skip the apostrophe and the s.
            std::size_t after_apostrophe;
            code_point_at(s, i, &after_apostrophe);
            i = after_apostrophe;
            if (i < s.size() && (s[i] == 's' || s[i] == 'S')) ++i;
        }
        toks.push_back(std::move(t));
    }
    mark_sentence_starts(s, toks);
    return toks;
}

}  // namespace newsdex
