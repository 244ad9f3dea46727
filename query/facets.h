// Facets: counting the people, places and months of every matching article.
#pragma once

#include <newsdex/search.h>

#include <xapian.h>

#include <map>
#include <string>

namespace newsdex {

// Counts, over every document the match sees, the names kept in one value
// slot (newline-separated lists, or a date cut to its month).
class FacetCounter : public Xapian::MatchSpy {
public:
    enum class Mode { NameList, Month };
    FacetCounter(Xapian::valueno slot, Mode mode) : slot_(slot), mode_(mode) {}

    void operator()(const Xapian::Document& doc, double weight) override;

    // The `at_most` most frequent values (ties by value), as a named facet.
    Facet top(const std::string& field, std::size_t at_most) const;

private:
    Xapian::valueno slot_;
    Mode mode_;
    std::map<std::string, std::size_t> counts_;
};

}  // namespace newsdex
