// Inputs that once crashed a parser (found with the fuzz targets in tests/fuzz/,
// kept in tests/data/fuzz-regressions/), each named after the behaviour that
// protects against it. Run under the sanitizers too (scripts/test-sanitizers).
#include "test_support.h"

#include "core/index_layout.h"
#include "core/text.h"
#include "indexer/article_formats.h"
#include "query/snippet.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <algorithm>

namespace {

std::string regression(const std::string& name) { return source_path("tests/data/fuzz-regressions/" + name); }

// True if `text` is valid UTF-8 (NUL allowed).
bool is_valid_utf8(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
    std::size_t replaced = 0;
    newsdex::text::repair_utf8(text, &replaced);
    return replaced == 0;
}

}  // namespace

TEST_CASE("a Markdown line far longer than any paragraph is kept as text, not a stack overflow in std::regex") {
    // One 150 KB line opening a link that never closes: libstdc++'s std::regex
    // recursed once per character and overflowed the stack (SIGSEGV, also in
    // release builds from about 100 000 characters).
    const std::string text = read_file(regression("markdown-very-long-line.md"));
    const newsdex::Article article = newsdex::read_markdown(text);
    CHECK(article.title == "One very long line");
    CHECK(article.body.size() > 140000);
    CHECK(article.body.find("[the river rose again") != std::string::npos);  // kept as written
    // Ordinary lines around it still lose their markup.
    CHECK(article.body.find("A short paragraph with a link after it.") != std::string::npos);

    const auto dry_run = run_command({index_tool(), "--dry-run", regression("markdown-very-long-line.md")});
    CHECK(dry_run.exit_code == 0);
    CHECK(dry_run.out.find("One very long line") != std::string::npos);
}

TEST_CASE("a snippet keeps the punctuation after its last word whole, never half a character") {
    // The input as fuzz_snippet reads it: snippet length in the first byte, the
    // query words on the first line, the article text after it.
    const std::string input = read_file(regression("snippet-cut-inside-character.bin"));
    REQUIRE(input.size() > 2);
    const std::size_t max_chars = static_cast<unsigned char>(input[0]);
    const std::string rest = newsdex::text::repair_utf8(input.substr(1));
    const std::string query = rest.substr(0, rest.find('\n'));
    const std::string body = rest.substr(rest.find('\n') + 1);
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    newsdex::MatchKeys keys;
    for (const auto& word : newsdex::text::thread_word_breaker().words(query)) {
        const std::string key = newsdex::text::term_key(query.substr(word.begin, word.end - word.begin));
        if (key.empty()) continue;
        keys.exact.insert(key);
        keys.stems.insert(stemmer(key));
    }
    const newsdex::Snippet snippet = newsdex::make_snippet(body, keys, stemmer, max_chars);
    CHECK(is_valid_utf8(snippet.text));

    // The same, spelled out: a word followed by one ASCII and one three-byte mark.
    keys = {};
    keys.exact.insert("astana");
    keys.stems.insert("astana");
    const std::string text = "Astana.」 Then the summit in the city went on for two more days.";
    const newsdex::Snippet cut = newsdex::make_snippet(text, keys, stemmer, 6);
    CHECK(is_valid_utf8(cut.text));
    CHECK(cut.text.find("Astana.」") != std::string::npos);
}

TEST_CASE("a bad date after + or - is a clear query error, not a corrupted Xapian query parser") {
    // A FieldProcessor that throws through Xapian 1.4's QueryParser::parse_query
    // leaves it freeing memory it never allocated (+date:2024-13-45) or leaking;
    // the date filter now reports bad dates after parsing instead.
    newsdex::testing::TempDir dir;
    newsdex::testing::write_file(dir / "news/a.txt", "Title: Harvest\nDate: 2024-07-04\n\nThe harvest was early.\n");
    newsdex::Indexer(dir / "index").index_paths({dir / "news"});
    newsdex::Searcher searcher(dir / "index");
    const std::string fuzzed = read_file(regression("query-bad-date-range-after-minus.bin"));
    for (const std::string& query : {std::string("+date:2024-13-45"), std::string("harvest -date:2024-07-01..202x-07-31"),
                                     std::string("date:2024-13-45")}) {
        INFO(query);
        newsdex::SearchRequest request;
        request.query = query;
        CHECK_THROWS_AS(searcher.search(request), newsdex::QuerySyntaxError);
    }
    newsdex::SearchRequest as_fuzzed;  // the fuzzer's input: flags byte, then the query (with a NUL in it)
    as_fuzzed.query = fuzzed.substr(1);
    try {
        searcher.search(as_fuzzed);
    } catch (const newsdex::QuerySyntaxError&) {
    }
    newsdex::SearchRequest good;
    good.query = "harvest date:2024-07";  // and the parser still works afterwards
    CHECK(searcher.search(good).hits.size() == 1);
    const auto cli = run_command({newsdex::testing::query_tool(), "--db", dir / "index", "+date:2024-13-45"});
    CHECK(cli.exit_code == 2);
    CHECK(cli.err.find("is not a date (there is no month 13)") != std::string::npos);
}

TEST_CASE("a JSON date that is a number far outside any calendar gives no date, not undefined behaviour") {
    std::vector<std::string> notes;
    const auto huge = newsdex::read_json_articles("{\"title\": \"T\", \"body\": \"b\", \"date\": 1.7e110}", false, {}, notes);
    REQUIRE(huge.size() == 1);
    CHECK(huge[0].article.date.empty());
    const auto epoch = newsdex::read_json_articles("{\"title\": \"T\", \"body\": \"b\", \"date\": 1720051200}", false, {}, notes);
    REQUIRE(epoch.size() == 1);
    CHECK(epoch[0].article.date == "2024-07-04");
    // The input the fuzzer found reads without a crash.
    const std::string found = read_file(regression("json-huge-epoch-number.json"));
    CHECK_NOTHROW(newsdex::read_json_articles(found, true, {}, notes));
}

TEST_CASE("a numeric character reference beyond Unicode in HTML becomes a replacement character, never bad UTF-8") {
    // gumbo decodes "&#xD8008888...;" (an overflowing code point) to bytes that
    // are not UTF-8; they reached the article body (found by fuzz_html).
    for (const std::string& html :
         {read_file(regression("html-numeric-reference-beyond-unicode.html")),
          std::string("<html><head><title>T&#x110000000;</title></head><body><p>&#xD8008888888888 officials said.</p>"
                      "<p><a href=\"&#xFFFFFFFFF;\">link</a></p></body></html>")}) {
        const newsdex::Article article = newsdex::read_html(html);
        for (const std::string* field : {&article.title, &article.body, &article.date, &article.source,
                                         &article.author, &article.url, &article.language}) {
            CHECK(is_valid_utf8(*field));
        }
        CHECK(is_valid_utf8(newsdex::html_to_text(html)));
    }
    CHECK(newsdex::read_html("<p>&#xD8008888888888 officials said.</p>").body.find("officials said.") !=
          std::string::npos);
}
