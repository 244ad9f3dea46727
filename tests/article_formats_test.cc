// Reading articles from the file formats newsdex understands.
#include "indexer/article_formats.h"
#include "indexer/article_reader.h"
#include "test_support.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <doctest/doctest.h>

using namespace newsdex;

TEST_CASE("a plain-text article with a header block") {
    const Article a = read_plain_text(
        "Title: Leaders meet in Astana\nDate: 2024-07-04\nSource: Steppe Wire\nAuthor: A. Writer\n"
        "URL: https://example.org/a\nPlace: Astana; Kazakhstan\nPeople: Xi Jinping; Vladimir Putin\n\n"
        "First paragraph.\n\nSecond paragraph.\n");
    CHECK(a.title == "Leaders meet in Astana");
    CHECK(a.date == "2024-07-04");
    CHECK(a.source == "Steppe Wire");
    CHECK(a.author == "A. Writer");
    CHECK(a.url == "https://example.org/a");
    CHECK(a.places == std::vector<std::string>{"Astana", "Kazakhstan"});
    CHECK(a.people == std::vector<std::string>{"Xi Jinping", "Vladimir Putin"});
    CHECK(a.body == "First paragraph.\n\nSecond paragraph.");
}

TEST_CASE("without a header block the first line is the title") {
    const Article a = read_plain_text("\nBreaking: markets fall\n\nShares fell sharply on Monday.\r\n");
    CHECK(a.title == "Breaking: markets fall");
    CHECK(a.body == "Shares fell sharply on Monday.");
}

TEST_CASE("a header block without a title takes the first body line as title") {
    const Article a = read_plain_text("Date: 2024-01-02\n\nHeadline here\nBody text.");
    CHECK(a.date == "2024-01-02");
    CHECK(a.title == "Headline here");
    CHECK(a.body == "Body text.");
}

TEST_CASE("Markdown front matter gives the fields, and the body loses its markup") {
    const Article a = read_markdown(
        "---\ntitle: Belarus joins the SCO\ndate: 2024-07-04\nsource: Caspian Dispatch\n"
        "people:\n  - Alexander Lukashenko\nplaces: [Belarus, Astana]\n---\n"
        "# Belarus joins the SCO\n\nBelarus **became** a [member](https://x.org) on Thursday.\n\n- one\n- two\n");
    CHECK(a.title == "Belarus joins the SCO");
    CHECK(a.date == "2024-07-04");
    CHECK(a.source == "Caspian Dispatch");
    CHECK(a.people == std::vector<std::string>{"Alexander Lukashenko"});
    CHECK(a.places == std::vector<std::string>{"Belarus", "Astana"});
    CHECK(a.body == "Belarus became a member on Thursday.\n\none\ntwo");
}

TEST_CASE("Markdown without front matter takes its heading as title") {
    const Article a = read_markdown("# A headline\n\nSome *text*.\n");
    CHECK(a.title == "A headline");
    CHECK(a.body == "Some text.");
}

TEST_CASE("malformed front matter is an error that says where") {
    CHECK_THROWS_WITH_AS(read_markdown("---\ntitle: [unclosed\n---\nbody\n"),
                         doctest::Contains("front matter is not valid YAML"), Error);
}

TEST_CASE("files that are not articles are refused with a reason") {
    TempDir dir;
    IndexOptions options;
    write_file(dir / "empty.txt", "");
    write_file(dir / "image.txt", std::string("\x89PNG\0\0\0\0\0\0\0\0\0\0", 14));
    write_file(dir / "notes.pdf", "%PDF-1.4");
    options.max_file_size = 10;
    write_file(dir / "big.txt", "Title: big\n\nmore than ten bytes");
    CHECK_THROWS_WITH_AS(read_article_file(dir / "empty.txt", "empty.txt", {}), "empty file", NotAnArticle);
    CHECK_THROWS_WITH_AS(read_article_file(dir / "image.txt", "image.txt", {}), "binary file, not text", NotAnArticle);
    CHECK_THROWS_AS(read_article_file(dir / "notes.pdf", "notes.pdf", {}), NotAnArticle);
    CHECK_THROWS_WITH_AS(read_article_file(dir / "big.txt", "big.txt", options), doctest::Contains("--max-size"),
                         NotAnArticle);
}

TEST_CASE("invalid UTF-8 in a file is repaired and reported") {
    // UTF-8 with a stray Latin-1 byte: damaged UTF-8, not a Latin-1 file (that
    // one would be decoded; see text_encoding_test.cc).
    TempDir dir;
    write_file(dir / "damaged.txt", "Caf\xC3\xA9 soci\xC3\xA9t\xC3\xA9\n\nA story from Z\xFCrich.");
    const FileContents contents = read_article_file(dir / "damaged.txt", "damaged.txt", {});
    REQUIRE(contents.articles.size() == 1);
    CHECK(contents.articles[0].article.title == "Caf\xC3\xA9 soci\xC3\xA9t\xC3\xA9");
    CHECK(contents.articles[0].article.body == "A story from Z\xEF\xBF\xBDrich.");
    REQUIRE(contents.notes.size() == 1);
    CHECK(contents.notes[0] == "1 invalid UTF-8 sequence(s) replaced");
}

TEST_CASE("a stated date in any common form is normalised; one not understood is reported") {
    TempDir dir;
    write_file(dir / "a.txt", "Title: A\nDate: July 4, 2024\n\nBody.");
    write_file(dir / "b.txt", "Title: B\nDate: soon\n\nBody.");
    CHECK(read_article_file(dir / "a.txt", "a.txt", {}).articles[0].article.date == "2024-07-04");
    const FileContents b = read_article_file(dir / "b.txt", "b.txt", {});
    CHECK(b.articles[0].article.date.empty());
    REQUIRE(b.notes.size() == 1);
    CHECK(b.notes[0] == "date 'soon' not understood");
}
