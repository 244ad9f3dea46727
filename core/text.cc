#include "core/text.h"

#include <newsdex/error.h>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace newsdex::text {

std::string repair_utf8(std::string_view bytes, std::size_t* replaced) {
    std::size_t bad = 0;
    std::string out;
    out.reserve(bytes.size());
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        // A run of ASCII other than NUL is copied in one append (a byte at a time
        // was most of this function's instructions).
        int32_t ascii_end = i;
        while (ascii_end < length && s[ascii_end] < 0x80 && s[ascii_end] != 0) ++ascii_end;
        if (ascii_end > i) {
            out.append(bytes.data() + i, static_cast<std::size_t>(ascii_end - i));
            i = ascii_end;
            continue;
        }
        if (s[i] < 0x80) {  // NUL, the one ASCII byte the run above stops at
            if (s[i] == 0) {
                out += "\xEF\xBF\xBD";
                ++bad;
            } else {
                out += static_cast<char>(s[i]);
            }
            ++i;
            continue;
        }
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";
            ++bad;
        } else {
            out.append(bytes.data() + start, static_cast<std::size_t>(i - start));
        }
    }
    if (replaced) *replaced = bad;
    return out;
}

namespace {

const icu::Normalizer2& nfkc_casefold() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw Error("ICU normaliser unavailable: " + std::string(u_errorName(status)));
    return *n;
}

const icu::Normalizer2& nfd() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw Error("ICU normaliser unavailable: " + std::string(u_errorName(status)));
    return *n;
}

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw Error("ICU normaliser unavailable: " + std::string(u_errorName(status)));
    return *n;
}

// Only the Latin/Greek/Cyrillic combining accents are removed: marks in other
// blocks (Devanagari vowel signs, Hebrew points...) carry meaning.
bool is_removable_accent(UChar32 c) { return c >= 0x0300 && c <= 0x036F; }

// Letters that carry an accent-like stroke but have no decomposition.
UChar32 strip_stroke(UChar32 c) {
    switch (c) {
        case 0x0142: return 'l';  // ł
        case 0x00F8: return 'o';  // ø
        case 0x0111: return 'd';  // đ
        case 0x0127: return 'h';  // ħ
        case 0x0131: return 'i';  // dotless ı
        case 0x2019: return '\'';  // right single quotation mark used as apostrophe
        case 0x02BC: return '\'';
        default: return c;
    }
}

std::string fold_non_ascii(std::string_view word) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
    icu::UnicodeString decomposed = nfd().normalize(folded, status);
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (is_removable_accent(c)) continue;
        stripped.append(strip_stroke(c));
    }
    icu::UnicodeString composed = nfc().normalize(stripped, status);
    if (U_FAILURE(status)) return std::string(word);
    std::string out;
    composed.toUTF8String(out);
    return out;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s) {
        if (c >= 0x80) return false;
    }
    return true;
}

std::string fold_word(std::string_view word) {
    if (is_ascii(word)) {
        std::string out(word);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }
    return fold_non_ascii(word);
}

}  // namespace

bool has_letter(std::string_view word) {
    // ASCII is answered here, as u_isalpha would (its letters are A-Z and a-z);
    // ICU reads from the first other byte on.
    std::size_t ascii = 0;
    for (; ascii < word.size() && static_cast<unsigned char>(word[ascii]) < 0x80; ++ascii)
        if ((word[ascii] | 0x20) >= 'a' && (word[ascii] | 0x20) <= 'z') return true;
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t length = static_cast<int32_t>(word.size());
    for (auto i = static_cast<int32_t>(ascii); i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && u_isalpha(c)) return true;
    }
    return false;
}

std::string term_key(std::string_view word) {
    // Most words are ASCII letters and digits: lower-cased in one pass, as the
    // rules below would leave them (they change a word only around a period or
    // an apostrophe, or one with other letters).
    std::string key(word);
    bool plain = true;
    for (char& c : key) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '.' || c == '\'') {
            plain = false;
            break;
        }
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (plain) return key;
    key = fold_word(word);
    // Possessive: "putin's" indexes as "putin", as a reader would search it.
    if (key.size() > 2 && key.compare(key.size() - 2, 2, "'s") == 0) key.resize(key.size() - 2);
    // Abbreviations: ICU keeps "U.S" together; "us" is what people type.
    if (key.find('.') != std::string::npos && has_letter(key)) {
        std::string compact;
        for (char c : key) {
            if (c != '.') compact += c;
        }
        key.swap(compact);
    }
    while (!key.empty() && (key.back() == '\'' || key.back() == '.')) key.pop_back();
    return key;
}

