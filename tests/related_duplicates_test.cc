// Related articles (--similar) and near-duplicate folding (syndicated copies),
// through the library and the CLI.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include "core/fnv1a.h"
#include "core/index_layout.h"

#include <xapian.h>

#include <algorithm>
#include <iomanip>
#include <iterator>
#include <map>
#include <sstream>

using namespace newsdex;

namespace {

const std::string& sample_index() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string db = dir / "index";
        Indexer indexer(db);
        REQUIRE(indexer.index_paths({source_path("sample_corpus")}).failed == 0);
        return db;
    }();
    return path;
}

const std::string kStandsIn = "jaishankar-stands-in-for-modi-at-astana.txt";
const std::string kSendsJaishankar = "india-sends-jaishankar-to-sco-summit.txt";

std::string file_name(const Hit& hit) { return hit.article.path.substr(hit.article.path.find_last_of('/') + 1); }

SearchResults search(const std::string& query, bool collapse = true, std::size_t limit = 100) {
    Searcher searcher(sample_index());
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    request.collapse_duplicates = collapse;
    return searcher.search(request);
}

std::size_t count_of(const SearchResults& results, const std::string& name) {
    return static_cast<std::size_t>(std::count_if(results.hits.begin(), results.hits.end(),
                                                  [&](const Hit& hit) { return file_name(hit) == name; }));
}

}  // namespace

TEST_CASE("the two syndicated copies of the Jaishankar story fold into one hit with a count") {
    const SearchResults folded = search("Jaishankar");
    REQUIRE(!folded.hits.empty());
    CHECK(count_of(folded, kStandsIn) + count_of(folded, kSendsJaishankar) == 1);
    const Hit& story = folded.hits[0];
    CHECK((file_name(story) == kStandsIn || file_name(story) == kSendsJaishankar));
    CHECK(story.duplicates == 1);

    const SearchResults separate = search("Jaishankar", false);
    CHECK(count_of(separate, kStandsIn) == 1);
    CHECK(count_of(separate, kSendsJaishankar) == 1);
    for (const Hit& hit : separate.hits) CHECK(hit.duplicates == 0);
}

TEST_CASE("an exact count counts folded copies once, whatever the page size") {
    const SearchResults all = search("Jaishankar SCO Astana");
    REQUIRE(all.hits.size() > 3);
    Searcher searcher(sample_index());
    for (std::size_t limit : {0, 1, 3}) {
        SearchRequest request;
        request.query = "Jaishankar SCO Astana";
        request.limit = limit;
        request.exact_total = true;
        CHECK(searcher.search(request).estimated_total == all.hits.size());
        request.exact_total = false;
        request.facets = true;
        CHECK(searcher.search(request).estimated_total == all.hits.size());
    }
}

TEST_CASE("different articles about the same summit are not folded") {
    const SearchResults folded = search("SCO summit Astana");
    const SearchResults separate = search("SCO summit Astana", false);
    REQUIRE(separate.hits.size() >= 6);
    CHECK(folded.hits.size() + 1 == separate.hits.size());  // only the syndicated pair folds
    for (const Hit& hit : folded.hits) {
        const bool pair = file_name(hit) == kStandsIn || file_name(hit) == kSendsJaishankar;
        CHECK_MESSAGE(hit.duplicates == (pair ? 1u : 0u), file_name(hit));
    }
}

TEST_CASE("exact copies under other names fold; short briefs never do") {
    TempDir dir;
    std::string story = "Title: Wire story\n\n";
    for (int i = 0; i < 6; ++i) {
        story += "Officials in the capital confirmed on Monday that the new grain corridor would open next week, "
                 "after months of talks between the ministries involved. ";
    }
    story += "Traders welcomed the news.";
    write_file(dir / "site-a/story.txt", story);
    write_file(dir / "site-b/copy.txt", story);
    write_file(dir / "site-c/copy-edited.txt", story + " This story was republished under a syndication agreement.");
    write_file(dir / "briefs/one.txt", "Title: Brief\n\nGrain corridor opens.");
    write_file(dir / "briefs/two.txt", "Title: Brief\n\nGrain corridor opens.");
    {
        Indexer indexer(dir / "index");
        indexer.index_paths({dir.path().string()});
    }
    Searcher searcher(dir / "index");
    SearchRequest request;
    request.query = "grain corridor";
    const SearchResults results = searcher.search(request);
    REQUIRE(results.hits.size() == 3);  // the story once, and both briefs
    std::size_t folded = 0;
    for (const Hit& hit : results.hits) folded += hit.duplicates;
    CHECK(folded == 2);
}

