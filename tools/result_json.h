// The JSON shape of search results and stored articles, shared by the tools:
// newsdex-query --json prints it, newsdex-serve's API answers with it.
// Tool-side code (built into newsdex_tool_support, not libnewsdex): it uses
// only the public API of include/newsdex/.
#pragma once

#include <newsdex/article.h>
#include <newsdex/schema.h>
#include <newsdex/search.h>

#include <nlohmann/json.hpp>

namespace newsdex::tool {

// {"query", "estimated_total", "total_exact", "results": [{result_keys(), and path_bytes when the
// path is not UTF-8}], "corrected_query", "correction_applied"} and, when the search counted
// facets, "facets": {people, place, month}.
nlohmann::ordered_json results_json(const SearchResults& results);

// The keys of each result, for --help: "rank, score, snippet, highlights, title, ..., duplicates".
std::string result_keys();

// One stored article: every field of newsdex::article_fields(), the body last.
nlohmann::ordered_json article_json(const Article& article);

// Adds the article's fields for which `shown` is true to `object`, keyed as article_fields() says.
void add_article_fields(nlohmann::ordered_json& object, const Article& article, bool (*shown)(const ArticleField&));

// Serialises as the tools print it: invalid UTF-8 replaced (the library never
// returns any, but a printer must not throw); indent -1 for one line.
std::string dump_json(const nlohmann::ordered_json& value, int indent);

}  // namespace newsdex::tool