struct WordBreaker::Impl {
    std::unique_ptr<icu::BreakIterator> iterator;
    UText* utext = nullptr;
    ~Impl() {
        if (utext) utext_close(utext);
    }
};

WordBreaker::WordBreaker() : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !impl_->iterator) {
        throw Error("ICU word breaker unavailable (" + std::string(u_errorName(status)) +
                    "); is the libicu data package installed?");
    }
}

WordBreaker::~WordBreaker() = default;

namespace {

// Unicode word-break classes (UAX #29) of the ASCII characters that can be
// part of a word; every other ASCII character breaks on both sides. ICU's
// rules take the colon out of MidLetter, so "a:b" is two words, and treat
// "@" as a letter.
enum class AsciiBreak : unsigned char { Other, Letter, Digit, MidNumLet, MidNum, ExtendNumLet };

constexpr AsciiBreak classify_ascii(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return AsciiBreak::Letter;
    if (c >= '0' && c <= '9') return AsciiBreak::Digit;
    switch (c) {
        case '.':
        case '\'': return AsciiBreak::MidNumLet;  // '\'' is Single_Quote, which the ASCII rules treat alike
        case ',':
        case ';': return AsciiBreak::MidNum;
        case '_': return AsciiBreak::ExtendNumLet;
        default: return AsciiBreak::Other;
    }
}

struct AsciiBreakTable {
    AsciiBreak classes[128] = {};
    bool word[128] = {};  // Letter, Digit or ExtendNumLet: read in one look-up, byte by byte
    constexpr AsciiBreakTable() {
        for (unsigned c = 0; c < 128; ++c) {
            classes[c] = classify_ascii(static_cast<unsigned char>(c));
            word[c] = classes[c] == AsciiBreak::Letter || classes[c] == AsciiBreak::Digit ||
                      classes[c] == AsciiBreak::ExtendNumLet;
        }
    }
};
constexpr AsciiBreakTable kAsciiBreaks;

inline AsciiBreak ascii_break(unsigned char c) { return kAsciiBreaks.classes[c & 0x7F]; }

bool is_ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool joins_letters(AsciiBreak c) { return c == AsciiBreak::MidNumLet; }
bool joins_digits(AsciiBreak c) { return c == AsciiBreak::MidNum || c == AsciiBreak::MidNumLet; }

// The words of an all-ASCII stretch, by rules WB5-WB13b of UAX #29 as ICU applies them.
void ascii_words(std::string_view text, std::size_t offset, std::vector<WordSpan>& spans) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    const auto word_char = [&](std::size_t at) { return kAsciiBreaks.word[s[at] & 0x7F]; };
    std::size_t i = 0;
    while (i < n) {
        if (!word_char(i)) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        for (;;) {
            while (i + 1 < n && word_char(i + 1)) ++i;  // i: the last of a run of word characters
            if (i + 2 >= n) break;
            const AsciiBreak current = ascii_break(s[i]), next = ascii_break(s[i + 1]), after = ascii_break(s[i + 2]);
            const bool letters = current == AsciiBreak::Letter && joins_letters(next) && after == AsciiBreak::Letter;
            const bool digits = current == AsciiBreak::Digit && joins_digits(next) && after == AsciiBreak::Digit;
            if (!letters && !digits) break;
            i += 2;
        }
        ++i;
        // ICU gives a lone underscore no word status (but two or more it does).
        if (i - begin > 1 || s[begin] != '_') spans.push_back({offset + begin, offset + i, false});
    }
}

}  // namespace

