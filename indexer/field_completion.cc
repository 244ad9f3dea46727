#include "indexer/field_completion.h"

#include "indexer/place_gazetteer.h"
#include "indexer/publication_date.h"

#include <newsdex/extract.h>

#include <algorithm>

namespace newsdex {

namespace {

void add_unique(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

std::vector<std::string> complete_fields(Article& article, bool extract) {
    std::vector<std::string> notes;

    if (!article.date.empty()) {
        if (auto date = parse_date(article.date)) {
            article.date = date->iso();
        } else {
            notes.push_back("date '" + article.date + "' not understood");
            article.date.clear();
        }
    }
    if (article.date.empty() && extract) {
        if (auto date = find_dateline_date(article.body)) article.date = date->iso();
    }

    // Stated places take their canonical names, so `place:` finds "Nur-Sultan" as Astana.
    const auto& gazetteer = PlaceGazetteer::instance();
    std::vector<std::string> places;
    for (const auto& place : article.places) add_unique(places, gazetteer.canonical_name(place).value_or(place));
    article.places = std::move(places);

    if (extract && (article.places.empty() || article.people.empty())) {
        const Entities found = extract_entities(article.title + "\n\n" + article.body);
        if (article.people.empty()) article.people = found.people;
        if (article.places.empty()) article.places = found.places;
    }
    return notes;
}

}  // namespace newsdex
