// One corpus served four ways — one index, local shards, two shards behind a
// stock xapian-tcpsrv on loopback plus one local, and the shards compacted
// into one (--merge-into) — gives the same ranks, scores, snippets, facets and
// totals for every class of query, at a size that crosses every threshold
// where a search changes how it works (query/search_limits.h, kExactTotalLimit,
// layout::kFacetNames). The BBC corpus when ../shared has it (with generated
// dated articles, as BBC's have no dates), else a generated corpus.
#include "generated_corpus.h"
#include "tcp_server.h"
#include "test_support.h"

#include "core/index_layout.h"
#include "query/query_builder.h"
#include "query/search_limits.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

using namespace newsdex;
using newsdex::testing::TcpServer;
using newsdex::testing::write_generated_corpus;
using newsdex::testing::write_stub;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kGeneratedAlone = 3000;     // without ../shared: past kExactTotalLimit with room
constexpr std::size_t kGeneratedBesideBbc = 300;  // dated articles next to BBC's undated ones
const char* const kQuestion = "what did the government minister say about spending and tax in the election campaign";

// The corpus indexed once, four ways, for the whole program.
struct Setups {
    TempDir dir;
    std::string single = dir / "single", sharded = dir / "sharded", merged = dir / "merged", mixed = dir / "mixed";
    std::string generated = dir / "generated";
    std::unique_ptr<TcpServer> first, second;
    std::map<std::string, std::unique_ptr<Searcher>> searchers;

    Setups() {
        std::vector<std::string> corpus;
        const std::string bbc = source_path("../shared/corpora/bbc");
        // NEWSDEX_TEST_WITHOUT_SHARED=1 runs it as where ../shared is missing.
        if (fs::is_directory(bbc) && !std::getenv("NEWSDEX_TEST_WITHOUT_SHARED")) {
            corpus.push_back(bbc);
            write_generated_corpus(generated, kGeneratedBesideBbc);
        } else {
            MESSAGE("../shared/corpora/bbc is not here: a generated corpus of " << kGeneratedAlone << " articles instead");
            write_generated_corpus(generated, kGeneratedAlone);
        }
        corpus.push_back(generated);
        REQUIRE(Indexer(single).index_paths(corpus).failed == 0);
        IndexOptions options;
        options.shards = 3;
        REQUIRE(Indexer(sharded, options).index_paths(corpus).failed == 0);
        merge_index(sharded, merged);
        first = std::make_unique<TcpServer>((fs::path(sharded) / "shard-0").string());
        second = std::make_unique<TcpServer>((fs::path(sharded) / "shard-1").string());
        write_stub(mixed, {first->stub_line(), second->stub_line(), "auto " + (fs::path(sharded) / "shard-2").string(),
                           "auto " + (fs::path(sharded) / "dictionary").string()});
        for (const std::string& db : {single, sharded, merged, mixed}) searchers[db] = std::make_unique<Searcher>(db);
    }

    SearchResults search(const std::string& db, const SearchRequest& request) { return searchers.at(db)->search(request); }
};

Setups& setups() {
    static Setups instance;
    return instance;
}

SearchRequest request_for(const std::string& query, std::size_t limit = 10, std::size_t offset = 0) {
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    request.offset = offset;
    return request;
}

