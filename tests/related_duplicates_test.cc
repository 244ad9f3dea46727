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

TEST_CASE("band terms are short in a new index; an index with the older long ones keeps them, and its copies still fold") {
    std::string story = "Title: Wire story\n\n";
    for (int i = 0; i < 6; ++i) {
        story += "Port workers in the northern harbour ended their strike on Friday after the operator agreed "
                 "to raise night-shift pay and to hire forty more crane drivers. ";
    }
    TempDir dir;
    const std::string db = dir / "index";
    auto run = [&] { Indexer(db).index_paths({(dir.path() / "news").string()}); };
    // Every band term of the index, by the article's file name.
    auto bands = [&] {
        std::map<std::string, std::vector<std::string>> by_file;
        Xapian::Database index(db);
        for (auto id = index.postlist_begin(""); id != index.postlist_end(""); ++id) {
            const Xapian::Document doc = index.get_document(*id);
            const std::string path = layout::decode_record(doc.get_data()).path;
            auto t = doc.termlist_begin();
            for (t.skip_to("XDUP"); t != doc.termlist_end() && (*t).rfind("XDUP", 0) == 0; ++t)
                by_file[path.substr(path.find_last_of('/') + 1)].push_back(*t);
        }
        return by_file;
    };
    write_file(dir / "news/first.txt", story);
    run();
    const std::vector<std::string> short_bands = bands().at("first.txt");
    REQUIRE(short_bands.size() == 8);
    for (const std::string& band : short_bands) CHECK(band.size() == 13);  // XDUP, band, 8 hex digits

    {  // As an index written before short band terms: "XDUP<band>:<16 hex digits>", and no key saying otherwise.
        Xapian::WritableDatabase writable(db);
        Xapian::Document doc = writable.get_document(1);
        const std::string signature = doc.get_value(layout::kNearDuplicateSignatureSlot);
        REQUIRE(signature.size() == 64);
        for (const std::string& band : short_bands) doc.remove_term(band);
        for (int band = 0; band < 8; ++band) {
            std::ostringstream term;
            term << "XDUP" << band << ":" << std::hex << std::setw(16) << std::setfill('0')
                 << fnv1a(std::string_view(signature).substr(band * 8, 8));
            doc.add_boolean_term(term.str());
        }
        writable.replace_document(1, doc);
        writable.set_metadata(layout::kShortBandTermsKey, "");
        writable.commit();
    }
    write_file(dir / "news/copy.txt", story + " Republished with permission.");
    run();
    const auto after = bands();
    for (const std::string& band : after.at("copy.txt")) CHECK(band.size() == 22);
    std::vector<std::string> shared;
    std::set_intersection(after.at("copy.txt").begin(), after.at("copy.txt").end(), after.at("first.txt").begin(),
                          after.at("first.txt").end(), std::back_inserter(shared));
    CHECK(!shared.empty());  // where the copy met the story
    Searcher searcher(db);
    SearchRequest request;
    request.query = "harbour strike crane drivers";
    const auto hits = searcher.search(request).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits.front().duplicates == 1);
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
