// place_table.h — the layout of the gazetteer tables that make_place_table
// writes at build time (generated/place_table.cc) and PlaceGazetteer reads.
#pragma once

#include <cstdint>

namespace newsdex::place_table {

// kSeat: a seat of power or landmark that news uses for an institution
// ("Kremlin", "White House"); its `country` is the index of the city it is in.
enum Kind : std::uint8_t { kCountry = 0, kWorldRegion = 1, kRegion = 2, kCity = 3, kSeat = 4 };

struct Place {
    const char* canonical;    // "Astana", "São Paulo", "United States"
    Kind kind;
    std::int32_t country;     // index into kPlaces of its country; -1 for countries/world regions
    std::uint32_t population; // cities: libgeonames; regions: sum of their cities; else 0
};

enum NameFlag : std::uint8_t {
    kAlias = 1,       // written by hand in place_aliases.tsv: outranks generated names
    kCommonWord = 2,  // also an English word ("Reading", "Bath"): needs place context
    kNeedsDot = 4,    // abbreviation ("Calif."): matches only with its dot, after a comma
    kLandmark = 16,   // a hand-added airport, ground or street: a place even in sports copy
    kPersonName = 8,  // also a personal name ("Clinton", a given name): needs a dateline, ", <country>", "in X"
};

// One spelling of one place. Rows are sorted by key, then best place first.
struct NameRow {
    const char* key;            // folded words joined by one space: "sao paulo", "u.s."
    std::uint32_t place;        // index into kPlaces
    std::uint32_t upper_mask;   // bit i: word i must start with a capital
    std::uint32_t acronym_mask; // bit i: word i must be all capitals ("US", "UK")
    std::uint8_t flags;         // NameFlag bits
    std::uint8_t words;         // number of words in key
};

// A sorted list of folded words or phrases.
struct WordList {
    const char* const* items;
    std::uint32_t count;
};

extern const Place kPlaces[];
extern const std::uint32_t kPlaceCount;
extern const NameRow kNames[];
extern const std::uint32_t kNameCount;
extern const std::uint32_t kMaxNameWords;

// From place_stop_contexts.tsv (see that file for what each list means).
extern const WordList kOrgAfter;
extern const WordList kOrgBefore;
extern const WordList kFreeBefore;
extern const WordList kFreeAfter;
extern const WordList kPlaceCues;
extern const WordList kLooseCues;
extern const WordList kDirections;
extern const WordList kMonths;
extern const WordList kSportsWords;
// From first_names.txt, the person finder's given names ("roberto").
extern const WordList kGivenNames;

}  // namespace newsdex::place_table
