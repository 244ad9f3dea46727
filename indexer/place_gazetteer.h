// PlaceGazetteer: every place name newsdex knows — countries and world regions
// (ICU's display names), cities with their region and country (Debian's
// libgeonames), and a hand-written alias table — precomputed at build time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// Seat: a seat of power named for its institution ("Kremlin", "White House",
// "Downing Street"). It is no place of its own; `country` holds its city.
enum class PlaceKind { Country, WorldRegion, Region, City, Seat };

struct PlaceMatch {
    std::size_t begin;      // byte offsets of the mention in the text
    std::size_t end;
    std::string canonical;  // "Kazakhstan", "Astana", "Central Asia", "United States"
    PlaceKind kind;
    std::string country;    // canonical country of a city or region; empty for countries and world regions
                            // (except the UK's nations, whose country is "United Kingdom");
                            // for a Seat, its city ("Moscow" for "Kremlin")
    bool shown = false;     // the text shows it is a place here: a dateline, "in X", "X, <its country>"
};

// Thread-safe after construction; instance() is cheap (no file is read at run time).
//
// What counts as a mention (each rule has a test in tests/place_gazetteer_test.cc):
//  * Capitalised as written in the data ("reading", "bath" are not places; "US"
//    and "UK" must be in capitals), accents ignored ("Sao Paulo" = "São Paulo"),
//    the longest name wins ("Republic of Dagestan", "New York City"), a
//    possessive 's stays outside the mention.
//  * Not part of another name: a capitalised neighbour that is not a sentence
//    opener, a direction or a title makes the place part of a longer name
//    ("Paris Hilton", "Michael Jordan", "Washington Post", "Rome Statute");
//    club and institution words do so too ("Real Madrid", "Manchester United",
//    "Bank of England"). Football clubs are organisations, not places.
//  * In team-sports copy a bare city or region is its team ("Leeds beat
//    Arsenal", "Leeds 2 Arsenal 1"); national sides stay places.
//  * Weak names (towns that are English words, "Reading", "Nice", or towns
//    under 100,000 people) need a place cue ("in Reading"), a dateline
//    ("READING, England 1996-08-22") or ", <their country>"; towns named like
//    people or companies ("Clinton", "Toyota") need the dateline or the
//    country. Month names ("March", "May") are never towns.
//  * Georgia, Jordan and other names of several places: the country, unless
//    "<city>, Georgia" puts it in the city's country (the US state).
//  * Demonyms are not mentions: "Russian officials" does not add Russia. An
//    adjective describes who acts, not where the story happens, and counting it
//    would file every story quoting a "U.S. official" under the United States.
// For England, Scotland, Wales and Northern Ireland (kind Country) `country`
// is "United Kingdom". The data, the canonical-name policy and the line formats
// are documented in indexer/data/place_aliases.tsv and place_stop_contexts.tsv.
class PlaceGazetteer {
public:
    static const PlaceGazetteer& instance();

    // Every place mention in `text`, in order, longest match first and not
    // overlapping, with the false-positive guards applied (Rome Statute,
    // Washington Post, common words that are also towns, ...).
    std::vector<PlaceMatch> find(std::string_view text) const;

    // The canonical name for a place name or alias ("Nur-Sultan" -> "Astana",
    // "U.S." -> "United States"), case- and accent-insensitive; nothing if unknown.
    std::optional<std::string> canonical_name(std::string_view name) const;

    // The canonical country a canonical city/region lies in; nothing if unknown or a country.
    std::optional<std::string> country_of(std::string_view canonical) const;

private:
    PlaceGazetteer();
};

}  // namespace newsdex
