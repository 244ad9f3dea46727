#include "query/query_syntax.h"

#include <newsdex/error.h>
#include <newsdex/schema.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace newsdex {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// "AND", "NEAR/5": the operator's name, or empty for any other token.
std::string operator_name(const std::string& token) {
    const std::string name = token.substr(0, token.find('/'));
    for (const char* op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (name == op) return name;
    }
    return {};
}

// The schema field a token starts with (`people:`, `+title:`), or nullptr.
const Field* field_prefix(const std::string& token) {
    std::size_t start = 0;
    while (start < token.size() && (token[start] == '+' || token[start] == '-')) ++start;
    const std::size_t colon = token.find(':', start);
    if (colon == std::string::npos) return nullptr;
    return find_field(std::string_view(token).substr(start, colon - start));
}

// A few characters of the query from `at`, to point at the problem.
std::string excerpt(const std::string& text, std::size_t at) {
    std::size_t end = std::min(text.size(), at + 24);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;  // whole characters
    return "'" + text.substr(at, end - at) + (end < text.size() ? "…'" : "'");
}

struct Token {
    enum class Kind { Word, Open, Close, Operator } kind;
    std::string text;
    std::size_t at;
};

[[noreturn]] void fail(const std::string& query, const std::string& what) {
    throw QuerySyntaxError("cannot understand the query '" + query + "': " + what);
}

}  // namespace

std::string check_query_syntax(const std::string& text) {
    // Tokens outside phrases; quotes and brackets are paired along the way.
    std::vector<Token> tokens;
    std::vector<std::size_t> open_brackets, unmatched_closers;
    std::size_t open_quote = std::string::npos;
    bool uses_language = false;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (open_quote != std::string::npos) {
            if (c == '"') open_quote = std::string::npos;
            ++i;
            continue;
        }
        if (is_space(c)) {
            ++i;
        } else if (c == '"') {
            open_quote = i++;
            // A phrase is one word of the query, glued to a field prefix before it if any.
            if (tokens.empty() || tokens.back().kind != Token::Kind::Word || tokens.back().at + tokens.back().text.size() != open_quote) {
                tokens.push_back({Token::Kind::Word, "\"", open_quote});
            } else {
                tokens.back().text += '"';
            }
        } else if (c == '(') {
            open_brackets.push_back(i);
            tokens.push_back({Token::Kind::Open, "(", i++});
        } else if (c == ')') {
            if (open_brackets.empty()) {
                unmatched_closers.push_back(i);
            } else {
                open_brackets.pop_back();
            }
            tokens.push_back({Token::Kind::Close, ")", i++});
        } else {
            std::size_t end = i;
            while (end < text.size() && !is_space(text[end]) && text[end] != '(' && text[end] != ')' && text[end] != '"') ++end;
            Token token{Token::Kind::Word, text.substr(i, end - i), i};
            if (!operator_name(token.text).empty()) {
                token.kind = Token::Kind::Operator;
                uses_language = true;
            } else if (field_prefix(token.text)) {
                uses_language = true;
            }
            tokens.push_back(std::move(token));
            i = end;
        }
    }

    if (!uses_language) {
        // Pasted text: drop what has no partner and search the rest as words.
        std::string cleaned = text;
        std::vector<std::size_t> drop = unmatched_closers;
        drop.insert(drop.end(), open_brackets.begin(), open_brackets.end());
        if (open_quote != std::string::npos) drop.push_back(open_quote);
        for (std::size_t at : drop) cleaned[at] = ' ';
        // A URL's punctuation would join its words into a phrase no article has.
        for (const Token& token : tokens) {
            if (token.kind != Token::Kind::Word) continue;
            if (token.text.find("://") == std::string::npos && token.text.rfind("www.", 0) != 0) continue;
            for (std::size_t i = token.at; i < token.at + token.text.size(); ++i) {
                if (std::strchr("/:.?=&#%~+@", cleaned[i])) cleaned[i] = ' ';
            }
        }
        return cleaned;
    }

    const std::string hint = " (or write operators in lower case to search the words as they are)";
    if (open_quote != std::string::npos) {
        fail(text, "the phrase starting " + excerpt(text, open_quote) + " has no closing quote; add a \" where it ends");
    }
    if (!unmatched_closers.empty()) {
        fail(text, "the ')' at " + excerpt(text, unmatched_closers.front()) + " closes nothing; remove it or add a '(' before");
    }
    if (!open_brackets.empty()) {
        fail(text, "the '(' at " + excerpt(text, open_brackets.back()) + " is never closed; add a ')'");
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        const Token* before = i > 0 ? &tokens[i - 1] : nullptr;
        const Token* after = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
        if (token.kind == Token::Kind::Open && after && after->kind == Token::Kind::Close) {
            fail(text, "the brackets at " + excerpt(text, token.at) + " are empty; put words inside or remove them");
        }
        if (token.kind == Token::Kind::Word) {
            if (const Field* field = field_prefix(token.text)) {
                const std::size_t after_token = token.at + token.text.size();
                if (token.text.back() == ':' && (after_token >= text.size() || text[after_token] != '(')) {
                    fail(text, std::string(field->name) + ": needs a value right after the colon, e.g. " +
                                   std::string(field->name) + ":" + (field->name == "date" ? "2024-07" : "astana"));
                }
            }
            continue;
        }
        if (token.kind != Token::Kind::Operator) continue;
        const std::string op = operator_name(token.text);
        const bool starts = !before || before->kind == Token::Kind::Open || before->kind == Token::Kind::Operator;
        const bool ends = !after || after->kind == Token::Kind::Close;
        if (ends) fail(text, op + " at " + excerpt(text, token.at) + " needs something to search for after it" + hint);
        if (starts && op != "NOT") {
            if (before && before->kind == Token::Kind::Operator) {
                fail(text, before->text + " " + token.text + " are two operators in a row; remove one" + hint);
            }
            fail(text, op + " at " + excerpt(text, token.at) + " needs something to search for before it" + hint);
        }
    }
    return text;
}

}  // namespace newsdex
