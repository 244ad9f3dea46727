#include "query/query_syntax.h"

#include "core/text.h"

#include <newsdex/error.h>
#include <newsdex/schema.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace newsdex {

namespace {

// NEAR/N and ADJ/N: N words at most (a news article's paragraphs are far shorter).
constexpr unsigned long kMaxNearDistance = 1000;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// "AND", "NEAR/5": the operator's name, or empty for any other token. Only NEAR and ADJ
// take a /N: "AND/OR" in pasted text is words.
std::string operator_name(const std::string& token) {
    const std::string name = token.substr(0, token.find('/'));
    for (const char* op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (name == op && (name == token || name == "NEAR" || name == "ADJ")) return name;
    }
    return {};
}

// Where a token's field name starts, after its signs (`+title:`).
std::size_t field_name_start(const std::string& token) {
    std::size_t start = 0;
    while (start < token.size() && (token[start] == '+' || token[start] == '-')) ++start;
    return start;
}

// The schema field a token starts with (`people:`, `+title:`), or nullptr. Capitals
// (`People:putin`, a name typed at a sentence's start) name the field too, with a value
// right after the colon, in the token or (`next`, the query's character after it) a
// phrase or brackets: `Title: Brexit deal`, pasted text, stays words.
const Field* field_prefix(const std::string& token, char next = '\0') {
    const std::size_t start = field_name_start(token);
    const std::size_t colon = token.find(':', start);
    if (colon == std::string::npos) return nullptr;
    const std::string_view name = std::string_view(token).substr(start, colon - start);
    if (const Field* field = find_field(name)) return field;
    if (colon + 1 >= token.size() && next != '"' && next != '(') return nullptr;
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == name ? nullptr : find_field(lower);
}

// A few characters of the query from `at`, to point at the problem.
std::string excerpt(const std::string& text, std::size_t at) {
    std::size_t end = std::min(text.size(), at + 24);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;  // whole characters
    return "'" + text.substr(at, end - at) + (end < text.size() ? "…'" : "'");
}

std::string checked_query_syntax(const std::string& text);

struct Token {
    enum class Kind { Word, Open, Close, Operator } kind;
    std::string text;
    std::size_t at;
};

// The query's character right after a token, or '\0' at its end.
char char_after(const std::string& text, const Token& token) {
    const std::size_t end = token.at + token.text.size();
    return end < text.size() ? text[end] : '\0';
}

[[noreturn]] void fail(const std::string& query, const std::string& what) {
    throw QuerySyntaxError("cannot understand the query '" + query + "': " + what);
}

// True if the text has a word the index could hold: "😀" or "—" alone has none,
// so for the query's logic it is nothing at all.
bool has_searchable_word(const std::string& text) {
    const std::string valid = text::repair_utf8(text);
    for (const text::WordSpan& span : text::thread_word_breaker().words(valid)) {
        if (!text::term_key(std::string_view(valid).substr(span.begin, span.end - span.begin)).empty()) return true;
    }
    return false;
}

// True if an unclosed phrase hides query language: `"unclosed phrase AND xi`
// is a query written in the language with a missing quote, not pasted text.
bool uses_language_after(const std::string& text, std::size_t open_quote) {
    std::size_t i = open_quote + 1;
    while (i < text.size()) {
        while (i < text.size() && (is_space(text[i]) || std::strchr("()\"", text[i]))) ++i;
        std::size_t end = i;
        while (end < text.size() && !is_space(text[end]) && !std::strchr("()\"", text[end])) ++end;
        const std::string token = text.substr(i, end - i);
        if (!token.empty() && (!operator_name(token).empty() || field_prefix(token, end < text.size() ? text[end] : '\0')))
            return true;
        i = end;
    }
    return false;
}

// An example value for the field, for error messages.
std::string example_value(const Field& field) {
    if (field.name == "date") return "2024-07";
    if (field.name == "month") return "2024-07";
    if (field.name == "year") return "2024";
    if (field.name == "people") return "putin";
    if (field.name == "path") return "world";
    return "astana";
}

// `growth AND/OR inflation`, pasted: Xapian's parser would take AND and OR for operators and
// fail; the token is words (operator_name), searched as `and/or` is.
void operators_as_words_beside_slashes(const std::vector<Token>& tokens, std::string& text) {
    for (const Token& token : tokens) {
        if (token.kind != Token::Kind::Word || token.text.find('/') == std::string::npos) continue;
        for (std::size_t start = 0; start <= token.text.size();) {
            const std::size_t end = std::min(token.text.find('/', start), token.text.size());
            const std::string part = token.text.substr(start, end - start);
            if (part == "AND" || part == "OR" || part == "NOT" || part == "XOR" || part == "NEAR" || part == "ADJ") {
                for (std::size_t i = token.at + start; i < token.at + end; ++i)
                    text[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            }
            start = end + 1;
        }
    }
}

// `Re:Blair`, `summit:astana`: a colon after a word that is not a field joins
// nothing; the parser would read the pair as a phrase no article has, so the
// words are searched apart. Colons in fields' values and URLs are left alone.
void words_apart_at_colons(const std::vector<Token>& tokens, std::string& text) {
    for (const Token& token : tokens) {
        if (token.kind != Token::Kind::Word || field_prefix(token.text, char_after(text, token))) continue;
        if (token.text.find("://") != std::string::npos) continue;
        for (std::size_t i = token.at; i < token.at + token.text.size() && i < text.size(); ++i) {
            if (text[i] == ':') text[i] = ' ';
        }
    }
}

// The value of `month:` or `year:` in the form the index holds (M202407, Y2024),
// from the forms date: takes; throws the error date: gives for anything else.
std::string calendar_value(const std::string& query, const Field& field, const std::string& value) {
    const auto digits = [](const std::string& s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (field.name == "year") {
        if (value.size() == 4 && digits(value) && value != "0000") return value;
        fail(query, "year:" + value + " is not a year; use year:YYYY (year:2024), or date: for months, days and ranges");
    }
    std::string compact;
    if (value.size() == 6 && digits(value)) {
        compact = value;  // YYYYMM, as --help has always described it
    } else if (value.size() == 7 && (value[4] == '-' || value[4] == '/') && digits(value.substr(0, 4)) &&
               digits(value.substr(5))) {
        compact = value.substr(0, 4) + value.substr(5);
    }
    const int month = compact.empty() ? 0 : std::stoi(compact.substr(4));
    if (compact.empty() || month < 1 || month > 12 || compact.substr(0, 4) == "0000") {
        fail(query, "month:" + value + " is not a month; use month:YYYY-MM (month:2024-07), or date: for years, days and ranges");
    }
    return compact;
}

// The query's tokens outside phrases, with its quotes and brackets paired.
struct Scan {
    std::vector<Token> tokens;
    std::vector<std::size_t> open_brackets, unmatched_closers;
    std::size_t open_quote = std::string::npos;
    bool uses_language = false;  // operators or field prefixes: the query is checked, not cleaned
};

Scan scan_query(const std::string& text) {
    Scan scan;
    auto& [tokens, open_brackets, unmatched_closers, open_quote, uses_language] = scan;
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
            } else if (field_prefix(token.text, end < text.size() ? text[end] : '\0')) {
                uses_language = true;
            }
            tokens.push_back(std::move(token));
            i = end;
        }
    }

