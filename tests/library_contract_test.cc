// The library as an embedding program meets it: a long-lived Searcher that
// reopens after other runs, one Searcher shared by threads, results that say
// which revision of the index they came from, and the smaller promises of the
// public headers.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <string>
#include <vector>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

const char* const kSampleQueries[] = {"putin", "SCO Astana Putin", "title:summit", "date:2024-07", "people:xi"};

SearchResults search_for(Searcher& searcher, const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    return searcher.search(request);
}

std::vector<std::string> paths_of(const SearchResults& results) {
    std::vector<std::string> paths;
    for (const Hit& hit : results.hits) paths.push_back(hit.article.path);
    return paths;
}

// What `reader` finds for the sample queries is what a Searcher opened now finds.
void check_same_as_fresh(Searcher& reader, const std::string& db) {
    Searcher fresh(db);
    CHECK(reader.document_count() == fresh.document_count());
    for (const char* query : kSampleQueries) {
        INFO("query: " << std::string(query));
        const SearchResults seen = search_for(reader, query);
        const SearchResults expected = search_for(fresh, query);
        CHECK(!expected.hits.empty());
        CHECK(seen.estimated_total == expected.estimated_total);
        CHECK(paths_of(seen) == paths_of(expected));
    }
}

// An index of one article of the sample corpus, opened by a reader before anything else happens.
std::string one_article_index(const TempDir& dir) {
    const std::string db = dir / "index";
    Indexer indexer(db);
    indexer.index_paths({testing::source_path("sample_corpus/world/sco-leaders-gather-in-astana.txt")});
    return db;
}

}  // namespace

TEST_CASE("a reader that reopens after a compacting run in the same process sees the new index whole") {
    TempDir dir;
    const std::string db = one_article_index(dir);
    Searcher reader(db);
    REQUIRE(reader.document_count() == 1);
    CHECK(search_for(reader, "putin").hits.size() == 1);

    IndexReport report;
    {
        Indexer indexer(db);
        report = indexer.index_paths({testing::source_path("sample_corpus")});
    }
    REQUIRE(report.compacted);  // the run rewrote the index beside the old one and swapped it in
    // Until it reopens, the reader keeps the index it opened, whole.
    CHECK(reader.document_count() == 1);
    const SearchResults before = search_for(reader, "putin");
    CHECK(before.hits.size() == 1);
    CHECK(!before.reopened);
    reader.reopen();
    check_same_as_fresh(reader, db);
}

TEST_CASE("a reader that reopens after newsdex-index compacted the index in another process sees the new index whole") {
    TempDir dir;
    const std::string db = one_article_index(dir);
    Searcher reader(db);
    CHECK(search_for(reader, "SCO Astana Putin").hits.size() == 1);

    const auto run = testing::run_command({testing::index_tool(), "--db", db, testing::source_path("sample_corpus")});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    reader.reopen();
    check_same_as_fresh(reader, db);
}

namespace {

// A generated article: a title and body that name `n`.
std::string numbered_article(int n) {
    return "Title: Harbour notice " + std::to_string(n) + "\nDate: 2023-03-0" + std::to_string(1 + n % 9) +
           "\n\nThe harbour master posted notice " + std::to_string(n) +
           " about berth works, dredging and the tide tables for the coming week.\n";
}

}  // namespace

