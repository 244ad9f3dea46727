// Tokens: the text cut into words, with the shape name rules look at, and
// punctuation marks. The place gazetteer (and its build-time generator) and the
// person finder all read text through tokenize(), so a name is one sequence of
// words wherever it is looked up.
//
// There is one word-boundary engine: tokenize() takes the index's words
// (text::WordBreaker::words(), Unicode's word-break rules: "don't", "U.S",
// "3.5", "1,000", "e.g", "bbc.co.uk" are one word each; Chinese and Japanese
// one character each) and changes them by four rules a name needs, no more:
//  - a hyphen joins ("Jean-Pierre", "Nur-Sultan"): the index holds the two
//    words in a row, which a phrase query finds;
//  - a possessive 's is left outside the word ("Putin" of "Putin's"): the index
//    term drops it too (text::term_key);
//  - the period of an initial, a dotted abbreviation or a title belongs to the
//    token ("J.", "U.S.", "Mr."): the index term drops it too;
//  - a period followed by a capital ends the word ("J.Smith", "said.The" in
//    copy that lost a space), unless it continues a run of initials ("U.S."):
//    the index keeps "jsmith" and "saidthe", but a name must not be glued to
//    the word before it. 39 of the 862k words of the BBC corpus are cut so.
// Everything outside the index's words is punctuation (one token a code
// point) or space. tests/tokens_test.cc checks every index word of the sample
// articles against these rules.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsdex::text {

struct Token {
    std::size_t begin = 0;      // byte offsets into the text given to tokenize()
    std::size_t end = 0;
    bool word = false;          // letters/digits; otherwise one punctuation code point
    bool cap = false;           // first character upper or title case
    bool lower = false;         // first character lower case
    bool digit = false;         // first character a digit
    bool has_letter = false;
    bool caps_only = false;     // at least one capital and no lower-case letter: "A", "NATO", "G7"
    bool all_caps = false;      // two or more letters, none lower case: "NATO", not "A"
    bool digits_only = false;   // "2", "1996"; not "1996-08-22", "3.5"
    bool initial = false;       // "J." — one capital and a period
    bool dotted = false;        // "J.", "U.S.", "J.R." — single letters with periods
    bool abbreviation = false;  // "Mr.", "St.", "Gen.": the title's period is in the token
    bool possessive = false;    // followed by 's (or ' after an s), which is not in the token
    bool newline_before = false;
    bool sentence_start = false;  // after the text start, a line break or . ! ? : ; -

    // The end of the word without the period of an initial or a title ("J", "Mr");
    // a dotted abbreviation of several letters keeps its last one ("U.S.").
    std::size_t end_without_period() const {
        return (abbreviation || initial) && end > begin ? end - 1 : end;
    }
};

// The tokens of valid UTF-8 `text`, in order. Spaces and line breaks are no
// tokens; every other character outside a word is a token of its own, except
// "&amp;" (an escaped ampersand left in copy), which is one "&". Thread-safe.
std::vector<Token> tokenize(std::string_view text);

}  // namespace newsdex::text
