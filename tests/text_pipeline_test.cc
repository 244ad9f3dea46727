// The text pipeline that indexing and querying share.
#include "core/text.h"
#include "query/query_builder.h"

#include <doctest/doctest.h>

using namespace newsdex;

TEST_CASE("invalid UTF-8 is replaced, never passed on") {
    std::size_t replaced = 0;
    CHECK(text::repair_utf8("caf\xE9 au lait", &replaced) == "caf\xEF\xBF\xBD au lait");
    CHECK(replaced == 1);
    CHECK(text::repair_utf8("truncated \xE2\x82", &replaced) == "truncated \xEF\xBF\xBD");
    CHECK(text::repair_utf8(std::string("nul\0byte", 8), &replaced) == "nul\xEF\xBF\xBD" "byte");
    CHECK(text::repair_utf8("Erdoğan", &replaced) == "Erdoğan");
    CHECK(replaced == 0);
}

TEST_CASE("term keys fold case, accents and compatibility forms") {
    CHECK(text::term_key("António") == "antonio");
    CHECK(text::term_key("GUTERRES") == "guterres");
    CHECK(text::term_key("Erdoğan") == "erdogan");
    CHECK(text::term_key("Łódź") == "lodz");
    CHECK(text::term_key("Straße") == "strasse");
    CHECK(text::term_key("ＳＣＯ") == "sco");  // full-width letters
    CHECK(text::term_key("Путин") == "путин");
    CHECK(text::term_key("Ёлка") == "елка");
}

TEST_CASE("term keys drop possessives and abbreviation dots") {
    CHECK(text::term_key("Putin's") == "putin");
    CHECK(text::term_key("Kazakhstan’s") == "kazakhstan");
    CHECK(text::term_key("U.S") == "us");
    CHECK(text::term_key("3.5") == "3.5");
}

TEST_CASE("marks that carry meaning outside Latin, Greek and Cyrillic are kept") {
    // Devanagari vowel signs are combining marks, but removing them changes the word.
    CHECK(text::term_key("हिंदी") != "हद");
    CHECK(text::term_key("हिंदी").size() == std::string("हिंदी").size());
}

TEST_CASE("word breaking finds words, skips punctuation, and splits Chinese into characters") {
    auto& breaker = text::thread_word_breaker();
    const std::string sentence = "Putin, Xi and Guterres met in Astana.";
    auto words = breaker.words(sentence);
    REQUIRE(words.size() == 7);
    CHECK(sentence.substr(words[0].begin, words[0].end - words[0].begin) == "Putin");
    CHECK(sentence.substr(words[6].begin, words[6].end - words[6].begin) == "Astana");

    const std::string chinese = "习近平出席峰会";
    words = breaker.words(chinese);
    REQUIRE(words.size() == 7);
    CHECK(words[0].ideographic);
    CHECK(chinese.substr(words[0].begin, words[0].end - words[0].begin) == "习");
}

TEST_CASE("query text is folded like article text, keeping operators and making CJK runs phrases") {
    CHECK(fold_query_text("António AND Guterres") == "antonio AND guterres");
    CHECK(fold_query_text("people:Putin NOT Xi") == "people:putin NOT xi");
    CHECK(fold_query_text("\"Secretary-General\"") == "\"secretary-general\"");
    CHECK(fold_query_text("习近平") == "习-近-平");
    // Boolean filter values are exact: paths keep their case and dots.
    CHECK(fold_query_text("Crops path:\"News/Renamed.txt\" AND path:Archive/2024") ==
          "crops path:\"News/Renamed.txt\" AND path:Archive/2024");
}
