// How newsdex-query prints results: for people on a terminal, and as JSON.
#pragma once

#include <newsdex/search.h>

#include <ostream>
#include <string>
#include <vector>

namespace newsdex::cli {

struct HumanStyle {
    bool color = false;      // bold matches and dim metadata (ANSI), only on a terminal
    std::size_t width = 80;  // terminal columns
};

// A line about spelling: "No results for 'Astna'; showing results for 'Astana'"
// when the correction was searched, "Did you mean: Astana?" when only offered; else empty.
std::string correction_notice(const SearchResults& results);

// The correction notice, then rank, title, date, source, path, places and people,
// folded copies and snippet of each hit, one block per hit; then the facets.
void print_human(std::ostream& out, const SearchResults& results, const HumanStyle& style);

// The documented JSON object: {"query", "estimated_total", "results": [...], ...}.
void print_json(std::ostream& out, const SearchResults& results);

// The placeholders --format accepts, in the order --help lists them.
const std::vector<std::string>& format_placeholders();

// Empty if `format` is a valid --format template, else what is wrong with it.
std::string check_format(const std::string& format);

// One line per hit: `format` with each {placeholder} replaced by the hit's value
// (lists joined by "; ", snippet on one line) and \t, \n written as tab, newline.
void print_formatted(std::ostream& out, const SearchResults& results, const std::string& format);

}  // namespace newsdex::cli