TEST_CASE("results name the commit they come from, and whether the Searcher moved to a later one") {
    TempDir dir;
    const std::string db = one_article_index(dir);
    Searcher reader(db);
    const SearchResults first = search_for(reader, "putin");
    CHECK(!first.index_version.empty());
    CHECK(!first.reopened);
    CHECK(search_for(reader, "xi").index_version == first.index_version);

    {
        Indexer indexer(db);
        Article article;
        article.path = (dir.path() / "extra.txt").string();
        article.title = "Putin meets harbour workers";
        article.body = "Vladimir Putin visited the harbour.";
        indexer.add(article);
        indexer.commit();
        article.path = (dir.path() / "extra-2.txt").string();
        indexer.add(article);
        indexer.commit();
    }
    // Two commits later the Searcher still answers from the commit it had, or
    // says it moved: never a mix, never silently.
    const SearchResults later = search_for(reader, "putin");
    if (later.reopened) {
        CHECK(later.index_version != first.index_version);
        CHECK(later.hits.size() == 3);
    } else {
        CHECK(later.index_version == first.index_version);
        CHECK(later.hits.size() == 1);
    }
    reader.reopen();
    const SearchResults reopened = search_for(reader, "putin");
    CHECK(!reopened.reopened);  // asked for: the next search is at the new commit
    CHECK(reopened.index_version != first.index_version);
    CHECK(reopened.hits.size() == 3);
    CHECK(reopened.index_version == search_for(reader, "harbour").index_version);
}

TEST_CASE("reopen never fails while an indexer commits") {
    TempDir dir;
    const std::string db = dir / "index";
    Indexer(db).index_paths({testing::source_path("sample_corpus/world")});
    Searcher reader(db);
    std::atomic<bool> writing{true};
    std::thread writer([&] {
        IndexOptions options;
        options.batch_size = 1;  // a commit per article
        Indexer indexer(db, options);
        for (int n = 0; n < 150; ++n) {
            Article article = parse_text_article(numbered_article(n), (dir.path() / ("notice-" + std::to_string(n) + ".txt")).string());
            indexer.add(article);
        }
        writing = false;
    });
    int reopens = 0;
    std::string failure;
    while (writing) {
        try {
            reader.reopen();
            ++reopens;
            search_for(reader, "harbour notice");
        } catch (const std::exception& e) {
            failure = e.what();
            break;
        }
    }
    writer.join();
    INFO(reopens << " reopens during the writer's commits");
    CHECK(failure == "");
    CHECK(reopens > 0);
    reader.reopen();
    CHECK(search_for(reader, "title:harbour").estimated_total == 150);
}

TEST_CASE("a limit beyond 32 bits returns every result, not the limit cut to 32 bits") {
    TempDir dir;
    const std::string db = dir / "index";
    Indexer(db).index_paths({testing::source_path("sample_corpus")});
    Searcher searcher(db);
    SearchRequest request;
    request.query = "putin";
    request.limit = 1000;
    const SearchResults all = searcher.search(request);
    REQUIRE(all.hits.size() > 1);
    request.limit = (std::size_t{1} << 32) + 1;
    CHECK(paths_of(searcher.search(request)) == paths_of(all));
    request.offset = (std::size_t{1} << 32) + 1;
    CHECK(searcher.search(request).hits.empty());
}

TEST_CASE("a query with nothing to search (a lone *, empty quotes) matches exactly no article") {
    TempDir dir;
    const std::string db = dir / "index";
    {
        Indexer indexer(db);
        Article article;
        article.path = "/a.txt";
        article.title = "Harvest";
        article.body = "The harvest came in early.";
        indexer.add(article);
    }
    Searcher searcher(db);
    for (const std::string query : {"*", "**", "\"\""}) {
        SearchRequest request;
        request.query = query;
        const SearchResults results = searcher.search(request);
        CHECK(results.estimated_total == 0);
        CHECK_MESSAGE(results.total_is_exact, query);
    }
}

TEST_CASE("an article without a path is refused; one with the path of another replaces it") {
    TempDir dir;
    const std::string db = dir / "index";
    Indexer indexer(db);
    Article article;
    article.title = "Harbour reopens";
    article.body = "The harbour reopened on Monday after dredging.";
    CHECK_THROWS_AS(indexer.add(article), Error);
    article.path = "notices/harbour.txt";
    indexer.add(article);
    article.title = "Harbour reopens after dredging";
    indexer.add(article);
    indexer.commit();
    CHECK(indexer.document_count() == 1);
    Searcher searcher(db);
    const SearchResults results = search_for(searcher, "harbour");
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].article.title == "Harbour reopens after dredging");
    CHECK(results.hits[0].article.path == "notices/harbour.txt");
}

