// Searching through the library: ranking, folding, stemming, CJK, snippets, re-indexing.
#include "test_support.h"
#include "core/index_layout.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>

using namespace newsdex;

namespace {

// The sample corpus indexed once for the whole test program.
const std::string& sample_index() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string db = dir / "index";
        Indexer indexer(db);
        const IndexReport report = indexer.index_paths({source_path("sample_corpus")});
        REQUIRE(report.failed == 0);
        REQUIRE(report.indexed >= 40);
        return db;
    }();
    return path;
}

SearchResults search(const std::string& db, const std::string& query, std::size_t limit = 10) {
    Searcher searcher(db);
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    return searcher.search(request);
}

std::string file_name(const Hit& hit) { return hit.article.path.substr(hit.article.path.find_last_of('/') + 1); }

std::vector<std::string> highlighted_words(const Snippet& snippet) {
    std::vector<std::string> words;
    for (const auto& h : snippet.highlights) words.push_back(snippet.text.substr(h.begin, h.end - h.begin));
    return words;
}

}  // namespace

TEST_CASE("SCO Astana Putin puts the Astana summit report first, with a highlighted snippet") {
    const SearchResults results = search(sample_index(), "SCO Astana Putin");
    REQUIRE(!results.hits.empty());
    const Hit& top = results.hits[0];
    CHECK(file_name(top) == "sco-leaders-gather-in-astana.txt");
    CHECK(top.rank == 1);
    CHECK(top.article.date == "2024-07-04");
    CHECK(top.article.title.find("Astana") != std::string::npos);
    const auto words = highlighted_words(top.snippet);
    CHECK(std::count(words.begin(), words.end(), "Putin") >= 1);
    CHECK(std::count(words.begin(), words.end(), "Astana") + std::count(words.begin(), words.end(), "SCO") >= 1);
    CHECK(top.article.body.empty());
}

TEST_CASE("short keyword queries rank articles having all the words before those having some") {
    const SearchResults results = search(sample_index(), "SCO Astana Putin", 20);
    bool seen_partial = false;
    for (const Hit& hit : results.hits) {
        Searcher searcher(sample_index());
        SearchRequest all;
        all.query = "+sco +astana +putin path:\"" + hit.article.path + "\"";
        const bool has_all = !searcher.search(all).hits.empty();
        if (!has_all) seen_partial = true;
        CHECK_MESSAGE(!(has_all && seen_partial), hit.article.path << " has all words but ranks below a partial match");
    }
    CHECK(seen_partial);  // the corpus has partial matches, so the check above meant something
}

TEST_CASE("a first page filled by articles having all the words is the same page the full ranking gives") {
    // A short page is answered from the all-words articles alone; a long one
    // (more than there are such articles) ranks every partial match too.
    const std::vector<std::pair<const char*, const char*>> queries = {
        {"SCO Astana Putin", "+sco +astana +putin"}, {"summit leaders", "+summit +leaders"},
        {"prime minister", "+prime +minister"}, {"election results", "+election +results"}};
    for (const auto& [query, every_word] : queries) {
        INFO(std::string(query));
        REQUIRE(search(sample_index(), every_word, 60).hits.size() >= 3);  // enough to fill the short page
        const SearchResults page = search(sample_index(), query, 3);
        const SearchResults full = search(sample_index(), query, 60);
        REQUIRE(full.hits.size() > page.hits.size());
        REQUIRE(page.hits.size() == 3);
        for (std::size_t i = 0; i < page.hits.size(); ++i) {
            CHECK(page.hits[i].article.path == full.hits[i].article.path);
            CHECK(page.hits[i].score == doctest::Approx(full.hits[i].score));
            CHECK(page.hits[i].snippet.text == full.hits[i].snippet.text);
        }
        CHECK(page.estimated_total >= page.hits.size());  // an estimate beyond the page
    }
}

TEST_CASE("a short page of a common word is the start of the whole ranking") {
    for (const char* word : {"said", "year", "president", "government", "new", "governments", "years"}) {
        INFO(std::string(word));
        const SearchResults whole = search(sample_index(), word, 60);
        REQUIRE(whole.hits.size() > 22);
        for (std::size_t limit : {1, 2, 5}) {
            const SearchResults page = search(sample_index(), word, limit);
            REQUIRE(page.hits.size() == limit);
            for (std::size_t i = 0; i < limit; ++i) {
                CHECK(page.hits[i].article.path == whole.hits[i].article.path);
                CHECK(page.hits[i].score == doctest::Approx(whole.hits[i].score));
            }
            CHECK(page.estimated_total >= limit);
        }
    }
}