namespace {

// The first byte at or after `from` that is not ASCII, or text.size(): eight
// bytes at a time, since most copy has none.
std::size_t first_non_ascii(std::string_view text, std::size_t from) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    std::size_t i = from;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t block;
        std::memcpy(&block, text.data() + i, 8);
        if (block & kHighBits) break;
    }
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
    return i;
}

// Where the text may be cut for splitting: after ASCII white space that an
// ASCII character follows (no word-break rule joins across that).
bool is_cut(const unsigned char* s, std::size_t at) { return is_ascii_space(s[at - 1]) && s[at] < 0x80; }

// Room for the words of a text is reserved at one per this many bytes: growing
// the list word by word cost a sixth of the splitting (callgrind, bbc/tech).
constexpr std::size_t kBytesPerWord = 5;

}  // namespace

std::vector<WordSpan> WordBreaker::words(std::string_view text) {
    // The text is split at the cuts into pieces; a run of pieces without
    // non-ASCII goes to the ASCII rules in one call, and a run of pieces that
    // each hold some non-ASCII goes to ICU together.
    std::vector<WordSpan> spans;
    spans.reserve(text.size() / kBytesPerWord + 1);  // English copy has about one word in six bytes
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t done = 0;  // a cut (or 0): everything before it is split
    while (done < n) {
        const std::size_t other = first_non_ascii(text, done);
        if (other == n) {
            ascii_words(text.substr(done), done, spans);
            break;
        }
        std::size_t icu_begin = other;  // the piece holding `other` starts at the last cut before it
        while (icu_begin > done && !is_cut(s, icu_begin)) --icu_begin;
        if (icu_begin > done) ascii_words(text.substr(done, icu_begin - done), done, spans);
        // The ICU stretch runs up to the first piece with nothing but ASCII.
        std::size_t icu_end = icu_begin;
        bool piece_ascii = false;
        while (icu_end < n) {
            std::size_t piece_end = icu_end + 1;
            piece_ascii = s[icu_end] < 0x80;
            while (piece_end < n && !is_cut(s, piece_end)) piece_ascii &= s[piece_end++] < 0x80;
            if (piece_ascii && icu_end > icu_begin) break;
            icu_end = piece_end;
        }
        for (const WordSpan& span : icu_words(text.substr(icu_begin, icu_end - icu_begin)))
            spans.push_back({span.begin + icu_begin, span.end + icu_begin, span.ideographic});
        done = icu_end;
    }
    return spans;
}

std::vector<WordSpan> WordBreaker::icu_words(std::string_view text) {
    std::vector<WordSpan> spans;
    if (text.empty()) return spans;
    UErrorCode status = U_ZERO_ERROR;
    impl_->utext = utext_openUTF8(impl_->utext, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) return spans;
    impl_->iterator->setText(impl_->utext, status);
    if (U_FAILURE(status)) return spans;
    int32_t start = impl_->iterator->first();
    for (int32_t end = impl_->iterator->next(); end != icu::BreakIterator::DONE;
         start = end, end = impl_->iterator->next()) {
        const int32_t rule = impl_->iterator->getRuleStatus();
        if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
        const bool ideographic = rule >= UBRK_WORD_KANA && rule < UBRK_WORD_IDEO_LIMIT;
        if (!ideographic) {
            spans.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end), false});
            continue;
        }
        // ICU segments Chinese and Japanese by dictionary, and the same word can
        // segment differently in a short query than in a sentence. Single
        // characters (searched as phrases) always agree.
        const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
        for (int32_t i = start; i < end;) {
            const int32_t char_start = i;
            UChar32 c;
            U8_NEXT(bytes, i, end, c);
            spans.push_back({static_cast<std::size_t>(char_start), static_cast<std::size_t>(i), true});
        }
    }
    return spans;
}

WordBreaker& thread_word_breaker() {
    thread_local WordBreaker breaker;
    return breaker;
}

std::string fold(std::string_view text) {
    std::string out;
    std::size_t done = 0;
    for (const WordSpan& span : thread_word_breaker().words(text)) {
        out.append(text.substr(done, span.begin - done));
        out += fold_word(text.substr(span.begin, span.end - span.begin));
        done = span.end;
    }
    out.append(text.substr(done));
    return out;
}

}  // namespace newsdex::text
