// The command line's rough edges, found by new users and adversaries
// (issues 12 and 13): what the tools print for hostile names and titles,
// paging and counting at the edges, and how they word what they refuse.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

using newsdex::testing::index_tool;
using newsdex::testing::query_tool;
using newsdex::testing::run_command;
using newsdex::testing::source_path;
using newsdex::testing::TempDir;
using newsdex::testing::write_file;

namespace {

bool has_raw_control(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return (b < 0x20 && c != '\n') || b == 0x7F;
    });
}

std::string base64_decode(const std::string& text) {
    static const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') break;
        buffer = (buffer << 6) | static_cast<unsigned>(digits.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("a title with terminal escape sequences is printed escaped, never raw") {
    TempDir dir;
    write_file(dir / "news/evil.txt",
               "Title: Summit \x1b]0;pwned\x07\x1b[2J news\n\nLeaders met at the summit \x1b[31mred\x1b[0m today.");
    REQUIRE(run_command({index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
    const auto human = run_command({query_tool(), "--db", dir / "index", "summit"});
    CHECK(human.exit_code == 0);
    CHECK_FALSE(has_raw_control(human.out));
    CHECK(human.out.find("Summit \\x1B]0;pwned\\x07\\x1B[2J news") != std::string::npos);
    const auto formatted = run_command({query_tool(), "--db", dir / "index", "--format", "{title}|{snippet}", "summit"});
    CHECK_FALSE(has_raw_control(formatted.out));
    CHECK(formatted.out.find("\\x1B[31mred") != std::string::npos);
    // JSON keeps the exact title: its escapes are JSON's own.
    const auto json = nlohmann::json::parse(run_command({query_tool(), "--db", dir / "index", "--json", "summit"}).out);
    CHECK(json["results"][0]["title"] == "Summit \x1b]0;pwned\x07\x1b[2J news");
}

TEST_CASE("a path with a newline stays on one --format line and is shown escaped") {
    TempDir dir;
    write_file(dir / "news/two\nlines.txt", "Title: Harvest\n\nThe harvest was early this year.");
    write_file(dir / "news/plain.txt", "Title: Harvest two\n\nAnother harvest story.");
    REQUIRE(run_command({index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
    const auto result = run_command({query_tool(), "--db", dir / "index", "--format", "{path}", "harvest"});
    CHECK(result.exit_code == 0);
    CHECK(count_lines(result.out) == 2);
    CHECK(result.out.find("two\\nlines.txt") != std::string::npos);
}

TEST_CASE("a file name that is not UTF-8 keeps its exact bytes in JSON as path_bytes") {
    TempDir dir;
    const std::string name = "bad\xFF\xFEutf8.txt";
    write_file(dir / ("news/" + name), "Title: Orchard\n\nApples from the orchard.");
    write_file(dir / "news/good.txt", "Title: Orchard two\n\nPears from the orchard.");
    REQUIRE(run_command({index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
    const auto json = nlohmann::json::parse(run_command({query_tool(), "--db", dir / "index", "--json", "orchard"}).out);
    REQUIRE(json["results"].size() == 2);
    bool seen_bad = false;
    for (const auto& hit : json["results"]) {
        const std::string path = hit["path"];
        if (path.find("good.txt") != std::string::npos) {
            CHECK_FALSE(hit.contains("path_bytes"));  // only where the text form is not faithful
            continue;
        }
        seen_bad = true;
        CHECK(path.find("bad\xEF\xBF\xBD\xEF\xBF\xBDutf8.txt") != std::string::npos);
        REQUIRE(hit.contains("path_bytes"));
        const std::string bytes = base64_decode(hit["path_bytes"]);
        CHECK(bytes == dir / ("news/" + name));
        CHECK(std::filesystem::exists(bytes));
    }
    CHECK(seen_bad);
    const auto human = run_command({query_tool(), "--db", dir / "index", "orchard"});
    CHECK(human.out.find("bad\\xFF\\xFEutf8.txt") != std::string::npos);

    const auto dry = run_command({index_tool(), "--dry-run", "--json", dir / ("news/" + name)});
    REQUIRE(dry.exit_code == 0);
    const auto article = nlohmann::json::parse(dry.out);
    CHECK(base64_decode(article["path_bytes"]) == dir / ("news/" + name));
}

TEST_CASE("newsdex-index escapes control characters in the names on its problem lines") {
    TempDir dir;
    write_file(dir / "news/empty\x1b[2J.txt", "");
    write_file(dir / "news/ok.txt", "Title: Fine\n\nA fine article.");
    const auto result = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("empty\\x1B[2J.txt: skipped: empty file") != std::string::npos);
    CHECK_FALSE(has_raw_control(result.err));
}
