#include "query/facets.h"

#include <algorithm>
#include <map>

namespace newsdex {

FacetCollector::FacetCollector(std::string field, Xapian::valueno first_slot, unsigned slots)
    : field_(std::move(field)) {
    for (unsigned i = 0; i < slots; ++i) spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(first_slot + i));
}

void FacetCollector::attach(Xapian::Enquire& enquire) {
    for (auto& spy : spies_) enquire.add_matchspy(spy.get());
}

Facet FacetCollector::top(std::size_t at_most) const {
    std::map<std::string, std::size_t> counts;
    for (const auto& spy : spies_) {
        for (auto value = spy->values_begin(); value != spy->values_end(); ++value) {
            counts[*value] += value.get_termfreq();
        }
    }
    Facet facet{field_, {}};
    for (const auto& [value, count] : counts) facet.values.push_back({value, count});
    std::stable_sort(facet.values.begin(), facet.values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    if (facet.values.size() > at_most) facet.values.resize(at_most);
    return facet;
}

}  // namespace newsdex
