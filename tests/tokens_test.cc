// The one tokenizer of names and places (core/tokens.h): its words, their shape,
// and how its word boundaries relate to the index's (text::WordBreaker).
#include "core/text.h"
#include "core/tokens.h"
#include "indexer/data/place_text.h"
#include "indexer/name_tokens.h"

#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace newsdex;

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for (const text::Token& t : text::tokenize(text))
        if (t.word) out.emplace_back(text.substr(t.begin, t.end - t.begin));
    return out;
}

const text::Token& token_at(const std::vector<text::Token>& tokens, std::string_view text, std::string_view word) {
    for (const text::Token& t : tokens)
        if (text.substr(t.begin, t.end - t.begin) == word) return t;
    FAIL("no token " << word);
    return tokens.front();
}

// Where the index's words and the tokens of `text` disagree other than as
// core/tokens.h allows, as "[index word] at offset"; empty if nowhere. Each index
// word must lie inside one token, or run on past it only by a split the header
// names: a possessive 's, or a period before a capital ("J.Smith").
std::string first_unexplained_boundary(std::string_view text) {
    const std::vector<text::Token> tokens = text::tokenize(text);
    std::size_t k = 0;
    for (const text::WordSpan& word : text::thread_word_breaker().words(text)) {
        const std::string shown = "[" + std::string(text.substr(word.begin, word.end - word.begin)) + "] at " +
                                  std::to_string(word.begin);
        while (k < tokens.size() && tokens[k].end <= word.begin) ++k;
        // A possessive's skipped "'s" ("90's": the index reads "90" and "s").
        if (k > 0 && tokens[k - 1].possessive && word.begin >= tokens[k - 1].end &&
            (k == tokens.size() || word.end <= tokens[k].begin))
            continue;
        if (k == tokens.size() || tokens[k].begin > word.begin) return shown + ": in no token";
        std::size_t last = k;
        while (tokens[last].end < word.end) {
            const text::Token& t = tokens[last];
            const std::size_t cut = t.end_without_period();
            std::size_t next = last + 1;
            if (cut < text.size() && text[cut] == '.' && next < tokens.size() && !tokens[next].word) ++next;
            const bool period_before_capital = cut < text.size() && text[cut] == '.' && next < tokens.size() &&
                                               tokens[next].begin == cut + 1 && tokens[next].cap;
            if (t.possessive) break;  // the index word ends in the skipped 's
            if (!period_before_capital)
                return shown + ": runs past the token [" + std::string(text.substr(t.begin, t.end - t.begin)) + "]";
            last = next;
        }
    }
    return {};
}

}  // namespace

TEST_CASE("names keep their hyphens, inner apostrophes and initials in one word") {
    CHECK(words_of("Jean-Pierre O'Neill met J.R.R. Tolkien in Côte d’Ivoire") ==
          std::vector<std::string>{"Jean-Pierre", "O'Neill", "met", "J.R.R.", "Tolkien", "in", "Côte", "d’Ivoire"});
    const std::string text = "Mr. Smith of the U.S. and J. Doe";
    const auto tokens = text::tokenize(text);
    CHECK(token_at(tokens, text, "Mr.").abbreviation);
    CHECK(token_at(tokens, text, "Mr.").end_without_period() == 2);
    CHECK(token_at(tokens, text, "U.S.").dotted);
    CHECK_FALSE(token_at(tokens, text, "U.S.").initial);
    CHECK(token_at(tokens, text, "J.").initial);
    CHECK(token_at(tokens, text, "U.S.").all_caps);
}

TEST_CASE("a possessive 's is left outside the word, a bare apostrophe after an s too") {
    const std::string text = "Putin's plan, Jones' car and Starobil's'k";
    const auto tokens = text::tokenize(text);
    CHECK(words_of(text) == std::vector<std::string>{"Putin", "plan", "Jones", "car", "and", "Starobil's'k"});
    CHECK(token_at(tokens, text, "Putin").possessive);
    CHECK(token_at(tokens, text, "Jones").possessive);
    CHECK_FALSE(token_at(tokens, text, "Starobil's'k").possessive);
}

TEST_CASE("numbers, lower-case abbreviations and addresses are one word, as in the index") {
    CHECK(words_of("3.5 per cent of 1,000 at 9 a.m. on bbc.co.uk") ==
          std::vector<std::string>{"3.5", "per", "cent", "of", "1,000", "at", "9", "a.m", "on", "bbc.co.uk"});
    const std::string text = "On 22 May 1996";
    const auto tokens = text::tokenize(text);
    CHECK(token_at(tokens, text, "22").digits_only);
    CHECK_FALSE(text::tokenize("3.5").front().digits_only);
}

TEST_CASE("Chinese is one character a word, as the index reads it; a hyphen joins index words, digits too") {
    CHECK(words_of("习近平会见托卡耶夫 on 1996-08-22") ==
          std::vector<std::string>{"习", "近", "平", "会", "见", "托", "卡", "耶", "夫", "on", "1996-08-22"});
    CHECK(words_of("well-known, not - this") == std::vector<std::string>{"well-known", "not", "this"});
}

TEST_CASE("a period before a capital ends a word, even without a space after it") {
    CHECK(words_of("J.Smith said.The minister") == std::vector<std::string>{"J.", "Smith", "said", "The", "minister"});
}

TEST_CASE("punctuation marks are tokens and mark sentence starts; an escaped ampersand is one") {
    const std::string text = "He left. \"Then Smith\nWent home\" Standard &amp; Poor's";
    const auto tokens = text::tokenize(text);
    CHECK(token_at(tokens, text, "Then").sentence_start);
    CHECK_FALSE(token_at(tokens, text, "Smith").sentence_start);
    CHECK(token_at(tokens, text, "Went").newline_before);
    CHECK(token_at(tokens, text, "Went").sentence_start);
    CHECK_FALSE(token_at(tokens, text, "&amp;").word);
    CHECK(token_at(tokens, text, "Poor").possessive);
}

TEST_CASE("the gazetteer and the person finder read the same words") {
    const std::string text = "St. Petersburg's mayor, Jean-Pierre Smith, met U.S. envoys in Nur-Sultan & Guinea-Bissau.";
    std::vector<std::string> gazetteer, person_finder;
    for (const place_text::Word& w : place_text::split_words(text)) gazetteer.emplace_back(text.substr(w.begin, w.end - w.begin));
    for (const NameToken& t : name_tokens(text))
        if (t.word || text[t.begin] == '&') person_finder.emplace_back(text.substr(t.begin, t.end_without_period() - t.begin));
    CHECK(gazetteer == person_finder);
    CHECK(gazetteer.front() == "St");
    CHECK(place_text::fold_name("St. Petersburg’s") == "st petersburg's");
}

TEST_CASE("every word the index finds lies in one token, or crosses tokens only where the header says") {
    CHECK(first_unexplained_boundary("Putin's U.S. visit: J.Smith, 90's, Jean-Pierre, 3.5 and e.g. Mr.Smith").empty());
    const auto files = sample_text_files();
    for (const auto& file : files) {
        const std::string content = text::repair_utf8(read_file(file));
        const std::string difference = first_unexplained_boundary(content);
        CHECK_MESSAGE(difference.empty(), file.string() << ": " << difference);
    }
    CHECK(files.size() > 50);
}
