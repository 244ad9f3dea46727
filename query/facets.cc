#include "query/facets.h"

#include "core/index_layout.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

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
    std::unordered_map<std::string, std::size_t> people, places, months;
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

    void add_names(std::unordered_map<std::string, std::size_t>& counts, const std::string& joined) {
        for_each_name(joined, [&](std::string_view name) { add(counts, name); });
    }
};

LocalFacetSpy::LocalFacetSpy() : counts_(std::make_shared<Counts>()) {}

void LocalFacetSpy::operator()(const Xapian::Document& doc, double) {
    counts_->add_names(counts_->people, doc.get_value(layout::field("people").value_slot));
    counts_->add_names(counts_->places, doc.get_value(layout::field("place").value_slot));
    const std::string month = doc.get_value(layout::kMonthSlot);
    if (!month.empty()) counts_->add(counts_->months, month);
}

std::vector<Facet> LocalFacetSpy::top(std::size_t at_most) const {
    return {most_frequent("people", counts_->people, at_most), most_frequent("place", counts_->places, at_most),
            most_frequent("month", counts_->months, at_most)};
}

}  // namespace newsdex