bool same_score(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

std::string describe(const SearchRequest& r) {
    std::ostringstream out;
    out << "'" << r.query << "' similar_to='" << r.similar_to << "' offset " << r.offset << " limit " << r.limit
        << " sort " << static_cast<int>(r.sort) << (r.facets ? " facets" : "") << (r.exact_total ? " count" : "")
        << (r.collapse_duplicates ? "" : " no-collapse");
    return out.str();
}

// Same scores rank by rank; the same articles with the same snippets, except
// that articles of equal score at a cut end of the page may differ (Xapian
// breaks ties by document id, which sharding renumbers); same totals, facets
// and spelling.
void check_same(const SearchRequest& request, const SearchResults& expected, const SearchResults& got,
                bool remote) {
    INFO(describe(request));
    CHECK(got.total_is_exact == expected.total_is_exact);
    if (expected.total_is_exact) CHECK(got.estimated_total == expected.estimated_total);
    CHECK(got.corrected_query == expected.corrected_query);
    CHECK(got.correction_applied == expected.correction_applied);
    REQUIRE(got.hits.size() == expected.hits.size());
    if (expected.hits.empty()) return;
    const double top = expected.hits.front().score, bottom = expected.hits.back().score;
    const bool cut_above = request.offset > 0, cut_below = expected.hits.size() == request.limit;
    for (std::size_t i = 0; i < expected.hits.size(); ++i) {
        const Hit& want = expected.hits[i];
        CHECK(got.hits[i].rank == want.rank);
        CHECK_MESSAGE(same_score(got.hits[i].score, want.score), "rank ", want.rank, ": ", got.hits[i].score, " vs ", want.score);
        if (request.sort == SortOrder::Relevance && ((cut_above && same_score(want.score, top)) ||
                                                     (cut_below && same_score(want.score, bottom)))) {
            continue;
        }
        if (request.sort != SortOrder::Relevance && (i == 0 || i + 1 == expected.hits.size())) continue;
        auto same = std::find_if(got.hits.begin(), got.hits.end(),
                                 [&](const Hit& h) { return h.article.path == want.article.path; });
        if (same == got.hits.end() && request.collapse_duplicates && want.duplicates > 0) {
            // Copies of equal score: which one heads the story is a tie too.
            same = std::find_if(got.hits.begin(), got.hits.end(), [&](const Hit& h) {
                return same_score(h.score, want.score) && h.snippet.text == want.snippet.text;
            });
        }
        REQUIRE_MESSAGE(same != got.hits.end(), want.article.path);
        CHECK(same_score(same->score, want.score));
        CHECK(same->snippet.text == want.snippet.text);
        // Copies folded are a lower bound (search.h): a remote shard reports only those it saw.
        if (!remote) CHECK(same->duplicates == want.duplicates);
    }
    REQUIRE(got.facets.size() == expected.facets.size());
    for (std::size_t f = 0; f < expected.facets.size(); ++f) {
        REQUIRE(got.facets[f].values.size() == expected.facets[f].values.size());
        for (std::size_t v = 0; v < expected.facets[f].values.size(); ++v) {
            CHECK(got.facets[f].values[v].value == expected.facets[f].values[v].value);
            CHECK(got.facets[f].values[v].count == expected.facets[f].values[v].count);
        }
    }
}

// Every class of query the tools offer, on both sides of each threshold.
std::vector<SearchRequest> query_classes() {
    std::vector<SearchRequest> all;
    for (const char* words : {"oil", "oil prices", "mobile phone industry", "mobile phone industry growth",
                              "jury cinema opec handset", "said", "opec oil prices", "eu tax", "un police"}) {
        all.push_back(request_for(words));
        all.push_back(request_for(words, 100));
    }
    all.push_back(request_for(kQuestion));
    all.push_back(request_for("\"mobile phone\""));
    for (const char* fields : {"place:london", "place:iraq", "people:blair", "oil place:iraq", "title:election", "people:\"tony blair\""}) {
        all.push_back(request_for(fields));
    }
    for (const char* dates : {"date:2023-03", "market date:2023-01..2023-06", "date:2024..", "police date:..2023-12"}) {
        all.push_back(request_for(dates));
    }
    for (SortOrder order : {SortOrder::Newest, SortOrder::Oldest}) {
        for (const char* query : {"oil", "election campaign"}) {
            SearchRequest sorted = request_for(query, 20);
            sorted.sort = order;
            all.push_back(sorted);
        }
    }
    for (const char* query : {"election", "game", "date:2023-01"}) {
        SearchRequest faceted = request_for(query);
        faceted.facets = true;
        all.push_back(faceted);
    }
    for (const char* query : {"said", "oil prices", "place:london"}) {
        SearchRequest counted = request_for(query, 0);
        counted.exact_total = true;
        all.push_back(counted);
        all.push_back(request_for(query, 0));  // --limit 0: the count alone
    }
    for (const char* misspelt : {"goverment spending", "electon", "mobil phone"}) all.push_back(request_for(misspelt));
    // Pages past the rescore window, and one page that ends beyond it.
    all.push_back(request_for("said", 10, kRescoreWindow + 10));
    all.push_back(request_for("said", 10, 4 * kRescoreWindow));
    all.push_back(request_for("oil", 30, kRescoreWindow - 10));
    all.push_back(request_for("oil prices", 10, kRescoreWindow + 5));
    all.push_back(request_for("game", 10, kRescoreWindow + 10));
    return all;
}

// The articles matching `query`, counted exactly.
std::size_t count(const std::string& query) {
    SearchRequest request = request_for(query, 0);
    request.exact_total = true;
    request.collapse_duplicates = false;
    return setups().search(setups().single, request).estimated_total;
}

}  // namespace

