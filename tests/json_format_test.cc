// Reading JSON and JSON Lines exports: many articles per file, fields under
// whatever names the export uses.
#include "indexer/article_formats.h"
#include "indexer/article_reader.h"
#include "test_support.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <doctest/doctest.h>

using namespace newsdex;

namespace {

std::vector<FileArticle> read_json(const std::string& text, const FieldOverrides& overrides = {}) {
    std::vector<std::string> notes;
    return read_json_articles(text, false, overrides, notes);
}

}  // namespace

TEST_CASE("a NewsAPI export: articles under \"articles\", source.name, cut-off content") {
    std::vector<std::string> notes;
    const auto articles =
        read_json_articles(read_file(source_path("tests/data/ingest/newsapi_export.json")), false, {}, notes);
    REQUIRE(articles.size() == 2);
    const Article& first = articles[0].article;
    CHECK(articles[0].id_in_file == "item:0");
    CHECK(first.title == "Kazakhstan hosts SCO summit as Belarus joins bloc");
    CHECK(first.source == "Reuters");
    CHECK(first.author == "Olzhas Auyezov");
    CHECK(first.date == "2024-07-04T08:15:00Z");
    CHECK(first.url == "https://www.reuters.com/world/asia-pacific/kazakhstan-hosts-sco-summit-2024-07-04/");
    CHECK(first.body ==
          "ASTANA, July 4 (Reuters) - Kazakhstan hosted leaders of the Shanghai Cooperation Organisation on "
          "Thursday, with Belarus set to become the bloc's tenth member");
    const Article& second = articles[1].article;
    CHECK(articles[1].id_in_file == "item:1");
    CHECK(second.title == "Tokayev & Xi discuss trade corridors");  // entity decoded
    CHECK(second.source == "Caspian Dispatch");
    CHECK(second.author.empty());                                   // null
    CHECK(second.body == "The two leaders met in Astana before the summit.");  // HTML description, no content
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "item:2: no title or text, skipped");
}

TEST_CASE("a JSONL export: ids, lists of authors, epoch dates, HTML bodies, a malformed line") {
    std::vector<std::string> notes;
    const auto articles = read_json_articles(read_file(source_path("tests/data/ingest/archive_export.jsonl")), true,
                                             parse_field_overrides("body=story,date=pubdate"), notes);
    REQUIRE(articles.size() == 3);
    CHECK(articles[0].id_in_file == "sw-1001");
    CHECK(articles[0].article.title == "SCO leaders adopt Astana Declaration");
    CHECK(articles[0].article.body ==
          "ASTANA, July 4 - Leaders adopted the Astana Declaration on Thursday.\n\n"
          "The document sets out a development strategy until 2035.");
    CHECK(articles[0].article.date == "04/07/2024");
    CHECK(articles[0].article.author == "Aigerim Nurlanova; Tom Hale");
    CHECK(articles[0].article.source == "Steppe Wire");
    CHECK(articles[0].article.places == std::vector<std::string>{"Astana", "Kazakhstan"});

    CHECK(articles[1].id_in_file == "sw-1002");
    CHECK(articles[1].article.body ==
          "Vladimir Putin and Xi Jinping met on the sidelines of the summit.\n\nThey discussed energy supplies.");
    CHECK(articles[1].article.date == "2024-07-04");  // 1720080000 seconds
    CHECK(articles[1].article.people == std::vector<std::string>{"Vladimir Putin", "Xi Jinping"});

    CHECK(articles[2].id_in_file == "line:5");  // no id: its line
    CHECK(articles[2].article.title == "Iran takes part as full member for the first time");

    REQUIRE(notes.size() == 2);
    CHECK(notes[0].rfind("line 4: malformed JSON", 0) == 0);
    CHECK(notes[1] == "line:6: no title or text, skipped");
}

TEST_CASE("a JSONL file read from disk: ids kept, dates normalised, notes reported") {
    IndexOptions options;
    options.field_overrides = "body=story, date=pubdate";
    const FileContents contents =
        read_article_file(source_path("tests/data/ingest/archive_export.jsonl"), "export.jsonl", options);
    REQUIRE(contents.articles.size() == 3);
    CHECK(contents.articles[0].article.date == "2024-07-04");  // 04/07/2024: day first
    CHECK(contents.articles[0].article.path == "export.jsonl");
    CHECK(contents.articles[2].id_in_file == "line:5");
    CHECK(contents.notes.size() == 2);
}

