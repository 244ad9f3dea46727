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

using newsdex::testing::index_tool;
using newsdex::testing::read_file;
using newsdex::testing::run_command;
using newsdex::testing::source_path;

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
