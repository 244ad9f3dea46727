// The query language: operators, phrases, NEAR, wildcards, brackets and fields,
// and the rule for malformed queries (errors with operators, words without).
#include "test_support.h"

#include "query/search_limits.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <algorithm>

using namespace newsdex;

namespace {

struct Archive {
    TempDir dir;
    std::string db = dir / "index";
    Archive() {
        write_file(dir / "news/markets.txt",
                   "Title: Markets fell sharply\nDate: 2024-08-05\nPeople: Kazuo Ueda\n\n"
                   "Stock markets fell across Asia as investors sold shares after the central bank raised rates.");
        write_file(dir / "news/summit.txt",
                   "Title: Leaders meet at the summit\nDate: 2024-07-04\nPlace: Astana\nPeople: Vladimir Putin; Xi Jinping\n\n"
                   "Putin and Xi met at the summit in Astana and signed a declaration on security.");
        write_file(dir / "news/putin-only.txt",
                   "Title: Putin visits Mongolia\nDate: 2024-09-03\nPlace: Ulaanbaatar\nPeople: Vladimir Putin\n\n"
                   "The Russian president arrived for talks on a gas pipeline.");
        write_file(dir / "news/xi-only.txt",
                   "Title: Xi tours Europe\nDate: 2024-05-06\nPlace: Paris\nPeople: Xi Jinping\n\n"
                   "Xi began a tour of Europe in Paris, talking trade with French officials.");
        write_file(dir / "news/summary.txt",
                   "Title: Weekly summary\nDate: 2024-07-07\n\n"
                   "A summary of the week: rates, summits and a pipeline deal far from any security talks.");
        IndexOptions options;
        options.extract_fields = false;
        Indexer indexer(db, options);
        REQUIRE(indexer.index_paths({dir / "news"}).indexed == 5);
    }
};

const Archive& archive() {
    static Archive instance;
    return instance;
}

using Files = std::vector<std::string>;

Files names(const std::string& query) {
    Searcher searcher(archive().db);
    SearchRequest request;
    request.query = query;
    request.limit = 50;
    Files files;
    for (const Hit& hit : searcher.search(request).hits) {
        files.push_back(hit.article.path.substr(hit.article.path.find_last_of('/') + 1));
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("AND, OR, NOT, XOR, + and - combine words") {
    CHECK(names("putin AND xi") == Files{"summit.txt"});
    CHECK(names("putin OR xi") == Files{"putin-only.txt", "summit.txt", "xi-only.txt"});
    CHECK(names("putin NOT xi") == Files{"putin-only.txt"});
    CHECK(names("putin AND NOT xi") == Files{"putin-only.txt"});
    CHECK(names("putin XOR xi") == Files{"putin-only.txt", "xi-only.txt"});
    CHECK(names("+putin -xi") == Files{"putin-only.txt"});
    CHECK(names("+xi +paris") == Files{"xi-only.txt"});
}

TEST_CASE("a query of excluded words alone finds the articles without them, as NOT does") {
    // Xapian reads `-xi` alone as a syntax error and parses it again as `xi`:
    // the query found exactly the articles it excludes.
    CHECK(names("-xi") == Files{"markets.txt", "putin-only.txt", "summary.txt"});
    CHECK(names("-xi") == names("NOT xi"));
    CHECK(names("-xi -putin") == Files{"markets.txt", "summary.txt"});
    CHECK(names("-title:summit") == Files{"markets.txt", "putin-only.txt", "summary.txt", "xi-only.txt"});
    CHECK(names("-\"markets fell\"") == Files{"putin-only.txt", "summary.txt", "summit.txt", "xi-only.txt"});
    CHECK(names("-people:putin") == Files{"markets.txt", "summary.txt", "xi-only.txt"});
    CHECK(names("\xF0\x9F\x98\x80 -xi") == names("NOT xi"));  // an emoji is nothing to search for
    // So is each operand of AND, OR and XOR, and each bracketed group, taken alone.
    CHECK(names("-xi AND pipeline") == Files{"putin-only.txt", "summary.txt"});
    CHECK(names("pipeline AND (-xi)") == Files{"putin-only.txt", "summary.txt"});
    CHECK(names("(-xi -putin)") == Files{"markets.txt", "summary.txt"});
    CHECK(names("title:(-summit)") == names("-title:summit"));
    CHECK(names("-title:(summit OR tours)") == Files{"markets.txt", "putin-only.txt", "summary.txt"});
    // With a word to search for, the excluded words narrow it as before.
    CHECK(names("putin -xi") == Files{"putin-only.txt"});
    CHECK(names("-xi (pipeline)") == Files{"putin-only.txt", "summary.txt"});
    CHECK(names("pipeline AND -xi") == Files{"putin-only.txt", "summary.txt"});
    CHECK(names("-xi pipeline") == Files{"putin-only.txt", "summary.txt"});
    CHECK(names("-xi \"gas pipeline\"") == Files{"putin-only.txt"});
}

TEST_CASE("phrases, NEAR, ADJ, wildcards and brackets") {
    CHECK(names("\"markets fell\"") == Files{"markets.txt"});
    CHECK(names("\"fell markets\"").empty());
    CHECK(names("putin NEAR astana") == Files{"summit.txt"});
    CHECK(names("putin NEAR/3 xi") == Files{"summit.txt"});
    CHECK(names("xi ADJ met") == Files{"summit.txt"});
    CHECK(names("met ADJ xi").empty());
    CHECK(names("summ*") == Files{"summary.txt", "summit.txt"});
    CHECK(names("(putin OR xi) AND pipeline") == Files{"putin-only.txt"});
    CHECK(names("(putin OR xi) AND (paris OR astana)") == Files{"summit.txt", "xi-only.txt"});
}

TEST_CASE("field prefixes restrict, also with phrases and brackets") {
    CHECK(names("title:summit") == Files{"summit.txt"});
    CHECK(names("people:\"xi jinping\"") == Files{"summit.txt", "xi-only.txt"});
    CHECK(names("people:(ueda OR putin) AND date:2024-08") == Files{"markets.txt"});
    CHECK(names("place:astana OR place:paris") == Files{"summit.txt", "xi-only.txt"});
}

TEST_CASE("a malformed query in the query language says what to fix") {
    CHECK_THROWS_WITH_AS(names("putin AND \"xi jinping"), doctest::Contains("no closing quote"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("(putin OR xi AND astana"), doctest::Contains("is never closed; add a ')'"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin OR xi) AND astana"), doctest::Contains("closes nothing"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin AND"), doctest::Contains("AND at 'AND' needs something to search for after it"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("OR putin"), doctest::Contains("needs something to search for before it"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin AND OR xi"), doctest::Contains("two operators in a row"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("(putin AND) xi"), doctest::Contains("after it"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin AND () xi"), doctest::Contains("are empty"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("summit title:"), doctest::Contains("title: needs a value right after the colon"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("date:yesterday"), doctest::Contains("use date:YYYY"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin date:2024-13"), doctest::Contains("date"), QuerySyntaxError);
    // NOT may start a query: everything without the word.
    CHECK(names("NOT putin").size() == 3);
    // A distance of no words, too many to mean anything, or not a number (they found something, silently).
    for (const char* distance : {"putin NEAR/0 xi", "putin NEAR/99999999999 xi", "putin ADJ/1001 xi", "putin NEAR/x xi", "putin NEAR/ xi"}) {
        CAPTURE(distance);
        CHECK_THROWS_WITH_AS(names(distance), doctest::Contains("is a number of words from 1 to 1000"), QuerySyntaxError);
    }
    CHECK(names("putin NEAR/1000 xi") == Files{"summit.txt"});
}

TEST_CASE("pasted text searches sensibly: stray quotes and brackets, colons, URLs") {
    CHECK(names("He said \"markets fell") == Files{"markets.txt"});
    CHECK(names("Note: markets fell") == Files{"markets.txt"});
    CHECK(names("markets fell (again") == Files{"markets.txt"});
    CHECK(names("markets fell) again") == Files{"markets.txt"});
    CHECK(!names("https://example.com/markets/fell-sharply").empty());
    // "AND/OR" in capitals is words, as "and/or" is, alone or beside the language (it was a syntax error).
    CHECK(!names("markets AND/OR fell").empty());
    CHECK(names("markets AND/OR fell") == names("markets and/or fell"));
    CHECK(!names("markets OR/AND fell").empty());
    CHECK(names("(markets AND/OR fell) AND markets") == Files{"markets.txt"});
    const Files quoted = names("Putin said \"we will build the pipeline\" to reporters");
    CHECK(std::find(quoted.begin(), quoted.end(), "putin-only.txt") != quoted.end());
    CHECK_NOTHROW(names("putin and or not"));  // lower case: plain words, no error
}

TEST_CASE("newsdex-query: exit 2 and the message for a malformed query; --help documents the language") {
    const auto bad = run_command({query_tool(), "--db", archive().db, "putin", "AND"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("needs something to search for after it") != std::string::npos);
    const auto quote = run_command({query_tool(), "--db", archive().db, "title:\"leaders meet"});
    CHECK(quote.exit_code == 2);
    CHECK(quote.err.find("no closing quote") != std::string::npos);
    const auto pasted = run_command({query_tool(), "--db", archive().db, "Note: markets fell"});
    CHECK(pasted.exit_code == 0);
    const auto help = run_command({query_tool(), "--help"});
    for (const char* needle : {"NEAR", "ADJ", "XOR", "summ*", "\"a phrase\"", "+word -word", "title:", "people:",
                               "date:", "source:", "author:", "place:", "{rank}", "{snippet}", "Did you mean"}) {
        CHECK_MESSAGE(help.out.find(needle) != std::string::npos, needle);
    }
}

TEST_CASE("a field name in capitals is the field, with its value right after the colon; pasted 'Title: text' stays words") {
    CHECK(names("People:putin") == names("people:putin"));
    CHECK(names("People:putin") == Files{"putin-only.txt", "summit.txt"});
    CHECK(names("TITLE:summit") == Files{"summit.txt"});
    CHECK(names("+Place:astana -People:xi") == Files{});
    // A phrase or brackets right after the colon are the value too; as words these would find other articles.
    CHECK(names("Title:\"leaders meet\" OR Title:\"central bank\"") == Files{"summit.txt"});
    CHECK(names("People:(president OR ueda)") == names("people:(president OR ueda)"));
    CHECK(names("People:(president OR ueda)") == Files{"markets.txt"});
    // A space after the colon: words of pasted text, as for a word that is not a field.
    CHECK(names("Title: Mongolia") == Files{"putin-only.txt"});
}

TEST_CASE("a word before a colon that is not a field is searched as a word, with the word after it") {
    CHECK(names("summit:astana") == names("summit astana"));
    CHECK(names("xyz:mongolia") == Files{"putin-only.txt"});
    CHECK(names("Re:Mongolia") == Files{"putin-only.txt"});
    CHECK_FALSE(names("Re:Putin").empty());
}

TEST_CASE("an unclosed phrase followed by operators is the syntax error, not words to correct") {
    CHECK_THROWS_WITH_AS(names("\"unclosed phrase AND xi"), doctest::Contains("no closing quote"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("\"markets fell title:rates"), doctest::Contains("no closing quote"), QuerySyntaxError);
    CHECK(names("He said \"markets fell") == Files{"markets.txt"});  // pasted text: still words
}

TEST_CASE("an operator beside a word with nothing to search (an emoji) is worded as our other errors") {
    CHECK_THROWS_WITH_AS(names("\xF0\x9F\x98\x80 AND putin"),
                         doctest::Contains("AND at 'AND putin' needs something to search for before it"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("putin OR \xE2\x80\x94"), doctest::Contains("needs something to search for after it"),
                         QuerySyntaxError);
    for (const char* query : {"\xF0\x9F\x98\x80 AND putin", "putin OR \xE2\x80\x94"}) {
        try {
            names(query);
        } catch (const QuerySyntaxError& e) {
            CHECK(std::string(e.what()).find("Syntax:") == std::string::npos);
            CHECK(std::string(e.what()).find("<expression>") == std::string::npos);
        }
    }
}

TEST_CASE("month: and year: take the forms date: takes, and say what is wrong like date: does") {
    CHECK(names("month:2024-07") == Files{"summary.txt", "summit.txt"});
    CHECK(names("month:202407") == Files{"summary.txt", "summit.txt"});
    CHECK(names("year:2024").size() == 5);
    CHECK(names("putin month:2024-09") == Files{"putin-only.txt"});
    CHECK_THROWS_WITH_AS(names("year:24"), doctest::Contains("year:24 is not a year; use year:YYYY"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("month:2024-13"), doctest::Contains("is not a month; use month:YYYY-MM"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("month:july"), doctest::Contains("is not a month"), QuerySyntaxError);
}

TEST_CASE("a field with an empty phrase is an error, not a silent empty search") {
    CHECK_THROWS_WITH_AS(names("people:\"\""), doctest::Contains("people:\"\" has nothing to search for"), QuerySyntaxError);
    CHECK_THROWS_WITH_AS(names("title:\"  \" putin"), doctest::Contains("has nothing to search for"), QuerySyntaxError);
}

TEST_CASE("a field with no letters or digits to search is an error too, not a clause dropped") {
    // The parser would drop the clause: `people:. summit` searched `summit` alone, `people:-` everything.
    for (const char* query : {"people:.", "people:-", "people:**", "title:* summit", "place:... AND astana"}) {
        INFO(query);
        CHECK_THROWS_WITH_AS(names(query), doctest::Contains("has nothing to search for"), QuerySyntaxError);
    }
    CHECK(names("people:put*") == Files{"putin-only.txt", "summit.txt"});
    CHECK(names("people:(putin OR xi)") == Files{"putin-only.txt", "summit.txt", "xi-only.txt"});
}

TEST_CASE("all the wildcards of one query together stand for a bounded number of words, so repeating them cannot multiply a search's work") {
    TempDir dir;
    IndexOptions options;
    options.extract_fields = false;
    {
        Indexer indexer(dir / "index", options);
        // 1,200 words, each in its own article: "zqword1000" to "zqword2199", 100 under each of zqword10* to zqword21*.
        for (int i = 0; i < 1200; ++i) {
            Article article;
            article.path = "word-" + std::to_string(i) + ".txt";
            article.title = "Article " + std::to_string(i);
            article.body = "zqword" + std::to_string(1000 + i);
            indexer.add(article);
        }
        indexer.commit();
    }
    Searcher searcher(dir / "index");
    SearchRequest request;
    request.limit = 0;
    request.exact_total = true;
    for (int prefix = 10; prefix < 22; ++prefix) request.query += "zqword" + std::to_string(prefix) + "* ";
    const Xapian::doccount matched = searcher.search(request).estimated_total;
    CHECK(matched <= kMaxWildcardWordsPerQuery);
    CHECK(matched >= kMaxWildcardWordsPerQuery * 9 / 10);  // the budget is shared out, not wasted
    // A few wildcards keep their whole expansion.
    request.query = "zqword10* zqword11*";
    CHECK(searcher.search(request).estimated_total == 200);

    // Each wildcard costs a scan of the words it starts: their number is bounded too.
    request.query.clear();
    for (Xapian::termcount i = 0; i < kMaxWildcardsPerQuery; ++i) request.query += "zqword1* ";
    CHECK(searcher.search(request).estimated_total > 0);
    request.query += "zqword2*";
    CHECK_THROWS_WITH_AS(searcher.search(request), doctest::Contains("wildcards; at most"), QuerySyntaxError);
}

TEST_CASE("a wildcard stands for its most frequent words only, so 'a*' cannot make a search expand the whole vocabulary") {
    TempDir dir;
    IndexOptions options;
    options.extract_fields = false;
    {
        Indexer indexer(dir / "index", options);
        // 300 words starting with "zq", each in its own article; "zqcommon" in three.
        for (int i = 0; i < 300; ++i) {
            Article article;
            article.path = "word-" + std::to_string(i) + ".txt";
            article.title = "Article " + std::to_string(i);
            article.body = "zqword" + std::to_string(1000 + i) + (i < 3 ? " zqcommon" : "");
            indexer.add(article);
        }
        indexer.commit();
    }
    Searcher searcher(dir / "index");
    SearchRequest request;
    request.query = "zq*";
    request.limit = 0;
    request.exact_total = true;
    const SearchResults all = searcher.search(request);
    // Fewer articles than words: the expansion was cut, and the most frequent word kept.
    CHECK(all.estimated_total < 300);
    CHECK(all.estimated_total > 0);
    request.query = "zqc*";
    CHECK(searcher.search(request).estimated_total == 3);
    request.query = "zq* AND zqcommon";
    CHECK(searcher.search(request).estimated_total == 3);
}
