// newsdex/extract.h — finding the people and places an article names.
#pragma once

#include <newsdex/export.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class EntityType { Person, Place };

// One mention in the text: byte offsets [begin, end) and the canonical name it stands for.
struct EntityMention {
    std::size_t begin;
    std::size_t end;
    EntityType type;
    std::string canonical;  // "Vladimir Putin" for "Mr Putin"; "Astana" for "Nur-Sultan"
};

struct Entities {
    std::vector<std::string> people;          // distinct full names, most mentioned first
    std::vector<std::string> places;          // distinct canonical places named in the text, most mentioned first
    std::vector<std::string> implied_places;  // countries of named cities/regions, cities of seats of power ("Kremlin"), that the text does not name itself
    std::vector<EntityMention> mentions;      // every mention, in text order
};

// Finds the people and places in an article's text using only data compiled
// into the library (lists, gazetteer, learned tagger weights); nothing is read
// or downloaded at run time. Safe to call from several threads at once.
NEWSDEX_API Entities extract_entities(std::string_view text);

// The canonical name of the place that a name, alias, abbreviation or former
// name stands for on its own ("Britain" -> "United Kingdom", "U.S." -> "United
// States", "Kiev" -> "Kyiv"), in any case; empty if newsdex knows no such place.
NEWSDEX_API std::string canonical_place_name(std::string_view name);

}  // namespace newsdex
