// The text pipeline that indexing and querying share.
#include "core/text.h"
#include "query/query_builder.h"

#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace newsdex;

namespace {

// Where two word splits of `text` first differ, shown as the words each found there; empty if they agree.
std::string first_difference(const std::string& text, const std::vector<text::WordSpan>& fast,
                             const std::vector<text::WordSpan>& icu) {
    auto show = [&](const std::vector<text::WordSpan>& spans, std::size_t i) -> std::string {
        if (i >= spans.size()) return "(no more words)";
        const auto& span = spans[i];
        return "[" + text.substr(span.begin, span.end - span.begin) + "]" + (span.ideographic ? " ideographic" : "");
    };
    for (std::size_t i = 0; i < std::max(fast.size(), icu.size()); ++i) {
        const bool same = i < fast.size() && i < icu.size() && fast[i].begin == icu[i].begin &&
                          fast[i].end == icu[i].end && fast[i].ideographic == icu[i].ideographic;
        if (!same) return "word " + std::to_string(i) + ": fast " + show(fast, i) + ", ICU " + show(icu, i);
    }
    return {};
}

}  // namespace

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

TEST_CASE("the fast ASCII word breaker agrees with ICU on every short string of word-relevant characters") {
    // Letters, digits and each ASCII character with a word-break role of its own.
    const std::string alphabet = "aZ1.':,;_@ -\"\t";
    auto& breaker = text::thread_word_breaker();
    std::string sample;
    std::size_t compared = 0, disagreements = 0;
    std::vector<std::size_t> digits;
    for (std::size_t length = 1; length <= 5; ++length) {
        digits.assign(length, 0);
        while (true) {
            sample.clear();
            for (std::size_t d : digits) sample += alphabet[d];
            ++compared;
            const std::string difference = first_difference(sample, breaker.words(sample), breaker.icu_words(sample));
            if (!difference.empty() && ++disagreements <= 5) CHECK_MESSAGE(false, "on [" << sample << "] " << difference);
            std::size_t position = 0;
            while (position < length && ++digits[position] == alphabet.size()) digits[position++] = 0;
            if (position == length) break;
        }
    }
    CHECK(disagreements == 0);
    CHECK(compared > 500000);
}

TEST_CASE("the word breaker agrees with ICU on mixed-script text, combining marks and real articles") {
    auto& breaker = text::thread_word_breaker();
    // Pieces that stress the places where ASCII meets other scripts.
    const std::vector<std::string> pieces = {
        "a", "Z", "7", ".", "'", ":", ",", " ", "  ", "\n", "\r\n", "\t", "_", "-", "\"",
        "é", "e\xCC\x81", " \xCC\x81", "’", "“", "—", "Путин", "習近平", "東京タワー", "ภาษาไทย",
        "שלום", "צה\"ל", "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
        "\xE2\x80\x8D", "\xC2\xAD", "ｆｕｌｌ", "١٢٣", "U.S.", "3,5", "don't", "a:b"};
    std::mt19937 random(20261129);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), length(1, 12);
    std::size_t disagreements = 0;
    for (int round = 0; round < 30000; ++round) {
        std::string sample;
        for (std::size_t i = length(random); i > 0; --i) sample += pieces[pick(random)];
        const std::string difference = first_difference(sample, breaker.words(sample), breaker.icu_words(sample));
        if (!difference.empty() && ++disagreements <= 5) CHECK_MESSAGE(false, "on [" << sample << "] " << difference);
    }
    CHECK(disagreements == 0);

    // Any ASCII character at all, control characters included.
    std::uniform_int_distribution<int> ascii(1, 127);
    for (int round = 0; round < 30000; ++round) {
        std::string sample;
        for (std::size_t i = length(random) * 3; i > 0; --i) sample += static_cast<char>(ascii(random));
        const std::string difference = first_difference(sample, breaker.words(sample), breaker.icu_words(sample));
        if (!difference.empty() && ++disagreements <= 5) CHECK_MESSAGE(false, "on [" << sample << "] " << difference);
    }
    CHECK(disagreements == 0);

    const auto files = sample_text_files();
    for (const auto& file : files) {
        const std::string content = text::repair_utf8(read_file(file));
        const std::string difference = first_difference(content, breaker.words(content), breaker.icu_words(content));
        CHECK_MESSAGE(difference.empty(), file.string() << ": " << difference);
    }
    CHECK(files.size() > 50);
}