    if (!uses_language && open_quote != std::string::npos) uses_language = uses_language_after(text, open_quote);
    return scan;
}

// Pasted text: what has no partner dropped, the rest to search as words.
std::string cleaned_text(const std::string& text, const Scan& scan) {
    const auto& [tokens, open_brackets, unmatched_closers, open_quote, uses_language] = scan;
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
    words_apart_at_colons(tokens, cleaned);
    operators_as_words_beside_slashes(tokens, cleaned);
    return cleaned;
}

// Fails on a quote or bracket without its partner.
void check_pairs(const std::string& text, const Scan& scan) {
    const auto& [tokens, open_brackets, unmatched_closers, open_quote, uses_language] = scan;
    if (open_quote != std::string::npos) {
        fail(text, "the phrase starting " + excerpt(text, open_quote) + " has no closing quote; add a \" where it ends");
    }
    if (!unmatched_closers.empty()) {
        fail(text, "the ')' at " + excerpt(text, unmatched_closers.front()) + " closes nothing; remove it or add a '(' before");
    }
    if (!open_brackets.empty()) {
        fail(text, "the '(' at " + excerpt(text, open_brackets.back()) + " is never closed; add a ')'");
    }
}

// A word token's text with its phrase, which runs to the closing quote.
std::string with_phrase(const std::string& text, const Token& token) {
    std::size_t end = token.at + token.text.size();
    if (token.text.back() == '"') {
        const std::size_t close = text.find('"', end);
        end = close == std::string::npos ? text.size() : close + 1;
    }
    return text.substr(token.at, end - token.at);
}

