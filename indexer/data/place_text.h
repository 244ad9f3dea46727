// place_text.h — how the place gazetteer cuts text into words and folds them.
//
// Shared, header-only, by the build-time generator (make_place_table.cc) and the
// run-time matcher (indexer/place_gazetteer.cc): a name found at run time must
// fold to exactly the key the generator wrote, so both sides use this one code.
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::place_text {

// A word of the text: byte offsets into the text and what its letters look like.
struct Word {
    std::size_t begin;
    std::size_t end;          // exclusive; a possessive "'s" is left outside
    bool possessive = false;  // the word was followed by 's / ’s
    bool first_upper = false; // first letter is upper or title case
    bool all_upper = false;   // every letter upper case (and at least one letter)
    bool has_letter = false;
    bool digits_only = false; // "2", "1996" (not "1996-08-22")
};

// ASCII, most of any English text, is classified without ICU (the same answers,
// a tenth of the instructions: split_words was the gazetteer's largest cost).
inline bool ascii_letter(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool ascii_digit(UChar32 c) { return c >= '0' && c <= '9'; }

inline bool is_word_char(UChar32 c) {
    if (c < 0x80) return ascii_letter(c) || ascii_digit(c);
    return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK ||
           u_charType(c) == U_COMBINING_SPACING_MARK;
}

// Characters that join two word characters into one word: Nur-Sultan,
// N'Djamena, Côte d’Ivoire (the ’ is U+2019), U.S.
inline bool is_joiner(UChar32 c) {
    return c == '-' || c == '\'' || c == 0x2019 || c == '.' || c == 0x02BC;
}

inline UChar32 decode_at(std::string_view s, std::size_t i, std::size_t* next) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
        *next = i + 1;
        return static_cast<unsigned char>(s[i]);
    }
    int32_t pos = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
    *next = static_cast<std::size_t>(pos);
    return c < 0 ? 0xFFFD : c;
}

// Cuts text into words. "U.S." keeps its final dot (a dotted abbreviation),
// "St." does not; "Kazakhstan's" is the word "Kazakhstan" marked possessive.
// "&" is a word of its own so that "Trinidad & Tobago" can be spelt in data.
inline std::vector<Word> split_words(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t next;
        UChar32 c = decode_at(s, i, &next);
        if (c == '&') {
            Word w{i, next};
            out.push_back(w);
            i = next;
            continue;
        }
        if (!is_word_char(c)) {
            i = next;
            continue;
        }
        Word w{i, i};
        bool dotted = false, any_lower = false, any_upper = false, any_digit = false;
        w.first_upper = c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c));
        std::size_t j = i;
        while (j < s.size()) {
            std::size_t n1;
            UChar32 d = decode_at(s, j, &n1);
            if (d < 0x80 && is_word_char(d)) {
                if (d >= 'A' && d <= 'Z') any_upper = true;
                else if (d >= 'a' && d <= 'z') any_lower = true;
                else any_digit = true;
                if (ascii_letter(d)) w.has_letter = true;
                j = n1;
                continue;
            }
            if (is_word_char(d)) {
                if (u_isupper(d) || u_istitle(d)) any_upper = true;
                else if (u_islower(d)) any_lower = true;
                if (u_isdigit(d)) any_digit = true;
                if (u_isalpha(d)) w.has_letter = true;
                j = n1;
                continue;
            }
            if (is_joiner(d) && n1 < s.size()) {
                std::size_t n2;
                UChar32 e = decode_at(s, n1, &n2);
                if (is_word_char(e)) {
                    if (d == '.') dotted = true;
                    j = n1;
                    continue;
                }
            }
            break;
        }
        w.end = j;
        // Dotted abbreviation: "U.S" + "." -> "U.S."
        if (dotted && j < s.size() && s[j] == '.') w.end = j + 1;
        w.all_upper = any_upper && !any_lower;
        if (any_digit && !w.has_letter) {
            w.digits_only = true;
            for (std::size_t k = w.begin; k < w.end; ++k)
                if (s[k] < '0' || s[k] > '9') w.digits_only = false;
        }
        // Possessive: a trailing 's / ’s (any case) is not part of the name.
        std::string_view t = s.substr(w.begin, w.end - w.begin);
        auto ends_with = [&](std::string_view suf) {
            return t.size() > suf.size() && t.substr(t.size() - suf.size()) == suf;
        };
        for (std::string_view suf : {std::string_view("'s"), std::string_view("'S"),
                                     std::string_view("\xE2\x80\x99s"),
                                     std::string_view("\xE2\x80\x99S")}) {
            if (ends_with(suf)) {
                w.end -= suf.size();
                w.possessive = true;
                break;
            }
        }
        out.push_back(w);
        i = j > i ? j : next;
        if (w.end > j) i = w.end;
    }
    return out;
}

// Letters that Unicode does not decompose into a base letter plus accent.
inline const char* fold_special(UChar32 c) {
    switch (c) {
        case 0x00F8: case 0x00D8: return "o";   // ø
        case 0x0142: case 0x0141: return "l";   // ł
        case 0x0111: case 0x0110: return "d";   // đ
        case 0x0131: return "i";                // dotless i
        case 0x00E6: case 0x00C6: return "ae";
        case 0x0153: case 0x0152: return "oe";
        case 0x00DF: return "ss";
        case 0x00FE: case 0x00DE: return "th";
        case 0x2019: case 0x2018: case 0x02BC: case 0x02BB: case 0x0060: case 0x00B4:
            return "'";
        default: return nullptr;
    }
}

// Lower case without accents: "São" -> "sao", "Zürich" -> "zurich", "U.S." -> "u.s.".
inline std::string fold_word(std::string_view w) {
    bool ascii = true;
    for (char ch : w)
        if (static_cast<unsigned char>(ch) >= 0x80) { ascii = false; break; }
    std::string out;
    out.reserve(w.size());
    if (ascii) {
        for (char ch : w) out += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
        return out;
    }
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(
        icu::StringPiece(w.data(), static_cast<int32_t>(w.size())));
    icu::UnicodeString d = U_SUCCESS(err) ? nfkd->normalize(src, err) : src;
    if (U_FAILURE(err)) d = src;
    icu::UnicodeString kept;
    for (int32_t k = 0; k < d.length();) {
        UChar32 c = d.char32At(k);
        k += U16_LENGTH(c);
        int8_t t = u_charType(c);
        if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK)
            continue;
        if (const char* sp = fold_special(c)) {
            kept.append(icu::UnicodeString(sp));
            continue;
        }
        kept.append(c);
    }
    kept.foldCase();
    kept.toUTF8String(out);
    return out;
}

// The key of a multi-word name: folded words joined by one space.
inline std::string fold_name(std::string_view name) {
    std::string key;
    for (const Word& w : split_words(name)) {
        if (!key.empty()) key += ' ';
        key += fold_word(name.substr(w.begin, w.end - w.begin));
        if (w.possessive) key += "'s";
    }
    return key;
}

}  // namespace newsdex::place_text