TEST_CASE("an article's path is spelt as the latest run was given it") {
    TempDir dir;
    const std::string db = dir / "index";
    const fs::path file = dir.path() / "news" / "harbour.txt";
    write_file(file, "Title: Harbour reopens\n\nThe harbour reopened on Monday after dredging.\n");
    const fs::path old_cwd = fs::current_path();
    fs::current_path(dir.path());
    Indexer(db).index_paths({"news"});
    fs::current_path(old_cwd);
    {
        Searcher first(db);
        CHECK(search_for(first, "harbour").hits.at(0).article.path == "news/harbour.txt");
    }

    Indexer(db).index_paths({(dir.path() / "news").string()});
    Searcher searcher(db);
    const SearchResults results = search_for(searcher, "harbour");
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].article.path == file.string());
    CHECK(search_for(searcher, "path:" + file.string()).hits.size() == 1);
}

TEST_CASE("newsdex.h brings the whole public API, entity extraction included") {
    const Entities found = extract_entities("ASTANA, July 4 (Reuters) - Russian President Vladimir Putin arrived.");
    CHECK(!found.people.empty());
}

TEST_CASE("library errors say what happened with the path, and their category, in no tool's terms") {
    TempDir dir;
    auto check_neutral = [](const Error& e) {
        const std::string message = e.what();
        CHECK(message.find("--") == std::string::npos);
        CHECK(message.find("newsdex-index") == std::string::npos);
    };
    try {
        read_articles("/nonexistent/x.txt");
        FAIL("read_articles read a file that does not exist");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("/nonexistent/x.txt") != std::string::npos);
        CHECK(std::string(e.what()).find("No such file") != std::string::npos);
        CHECK(e.category() == ErrorCategory::NotFound);
    }
    try {
        Searcher missing(dir / "no-index");
        FAIL("a Searcher opened a missing index");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find(dir / "no-index") != std::string::npos);
        CHECK(e.category() == ErrorCategory::NotFound);
        check_neutral(e);
    }
    write_file(dir.path() / "not-an-index" / "notes.txt", "shopping list\n");
    try {
        Searcher wrong(dir / "not-an-index");
        FAIL("a Searcher opened a folder that is not an index");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::NotAnIndex);
        check_neutral(e);
    }
    const std::string db = dir / "index";
    Indexer writer(db);
    try {
        Indexer second(db);
        FAIL("a second Indexer opened a locked index");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find(db) != std::string::npos);
        CHECK(e.category() == ErrorCategory::LockHeld);
        check_neutral(e);
    }
    IndexOptions bad_fields;
    bad_fields.field_overrides = "bdy=story";
    write_file(dir.path() / "news" / "a.json", "{\"title\": \"A\", \"story\": \"text\"}");
    try {
        read_articles((dir.path() / "news" / "a.json").string(), bad_fields);
        FAIL("an unknown field was accepted");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Other);
        check_neutral(e);
    }
    writer.commit();
    Searcher searcher(db);
    try {
        search_for(searcher, "putin AND");
        FAIL("a malformed query was searched");
    } catch (const QuerySyntaxError& e) {
        CHECK(e.category() == ErrorCategory::QuerySyntax);
    }
}

TEST_CASE("a reader of a sharded index sees later commits after reopen, and its pool of handles follows") {
    TempDir dir;
    const std::string db = dir / "sharded";
    IndexOptions options;
    options.shards = 2;
    Indexer(db, options).index_paths({testing::source_path("sample_corpus/world")});
    Searcher reader(db);
    const SearchResults before = search_for(reader, "dredging");
    CHECK(before.hits.empty());
    {
        Indexer indexer(db);
        indexer.add(parse_text_article(numbered_article(7), (dir.path() / "notice-7.txt").string()));
        indexer.commit();
    }
    reader.reopen();
    const SearchResults after = search_for(reader, "dredging");
    CHECK(after.hits.size() == 1);
    CHECK(after.index_version != before.index_version);
    CHECK(reader.document_count() == Searcher(db).document_count());
}
