// Removing what scrapers and sites leave around article text.
#include "indexer/article_reader.h"
#include "indexer/boilerplate.h"
#include "test_support.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <doctest/doctest.h>

using namespace newsdex;

TEST_CASE("the built-in rules are embedded and parse") {
    CHECK(BoilerplateRules::builtin().size() > 50);
}

TEST_CASE("ad markers, labels and teasers go; the wire credit stays") {
    const auto& rules = BoilerplateRules::builtin();
    std::size_t removed = 0;
    CHECK(rules.strip("[ad_1]\n\nFirst paragraph.\n\nADVERTISEMENT\n\nSecond.\n\nRead more: Other story\n\n"
                      "(Reporting by Jane Roe; Editing by John Doe)\n\n[ad_2]",
                      &removed) == "First paragraph.\n\nSecond.\n\n(Reporting by Jane Roe; Editing by John Doe)");
    CHECK(removed == 4);
}

TEST_CASE("a trailer drops itself and everything after it") {
    CHECK(BoilerplateRules::builtin().strip("Story text.\n\nSource link\n\nRelated Posts\nOther headline") ==
          "Story text.");
}

TEST_CASE("rules match whole lines, case-insensitively, ignoring surrounding space") {
    const auto& rules = BoilerplateRules::builtin();
    CHECK(rules.strip("Text.\n\n  share this ARTICLE \n\nMore.") == "Text.\n\nMore.");
    CHECK(rules.strip("Text.\n\nSign up for our newsletter to get the news first.\n\nMore.") == "Text.\n\nMore.");
    CHECK(rules.strip("Text.\n\nClick here to subscribe\n\nMore.") == "Text.\n\nMore.");
    CHECK(rules.strip("Text.\n\nFollow us on Twitter @wire\n\nMore.") == "Text.\n\nMore.");
    CHECK(rules.strip("Text.\n\n\u00a9 2024 Example Media. All rights reserved.") == "Text.");
    // Inside a sentence, the same words are the story.
    CHECK(rules.strip("He said advertisement revenue fell.\n\nRead more about it in the report.") ==
          "He said advertisement revenue fell.\n\nRead more about it in the report.");
}

TEST_CASE("text without boilerplate is returned untouched") {
    const std::string text = "Line one\nline two\n\n\n\nLast.\n";
    std::size_t removed = 7;
    CHECK(BoilerplateRules::builtin().strip(text, &removed) == text);
    CHECK(removed == 0);
}

TEST_CASE("user rules in every kind, and errors that name the line") {
    const BoilerplateRules rules = BoilerplateRules::parse(
        "# our scraper's leftovers\n\nline: Lire aussi\nprefix: Photo:\nregex: ^\\(\\d+ views\\)$\n"
        "trailer: -- END --\n",
        "mine.txt");
    CHECK(rules.size() == 4);
    CHECK(rules.strip("A.\nLIRE AUSSI\nPhoto: Reuters\n(123 views)\nB.\n-- END --\nfooter") == "A.\nB.");
    CHECK_THROWS_WITH_AS(BoilerplateRules::parse("line: ok\nsuffix: x\n", "mine.txt"),
                         "mine.txt line 2: unknown rule kind 'suffix' (kinds: line, prefix, regex, trailer)", Error);
    CHECK_THROWS_WITH_AS(BoilerplateRules::parse("regex: ([a-z\n", "mine.txt"),
                         doctest::Contains("mine.txt line 1: bad regex"), Error);
    CHECK_THROWS_WITH_AS(BoilerplateRules::parse("just text\n", "mine.txt"),
                         doctest::Contains("mine.txt line 1: expected 'kind: text'"), Error);
}

