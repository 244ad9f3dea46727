#include "indexer/name_tokens.h"

namespace newsdex {

namespace {

std::string fold_ascii(std::string_view w) {
    std::string out(w);
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

bool inner_period(std::string_view text, const text::Token& t) {
    return text.substr(t.begin, t.end - t.begin).find('.') != std::string_view::npos;
}

}  // namespace

std::vector<NameToken> name_tokens(std::string_view text) { return name_tokens(text, text::tokenize(text)); }

std::vector<NameToken> name_tokens(std::string_view text, const std::vector<text::Token>& tokens) {
    std::vector<NameToken> out(tokens.size());
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        static_cast<text::Token&>(out[k]) = tokens[k];
        if (!tokens[k].word) continue;
        // A web address ("Computerandvideogames.com told") is one word, as in the
        // index, but no name: the rules see no capital in it.
        if (!tokens[k].dotted && !tokens[k].abbreviation && inner_period(text, tokens[k])) out[k].cap = false;
        // Initials keep their period ("j."), titles lose it ("mr").
        const std::size_t end = tokens[k].abbreviation ? tokens[k].end - 1 : tokens[k].end;
        out[k].lower_text = fold_ascii(text.substr(tokens[k].begin, end - tokens[k].begin));
    }
    return out;
}

}  // namespace newsdex