TEST_CASE("a long natural-language question still finds ranked articles") {
    const SearchResults results =
        search(sample_index(), "what did the leaders of the shanghai cooperation organisation decide about belarus "
                               "joining the bloc at their meeting in kazakhstan");
    REQUIRE(results.hits.size() >= 3);
    CHECK(file_name(results.hits[0]) == "belarus-becomes-sco-member.md");
}

TEST_CASE("accents and case do not matter, and displayed text keeps its accents") {
    const SearchResults results = search(sample_index(), "antonio GUTERRES");
    REQUIRE(!results.hits.empty());
    const auto words = highlighted_words(results.hits[0].snippet);
    CHECK(std::find(words.begin(), words.end(), "António") != words.end());
}

TEST_CASE("stemming finds other forms, and the exact form ranks first") {
    TempDir dir;
    const std::string db = dir / "index";
    {
        Indexer indexer(db);
        auto article = [](const char* path, const char* body) {
            Article a;
            a.path = path;
            a.title = "Regional news";
            a.body = body;
            a.date = "2024-01-01";
            return a;
        };
        indexer.add(article("stemmed.txt", "Officials prepared the summits at length."));
        indexer.add(article("exact.txt", "Officials prepared the summit at length."));
        indexer.add(article("other.txt", "Officials prepared the budget at length."));
    }
    const SearchResults results = search(db, "summit");
    REQUIRE(results.hits.size() == 2);
    CHECK(results.hits[0].article.path == "exact.txt");
    CHECK(results.hits[1].article.path == "stemmed.txt");
    CHECK(highlighted_words(results.hits[1].snippet) == std::vector<std::string>{"summits"});
    CHECK(search(db, "Summits").hits.size() == 2);  // capitalised words are stemmed too
}

TEST_CASE("a Chinese query finds the Chinese article by its words") {
    const SearchResults results = search(sample_index(), "习近平 峰会");
    REQUIRE(!results.hits.empty());
    CHECK(file_name(results.hits[0]) == "sco-summit-astana-zh.txt");
    const auto words = highlighted_words(results.hits[0].snippet);
    CHECK(std::find(words.begin(), words.end(), "习") != words.end());
    // Characters of the query word only match in sequence, not scattered.
    CHECK(search(sample_index(), "平近习").hits.empty());
    // One character alone is a word too (it was stemmed, and found nothing), also beside others and in a field.
    for (const char* one : {"峰", "习 峰会", "title:峰", "+峰 summit"}) {
        CAPTURE(one);
        const SearchResults single = search(sample_index(), one);
        REQUIRE(!single.hits.empty());
        CHECK(file_name(single.hits[0]) == "sco-summit-astana-zh.txt");
    }
}

TEST_CASE("phrases match words in order") {
    CHECK(!search(sample_index(), "\"Shanghai Cooperation Organisation\"").hits.empty());
    CHECK(search(sample_index(), "\"Organisation Cooperation Shanghai\"").hits.empty());
}

TEST_CASE("snippets mark every matched word at its exact place") {
    const SearchResults results = search(sample_index(), "Belarus member");
    REQUIRE(!results.hits.empty());
    for (const Hit& hit : results.hits) {
        const Snippet& s = hit.snippet;
        // In characters: a Cyrillic snippet (the Russian article matches Belarus through its
        // synonym Беларусь) takes two bytes a letter.
        CHECK(std::count_if(s.text.begin(), s.text.end(), [](char c) { return (c & 0xC0) != 0x80; }) < 400);
        std::size_t previous_end = 0;
        for (const auto& h : s.highlights) {
            CHECK(h.begin >= previous_end);
            CHECK(h.end <= s.text.size());
            previous_end = h.end;
        }
    }
    const auto words = highlighted_words(results.hits[0].snippet);
    CHECK(std::find(words.begin(), words.end(), "Belarus") != words.end());
}

TEST_CASE("re-indexing a changed file replaces its article instead of adding another") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir / "news/a.txt", "Title: First version\n\nThe harvest was early this year.");
    write_file(dir / "news/b.txt", "Title: Other\n\nNothing about crops.");
    {
        Indexer indexer(db);
        const IndexReport first = indexer.index_paths({dir / "news"});
        CHECK(first.indexed == 2);
        const IndexReport again = indexer.index_paths({dir / "news"});
        CHECK(again.indexed == 0);
        CHECK(again.unchanged == 2);
    }
    write_file(dir / "news/a.txt", "Title: Second version\n\nThe harvest was late this year, farmers said.");
    {
        Indexer indexer(db);
        const IndexReport report = indexer.index_paths({dir / "news"});
        CHECK(report.indexed == 1);
        CHECK(report.unchanged == 1);
        CHECK(indexer.document_count() == 2);
    }
    const SearchResults results = search(db, "harvest");
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].article.title == "Second version");
}

