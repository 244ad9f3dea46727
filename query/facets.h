// Facets: counting the people, places and months of every matching article.
#pragma once

#include <newsdex/search.h>

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace newsdex {

// Counts one facet over every document the match sees, from the value slot
// holding each article's names joined by newlines (layout::join_names).
// Xapian's stock ValueCountMatchSpy counts the joined lists, which xapian-tcpsrv
// can do on remote shards too; top() splits them into names.
class FacetCollector {
public:
    FacetCollector(std::string field, Xapian::valueno slot);

    // Attaches the spy to a search; it must outlive its get_mset().
    void attach(Xapian::Enquire& enquire);

    // The `at_most` most frequent names (ties by name), counting the first
    // layout::kFacetNames names of each article.
    Facet top(std::size_t at_most) const;

private:
    std::string field_;
    Xapian::ValueCountMatchSpy spy_;
};

// Counts every facet of the schema (people, places, months) in one spy and one pass, straight into
// per-name counts (a third faster than three FacetCollectors); a spy
// xapian-tcpsrv does not know, so for local databases only. Counts the same
// names FacetCollector does.
class LocalFacetSpy : public Xapian::MatchSpy {
public:
    LocalFacetSpy();

    void operator()(const Xapian::Document& doc, double weight) override;

    // The `at_most` most frequent values of each facet, in the schema's facet order (ties by value).
    std::vector<Facet> top(std::size_t at_most) const;

private:
    struct Counts;
    std::shared_ptr<Counts> counts_;
};

}  // namespace newsdex