TEST_CASE("a copy indexed in a later run folds with the article indexed before it, in one shard or several") {
    std::string story = "Title: Wire story\n\n";
    for (int i = 0; i < 6; ++i) {
        story += "Port workers in the northern harbour ended their strike on Friday after the operator agreed "
                 "to raise night-shift pay and to hire forty more crane drivers. ";
    }
    for (std::size_t shards : {1, 3}) {
        INFO("shards: " << shards);
        TempDir dir;
        IndexOptions options;
        options.shards = shards;
        auto run = [&] {
            Indexer indexer(dir / "index", options);
            indexer.index_paths({(dir.path() / "news").string()});
        };
        auto hits = [&] {
            Searcher searcher(dir / "index");
            SearchRequest request;
            request.query = "harbour strike crane drivers";
            return searcher.search(request).hits;
        };
        write_file(dir / "news/first.txt", story);
        write_file(dir / "news/other.txt", "Title: Other\n\nA crane driver in another harbour talked about the strike.");
        run();
        REQUIRE(hits().size() == 2);
        for (const Hit& hit : hits()) CHECK(hit.duplicates == 0);

        write_file(dir / "news/copy.txt", story + " Republished with permission.");
        run();
        // Three articles, shown as two hits: the story (with its copy folded in) and the other one.
        // Copies fold within a shard: with three shards the copy may land in another one.
        const auto folded = hits();
        std::size_t copies = 0;
        for (const Hit& hit : folded) copies += hit.duplicates;
        if (shards == 1) {
            CHECK(folded.size() == 2);
            CHECK(copies == 1);
        } else {
            CHECK(folded.size() + copies == 3);
        }

        // A third copy in yet another run joins the same fold.
        write_file(dir / "news/copy-2.txt", story);
        run();
        std::size_t all = 0;
        for (const Hit& hit : hits()) all += 1 + hit.duplicates;
        CHECK(all == 4);
        if (shards == 1) CHECK(hits().size() == 2);
    }
}

namespace {

std::string repeated(const std::string& title, const std::string& sentence) {
    std::string story = "Title: " + title + "\n\n";
    for (int i = 0; i < 6; ++i) story += sentence;
    return story;
}

const std::string kHarbourStory =
    repeated("Wire story", "Port workers in the northern harbour ended their strike on Friday after the operator "
                           "agreed to raise night-shift pay and to hire forty more crane drivers. ");
const std::string kRailStory =
    repeated("Rail story", "Commuter trains on the coastal line will run every ten minutes from May after the "
                           "regional council approved new rolling stock and a signalling upgrade. ");

// The near-duplicate key of every article of the index (empty: none), by the article's file name.
std::map<std::string, std::string> keys_by_file(const std::string& db) {
    std::map<std::string, std::string> keys;
    Xapian::Database index(db);
    for (auto id = index.postlist_begin(""); id != index.postlist_end(""); ++id) {
        const Xapian::Document doc = index.get_document(*id);
        const std::string path = layout::decode_record(doc.get_data()).path;
        keys[path.substr(path.find_last_of('/') + 1)] = doc.get_value(layout::kNearDuplicateKeySlot);
    }
    return keys;
}

// Every near-duplicate band term of the index (written by earlier versions), by the article's file name.
std::map<std::string, std::vector<std::string>> band_terms_by_file(const std::string& db) {
    std::map<std::string, std::vector<std::string>> by_file;
    Xapian::Database index(db);
    const std::string prefix(layout::kNearDuplicateBandPrefix);
    for (auto id = index.postlist_begin(""); id != index.postlist_end(""); ++id) {
        const Xapian::Document doc = index.get_document(*id);
        const std::string path = layout::decode_record(doc.get_data()).path;
        std::vector<std::string>& terms = by_file[path.substr(path.find_last_of('/') + 1)];
        auto t = doc.termlist_begin();
        for (t.skip_to(prefix); t != doc.termlist_end() && (*t).rfind(prefix, 0) == 0; ++t) terms.push_back(*t);
    }
    return by_file;
}

}  // namespace

TEST_CASE("articles are written without near-duplicate band terms: the indexer keeps bands in memory") {
    Xapian::Database index(sample_index());
    const std::string prefix(layout::kNearDuplicateBandPrefix);
    CHECK(index.allterms_begin(prefix) == index.allterms_end(prefix));
    // ... and the syndicated pair folds all the same (see the first test case).
    CHECK(search("Jaishankar").hits.front().duplicates == 1);
}

