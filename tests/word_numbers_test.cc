// WordNumbers, the word table of the indexer's per-word look-ups (stems, spelling counts).
#include "indexer/word_numbers.h"

#include <doctest/doctest.h>

#include <string>

using namespace newsdex;

TEST_CASE("words are numbered in order of first sight and keep their number") {
    WordNumbers words;
    CHECK(words.insert("putin") == std::make_pair(0u, true));
    CHECK(words.insert("kremlin") == std::make_pair(1u, true));
    CHECK(words.insert("putin") == std::make_pair(0u, false));
    CHECK(words.insert("") == std::make_pair(2u, true));
    CHECK(words.size() == 3);
    CHECK(words.word(1) == "kremlin");
}

TEST_CASE("words longer than a slot holds are told apart by all their bytes") {
    WordNumbers words;
    const std::string longest_inline(WordNumbers::kInlineBytes, 'a');
    const std::string a = "internationalisation-of-everything-a", b = "internationalisation-of-everything-b";
    const auto first = words.insert(a).first;
    CHECK(words.insert(b) == std::make_pair(first + 1, true));
    CHECK(words.insert(longest_inline) == std::make_pair(first + 2, true));
    CHECK(words.insert(longest_inline + "a") == std::make_pair(first + 3, true));
    CHECK(words.insert(a) == std::make_pair(first, false));
    CHECK(words.insert(longest_inline + "a").first == first + 3);
    CHECK(words.word(first + 1) == b);
}

TEST_CASE("a table grown far past its first slots finds every word it was given") {
    WordNumbers words;
    constexpr std::uint32_t kWords = 100000;  // the first array has 1,024 slots: many doublings
    for (std::uint32_t n = 0; n < kWords; ++n) {
        const std::string word = (n % 3 ? "w" : "a-much-longer-word-than-a-slot-holds-") + std::to_string(n);
        REQUIRE(words.insert(word) == std::make_pair(n, true));
    }
    for (std::uint32_t n = 0; n < kWords; n += 7) {
        const std::string word = (n % 3 ? "w" : "a-much-longer-word-than-a-slot-holds-") + std::to_string(n);
        REQUIRE(words.insert(word) == std::make_pair(n, false));
        REQUIRE(words.word(n) == word);
    }
    CHECK(words.size() == kWords);
    words.clear();
    CHECK(words.size() == 0);
    CHECK(words.insert("w5") == std::make_pair(0u, true));
}
