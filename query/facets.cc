#include "query/facets.h"

#include "core/index_layout.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace newsdex {

namespace {

Facet most_frequent(std::string field, std::vector<FacetValue> values, std::size_t at_most) {
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (values.size() > at_most) values.resize(at_most);
    return {std::move(field), std::move(values)};
}

}  // namespace

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
    std::vector<FacetValue> values;
    for (const auto& [value, count] : counts) values.push_back({value, count});
    return most_frequent(field_, std::move(values), at_most);
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

    // Names joined by newlines (layout::join_names), at most layout::kFacetNames of them.
    void add_names(std::unordered_map<std::string, std::size_t>& counts, const std::string& joined) {
        std::string_view rest(joined);
        for (unsigned taken = 0; !rest.empty() && taken < layout::kFacetNames; ++taken) {
            const auto end = rest.find('\n');
            add(counts, rest.substr(0, end));
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
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
    auto facet = [&](const char* field, const std::unordered_map<std::string, std::size_t>& counts) {
        std::vector<FacetValue> values;
        values.reserve(counts.size());
        for (const auto& [value, count] : counts) values.push_back({value, count});
        return most_frequent(field, std::move(values), at_most);
    };
    return {facet("people", counts_->people), facet("place", counts_->places), facet("month", counts_->months)};
}

}  // namespace newsdex