TEST_CASE("an index written with band terms, short or long, keeps them, and copies indexed into it fold with its articles") {
    for (const bool long_terms : {false, true}) {
        INFO("long band terms: " << long_terms);
        TempDir dir;
        const std::string db = dir / "index";
        auto run = [&] { Indexer(db).index_paths({(dir.path() / "news").string()}); };
        write_file(dir / "news/first.txt", kHarbourStory);
        run();
        std::string signature;
        {  // As the versions before wrote it: "XDUP<band><8 hex digits>" under the key saying so, or
           // "XDUP<band>:<16 hex digits>" with no key.
            Xapian::WritableDatabase writable(db);
            Xapian::Document doc = writable.get_document(1);
            signature = doc.get_value(layout::kNearDuplicateSignatureSlot);
            REQUIRE(signature.size() == 64);
            for (int band = 0; band < 8; ++band) {
                const std::uint64_t hash = fnv1a(std::string_view(signature).substr(band * 8, 8));
                std::ostringstream term;
                term << layout::kNearDuplicateBandPrefix << band << std::hex << std::setfill('0');
                if (long_terms) {
                    term << ":" << std::setw(16) << hash;
                } else {
                    term << std::setw(8) << (hash & 0xFFFFFFFFu);
                }
                doc.add_boolean_term(term.str());
            }
            writable.replace_document(1, doc);
            writable.set_metadata(layout::kShortBandTermsKey, long_terms ? "" : "1");
            writable.commit();
        }
        write_file(dir / "news/copy.txt", kHarbourStory + " Republished with permission.");
        run();
        const auto bands = band_terms_by_file(db);
        CHECK(bands.at("first.txt").size() == 8);  // kept, unused
        CHECK(bands.at("first.txt").front().size() == (long_terms ? 22 : 13));
        CHECK(bands.at("copy.txt").empty());
        // The pair's key: the hash of the first copy's signature, on both.
        std::ostringstream first_key;
        first_key << std::hex << std::setw(16) << std::setfill('0') << fnv1a(signature);
        const auto keys = keys_by_file(db);
        CHECK(keys.at("first.txt") == first_key.str());
        CHECK(keys.at("copy.txt") == first_key.str());
        Searcher searcher(db);
        SearchRequest request;
        request.query = "harbour strike crane drivers";
        const auto hits = searcher.search(request).hits;
        REQUIRE(hits.size() == 1);
        CHECK(hits.front().duplicates == 1);
    }
}

TEST_CASE("through one indexer's runs, an article rewritten or deleted leaves the near-duplicate search; "
          "its new version joins it") {
    TempDir dir;
    IndexOptions options;
    options.compact = false;  // one generation throughout: the indexer keeps its bands from the first run to the last
    Indexer indexer(dir / "index", options);
    auto run = [&] {
        const IndexReport report = indexer.index_paths({(dir.path() / "news").string()});
        REQUIRE(report.failed == 0);
        REQUIRE(!report.compacted);
    };
    write_file(dir / "news/story.txt", kHarbourStory);
    run();
    write_file(dir / "news/story.txt", kRailStory);  // rewritten: another story
    run();
    write_file(dir / "news/rail-copy.txt", kRailStory + " Republished with permission.");
    write_file(dir / "news/harbour-copy.txt", kHarbourStory + " Republished with permission.");
    run();
    auto keys = keys_by_file(dir / "index");
    CHECK(!keys.at("rail-copy.txt").empty());
    CHECK(keys.at("rail-copy.txt") == keys.at("story.txt"));
    CHECK(keys.at("harbour-copy.txt").empty());  // the story it copied is gone

    std::filesystem::remove(dir / "news/story.txt");
    run();
    write_file(dir / "news/rail-copy-2.txt", kRailStory);
    run();
    keys = keys_by_file(dir / "index");
    CHECK(keys.count("story.txt") == 0);
    CHECK(keys.at("rail-copy-2.txt") == keys.at("rail-copy.txt"));

    // Removed through the library: the last copy finds the other harbour copy only.
    CHECK(indexer.remove_paths({dir / "news/rail-copy.txt", dir / "news/rail-copy-2.txt"}) == 2);
    std::filesystem::remove(dir / "news/rail-copy.txt");
    std::filesystem::remove(dir / "news/rail-copy-2.txt");
    write_file(dir / "news/rail-copy-3.txt", kRailStory + " Corrected.");
    write_file(dir / "news/z-harbour-copy-2.txt", kHarbourStory);
    run();
    keys = keys_by_file(dir / "index");
    CHECK(keys.size() == 3);
    CHECK(keys.at("rail-copy-3.txt").empty());
    CHECK(!keys.at("z-harbour-copy-2.txt").empty());
    CHECK(keys.at("z-harbour-copy-2.txt") == keys.at("harbour-copy.txt"));
}

