// PlaceGazetteer: names, aliases, canonical forms, countries, and every
// false-positive guard, each named after the behaviour it protects.
#include "indexer/place_gazetteer.h"

#include <newsdex/extract.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

using newsdex::PlaceGazetteer;
using newsdex::PlaceKind;
using newsdex::PlaceMatch;

namespace {

std::vector<PlaceMatch> places_in(const std::string& text) {
    return PlaceGazetteer::instance().find(text);
}

std::vector<std::string> canonicals(const std::string& text) {
    std::vector<std::string> out;
    for (const PlaceMatch& m : places_in(text)) out.push_back(m.canonical);
    return out;
}

std::vector<std::string> surfaces(const std::string& text) {
    std::vector<std::string> out;
    for (const PlaceMatch& m : places_in(text)) out.push_back(text.substr(m.begin, m.end - m.begin));
    return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("a capital city is found with its country") {
    auto m = places_in("The summit was held in Astana on Monday.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Astana");
    CHECK(m[0].kind == PlaceKind::City);
    CHECK(m[0].country == "Kazakhstan");
    CHECK(m[0].begin == 23);
    CHECK(m[0].end == 29);
}

TEST_CASE("a capital libgeonames lacks comes from ICU's time zone cities, a zone's other spelling is an alias") {
    auto m = places_in("Officials in Nouakchott said the vote would go ahead.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Nouakchott");
    CHECK(m[0].kind == PlaceKind::City);
    CHECK(m[0].country == "Mauritania");
    CHECK(canonicals("Rebels neared Ndjamena on Sunday.") == Names{"N'Djamena"});
    CHECK(canonicals("Ships left Aqtau for Baku.") == Names{"Aktau", "Baku"});
}

TEST_CASE("a former name resolves to today's canonical name") {
    auto m = places_in("Officials in Nur-Sultan said the talks would go on.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Astana");
    CHECK(m[0].country == "Kazakhstan");
    CHECK(canonicals("He grew up in Akmola.") == Names{"Astana"});
    CHECK(canonicals("Flights to Kiev and Bombay resumed.") == Names{"Kyiv", "Mumbai"});
}

TEST_CASE("a UN world region is one multi-word place") {
    auto m = places_in("Gas exports from Central Asia rose.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Central Asia");
    CHECK(m[0].kind == PlaceKind::WorldRegion);
    CHECK(m[0].country.empty());
}

TEST_CASE("a sub-national region is found by its short and its long name") {
    auto m = places_in("Fighting spread to Dagestan.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Dagestan");
    CHECK(m[0].kind == PlaceKind::Region);
    CHECK(m[0].country == "Russia");
    CHECK(surfaces("Troops entered the Republic of Dagestan.") == Names{"Republic of Dagestan"});
    CHECK(canonicals("Troops entered the Republic of Dagestan.") == Names{"Dagestan"});
}

TEST_CASE("the longest name wins") {
    CHECK(surfaces("He lives in New York City now.") == Names{"New York City"});
    CHECK(canonicals("He lives in New York City now.") == Names{"New York"});
}

TEST_CASE("country abbreviations and short names resolve to the country") {
    CHECK(canonicals("The U.S. and Britain agreed.") == Names{"United States", "United Kingdom"});
    CHECK(canonicals("Sanctions by the US were lifted.") == Names{"United States"});
    CHECK(canonicals("Trade with the USA grew.") == Names{"United States"});
    CHECK(canonicals("Exports from Holland fell.") == Names{"Netherlands"});
}

TEST_CASE("an acronym alias needs capitals") {
    CHECK(canonicals("Let us go.").empty());
    CHECK(canonicals("Us and them.").empty());
}

TEST_CASE("matching ignores accents but keeps them in the canonical name") {
    CHECK(canonicals("Shares rose in Sao Paulo.") == Names{"São Paulo"});
    CHECK(canonicals("Shares rose in São Paulo.") == Names{"São Paulo"});
    auto m = places_in("Shares rose in SAO PAULO.");
    REQUIRE(m.size() == 1);
    CHECK(m[0].country == "Brazil");
}

TEST_CASE("a possessive is outside the mention") {
    std::string text = "Kazakhstan's president spoke.";
    auto m = places_in(text);
    REQUIRE(m.size() == 1);
    CHECK(m[0].canonical == "Kazakhstan");
    CHECK(text.substr(m[0].begin, m[0].end - m[0].begin) == "Kazakhstan");
    CHECK(surfaces("Britain\xE2\x80\x99s economy grew.") == Names{"Britain"});
}

TEST_CASE("guard: a place inside an organisation or document name") {
    CHECK(canonicals("Judges cited the Rome Statute on Friday.").empty());
    CHECK(canonicals("The Washington Post reported it.").empty());
    CHECK(canonicals("The New York Times reported it.").empty());
    CHECK(canonicals("He joined the Bank of England board.").empty());
}

TEST_CASE("guard: football clubs are organisations, not places") {
    CHECK(canonicals("Manchester United signed him.").empty());
    CHECK(canonicals("Sheffield Wednesday lost again.").empty());
    CHECK(canonicals("He left Real Madrid last year.").empty());
    CHECK(canonicals("Bayern Munich won the title.").empty());
}

TEST_CASE("guard: a city in a sports report is its team") {
    std::string report =
        "SOCCER - ENGLISH LEAGUE RESULTS.\n"
        "LONDON 1996-08-24\n"
        "Results of English league matches on Saturday:\n"
        "Leeds 2 Arsenal 1\n"
        "Coventry 0 Chelsea 0\n"
        "Liverpool 3 Everton 2\n"
        "Leeds beat Arsenal 2-1 and Liverpool won 3-2 in front of 40,000 fans in Liverpool.\n";
    // The dateline and the venue after "in" are places; the teams are not.
    CHECK(canonicals(report) == Names{"London", "Liverpool"});
}

TEST_CASE("guard: a place name inside a person's name") {
    CHECK(canonicals("Paris Hilton arrived.").empty());
    CHECK(canonicals("Michael Jordan scored 40 points.").empty());
    CHECK(canonicals("King Hussein of Jordan visited Amman.") == Names{"Jordan", "Amman"});
}

TEST_CASE("guard: Georgia is the country unless a US city puts it in the US") {
    auto m = places_in("Tbilisi is the capital of Georgia.");
    REQUIRE(m.size() == 2);
    CHECK(m[1].canonical == "Georgia");
    CHECK(m[1].kind == PlaceKind::Country);
    m = places_in("The games were held in Atlanta, Georgia.");
    REQUIRE(m.size() == 2);
    CHECK(m[1].canonical == "Georgia");
    CHECK(m[1].kind == PlaceKind::Region);
    CHECK(m[1].country == "United States");
}

TEST_CASE("guard: towns named like common words need a place context") {
    CHECK(canonicals("Reading is good for children.").empty());
    CHECK(canonicals("Nice work, said the coach.").empty());
    CHECK(canonicals("Split the bill.").empty());
    CHECK(canonicals("Bath time.").empty());
    CHECK(canonicals("She was born in Reading.") == Names{"Reading"});
    CHECK(canonicals("He moved to Bath last year.") == Names{"Bath"});
    CHECK(canonicals("A ferry sailed from Split.") == Names{"Split"});
    CHECK(canonicals("READING, England 1996-08-22\nPolice said.") == Names{"Reading", "England"});
    // Once the article has used it as a place, later mentions are that place.
    CHECK(canonicals("He lives in Nice. Nice is warm in winter.") == Names{"Nice", "Nice"});
    // Lower case is never a place.
    CHECK(canonicals("reading in the bath on a nice day").empty());
}

TEST_CASE("guard: a month is not a town") {
    CHECK(canonicals("In March, prices rose.").empty());
    CHECK(canonicals("Talks resume in May.").empty());
}

TEST_CASE("guard: personal names that are also towns need a place context") {
    CHECK(canonicals("Clinton said he would sign the bill.").empty());
    CHECK(canonicals("Dole's campaign called it a mistake.").empty());
}

TEST_CASE("guard: modifiers and currencies are not mentions") {
    CHECK(canonicals("A U.S.-led force moved in.").empty());
    CHECK(canonicals("It cost US$ 5 million.").empty());
}

TEST_CASE("demonyms describe, they do not place the story") {
    CHECK(canonicals("Russian officials and Chinese diplomats met.").empty());
}

TEST_CASE("state abbreviations in datelines") {
    CHECK(surfaces("SAN MATEO, Calif. 1996-08-23") == Names{"SAN MATEO", "Calif."});
    CHECK(canonicals("SAN MATEO, Calif. 1996-08-23") == Names{"San Mateo", "California"});
    CHECK(canonicals("Ask your Pa.").empty());
}

TEST_CASE("canonical_name resolves aliases case- and accent-insensitively") {
    const auto& g = PlaceGazetteer::instance();
    CHECK(g.canonical_name("Nur-Sultan") == std::optional<std::string>("Astana"));
    CHECK(g.canonical_name("U.S.") == std::optional<std::string>("United States"));
    CHECK(g.canonical_name("america") == std::optional<std::string>("United States"));
    CHECK(g.canonical_name("SAO PAULO") == std::optional<std::string>("São Paulo"));
    CHECK(g.canonical_name("Great Britain") == std::optional<std::string>("United Kingdom"));
    CHECK(g.canonical_name("Czechia") == std::optional<std::string>("Czech Republic"));
    CHECK(g.canonical_name("Peking") == std::optional<std::string>("Beijing"));
    CHECK(g.canonical_name("Kyiv") == std::optional<std::string>("Kyiv"));
    CHECK_FALSE(g.canonical_name("Atlantis Minor"));
    CHECK_FALSE(g.canonical_name(""));
}

TEST_CASE("country_of gives the country of cities and regions only") {
    const auto& g = PlaceGazetteer::instance();
    CHECK(g.country_of("Astana") == std::optional<std::string>("Kazakhstan"));
    CHECK(g.country_of("Dagestan") == std::optional<std::string>("Russia"));
    CHECK(g.country_of("São Paulo") == std::optional<std::string>("Brazil"));
    CHECK(g.country_of("Mumbai") == std::optional<std::string>("India"));
    CHECK_FALSE(g.country_of("Kazakhstan"));
    CHECK_FALSE(g.country_of("Central Asia"));
    CHECK_FALSE(g.country_of("Xyzzyville"));
}

TEST_CASE("loading is cheap and instance() is one object") {
    auto t0 = std::chrono::steady_clock::now();
    const PlaceGazetteer& a = PlaceGazetteer::instance();
    a.find("Astana");
    auto t1 = std::chrono::steady_clock::now();
    const PlaceGazetteer& b = PlaceGazetteer::instance();
    CHECK(&a == &b);
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() < 10);
}

TEST_CASE("odd input does not break matching") {
    CHECK(canonicals("").empty());
    CHECK(canonicals("'s").empty());
    CHECK(canonicals("\xFF\xFE Paris \xC3").size() <= 1);
    CHECK(canonicals(std::string(1000, 'A')).empty());
    CHECK(canonicals("U.S").size() <= 1);
}

TEST_CASE("generated names never end in an apostrophe: Kazan, not Kazan’") {
    CHECK(canonicals("Xi flew on to Kazan for the BRICS summit.") == Names{"Kazan"});
    CHECK(canonicals("Officials in Tver’ and Kazan' agreed.") == Names{"Tver", "Kazan"});
    CHECK(PlaceGazetteer::instance().canonical_name("Kazan’") == std::optional<std::string>("Kazan"));
    CHECK(PlaceGazetteer::instance().country_of("Kazan") == std::optional<std::string>("Russia"));
}

TEST_CASE("a seat of power is matched as a seat that stands in its city") {
    const std::string text = "The Kremlin said on Monday that Downing Street and the White House had been told.";
    const auto found = places_in(text);
    REQUIRE(found.size() == 3);
    CHECK(found[0].kind == newsdex::PlaceKind::Seat);
    CHECK(found[0].canonical == "Kremlin");
    CHECK(found[0].country == "Moscow");
    CHECK(found[1].country == "London");
    CHECK(found[2].country == "Washington D.C.");
    // A seat is no country's city: country_of says nothing for it.
    CHECK_FALSE(newsdex::PlaceGazetteer::instance().country_of("Kremlin"));
}

TEST_CASE("a weak town name in a capitals headline needs more than a capitalised cue") {
    CHECK(canonicals("UNIT TO BUY BACK BONDS").empty());
    CHECK(canonicals("FROM SPLIT TO BATH").empty());
    // The same words as places in running copy.
    CHECK(canonicals("They drove from Split to Bath.") == Names{"Split", "Bath"});
}

// Towns named like English words or people (issue 17): the name alone is no
// evidence; a dateline, its country, a place of its country before it, or "in X"
// (for a small town, with its country named in the article) is.

TEST_CASE("a wire slug in capitals names no town however its words read") {
    CHECK(canonicals("FIRM TO BUY BACK SHARES\nThe firm said it would buy back shares.").empty());
    CHECK(canonicals("PARTIES SPLIT OVER BUDGET\nThe coalition parties disagreed on spending.").empty());
}

TEST_CASE("a small town named like a word needs its country after 'in'") {
    CHECK(canonicals("The choir sang that they trust in God and in each other.").empty());
    CHECK(canonicals("Farmers met in Buy to discuss the harvest.").empty());
    CHECK(canonicals("Farmers met in Buy, a town north of Kostroma in Russia.") ==
          Names{"Buy", "Kostroma", "Russia"});
}

TEST_CASE("a larger town named like a word is a place after 'in' or before its country") {
    CHECK(canonicals("The ferry docked in Split after a calm crossing.") == Names{"Split"});
    CHECK(canonicals("Tourists crowded Split, Croatia, all summer.") == Names{"Split", "Croatia"});
    CHECK(canonicals("The band will split after the tour.").empty());
    CHECK(canonicals("Split the bill, she said.").empty());
}

TEST_CASE("a place of the same country before a comma is evidence for a word-named town") {
    // Zagreb and Split are both Croatian; "Zagreb, Split" lists two places.
    CHECK(canonicals("Ferries link Zagreb, Split and the islands.") == Names{"Zagreb", "Split"});
}

TEST_CASE("a town named like a given name is a person unless the text shows a place") {
    CHECK(canonicals("Her friend Florence called on Tuesday.").empty());
    CHECK(canonicals("They spent a week in Florence looking at paintings.") == Names{"Florence"});
    CHECK(canonicals("FLORENCE, Italy, March 3 - Museums reopened.").size() >= 1);
}

TEST_CASE("in a capitals headline a given name before a place makes it a surname") {
    // Durán is a city in Ecuador; after a given name it is a person's surname.
    CHECK(canonicals("BOXER ROBERTO DURAN RETURNS TO THE RING\nHe is back.").empty());
}

TEST_CASE("a match says whether the text showed it to be a place") {
    auto cued = places_in("Talks were held in Split on Friday.");
    REQUIRE(cued.size() == 1);
    CHECK(cued[0].shown);
    auto bare = places_in("Paris welcomed the decision.");
    REQUIRE(bare.size() == 1);
    CHECK_FALSE(bare[0].shown);
    auto dated = places_in("READING, England, May 2 - Traffic was light.");
    REQUIRE(!dated.empty());
    CHECK(dated[0].shown);
}

TEST_CASE("seats of power are no place of their own but stand for their city") {
    for (const char* text : {"The Kremlin said talks would resume.", "The White House declined to comment.",
                             "Downing Street issued a statement.", "The Pentagon confirmed the flight.",
                             "The Elysee Palace denied the report."}) {
        CAPTURE(text);
        auto m = places_in(text);
        REQUIRE(m.size() == 1);
        CHECK(m[0].kind == PlaceKind::Seat);
        CHECK_FALSE(m[0].country.empty());  // the city it stands for
    }
}

// The whole extraction (extract_entities), where places meet people and the tagger.

TEST_CASE("a seat of power files the article under its city and country, not as a place") {
    const auto found = newsdex::extract_entities("The Kremlin said on Tuesday that the talks had ended.");
    CHECK(found.places.empty());
    CHECK(found.implied_places == Names{"Moscow", "Russia"});
}

TEST_CASE("a place named like the surname of a person in the article is that person") {
    // Durán is also a city in Ecuador; here it is the boxer, named in full first.
    const auto found = newsdex::extract_entities(
        "The boxer Roberto Duran returned to the ring on Saturday.\nDuran, 45, said he felt strong.");
    CHECK(found.places.empty());
    CHECK(found.people == Names{"Roberto Duran"});
}

TEST_CASE("a surname that the text shows to be a place stays a place") {
    const auto found = newsdex::extract_entities(
        "Singer Anna Florence gave a concert.\nShe later flew to Italy and sang in Florence.");
    CHECK(std::find(found.places.begin(), found.places.end(), "Florence") != found.places.end());
}

TEST_CASE("the tagger adds no place from a quoted title or a lone given name") {
    const auto found = newsdex::extract_entities(
        "Critics praised \"Songs of Quiet Harbour\" at the festival.\nHe played beside (Tom) Varga for years.");
    CHECK(found.places.empty());
}

TEST_CASE("the tagger adds no place that begins a model number") {
    // The tagger alone reads "Halo" here as a place: the guard below is not
    // vacuous while this warning stays quiet; the model number shows a product.
    WARN(newsdex::extract_entities("Fans of the Xbox game Halo waited for hours.").places == Names{"Halo"});
    CHECK(newsdex::extract_entities("Fans of the Xbox game Halo 2 waited for hours.").places.empty());
}

TEST_CASE("a country named like the surname of a person in the article is that person, unless after 'of'") {
    const auto person = newsdex::extract_entities(
        "Director Neil Holland said the film was finished.\nCritics praised Holland for his courage.");
    CHECK(person.places.empty());
    CHECK(person.people == Names{"Neil Holland"});
    const auto country = newsdex::extract_entities(
        "Director Neil Holland said the film was finished.\nHe thanked the people of Holland.");
    CHECK(country.places == Names{"Netherlands"});
}