// `-xi`, `-title:summit`, `-"xi jinping"` with nothing else to search: Xapian
// cannot parse excluded words alone and silently parses the query again
// without operators, so `-xi` found the articles WITH xi, and so did
// `storm AND (-glasgow)` and `-glasgow AND storm`. Written as `NOT xi` (which
// Xapian takes alone), such words find everything without them, as NOT does.
// Each operand is looked at on its own: the words between brackets and the
// operators AND, OR and XOR (beside NOT, NEAR and ADJ they are left as written).
std::string exclusions_alone_as_not(const std::string& text) {
    const Scan scan = scan_query(text);
    const auto excluded = [](const Token& token) {
        return token.kind == Token::Kind::Word && token.text.size() > 1 && token.text[0] == '-' && token.text[1] != '-';
    };
    struct Operand {
        std::vector<std::size_t> excluded;  // token indices
        bool to_search = false;             // a word or a bracketed group: the excluded words narrow it
        bool beside_other_operator = false;
    };
    std::vector<Operand> levels(1);  // the operand in progress at each bracket depth
    std::vector<std::size_t> rewrite;
    const auto end_operand = [&](bool next_beside_other) {
        Operand& operand = levels.back();
        if (!operand.to_search && !operand.beside_other_operator && !next_beside_other) {
            rewrite.insert(rewrite.end(), operand.excluded.begin(), operand.excluded.end());
        }
        operand = Operand{};
        operand.beside_other_operator = next_beside_other;
    };
    for (std::size_t i = 0; i < scan.tokens.size(); ++i) {
        const Token& token = scan.tokens[i];
        if (token.kind == Token::Kind::Open) {
            // `-title:(storm)`: brackets right after a field hold its value, part of that (excluded) word.
            const Token* before = i > 0 ? &scan.tokens[i - 1] : nullptr;
            const bool field_value = before && before->kind == Token::Kind::Word && before->text.back() == ':' &&
                                     before->at + before->text.size() == token.at;
            if (!field_value || !excluded(*before)) levels.back().to_search = true;
            levels.emplace_back();
        } else if (token.kind == Token::Kind::Close) {
            end_operand(false);
            if (levels.size() > 1) levels.pop_back();
        } else if (token.kind == Token::Kind::Operator) {
            const std::string op = operator_name(token.text);
            end_operand(op == "NOT" || op == "NEAR" || op == "ADJ");
        } else if (excluded(token)) {
            levels.back().excluded.push_back(i);
        } else if (field_prefix(token.text, char_after(text, token)) || has_searchable_word(with_phrase(text, token))) {
            levels.back().to_search = true;
        }
    }
    end_operand(false);
    std::sort(rewrite.begin(), rewrite.end());
    std::string rewritten = text;
    for (auto at = rewrite.rbegin(); at != rewrite.rend(); ++at) rewritten.replace(scan.tokens[*at].at, 1, "NOT ");
    return rewritten;
}

}  // namespace

std::string check_query_syntax(const std::string& text) {
    return exclusions_alone_as_not(checked_query_syntax(text));
}