TEST_CASE("through one indexer's runs, the near-duplicate search follows articles a parallel build numbers anew") {
    TempDir dir;
    IndexOptions options;
    options.threads = 2;
    Indexer indexer(dir / "index", options);
    auto run = [&] { REQUIRE(indexer.index_paths({(dir.path() / "news").string()}).failed == 0); };
    auto docid_of = [&](const std::string& name) {
        Xapian::Database index(dir / "index");
        for (auto id = index.postlist_begin(""); id != index.postlist_end(""); ++id) {
            if (layout::decode_record(index.get_document(*id).get_data()).path == dir / ("news/" + name)) return *id;
        }
        return Xapian::docid(0);
    };
    write_file(dir / "news/a-gone.txt", kRailStory);
    write_file(dir / "news/b-story.txt", kHarbourStory);
    run();
    std::filesystem::remove(dir / "news/a-gone.txt");
    run();
    REQUIRE(docid_of("b-story.txt") == 2);
    // The story rewritten (the indexer's bands hold it), and enough new files for a parallel build,
    // whose merge numbers the articles anew.
    write_file(dir / "news/b-story.txt", kHarbourStory + " Updated.");
    for (int i = 0; i < 450; ++i) write_file(dir / ("news/brief-" + std::to_string(i) + ".txt"), "Brief " + std::to_string(i));
    run();
    REQUIRE(docid_of("b-story.txt") == 1);

    write_file(dir / "news/copy.txt", kHarbourStory);
    run();
    const auto keys = keys_by_file(dir / "index");
    CHECK(!keys.at("copy.txt").empty());
    CHECK(keys.at("copy.txt") == keys.at("b-story.txt"));
}

TEST_CASE("--no-collapse and the human count line") {
    const auto folded = run_command({query_tool(), "--db", sample_index(), "Jaishankar"});
    CHECK(folded.out.find("+1 near-identical copy") != std::string::npos);
    const auto both = run_command({query_tool(), "--db", sample_index(), "--no-collapse", "--format", "{path}", "Jaishankar"});
    CHECK(both.out.find(kStandsIn) != std::string::npos);
    CHECK(both.out.find(kSendsJaishankar) != std::string::npos);
    CHECK(both.out.find("near-identical") == std::string::npos);
}

TEST_CASE("similar articles: the SCO summit report leads to other SCO and Astana articles, not itself") {
    const SearchResults results = search("");  // warm the index
    Searcher searcher(sample_index());
    SearchRequest request;
    request.similar_to = source_path("sample_corpus/world/sco-leaders-gather-in-astana.txt");
    request.limit = 5;
    const SearchResults similar = searcher.search(request);
    REQUIRE(similar.hits.size() == 5);
    std::size_t related = 0;
    for (const Hit& hit : similar.hits) {
        CHECK(file_name(hit) != "sco-leaders-gather-in-astana.txt");
        const std::string name = file_name(hit);
        related += name.find("sco") != std::string::npos || name.find("astana") != std::string::npos;
    }
    CHECK(related >= 3);
    // A query filters the similar articles.
    request.query = "Belarus";
    for (const Hit& hit : searcher.search(request).hits) CHECK(file_name(hit) != "sco-leaders-gather-in-astana.txt");
    // Unknown article: a clear error.
    request.similar_to = "nowhere/nothing.txt";
    CHECK_THROWS_WITH_AS(searcher.search(request), doctest::Contains("no article with the path"), Error);
}

TEST_CASE("newsdex-query --similar PATH") {
    const std::string path = source_path("sample_corpus/world/sco-leaders-gather-in-astana.txt");
    const auto result = run_command({query_tool(), "--db", sample_index(), "--similar", path, "--format", "{path}", "-n", "3"});
    CHECK(result.exit_code == 0);
    CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 3);
    CHECK(result.out.find("sco-leaders-gather-in-astana.txt") == std::string::npos);
    const auto missing = run_command({query_tool(), "--db", sample_index(), "--similar", "no/such.txt"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no article with the path") != std::string::npos);
}