TEST_CASE("one object is one article; an array gives item numbers") {
    const auto one = read_json(R"({"headline": "Solo", "articleBody": "Text.", "datePublished": "2024-01-01"})");
    REQUIRE(one.size() == 1);
    CHECK(one[0].id_in_file.empty());
    CHECK(one[0].article.title == "Solo");
    CHECK(one[0].article.body == "Text.");
    const auto list = read_json(R"([{"title": "A", "text": "a"}, {"title": "B", "text": "b", "_id": 7}])");
    REQUIRE(list.size() == 2);
    CHECK(list[0].id_in_file == "item:0");
    CHECK(list[1].id_in_file == "7");
}

TEST_CASE("common keys are found whatever their case and separators") {
    const auto a = read_json(
        R"({"Headline": "H", "Full_Text": "Body", "published_at": "2024-05-05", "Authors": [{"name": "A"}, "B"],
            "canonical_url": "https://x.example/h", "site_name": "Site", "Locations": "Astana; Almaty",
            "Persons": ["Ann Lee"], "UUID": "u-1", "lang": "de-DE"})");
    REQUIRE(a.size() == 1);
    CHECK(a[0].article.title == "H");
    CHECK(a[0].article.body == "Body");
    CHECK(a[0].article.date == "2024-05-05");
    CHECK(a[0].article.author == "A; B");
    CHECK(a[0].article.url == "https://x.example/h");
    CHECK(a[0].article.source == "Site");
    CHECK(a[0].article.places == std::vector<std::string>{"Astana", "Almaty"});
    CHECK(a[0].article.people == std::vector<std::string>{"Ann Lee"});
    CHECK(a[0].id_in_file == "u-1");
    CHECK(a[0].article.language == "de");
}

TEST_CASE("wrappers: items, results, data.articles, Elasticsearch hits") {
    CHECK(read_json(R"({"items": [{"title": "I"}]})").at(0).article.title == "I");
    CHECK(read_json(R"({"count": 1, "results": [{"title": "R"}]})").at(0).article.title == "R");
    CHECK(read_json(R"({"data": {"articles": [{"title": "D"}]}})").at(0).article.title == "D");
    const auto hits = read_json(R"({"hits": {"hits": [{"_id": "e1", "_source": {"title": "E", "body": "b"}}]}})");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id_in_file == "e1");
    CHECK(hits[0].article.title == "E");
    // A feed has a title of its own and a list of items: the items are the articles.
    const auto feed = read_json(R"({"title": "My feed", "items": [{"title": "F1"}, {"title": "F2"}]})");
    REQUIRE(feed.size() == 2);
    CHECK(feed[1].article.title == "F2");
}

TEST_CASE("field overrides name the export's keys, nested ones with dots") {
    const auto a = read_json(R"({"hed": "Title", "copy": {"text": "Body"}, "title": "Not this"})",
                             parse_field_overrides("title=hed,body=copy.text"));
    REQUIRE(a.size() == 1);
    CHECK(a[0].article.title == "Title");
    CHECK(a[0].article.body == "Body");
}

TEST_CASE("an override key no article has is reported once, and the common names still serve") {
    std::vector<std::string> notes;
    const auto a = read_json_articles(R"([{"title": "A", "text": "Body A"}, {"title": "B"}])", false,
                                      parse_field_overrides("body=story"), notes);
    REQUIRE(a.size() == 2);
    CHECK(a[0].article.body == "Body A");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "--field body=story: no article has the key 'story'");
}

TEST_CASE("parse_field_overrides explains what is wrong") {
    CHECK(parse_field_overrides("").empty());
    CHECK(parse_field_overrides(" body = story ,date=pubdate").at("body") == "story");
    CHECK_THROWS_WITH_AS(parse_field_overrides("bdy=story"),
                         "field override: unknown field 'bdy' (fields: title, body, date, author, url, source, places, "
                         "people, id)",
                         Error);
    CHECK_THROWS_WITH_AS(parse_field_overrides("body"), doctest::Contains("is not FIELD=KEY"), Error);
    CHECK_THROWS_WITH_AS(parse_field_overrides("body="), doctest::Contains("no key given for body"), Error);
    CHECK_THROWS_WITH_AS(parse_field_overrides("body=a,body=b"), doctest::Contains("given twice"), Error);
}

TEST_CASE("a malformed .json file is an error that says where") {
    CHECK_THROWS_WITH_AS(read_json("[\n  {\"title\": \"A\"},\n  {\"title\": B}\n]"),
                         doctest::Contains("malformed JSON at line 3, column 13"), Error);
    TempDir dir;
    write_file(dir / "bad.json", "{\"title\": ");
    CHECK_THROWS_AS(read_article_file(dir / "bad.json", "bad.json", {}), Error);
}

