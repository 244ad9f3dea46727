// newsdex/schema.h — the fields of a newsdex index: what a query can name and
// what the tools print. How the index stores them is not part of the API.
//
// Both lists come from one table inside the library: the indexer writes each
// field as it says, the query parser accepts each field's name as a `name:`
// prefix, and the tools print the article fields it lists.
#pragma once

#include <newsdex/article.h>
#include <newsdex/export.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class FieldKind {
    FreeText,  // words are tokenised, folded and stemmed: `title:summit`
    Boolean,   // the whole value is one exact term, used as a filter: `source:"steppe wire"`
};

// A field a query can name.
struct Field {
    std::string_view name;         // user-facing name, also the query prefix (`people:`)
    FieldKind kind;
    std::string_view description;  // one line for --help
};

// Every searchable field, in display order.
NEWSDEX_API const std::vector<Field>& schema();

// The field called `name`, or nullptr.
NEWSDEX_API const Field* find_field(std::string_view name);

// A member of Article as the tools print it (JSON key, --format placeholder).
struct ArticleField {
    std::string_view key;                         // "places"
    std::string Article::*text;                   // the member, if it is text
    std::vector<std::string> Article::*names;     // else the list member
    bool in_results;                              // printed with each search result
    bool long_text;                               // the article text: printed only with the whole article
};

// The printed members of an article, in the order the tools print them.
NEWSDEX_API const std::vector<ArticleField>& article_fields();

// The field's value as one line: text as it is, a list joined by "; ".
NEWSDEX_API std::string field_text(const Article& article, const ArticleField& field);

}  // namespace newsdex
