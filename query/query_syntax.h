// The rule for malformed queries. A query that uses the query language — an
// operator in capitals (AND OR NOT XOR NEAR ADJ) or a field prefix from the
// schema (title:, people:, date: ...) — is held to it: an unbalanced quote or
// bracket, empty brackets, a dangling operator or a field with no value is an
// error saying what to fix. Any other text (a pasted sentence, "Note: markets
// fell", a URL) is searched as words: a quote or bracket without its partner
// is dropped, and `word:` that is not a field is just a word.
#pragma once

#include <string>

namespace newsdex {

// The query to parse: `text` itself, or for plain text the text with unpaired
// quotes and brackets removed. Throws QuerySyntaxError naming what to fix.
std::string check_query_syntax(const std::string& text);

// What Xapian's QueryParserError message ("Syntax: <expression> AND <expression>")
// means, worded as check_query_syntax words its errors.
std::string explain_parser_error(const std::string& xapian_message);

}  // namespace newsdex
