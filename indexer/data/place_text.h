// place_text.h — how the place gazetteer cuts text into words and folds them.
//
// Shared, header-only, by the build-time generator (make_place_table.cc) and the
// run-time matcher (indexer/place_gazetteer.cc): a name found at run time must
// fold to exactly the key the generator wrote, so both sides use this one code
// (and the one tokenizer, core/tokens.cc, which the generator compiles too).
#pragma once

#include "core/tokens.h"

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

// The words of text::tokenize (core/tokens.h), the person finder's too:
// "Nur-Sultan", "N'Djamena", "Côte d’Ivoire" and "U.S." are one word each, "St."
// is the word "St" (its period is context), "Kazakhstan's" is the word
// "Kazakhstan" marked possessive. "&" is a word of its own so that "Trinidad &
// Tobago" can be spelt in data.
inline std::vector<Word> split_words(std::string_view s, const std::vector<text::Token>& tokens) {
    std::vector<Word> out;
    for (const text::Token& t : tokens) {
        if (!t.word) {
            if (s[t.begin] == '&') out.push_back(Word{t.begin, t.begin + 1});
            continue;
        }
        Word w{t.begin, t.end_without_period()};
        w.possessive = t.possessive;
        w.first_upper = t.cap;
        w.all_upper = t.caps_only;
        w.has_letter = t.has_letter;
        w.digits_only = t.digits_only;
        out.push_back(w);
    }
    return out;
}
inline std::vector<Word> split_words(std::string_view s) { return split_words(s, text::tokenize(s)); }

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
    if (ascii) {
        std::string out(w);
        for (char& ch : out)
            if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
        return out;
    }
    std::string out;
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