TEST_CASE("the corpus and the query classes cross every size threshold of a search") {
    auto& s = setups();
    Searcher single(s.single);
    CHECK(single.document_count() > 2 * kExactTotalLimit);
    // Totals: exact below kExactTotalLimit, estimated and marked beyond.
    CHECK(count("said") > kExactTotalLimit);
    CHECK(count("oil") < kExactTotalLimit);
    CHECK(!s.search(s.single, request_for("said")).total_is_exact);
    // The rescore window: pages past it hold whole pages.
    CHECK(count("said") > 5 * kRescoreWindow);
    CHECK(count("game") > 2 * kRescoreWindow);
    CHECK(s.search(s.single, request_for("said", 10, 4 * kRescoreWindow)).hits.size() == 10);
    // The all-words page: filled by articles having every word, or not.
    CHECK(count("+oil +prices") >= 100);
    CHECK(count("+jury +cinema +opec +handset") < 10);
    CHECK(count("jury cinema opec handset") > 100);
    // Keyword queries (coordination, exact-form bonus) end at kMaxKeywordQueryWords words; the question is longer.
    QueryBuilder builder(Xapian::Database(s.single), Xapian::Stem("english"), "english");
    CHECK(builder.build("mobile phone industry growth").coordination_weight > 0);
    CHECK(builder.build(kQuestion).coordination_weight == 0);
    // Facets count the first layout::kFacetNames names of an article; some name more.
    SearchRequest crowded = request_for("date:2023-01", 200);
    crowded.collapse_duplicates = false;
    bool more_names = false;
    for (const Hit& hit : s.search(s.single, crowded).hits) more_names |= hit.article.people.size() > layout::kFacetNames;
    CHECK(more_names);
    // Near-identical copies are folded.
    SearchRequest folded = request_for("said", 0);
    folded.exact_total = true;
    CHECK(s.search(s.single, folded).estimated_total < count("said"));
}

TEST_CASE("without folding copies, local shards, remote shards and the merged index answer every query as one index") {
    auto& s = setups();
    std::size_t corrected = 0;
    for (SearchRequest request : query_classes()) {
        request.collapse_duplicates = false;
        const SearchResults expected = s.search(s.single, request);
        corrected += !expected.corrected_query.empty();
        for (const std::string& db : {s.sharded, s.mixed, s.merged}) {
            INFO(db);
            check_same(request, expected, s.search(db, request), db == s.mixed);
        }
    }
    CHECK(corrected >= 2);  // did-you-mean was exercised
}

TEST_CASE("folding copies, the shards served locally, remotely and merged answer every query alike") {
    // Copies are recognised within a shard (README, Scaling out), so the
    // sharded forms are compared with each other; without folding, with one index.
    auto& s = setups();
    for (const SearchRequest& request : query_classes()) {
        const SearchResults expected = s.search(s.sharded, request);
        for (const std::string& db : {s.mixed, s.merged}) {
            INFO(db);
            check_same(request, expected, s.search(db, request), db == s.mixed);
        }
    }
}

TEST_CASE("a page of a ranking by how many query words an article has is the start of the whole ranking") {
    // Xapian 1.4's weight pruning dropped articles from such pages (100 of 3,000
    // generated articles), differently for one index and for shards.
    auto& s = setups();
    for (const char* query : {"jury cinema opec handset", "oil game court", "cinema jury"}) {
        for (const std::string& db : {s.single, s.sharded, s.mixed}) {
            SearchRequest whole = request_for(query, 600);
            whole.collapse_duplicates = false;
            const SearchResults all = s.search(db, whole);
            for (std::size_t limit : {20, 100, 150}) {
                INFO(query << " " << db << " limit " << limit);
                SearchRequest page = whole;
                page.limit = limit;
                const SearchResults first = s.search(db, page);
                REQUIRE(first.hits.size() == std::min(limit, all.hits.size()));
                for (std::size_t i = 0; i < first.hits.size(); ++i) {
                    CHECK(same_score(first.hits[i].score, all.hits[i].score));
                }
            }
        }
    }
}

TEST_CASE("articles like one article are the same from every form of the index") {
    auto& s = setups();
    SearchRequest top = request_for("oil prices", 3);
    top.collapse_duplicates = false;
    const SearchResults seeds = s.search(s.single, top);
    REQUIRE(seeds.hits.size() == 3);
    for (const Hit& seed : seeds.hits) {
        for (const char* filter : {"", "date:2023..", "market"}) {
            SearchRequest similar = request_for(filter, 10);
            similar.similar_to = seed.article.path;
            similar.collapse_duplicates = false;
            const SearchResults expected = s.search(s.single, similar);
            CHECK(!expected.hits.empty());
            for (const std::string& db : {s.sharded, s.mixed, s.merged}) {
                INFO(db);
                check_same(similar, expected, s.search(db, similar), db == s.mixed);
            }
        }
    }
}
