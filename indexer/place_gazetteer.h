// PlaceGazetteer: every place name newsdex knows — countries and world regions
// (ICU's display names), cities with their region and country (Debian's
// libgeonames), and a hand-written alias table — precomputed at build time.
#pragma once

#include "core/tokens.h"

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
//  * Weak names (towns under a million people named like an English word,
//    "Reading", "Split", "Buy" — data/place_common_words.txt, generated from a
//    dictionary — or towns under 100,000 people) need evidence: a place cue
//    ("in Reading"), a dateline ("READING, England 1996-08-22"), ", <their
//    country>", or a place of their country right before ("Zagreb, Split").
//    A small town so named needs its country in the article besides "in"
//    ("believe in God" is no trip to Göd, Hungary). Towns named like people or
//    companies ("Clinton", "Toyota", a given name such as "Florence") need the
//    same evidence and are never taken on a later bare mention. In a line of
//    capitals "IN", "TO" are no cue, and a given name before a place makes it
//    a surname ("ROBERTO DURAN"). Month names ("March", "May") are never towns.
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
    // The same, given text::tokenize(text): the person finder reads the same
    // tokens, and an article is tokenized once.
    std::vector<PlaceMatch> find(std::string_view text, const std::vector<text::Token>& tokens) const;

    // The canonical name for a place name or alias ("Nur-Sultan" -> "Astana",
    // "U.S." -> "United States"), case- and accent-insensitive; nothing if unknown.
    std::optional<std::string> canonical_name(std::string_view name) const;

    // Whether the best place of that name is one the text must show to be a place
    // (a town named like a word or a person, a small town): then find() takes it
    // only with evidence, and a guess by capitals (the name tagger's) is none.
    bool needs_evidence(std::string_view name) const;

    // Whether a lower-case word is a place cue ("in", "near", "of", "from").
    bool is_place_cue(std::string_view lower_word) const;

    // The canonical country a canonical city/region lies in; nothing if unknown or a country.
    std::optional<std::string> country_of(std::string_view canonical) const;

private:
    PlaceGazetteer();
};

}  // namespace newsdex
