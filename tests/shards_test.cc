// Sharded indexes: built in parallel, searched as one — locally and through
// xapian-tcpsrv on loopback — with the same results as a single index.
#include "tcp_server.h"
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace newsdex;
using newsdex::testing::free_port;
using newsdex::testing::TcpServer;
using newsdex::testing::write_stub;
namespace fs = std::filesystem;

namespace {

const char* const kQueries[] = {"SCO Astana Putin", "summit", "\"Shanghai Cooperation Organisation\"", "Astna", "Kiev",
                                "people:putin", "place:kazakhstan date:2024-07", "election NOT trump"};

// The sample corpus as one index and as three shards, built once.
struct Indexes {
    TempDir dir;
    std::string single = dir / "single";
    std::string sharded = dir / "sharded";
    Indexes() {
        REQUIRE(Indexer(single).index_paths({source_path("sample_corpus")}).failed == 0);
        IndexOptions options;
        options.shards = 3;
        REQUIRE(Indexer(sharded, options).index_paths({source_path("sample_corpus")}).failed == 0);
    }
};

const Indexes& indexes() {
    static Indexes instance;
    return instance;
}

SearchResults search(const std::string& db, const std::string& query, SearcherOptions options = {}) {
    Searcher searcher(db, options);
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    request.facets = true;
    return searcher.search(request);
}

// Same articles, scores, snippets and facets; articles with equal scores may
// come in either order (Xapian breaks ties by document id, which sharding changes).
void check_same(const SearchResults& expected, const SearchResults& got) {
    REQUIRE(got.hits.size() == expected.hits.size());
    CHECK(got.estimated_total == expected.estimated_total);
    CHECK(got.corrected_query == expected.corrected_query);  // spelling suggestions too
    for (std::size_t i = 0; i < expected.hits.size(); ++i) {
        CHECK(std::fabs(got.hits[i].score - expected.hits[i].score) < 1e-6);
        auto same = std::find_if(got.hits.begin(), got.hits.end(), [&](const Hit& h) {
            return h.article.path == expected.hits[i].article.path;
        });
        REQUIRE_MESSAGE(same != got.hits.end(), expected.hits[i].article.path);
        CHECK(std::fabs(same->score - expected.hits[i].score) < 1e-6);
        CHECK(same->snippet.text == expected.hits[i].snippet.text);
    }
    REQUIRE(got.facets.size() == expected.facets.size());
    for (std::size_t f = 0; f < expected.facets.size(); ++f) {
        CHECK(got.facets[f].values.size() == expected.facets[f].values.size());
        for (std::size_t v = 0; v < expected.facets[f].values.size() && v < got.facets[f].values.size(); ++v) {
            CHECK(got.facets[f].values[v].count == expected.facets[f].values[v].count);
            CHECK(got.facets[f].values[v].value == expected.facets[f].values[v].value);
        }
    }
}

}  // namespace

TEST_CASE("a sharded index is a folder of shards with a Xapian stub, and holds every article once") {
    const auto& ix = indexes();
    CHECK(fs::is_regular_file(fs::path(ix.sharded) / "XAPIANDB"));
    for (int i = 0; i < 3; ++i) CHECK(fs::is_directory(fs::path(ix.sharded) / ("shard-" + std::to_string(i))));
    CHECK(fs::is_directory(fs::path(ix.sharded) / "dictionary"));  // spelling and synonyms, no articles
    CHECK(Searcher((fs::path(ix.sharded) / "dictionary").string()).document_count() == 0);
    CHECK(Searcher(ix.sharded).document_count() == Searcher(ix.single).document_count());
    for (int i = 0; i < 3; ++i) {
        CHECK(Searcher((fs::path(ix.sharded) / ("shard-" + std::to_string(i))).string()).document_count() > 5);
    }
}

TEST_CASE("searching the shards gives the single index's ranks, scores, snippets and facets") {
    for (const char* query : kQueries) {
        INFO(std::string(query));
        check_same(search(indexes().single, query), search(indexes().sharded, query));
    }
}

TEST_CASE("two shards served by xapian-tcpsrv on loopback plus one local shard search as one index") {
    const auto& ix = indexes();
    TcpServer first((fs::path(ix.sharded) / "shard-0").string());
    TcpServer second((fs::path(ix.sharded) / "shard-1").string());
    TempDir dir;
    write_stub(dir.path() / "mixed", {"remote 127.0.0.1:" + std::to_string(first.port()),
                                      "remote 127.0.0.1:" + std::to_string(second.port()),
                                      "auto " + (fs::path(ix.sharded) / "shard-2").string(),
                                      "auto " + (fs::path(ix.sharded) / "dictionary").string()});
    for (const char* query : kQueries) {
        INFO(std::string(query));
        check_same(search(ix.single, query), search(dir / "mixed", query));
    }
    const auto cli = run_command({query_tool(), "--db", dir / "mixed", "--json", "SCO", "Astana", "Putin"});
    CHECK(cli.exit_code == 0);
    CHECK(cli.out.find("sco-leaders-gather-in-astana.txt") != std::string::npos);
}