namespace {

std::string checked_query_syntax(const std::string& text) {
    const Scan scan = scan_query(text);
    if (!scan.uses_language) return cleaned_text(text, scan);
    check_pairs(text, scan);
    const std::vector<Token>& tokens = scan.tokens;
    const std::string hint = " (or write operators in lower case to search the words as they are)";
    // Where a word token's text ends in the query: a phrase runs to its closing quote.
    const auto source_of = [&](const Token& token) {
        std::size_t end = token.at + token.text.size();
        if (token.text.back() == '"') {
            const std::size_t close = text.find('"', end);
            end = close == std::string::npos ? text.size() : close + 1;
        }
        return text.substr(token.at, end - token.at);
    };
    // A word with nothing the index can hold ("😀") leaves an operator beside it with nothing to work on.
    const auto unsearchable = [&](const Token* token) {
        return token && token->kind == Token::Kind::Word && !field_prefix(token->text, char_after(text, *token)) &&
               !has_searchable_word(source_of(*token));
    };
    std::string rewritten = text;
    std::vector<std::pair<std::size_t, std::pair<std::size_t, std::string>>> replacements;  // at, (length, text)
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        const Token* before = i > 0 ? &tokens[i - 1] : nullptr;
        const Token* after = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
        if (token.kind == Token::Kind::Open && after && after->kind == Token::Kind::Close) {
            fail(text, "the brackets at " + excerpt(text, token.at) + " are empty; put words inside or remove them");
        }
        if (token.kind == Token::Kind::Word) {
            if (const Field* field = field_prefix(token.text, char_after(text, token))) {
                // The parser knows the field by its name in lower case (`People:` -> `people:`); same length.
                rewritten.replace(token.at + field_name_start(token.text), field->name.size(), field->name);
                const std::size_t after_token = token.at + token.text.size();
                if (token.text.back() == ':' && (after_token >= text.size() || text[after_token] != '(')) {
                    fail(text, std::string(field->name) + ": needs a value right after the colon, e.g. " +
                                   std::string(field->name) + ":" + example_value(*field));
                }
                const std::size_t colon = token.text.find(':');
                const std::string value = source_of(token).substr(colon + 1);
                if (!value.empty() && value.front() == '"' && !has_searchable_word(value)) {
                    fail(text, std::string(field->name) + ":" + value + " has nothing to search for; put a value " +
                                   "between the quotes, e.g. " + std::string(field->name) + ":\"" +
                                   example_value(*field) + "\"");
                }
                // `people:.`, `title:**`: no word to search; the parser would drop the clause and
                // leave the rest (or nothing) to match, hundreds of articles for a filter.
                if (field->kind == FieldKind::FreeText && !value.empty() && value.front() != '"' && value.front() != '(' &&
                    !has_searchable_word(value)) {
                    fail(text, std::string(field->name) + ":" + value + " has nothing to search for (no letters or " +
                                   "digits); e.g. " + std::string(field->name) + ":" + example_value(*field));
                }
                if ((field->name == "month" || field->name == "year") && !value.empty() && value.front() != '(') {
                    const std::size_t value_at = token.at + colon + 1;
                    replacements.push_back({value_at, {value.size(), calendar_value(text, *field, value)}});
                }
            }
            continue;
        }
        if (token.kind != Token::Kind::Operator) continue;
        const std::string op = operator_name(token.text);
        if ((op == "NEAR" || op == "ADJ") && token.text.size() > op.size()) {
            const std::string distance = token.text.substr(op.size() + 1);
            const bool whole = !distance.empty() && distance.size() <= 4 && distance.find_first_not_of("0123456789") == std::string::npos;
            if (!whole || std::stoul(distance) < 1 || std::stoul(distance) > kMaxNearDistance) {
                fail(text, token.text + ": the distance after " + op + "/ is a number of words from 1 to " +
                               std::to_string(kMaxNearDistance) + ", e.g. " + op + "/5");
            }
        }
        const bool starts = !before || before->kind == Token::Kind::Open || before->kind == Token::Kind::Operator ||
                            unsearchable(before);
        const bool ends = !after || after->kind == Token::Kind::Close || unsearchable(after);
        const auto no_letters = [&](const Token* word) {
            return unsearchable(word) ? " ('" + source_of(*word) + "' has no letters or digits to search for)" : std::string();
        };
        if (ends) {
            fail(text, op + " at " + excerpt(text, token.at) + " needs something to search for after it" +
                           (unsearchable(after) ? no_letters(after) : hint));
        }
        if (starts && op != "NOT") {
            if (before && before->kind == Token::Kind::Operator) {
                fail(text, before->text + " " + token.text + " are two operators in a row; remove one" + hint);
            }
            fail(text, op + " at " + excerpt(text, token.at) + " needs something to search for before it" +
                           (unsearchable(before) ? no_letters(before) : hint));
        }
    }
    words_apart_at_colons(tokens, rewritten);  // before the replacements, which move offsets
    operators_as_words_beside_slashes(tokens, rewritten);
    for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
        rewritten.replace(it->first, it->second.first, it->second.second);
    }
    return rewritten;
}

}  // namespace

std::string explain_parser_error(const std::string& xapian_message) {
    for (const char* op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (xapian_message.rfind("Syntax:", 0) == 0 && xapian_message.find(std::string(" ") + op + " ") != std::string::npos) {
            return std::string(op) + " needs something to search for on both sides (words with letters or digits; " +
                   "symbols and emoji are not searched)";
        }
    }
    return "the query language cannot read it (" + xapian_message +
           "); check its quotes, brackets and operators, or write operators in lower case to search the words";
}

}  // namespace newsdex
