// extract_entities: the gazetteer's places and PersonFinder's people, merged.
//
// Places are found first and handed to PersonFinder as context, because a span
// can be both ("Jordan", "Washington", "Paris Hilton") and only the words around
// it decide; PersonFinder says which place matches its context keeps. People win
// every overlap that survives. A seat of power ("the Kremlin said") is no place
// of its own: it only implies its city and that city's country. The lists are ordered by mention count, then by
// first mention, so the article's main subjects come first.
#include <newsdex/extract.h>

#include "indexer/person_finder.h"
#include "indexer/place_gazetteer.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace newsdex {

namespace {

// Distinct names, most mentioned first; ties keep the order of first mention.
std::vector<std::string> by_mentions(const std::vector<std::string>& in_order) {
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> stats;  // count, first
    std::vector<std::string_view> distinct;
    for (std::size_t i = 0; i < in_order.size(); ++i) {
        auto [it, fresh] = stats.try_emplace(in_order[i], 0, i);
        if (fresh) distinct.emplace_back(in_order[i]);
        ++it->second.first;
    }
    std::stable_sort(distinct.begin(), distinct.end(), [&](std::string_view a, std::string_view b) {
        return stats[a].first > stats[b].first;
    });
    return {distinct.begin(), distinct.end()};
}

}  // namespace

Entities extract_entities(std::string_view text) {
    const PlaceGazetteer& gazetteer = PlaceGazetteer::instance();
    const std::vector<PlaceMatch> places = gazetteer.find(text);
    PersonFinderResult found = PersonFinder::instance().find(text, places);

    Entities out;
    out.mentions.reserve(places.size() + found.people.size());
    for (auto& person : found.people)
        out.mentions.push_back({person.begin, person.end, EntityType::Person, std::move(person.canonical)});
    std::vector<const PlaceMatch*> kept, seats;
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (!found.place_kept[i]) continue;
        const PlaceMatch& p = places[i];
        if (p.kind == PlaceKind::Seat) {
            seats.push_back(&p);
            continue;
        }
        const std::size_t begin = found.place_begin[i];
        // People win any overlap left.
        const bool overlaps = std::any_of(found.people.begin(), found.people.end(), [&](const PersonMention& m) {
            return m.begin < p.end && begin < m.end;
        });
        if (overlaps) continue;
        kept.push_back(&p);
        out.mentions.push_back({begin, p.end, EntityType::Place, p.canonical});
    }
    std::sort(out.mentions.begin(), out.mentions.end(),
              [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });

    std::vector<std::string> people_in_order, places_in_order;
    for (const auto& m : out.mentions)
        (m.type == EntityType::Person ? people_in_order : places_in_order).push_back(m.canonical);
    out.people = by_mentions(people_in_order);
    out.places = by_mentions(places_in_order);

    // Countries of the cities and regions named, when the text does not name the
    // country; the cities of seats of power and their countries likewise.
    const std::unordered_set<std::string> named(out.places.begin(), out.places.end());
    std::unordered_set<std::string> implied;
    auto imply = [&](const std::string& place) {
        if (place.empty() || named.count(place) || !implied.insert(place).second) return;
        out.implied_places.push_back(place);
    };
    for (const PlaceMatch* p : kept)
        if (p->kind == PlaceKind::City || p->kind == PlaceKind::Region) imply(p->country);
    for (const PlaceMatch* seat : seats) {
        imply(seat->country);
        if (auto country = gazetteer.country_of(seat->country)) imply(*country);
    }
    return out;
}

}  // namespace newsdex
