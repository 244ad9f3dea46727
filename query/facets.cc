#include "query/facets.h"

#include "core/index_layout.h"

#include <algorithm>

namespace newsdex {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    const std::string value = doc.get_value(slot_);
    if (value.empty()) return;
    if (mode_ == Mode::Month) {
        if (value.size() >= 6) ++counts_[value.substr(0, 4) + "-" + value.substr(4, 2)];
        return;
    }
    for (const auto& name : layout::split_names(value)) ++counts_[name];
}

Facet FacetCounter::top(const std::string& field, std::size_t at_most) const {
    Facet facet{field, {}};
    for (const auto& [value, count] : counts_) facet.values.push_back({value, count});
    std::stable_sort(facet.values.begin(), facet.values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    if (facet.values.size() > at_most) facet.values.resize(at_most);
    return facet;
}

}  // namespace newsdex