TEST_CASE("repeated ids in one file are kept apart by position") {
    std::vector<std::string> notes;
    const auto a = read_json_articles("{\"id\": 1, \"title\": \"A\"}\n{\"id\": 1, \"title\": \"B\"}\n", true, {}, notes);
    REQUIRE(a.size() == 2);
    CHECK(a[0].id_in_file == "1");
    CHECK(a[1].id_in_file == "line:2");
    CHECK(notes.size() == 1);
}

TEST_CASE("an id that is another article's place in the file still names one article only") {
    std::vector<std::string> notes;
    // Line 1 calls itself "line:2", line 2 has no id; line 4 calls itself "line:3", the place of line 3.
    const auto a = read_json_articles(
        "{\"id\": \"line:2\", \"title\": \"A\"}\n{\"title\": \"B\"}\n{\"title\": \"C\"}\n{\"id\": \"line:3\", \"title\": \"D\"}\n",
        true, {}, notes);
    REQUIRE(a.size() == 4);
    CHECK(a[0].id_in_file == "line:2");
    CHECK(a[1].id_in_file == "line:2.2");
    CHECK(a[2].id_in_file == "line:3");
    CHECK(a[3].id_in_file == "line:4");
    CHECK(notes.size() == 1);  // line 4's id, seen before
}

TEST_CASE("millisecond timestamps and non-object items") {
    std::vector<std::string> notes;
    const auto a = read_json_articles(R"([{"title": "T", "created_at": 1720080000000}, 42, "text"])", false, {}, notes);
    REQUIRE(a.size() == 1);
    CHECK(a[0].article.date == "2024-07-04");
    CHECK(notes == std::vector<std::string>{"item:1: not a JSON object, skipped", "item:2: not a JSON object, skipped"});
}

TEST_CASE("JSON and JSON Lines extensions; a file with no articles is skipped") {
    CHECK(format_of("export.json") == ArticleFormat::Json);
    CHECK(format_of("export.JSONL") == ArticleFormat::JsonLines);
    CHECK(format_of("export.ndjson") == ArticleFormat::JsonLines);
    TempDir dir;
    write_file(dir / "none.json", "[]");
    CHECK_THROWS_AS(read_article_file(dir / "none.json", "none.json", {}), NotAnArticle);
    IndexOptions options;
    options.field_overrides = "nope=x";
    write_file(dir / "one.json", "{\"title\": \"A\"}");
    CHECK_THROWS_WITH_AS(read_article_file(dir / "one.json", "one.json", options),
                         doctest::Contains("unknown field 'nope'"), Error);
}

TEST_CASE("only a real NewsAPI truncation marker is cut from the text") {
    const auto a = read_json(R"([{"title": "A", "content": "Text ends here... [+120 chars]"},
                                 {"title": "B", "content": "Price rose [+5%] today"},
                                 {"title": "C", "content": "See [+12 chars] in the middle, not the end"}])");
    REQUIRE(a.size() == 3);
    CHECK(a[0].article.body == "Text ends here");
    CHECK(a[1].article.body == "Price rose [+5%] today");
    CHECK(a[2].article.body == "See [+12 chars] in the middle, not the end");
}

TEST_CASE("a UTF-16 surrogate escape cut from its pair costs one character, not the article") {
    std::vector<std::string> notes;
    const std::string lines =
        "{\"title\": \"Harbour \\ud83d opens\", \"text\": \"Boats \\ude00 return.\"}\n"
        "{\"title\": \"Pair \\ud83d\\ude00 kept\", \"text\": \"A written \\\\ud800 stays text.\"}\n"
        "{\"title\": \"Still broken\", \"text\": \"\\ud800\" oops}\n";
    const auto articles = read_json_articles(lines, true, {}, notes);
    REQUIRE(articles.size() == 2);
    CHECK(articles[0].article.title == "Harbour \xEF\xBF\xBD opens");
    CHECK(articles[0].article.body == "Boats \xEF\xBF\xBD return.");
    CHECK(articles[1].article.title == "Pair \xF0\x9F\x98\x80 kept");  // U+1F600
    CHECK(articles[1].article.body == "A written \\ud800 stays text.");
    REQUIRE(notes.size() == 1);  // the line malformed otherwise is still reported
    CHECK(notes[0].find("line 3: malformed JSON") != std::string::npos);
    // A whole .json document the same way.
    const auto one = read_json("{\"title\": \"Lone \\udbff\", \"text\": \"Body.\"}");
    REQUIRE(one.size() == 1);
    CHECK(one[0].article.title == "Lone \xEF\xBF\xBD");
}
