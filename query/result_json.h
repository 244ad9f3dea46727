// The JSON shape of search results and stored articles, shared by the tools:
// newsdex-query --json prints it, newsdex-serve's API answers with it.
// Tool-side code (built into newsdex_tool_support, not libnewsdex): it uses
// only the public API of include/newsdex/.
#pragma once

#include <newsdex/article.h>
#include <newsdex/search.h>

#include <nlohmann/json.hpp>

namespace newsdex::tool {

// {"query", "estimated_total", "total_exact", "results": [{rank, path, title, date, score, snippet,
// highlights, source, author, url, places, people, duplicates, and path_bytes when the path is not UTF-8}], "corrected_query",
// "correction_applied"} and, when the search counted facets, "facets": {people, place, month}.
nlohmann::ordered_json results_json(const SearchResults& results);

// One stored article: {path, title, date, source, author, url, language, places, people, body}.
nlohmann::ordered_json article_json(const Article& article);

// Serialises as the tools print it: invalid UTF-8 replaced (the library never
// returns any, but a printer must not throw); indent -1 for one line.
std::string dump_json(const nlohmann::ordered_json& value, int indent);

}  // namespace newsdex::tool