TEST_CASE("regex rules match lines that differ in case and in their optional and repeated parts") {
    // The rules skip lines lacking a pattern's literal runs before running the
    // regex; these lines have every part that may be absent, repeated or
    // differently cased, so a wrongly required run would keep one of them.
    const BoilerplateRules rules = BoilerplateRules::parse(
        "regex: ^photos?\\.? by \\w+ (for|via) [a-z]+$\n"
        "regex: ^(\\[more\\])+ ?stories\\b.{0,5}\\(\\d+\\)$\n"
        "regex: ^tags?:? +[-a-z, ]+$|^filed under\\.\\.\\.$\n",
        "mine.txt");
    CHECK(rules.strip("A.\nPHOTO BY Jane FOR Reuters\nPhotos. by J via ap\nB.") == "A.\nB.");
    CHECK(rules.strip("A.\n[More][MORE]Stories (12)\n[more] stories now (3)\nB.") == "A.\nB.");
    CHECK(rules.strip("A.\nTags    politics, the-budget\nFILED UNDER...\nB.") == "A.\nB.");
    // Lines that lack a required part stay.
    CHECK(rules.strip("A.\nPhoto Jane for Reuters\n[more] stories (x)\nFiled under.\nB.") ==
          "A.\nPhoto Jane for Reuters\n[more] stories (x)\nFiled under.\nB.");
}

TEST_CASE("a scraped post loses its markers and trailer when read") {
    const FileContents contents = read_article_file(source_path("tests/data/ingest/scraped_post.txt"), "s.txt", {});
    REQUIRE(contents.articles.size() == 1);
    const Article& a = contents.articles[0].article;
    CHECK(a.title == "U.S. and Kazakhstan sign critical minerals accord");
    CHECK(a.date == "2024-09-19");
    CHECK(a.body ==
          "WASHINGTON, Sept 19 (Reuters) - The United States and Kazakhstan signed an accord on Thursday to develop "
          "critical minerals, officials said.\n\n"
          "The agreement covers exploration of tungsten and rare earth deposits in the Central Asian country.\n\n"
          "(Reporting by David Lawder; Editing by Chizu Nomiyama)");
}

TEST_CASE("a marker on the first line of a plain-text file does not become the title") {
    TempDir dir;
    write_file(dir / "a.txt", "[ad_1]\nFloods hit Almaty\n\nRivers burst their banks.\n");
    const Article a = read_article_file(dir / "a.txt", "a.txt", {}).articles.at(0).article;
    CHECK(a.title == "Floods hit Almaty");
    CHECK(a.body == "Rivers burst their banks.");
}

TEST_CASE("boilerplate goes from every format's body, with the user's rules too") {
    TempDir dir;
    write_file(dir / "rules.txt", "line: Lire aussi\n");
    write_file(dir / "a.md", "# Title\n\nText.\n\nAdvertisement\n\nLire aussi\n\nMore.\n");
    write_file(dir / "a.json", R"({"title": "T", "body": "Text.\n\n[ad_1]\n\nLire aussi\n\nMore."})");
    write_file(dir / "a.html", "<title>T</title><p>Text.</p><p>Advertisement</p><p>Lire aussi</p><p>More.</p>");
    IndexOptions options;
    options.boilerplate_rules_file = dir / "rules.txt";
    for (const char* name : {"a.md", "a.json", "a.html"}) {
        CAPTURE(name);
        CHECK(read_article_file(dir / name, name, options).articles.at(0).article.body == "Text.\n\nMore.");
        CHECK(read_article_file(dir / name, name, {}).articles.at(0).article.body == "Text.\n\nLire aussi\n\nMore.");
    }
    options.boilerplate_rules_file = dir / "missing.txt";
    CHECK_THROWS_WITH_AS(read_article_file(dir / "a.md", "a.md", options),
                         doctest::Contains("cannot read the boilerplate rules file"), Error);
}

TEST_CASE("the sample corpus's scraped post ends with its last paragraph") {
    const FileContents contents = read_article_file(
        source_path("sample_corpus/business/nvidia-most-valuable-company.txt"), "nvidia.txt", {});
    const std::string& body = contents.articles.at(0).article.body;
    const std::string last = "Apple, which had briefly reclaimed second place last week after unveiling its own AI "
                             "features, slipped back to third.";
    REQUIRE(body.size() > last.size());
    CHECK(body.substr(body.size() - last.size()) == last);
}
