#include "query/facets.h"

#include "core/index_layout.h"
#include "core/schema_table.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsdex {

namespace {

Facet most_frequent(std::string field, const std::unordered_map<std::string, std::size_t>& counts,
                    std::size_t at_most) {
    Facet facet{std::move(field), {}};
    facet.values.reserve(counts.size());
    for (const auto& [name, count] : counts) facet.values.push_back({name, count});
    std::sort(facet.values.begin(), facet.values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (facet.values.size() > at_most) facet.values.resize(at_most);
    return facet;
}

// Calls add(name) for each of the first layout::kFacetNames names of a joined list.
template <typename Add>
void for_each_name(std::string_view joined, Add&& add) {
    for (unsigned taken = 0; !joined.empty() && taken < layout::kFacetNames; ++taken) {
        const auto end = joined.find('\n');
        add(joined.substr(0, end));
        if (end == std::string_view::npos) break;
        joined.remove_prefix(end + 1);
    }
}

}  // namespace

FacetCollector::FacetCollector(std::string field, Xapian::valueno slot) : field_(std::move(field)), spy_(slot) {}

void FacetCollector::attach(Xapian::Enquire& enquire) { enquire.add_matchspy(&spy_); }

Facet FacetCollector::top(std::size_t at_most) const {
    std::unordered_map<std::string, std::size_t> counts;
    for (auto value = spy_.values_begin(); value != spy_.values_end(); ++value) {
        for_each_name(*value, [&](std::string_view name) { counts[std::string(name)] += value.get_termfreq(); });
    }
    return most_frequent(field_, counts, at_most);
}

struct LocalFacetSpy::Counts {
    std::vector<std::unordered_map<std::string, std::size_t>> by_facet{schema_table::facet_rows().size()};
    std::string key;  // reused, so counting a name already seen allocates nothing

    void add(std::unordered_map<std::string, std::size_t>& counts, std::string_view name) {
        key.assign(name);
        auto found = counts.find(key);
        if (found != counts.end()) {
            ++found->second;
        } else {
            counts.emplace(key, 1);
        }
    }
};

LocalFacetSpy::LocalFacetSpy() : counts_(std::make_shared<Counts>()) {}

void LocalFacetSpy::operator()(const Xapian::Document& doc, double) {
    const auto& facets = schema_table::facet_rows();
    for (std::size_t i = 0; i < facets.size(); ++i) {
        for_each_name(doc.get_value(facets[i]->value_slot),
                      [&](std::string_view name) { counts_->add(counts_->by_facet[i], name); });
    }
}

std::vector<Facet> LocalFacetSpy::top(std::size_t at_most) const {
    std::vector<Facet> top;
    const auto& facets = schema_table::facet_rows();
    for (std::size_t i = 0; i < facets.size(); ++i) {
        top.push_back(most_frequent(std::string(facets[i]->name), counts_->by_facet[i], at_most));
    }
    return top;
}

}  // namespace newsdex
