// newsdex-query's output forms: --format templates, --count, JSON fields and
// the human format's width.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace {

const std::string& sample_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = dir / "index";
        const auto result = run_command({index_tool(), "--db", path, source_path("sample_corpus")});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return path;
    }();
    return db;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t columns(const std::string& line) {
    std::size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

TEST_CASE("--format prints one line per result from the template") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "--limit", "4", "--format",
                                     "{rank} {date} {title} {path}", "SCO", "Astana", "Putin"});
    CHECK(result.exit_code == 0);
    const auto lines = lines_of(result.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].rfind("1 2024-07-04 SCO leaders gather in Astana", 0) == 0);
    CHECK(lines[0].find("sco-leaders-gather-in-astana.txt") != std::string::npos);
    CHECK(lines[3].rfind("4 ", 0) == 0);

    const auto all = run_command({query_tool(), "--db", sample_db(), "--limit", "1", "--format",
                                  "{rank}\\t{score}\\t{source}\\t{author}\\t{url}\\t{places}\\t{people}\\t{duplicates}\\t{snippet}",
                                  "SCO", "Astana", "Putin"});
    const auto fields = lines_of(all.out);
    REQUIRE(fields.size() == 1);
    CHECK(std::count(fields[0].begin(), fields[0].end(), '\t') == 8);
    CHECK(fields[0].find("Vladimir Putin") != std::string::npos);
}

TEST_CASE("--format with an unknown placeholder is a usage error naming the placeholders") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "--format", "{headline}", "Putin"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("unknown placeholder {headline}") != std::string::npos);
    CHECK(result.err.find("{title}") != std::string::npos);
    CHECK(run_command({query_tool(), "--db", sample_db(), "--format", "{title", "Putin"}).exit_code == 2);
}

TEST_CASE("--count prints the number of matching articles only") {
    const auto count = run_command({query_tool(), "--db", sample_db(), "--count", "Guterres"});
    CHECK(count.exit_code == 0);
    const auto json = run_command({query_tool(), "--db", sample_db(), "--json", "--limit", "100", "Guterres"});
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(count.out == std::to_string(doc["results"].size()) + "\n");
    const auto none = run_command({query_tool(), "--db", sample_db(), "--count", "xylophonequartet"});
    CHECK(none.exit_code == 1);
    CHECK(none.out == "0\n");
}

TEST_CASE("--json keeps every documented field and adds duplicates and the correction") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "--json", "Jaishankar"});
    const auto doc = nlohmann::json::parse(result.out);
    for (const char* key : {"query", "estimated_total", "results", "corrected_query", "correction_applied"}) {
        CHECK_MESSAGE(doc.contains(key), key);
    }
    REQUIRE(!doc["results"].empty());
    for (const char* key : {"rank", "path", "title", "date", "score", "snippet", "highlights", "source", "author",
                            "url", "places", "people", "duplicates"}) {
        CHECK_MESSAGE(doc["results"][0].contains(key), key);
    }
    CHECK(doc["results"][0]["duplicates"] == 1);
    CHECK(doc["corrected_query"] == "");
    CHECK(doc["correction_applied"] == false);
}

TEST_CASE("the human format wraps snippets to the terminal width") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "Putin"}, "", {"COLUMNS=50"});
    CHECK(result.exit_code == 0);
    std::size_t snippet_lines = 0;
    for (const auto& line : lines_of(result.out)) {
        // Snippet lines are indented and hold neither the path nor the fields line.
        if (line.rfind("   ", 0) != 0 || line.find('/') != std::string::npos || line.find("people:") != std::string::npos ||
            line.find("places:") != std::string::npos) {
            continue;
        }
        ++snippet_lines;
        CHECK_MESSAGE(columns(line) <= 50, line);
    }
    CHECK(snippet_lines > 5);
}
