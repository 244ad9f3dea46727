// Inputs that once crashed a parser (found with the fuzz targets in tests/fuzz/,
// kept in tests/data/fuzz-regressions/), each named after the behaviour that
// protects against it. Run under the sanitizers too (scripts/test-sanitizers).
#include "test_support.h"

#include "indexer/article_formats.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

using newsdex::testing::index_tool;
using newsdex::testing::read_file;
using newsdex::testing::run_command;
using newsdex::testing::source_path;

namespace {

std::string regression(const std::string& name) { return source_path("tests/data/fuzz-regressions/" + name); }

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
