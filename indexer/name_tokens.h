// NameToken: a token of text::tokenize (core/tokens.h) with the folded form the
// person finder's word lists are keyed by. PersonFinder reads text through it;
// the firm list is keyed with it, so a firm's name in the list and in an article
// fold the same way.
#pragma once

#include "core/tokens.h"

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

struct NameToken : text::Token {
    std::string lower_text;  // a word's folded form (ASCII lower-cased, other letters kept),
                             // without the period of a title ("mr"); empty for punctuation
};

// The tokens of `text` (UTF-8), in order. Spaces and line breaks are no tokens.
std::vector<NameToken> name_tokens(std::string_view text);
// The same from text::tokenize(text), made once for every reader of an article.
std::vector<NameToken> name_tokens(std::string_view text, const std::vector<text::Token>& tokens);

}  // namespace newsdex