TEST_CASE("the same file reached by two paths is one article") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir / "news/a.txt", "Title: Only once\n\nText.");
    Indexer indexer(db);
    indexer.index_paths({dir / "news"});
    indexer.index_paths({(dir.path() / "news" / ".." / "news" / "a.txt").string()});
    CHECK(indexer.document_count() == 1);
}

TEST_CASE("sorting by date") {
    Searcher searcher(sample_index());
    SearchRequest request;
    request.query = "Putin";
    request.limit = 50;
    request.sort = SortOrder::Newest;
    const auto newest = searcher.search(request).hits;
    REQUIRE(newest.size() >= 3);
    for (std::size_t i = 1; i < newest.size(); ++i) CHECK(newest[i - 1].article.date >= newest[i].article.date);
    request.sort = SortOrder::Oldest;
    const auto oldest = searcher.search(request).hits;
    CHECK(oldest.front().article.date == newest.back().article.date);
}

TEST_CASE("undated articles come last whether the newest or the oldest come first") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir / "news/undated.txt", "Title: Harbour without a date\n\nThe harbour story names no day.\n");
    write_file(dir / "news/old.txt", "Title: Old harbour\nDate: 2001-02-03\n\nThe harbour opened.\n");
    write_file(dir / "news/new.txt", "Title: New harbour\nDate: 2020-05-06\n\nThe harbour grew.\n");
    Indexer(db).index_paths({dir / "news"});
    Searcher searcher(db);
    SearchRequest request;
    request.query = "harbour";
    auto titles = [&](SortOrder order) {
        request.sort = order;
        std::vector<std::string> out;
        for (const auto& hit : searcher.search(request).hits) out.push_back(hit.article.title);
        return out;
    };
    CHECK(titles(SortOrder::Newest) == std::vector<std::string>{"New harbour", "Old harbour", "Harbour without a date"});
    CHECK(titles(SortOrder::Oldest) == std::vector<std::string>{"Old harbour", "New harbour", "Harbour without a date"});
    // An index with articles written before the oldest-first order was stored: the dates alone, as then.
    {
        Xapian::WritableDatabase writable(db);
        for (auto it = writable.postlist_begin(""); it != writable.postlist_end(""); ++it) {
            Xapian::Document doc = writable.get_document(*it);
            if (doc.get_value(newsdex::layout::kOldestFirstSlot) != "20010203") continue;
            doc.remove_value(newsdex::layout::kOldestFirstSlot);
            writable.replace_document(*it, doc);
        }
        writable.commit();
    }
    Searcher older(db);
    request.sort = SortOrder::Oldest;
    std::vector<std::string> by_date;
    for (const auto& hit : older.search(request).hits) by_date.push_back(hit.article.title);
    CHECK(by_date == std::vector<std::string>{"Harbour without a date", "Old harbour", "New harbour"});
}

TEST_CASE("paging with offset and limit") {
    const SearchResults all = search(sample_index(), "summit", 6);
    Searcher searcher(sample_index());
    SearchRequest page;
    page.query = "summit";
    page.offset = 3;
    page.limit = 3;
    const auto second = searcher.search(page).hits;
    REQUIRE(all.hits.size() == 6);
    REQUIRE(second.size() == 3);
    CHECK(second[0].rank == 4);
    CHECK(second[0].article.path == all.hits[3].article.path);
}

TEST_CASE("a missing index is a clear error") {
    TempDir dir;
    const std::string expected = "no index at " + dir / "nowhere";  // names the path; the tools add what to do
    CHECK_THROWS_WITH_AS(Searcher(dir / "nowhere"), doctest::Contains(expected.c_str()), Error);
}

TEST_CASE("a second writer gets a clear message") {
    TempDir dir;
    Indexer first(dir / "index");
    const std::string expected = "index " + dir / "index" + " is being written by another";
    CHECK_THROWS_WITH_AS(Indexer(dir / "index"), doctest::Contains(expected.c_str()), Error);
}

TEST_CASE("an unknown language is refused before anything is written") {
    TempDir dir;
    IndexOptions options;
    options.language = "klingon";
    CHECK_THROWS_WITH_AS(Indexer(dir / "index", options), doctest::Contains("use one of"), Error);
}

