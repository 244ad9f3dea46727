// How newsdex-query prints results: for people on a terminal, and as JSON.
#pragma once

#include <newsdex/search.h>

#include <ostream>

namespace newsdex::cli {

struct HumanStyle {
    bool color = false;      // bold matches and dim metadata (ANSI), only on a terminal
    std::size_t width = 80;  // terminal columns
};

// Rank, title, date, path and snippet of each hit, one block per hit.
void print_human(std::ostream& out, const SearchResults& results, const HumanStyle& style);

// The documented JSON object: {"query", "estimated_total", "results": [...]}.
void print_json(std::ostream& out, const SearchResults& results);

}  // namespace newsdex::cli
