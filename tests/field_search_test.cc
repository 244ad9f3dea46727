// Searching by the news fields: people, places and dates, with sorting and facets.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace newsdex;

namespace {

// A small archive whose fields are known exactly.
struct Archive {
    TempDir dir;
    std::string db = dir / "index";
    Archive() {
        write_file(dir / "news/astana-only.txt",
                   "Title: Talks in the capital\nDate: 2024-07-03\nPlace: Astana\nPeople: Vladimir Putin\n\n"
                   "Delegations met for talks on trade routes.");
        write_file(dir / "news/kazakhstan.txt",
                   "Title: A country report\nDate: 2024-07-20\nPlace: Kazakhstan\nPeople: Kassym-Jomart Tokayev\n\n"
                   "The economy grew on oil exports.");
        write_file(dir / "news/ankara.txt",
                   "Title: Local elections\nDate: 2024-03-31\nPlace: Ankara\nPeople: Recep Tayyip Erdoğan\n\n"
                   "Voters went to the polls across the country.");
        write_file(dir / "news/old.txt",
                   "Title: An older summit\nDate: 2023-09-10\nPlace: New Delhi\nPeople: Narendra Modi; Vladimir Putin\n\n"
                   "Leaders met at a summit on trade.");
        write_file(dir / "news/new.txt",
                   "Title: A newer summit\nDate: 2025-01-15\nPlace: Moscow\nPeople: Vladimir Putin\n\n"
                   "Leaders met at a summit on energy.");
        IndexOptions options;
        options.extract_fields = false;  // only the stated fields, so expectations are exact
        Indexer indexer(db, options);
        REQUIRE(indexer.index_paths({dir / "news"}).indexed == 5);
    }
};

const Archive& archive() {
    static Archive instance;
    return instance;
}

std::vector<std::string> names(const std::string& query, SortOrder sort = SortOrder::Relevance) {
    Searcher searcher(archive().db);
    SearchRequest request;
    request.query = query;
    request.sort = sort;
    request.limit = 50;
    std::vector<std::string> files;
    for (const Hit& hit : searcher.search(request).hits) {
        files.push_back(hit.article.path.substr(hit.article.path.find_last_of('/') + 1));
    }
    return files;
}

using Files = std::vector<std::string>;

}  // namespace

TEST_CASE("people: matches a surname, a full name, any case and no accents") {
    CHECK(names("people:putin", SortOrder::Oldest) == Files{"old.txt", "astana-only.txt", "new.txt"});
    CHECK(names("people:\"Vladimir Putin\"").size() == 3);
    CHECK(names("people:ERDOGAN") == Files{"ankara.txt"});
    CHECK(names("people:tokayev") == Files{"kazakhstan.txt"});
    CHECK(names("people:elections").empty());  // a body word is not a person
}

TEST_CASE("a name is searched as written, not by its stem: people:osborn is not Osborne, alone or in a group") {
    TempDir dir;
    write_file(dir / "news/osborne.txt", "Title: Budget day\nPlace: London\nPeople: George Osborne\n\nThe budget was read.");
    write_file(dir / "news/osborn.txt", "Title: A new album\nPlace: Nashville\nPeople: Joan Osborn\n\nThe album was released.");
    write_file(dir / "news/putin.txt", "Title: Talks\nPlace: Moscow\nPeople: Vladimir Putin\n\nThe talks ended.");
    const std::string db = dir / "index";
    IndexOptions options;
    options.extract_fields = false;
    REQUIRE(Indexer(db, options).index_paths({dir / "news"}).indexed == 3);
    auto found = [&](const std::string& query) {
        SearchRequest request;
        request.query = query;
        std::vector<std::string> files;
        for (const Hit& hit : Searcher(db).search(request).hits) files.push_back(hit.article.path.substr(hit.article.path.find_last_of('/') + 1));
        std::sort(files.begin(), files.end());
        return files;
    };
    CHECK(found("people:osborn") == Files{"osborn.txt"});
    CHECK(found("people:Osborne") == Files{"osborne.txt"});
    CHECK(found("people:(osborn OR osborne)") == Files{"osborn.txt", "osborne.txt"});
    CHECK(found("people:osborn*") == Files{"osborn.txt", "osborne.txt"});
    CHECK(found("place:(london nashville)") == Files{"osborn.txt", "osborne.txt"});
    CHECK(found("place:(britain OR nashville)") == Files{"osborn.txt", "osborne.txt"});  // an alias in a group
    CHECK(found("people:\"george osborne\" budget") == Files{"osborne.txt"});
    CHECK(found("budget -people:joan") == Files{"osborne.txt"});
    // As the query parser reads a name clause otherwise: signs, NEAR, separators, synonyms.
    CHECK(found("people:(osborn osborne -joan)") == Files{"osborne.txt"});
    CHECK(found("people:(+joan +osborn)") == Files{"osborn.txt"});
    CHECK(found("people:(george NEAR osborne)") == Files{"osborne.txt"});
    CHECK(found("people:(george|joan)") == Files{"osborn.txt", "osborne.txt"});
    CHECK(found("people:путин") == Files{"putin.txt"});  // the shipped synonyms: Путин is Putin
}

TEST_CASE("place: finds a city's articles under its country, ranked below articles naming the country") {
    CHECK(names("place:astana") == Files{"astana-only.txt"});
    CHECK(names("place:kazakhstan") == Files{"kazakhstan.txt", "astana-only.txt"});
    CHECK(names("place:turkey") == Files{"ankara.txt"});
    CHECK(names("place:\"new delhi\"") == Files{"old.txt"});
}