TEST_CASE("a stub file named as the index, with remote shards in it, is searched with Xapian's stock classes only") {
    // Opened through Xapian's own stub reader, the remote shards are known only
    // from the opened database: custom posting sources and spies would fail.
    const auto& ix = indexes();
    TcpServer first((fs::path(ix.sharded) / "shard-0").string());
    TempDir dir;
    write_stub(dir.path() / "mixed", {"remote 127.0.0.1:" + std::to_string(first.port()),
                                      "auto " + (fs::path(ix.sharded) / "shard-1").string(),
                                      "auto " + (fs::path(ix.sharded) / "shard-2").string(),
                                      "auto " + (fs::path(ix.sharded) / "dictionary").string()});
    const std::string stub_file = (dir.path() / "mixed" / "XAPIANDB").string();
    for (const char* query : kQueries) {
        INFO(std::string(query));
        check_same(search(ix.single, query), search(stub_file, query));
    }
}

TEST_CASE("an unreachable shard is a clear error within the timeout, or skipped with a warning under --partial") {
    const auto& ix = indexes();
    TempDir dir;
    const unsigned dead = free_port();
    write_stub(dir.path() / "broken", {"remote 127.0.0.1:" + std::to_string(dead),
                                       "auto " + (fs::path(ix.sharded) / "shard-2").string()});
    SearcherOptions quick;
    quick.remote_timeout_ms = 500;
    const auto started = std::chrono::steady_clock::now();
    const std::string dead_shard = "127.0.0.1:" + std::to_string(dead);
    CHECK_THROWS_WITH_AS(Searcher(dir / "broken", quick), doctest::Contains(dead_shard.c_str()), Error);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));

    quick.allow_partial = true;
    Searcher partial(dir / "broken", quick);
    REQUIRE(partial.warnings().size() == 1);
    CHECK(partial.warnings()[0].find("unavailable") != std::string::npos);
    CHECK(partial.document_count() == Searcher((fs::path(ix.sharded) / "shard-2").string()).document_count());

    const auto failed = run_command({query_tool(), "--db", dir / "broken", "--timeout", "500", "summit"});
    CHECK(failed.exit_code == 2);
    CHECK(failed.err.find("--partial") != std::string::npos);
    const auto warned = run_command({query_tool(), "--db", dir / "broken", "--timeout", "500", "--partial", "summit"});
    CHECK(warned.exit_code == 0);
    CHECK(warned.err.find("warning: shard 'remote 127.0.0.1:") != std::string::npos);
}

TEST_CASE("a shard that dies after opening fails the search clearly, or is dropped under partial") {
    const auto& ix = indexes();
    auto server = std::make_unique<TcpServer>((fs::path(ix.sharded) / "shard-0").string());
    TempDir dir;
    write_stub(dir.path() / "dying", {"remote 127.0.0.1:" + std::to_string(server->port()),
                                      "auto " + (fs::path(ix.sharded) / "shard-1").string()});
    SearcherOptions options;
    options.remote_timeout_ms = 1000;
    Searcher strict(dir / "dying", options);
    options.allow_partial = true;
    Searcher partial(dir / "dying", options);
    server->stop();
    SearchRequest request;
    request.query = "summit";
    CHECK_THROWS_AS(strict.search(request), Error);
    const SearchResults results = partial.search(request);
    CHECK(!partial.warnings().empty());
    for (const Hit& hit : results.hits) CHECK(!hit.article.path.empty());
}

TEST_CASE("incremental runs, deletions and renames work across shards") {
    TempDir dir;
    const fs::path news = dir.path() / "news";
    for (int n = 0; n < 30; ++n) {
        write_file(news / ("f" + std::to_string(n) + ".txt"),
                   "Title: Story " + std::to_string(n) + "\nDate: 2024-01-02\n\nThe harvest story " + std::to_string(n) + ".");
    }
    const std::string db = dir / "index";
    const auto first = run_command({index_tool(), "--db", db, "--shards", "4", news.string()});
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("30 indexed") == 0);
    fs::remove(news / "f1.txt");
    for (int n = 2; n < 12; ++n) fs::rename(news / ("f" + std::to_string(n) + ".txt"), news / ("moved" + std::to_string(n) + ".txt"));
    write_file(news / "f0.txt", "Title: Story zero, corrected\n\nThe harvest story was corrected.");
    const auto second = run_command({index_tool(), "--db", db, news.string()});  // keeps its four shards
    CHECK(second.exit_code == 0);
    CHECK(second.out.find("1 indexed, 18 unchanged, 10 renamed, 1 deleted") == 0);
    Searcher searcher(db);
    CHECK(searcher.document_count() == 29);
    SearchRequest request;
    request.query = "path:\"" + (news / "moved5.txt").string() + "\"";
    REQUIRE(searcher.search(request).hits.size() == 1);
    CHECK(searcher.search(request).hits[0].article.title == "Story 5");

    const auto wrong = run_command({index_tool(), "--db", db, "--shards", "2", news.string()});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("has 4 shards") != std::string::npos);
}

TEST_CASE("shards merge into one index with Xapian's compaction") {
    const auto& ix = indexes();
    TempDir dir;
    const std::string merged = dir / "merged";
    const auto result = run_command({index_tool(), "--db", ix.sharded, "--merge-into", merged});
    CHECK(result.exit_code == 0);
    CHECK(!fs::exists(fs::path(merged) / "XAPIANDB"));
    for (const char* query : kQueries) {
        INFO(std::string(query));
        check_same(search(ix.single, query), search(merged, query));
    }
    CHECK_THROWS_WITH_AS(merge_index(ix.sharded, merged), doctest::Contains("already exists"), Error);
}