TEST_CASE("stored records keep every field, old JSON records still read, and damaged ones never crash") {
    Article article;
    article.path = "news/astana.txt";
    article.title = "Leaders gather in Astana";
    article.body = std::string("Body with a NUL \0 byte and ünïcödé.\n\nSecond paragraph.", 55);
    article.date = "2024-07-04";
    article.source = "Wire";
    article.author = "A. Writer";
    article.url = "https://example.org/a";
    article.language = "en";
    article.places = {"Astana", "Kazakhstan"};
    article.people = {"Vladimir Putin", "Xi Jinping"};
    const std::string stored = layout::encode_record(article);
    const Article back = layout::decode_record(stored);
    CHECK(back.path == article.path);
    CHECK(back.title == article.title);
    CHECK(back.body == article.body);
    CHECK(back.date == article.date);
    CHECK(back.source == article.source);
    CHECK(back.author == article.author);
    CHECK(back.url == article.url);
    CHECK(back.language == article.language);
    CHECK(back.places == article.places);
    CHECK(back.people == article.people);

    // Indexes written by newsdex 0.1 stored JSON.
    const Article legacy = layout::decode_record(
        R"({"path":"a.txt","title":"T","body":"B","date":"2024-01-02","places":["Paris"],"people":[],"source":7})");
    CHECK(legacy.path == "a.txt");
    CHECK(legacy.body == "B");
    CHECK(legacy.places == std::vector<std::string>{"Paris"});
    CHECK(legacy.source.empty());  // a wrong type is no value, not an exception

    // Every truncation of a record, and bytes flipped: whatever comes back, nothing is read out of bounds.
    for (std::size_t length = 0; length < stored.size(); ++length) {
        const Article cut = layout::decode_record(stored.substr(0, length));
        CHECK(cut.body.size() <= article.body.size());
    }
    std::string damaged = stored;
    for (std::size_t i = 1; i < damaged.size(); i += 7) damaged[i] = static_cast<char>(0xFF);
    CHECK_NOTHROW(layout::decode_record(damaged));
    CHECK(layout::decode_record("{not json").path.empty());
}

TEST_CASE("totals are exact up to kExactTotalLimit matches, whatever the page size, and say so") {
    // Estimated from term statistics, SCO Astana Putin was 30 for 15 matching articles.
    for (const char* query : {"SCO Astana Putin", "summit", "Putin Xi", "people:putin", "election NOT trump"}) {
        INFO(query);
        Searcher searcher(sample_index());
        SearchRequest request;
        request.query = query;
        request.exact_total = true;
        const SearchResults counted = searcher.search(request);
        REQUIRE(counted.total_is_exact);
        REQUIRE(counted.estimated_total < kExactTotalLimit);
        for (std::size_t limit : {0, 1, 10, 100}) {
            request.exact_total = false;
            request.limit = limit;
            const SearchResults results = searcher.search(request);
            CHECK(results.estimated_total == counted.estimated_total);
            CHECK(results.total_is_exact);
        }
    }
}

TEST_CASE("a search for a place or person alone ranks the stories about it above passing mentions") {
    // BM25 on the place field alone put short articles first: place:iraq ranked
    // an airline's results, naming Iraq once, above stories about Iraq.
    TempDir dir;
    write_file(dir / "news/airline.txt",
               "Title: Airline flies back to profit\nPlace: Germany; Iraq\nPeople: Carsten Spohr; Tony Blair\n\n"
               "The airline returned to profit. Fuel costs rose after the war in Iraq, Carsten Spohr said.");
    std::string long_story = "Title: Iraq prepares for elections as Blair visits\nPlace: Iraq; Baghdad\n"
                             "People: Tony Blair\n\nVoters in Iraq prepare for the first elections. Tony Blair said "
                             "Iraq needed security.";
    for (int paragraph = 0; paragraph < 8; ++paragraph) {
        long_story += "\n\nOfficials in Baghdad said the vote in Iraq would go ahead. Mr Blair met leaders of Iraq "
                      "and spoke about the future of the country, its oil, its schools and its hospitals.";
    }
    write_file(dir / "news/elections.txt", long_story);
    for (int n = 0; n < 6; ++n) {
        write_file(dir / ("news/other" + std::to_string(n) + ".txt"),
                   "Title: Market report " + std::to_string(n) + "\nPlace: London\n\nShares rose in London today.");
    }
    const std::string db = dir / "index";
    REQUIRE(Indexer(db).index_paths({(dir.path() / "news").string()}).failed == 0);
    for (const char* query : {"place:iraq", "people:blair", "people:\"tony blair\""}) {
        INFO(std::string(query));
        const SearchResults results = search(db, query);
        REQUIRE(results.hits.size() == 2);
        CHECK(file_name(results.hits[0]) == "elections.txt");
    }
}