TEST_CASE("place: takes any name of a place: an alias, abbreviation or former name finds its canonical name") {
    CHECK(names("place:akmola") == Files{"astana-only.txt"});
    CHECK(names("place:Nur-Sultan") == Files{"astana-only.txt"});
    CHECK(names("people:putin -place:akmola", SortOrder::Oldest) == Files{"old.txt", "new.txt"});
    CHECK(names("place:akmol*").empty());  // a wildcard is taken as typed
}

TEST_CASE("place: on extracted places: Britain, UK, U.S. and a city's old name find what the index files canonically") {
    TempDir dir;
    write_file(dir / "news/talks.txt", "Title: Talks\n\nThe U.S. and Britain met in Kiev on Monday to discuss grain.");
    write_file(dir / "news/capital.txt", "Title: Capital\n\nOfficials in Washington said on Monday the plan would go ahead.");
    const std::string db = dir / "index";
    REQUIRE(Indexer(db).index_paths({dir / "news"}).indexed == 2);
    Searcher searcher(db);
    auto found = [&](const std::string& query) {
        SearchRequest request;
        request.query = query;
        Files files;
        for (const Hit& hit : searcher.search(request).hits) {
            files.push_back(hit.article.path.substr(hit.article.path.find_last_of('/') + 1));
        }
        return files;
    };
    for (const std::string query : {"place:Britain", "place:UK", "place:Kiev", "place:kyiv", "grain place:britain"}) {
        CAPTURE(query);
        CHECK(found(query) == Files{"talks.txt"});
    }
    // Washington's country counts too, below the article that names it.
    for (const std::string query : {"place:U.S.", "place:us", "place:\"United States\""}) {
        CAPTURE(query);
        CHECK(found(query) == Files{"talks.txt", "capital.txt"});
    }
    CHECK(found("place:washington") == Files{"capital.txt"});  // part of "Washington D.C.": matched as typed
    CHECK(found("monday -place:britain") == Files{"capital.txt"});
}

TEST_CASE("date: days, months, years and ranges, open or closed") {
    CHECK(names("date:2024-07-03") == Files{"astana-only.txt"});
    CHECK(names("date:2024-07", SortOrder::Oldest) == Files{"astana-only.txt", "kazakhstan.txt"});
    CHECK(names("date:2024-07-01..2024-07-10") == Files{"astana-only.txt"});
    CHECK(names("date:2024", SortOrder::Oldest) == Files{"ankara.txt", "astana-only.txt", "kazakhstan.txt"});
    CHECK(names("date:2024-07-04..", SortOrder::Oldest) == Files{"kazakhstan.txt", "new.txt"});
    CHECK(names("date:..2023-12-31") == Files{"old.txt"});
    CHECK_THROWS_WITH_AS(names("date:yesterday"), doctest::Contains("use date:YYYY"), QuerySyntaxError);
}

TEST_CASE("field filters combine with free text") {
    // A field clause restricts; the free words rank within it.
    const Files putin_summit = names("summit people:putin");
    REQUIRE(putin_summit.size() == 3);
    CHECK(putin_summit[2] == "astana-only.txt");
    CHECK(names("+summit people:putin", SortOrder::Oldest) == Files{"old.txt", "new.txt"});
    CHECK(names("summit date:2025") == Files{"new.txt"});
    CHECK(names("people:putin NOT place:moscow", SortOrder::Oldest) == Files{"old.txt", "astana-only.txt"});
}

TEST_CASE("sorting by date, newest or oldest first") {
    CHECK(names("people:putin", SortOrder::Newest) == Files{"new.txt", "astana-only.txt", "old.txt"});
    CHECK(names("people:putin", SortOrder::Oldest) == Files{"old.txt", "astana-only.txt", "new.txt"});
}

TEST_CASE("facets count people, places and months over all matches, not only the page shown") {
    Searcher searcher(archive().db);
    SearchRequest request;
    request.query = "leaders OR delegations OR economy OR voters";
    request.limit = 1;
    request.facets = true;
    const SearchResults results = searcher.search(request);
    CHECK(results.hits.size() == 1);
    REQUIRE(results.facets.size() == 3);
    CHECK(results.facets[0].field == "people");
    REQUIRE(!results.facets[0].values.empty());
    CHECK(results.facets[0].values[0].value == "Vladimir Putin");
    CHECK(results.facets[0].values[0].count == 3);
    CHECK(results.facets[1].field == "place");
    CHECK(results.facets[1].values.size() == 5);
    CHECK(results.facets[2].field == "month");
    CHECK(results.facets[2].values[0].value == "2024-07");
    CHECK(results.facets[2].values[0].count == 2);
}

TEST_CASE("the CLI sorts, shows fields and prints facets, also in JSON") {
    const auto newest = run_command({query_tool(), "--db", archive().db, "--sort", "newest", "people:putin"});
    CHECK(newest.exit_code == 0);
    CHECK(newest.out.rfind("1. A newer summit  2025-01-15", 0) == 0);
    CHECK(newest.out.find("places: Moscow   people: Vladimir Putin") != std::string::npos);

    const auto human = run_command({query_tool(), "--db", archive().db, "--facets", "people:putin"});
    CHECK(human.out.find("people: Vladimir Putin (3), Narendra Modi (1)") != std::string::npos);
    CHECK(human.out.find("month: ") != std::string::npos);

    const auto json = run_command({query_tool(), "--db", archive().db, "--facets", "--json", "people:putin"});
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["facets"]["people"][0]["value"] == "Vladimir Putin");
    CHECK(doc["facets"]["people"][0]["count"] == 3);
    CHECK(doc["facets"]["place"].size() == 3);
    CHECK(doc["results"][0]["people"].is_array());
}
