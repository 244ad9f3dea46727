// NameToken: the text cut into words and punctuation marks with the shape that
// name rules look at — capitals, initials ("J."), dotted abbreviations ("U.S."),
// a possessive 's left outside the word, line and sentence starts. PersonFinder
// reads text through it; the firm list is keyed with it, so a firm's name in the
// list and in an article fold the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

struct NameToken {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool word = false;          // letters/digits; otherwise one punctuation code point
    bool cap = false;           // first letter upper or title case
    bool all_caps = false;      // two or more letters, none lower case
    bool lower = false;         // first letter lower case
    bool digit = false;         // starts with a digit
    bool initial = false;       // "J." — one capital and a period
    bool dotted = false;        // "U.S.", "J.R." — letters with periods
    bool possessive = false;    // followed by 's, which is not in the token
    bool newline_before = false;
    bool sentence_start = false;
    std::string lower_text;     // folded (ASCII lower-cased; other letters kept)
};

// The tokens of `text` (UTF-8), in order. Spaces and line breaks are no tokens.
std::vector<NameToken> name_tokens(std::string_view text);

}  // namespace newsdex
