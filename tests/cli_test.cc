// The two command-line tools, run as a user runs them.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

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

}  // namespace

TEST_CASE("newsdex-index ends with a summary line") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: One\n\nText one.");
    write_file(dir / "news/b.md", "---\ntitle: Two\n---\nText two.");
    write_file(dir / "news/empty.txt", "");
    write_file(dir / "news/photo.jpg", "\xFF\xD8\xFF");
    const auto first = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("2 indexed, 0 unchanged, 0 renamed, 0 deleted, 2 skipped, 0 failed (files: 2 new, 0 modified)") == 0);
    CHECK(first.err.find("empty.txt: skipped: empty file") != std::string::npos);
    CHECK(first.err.find("photo.jpg") == std::string::npos);  // not an article: only with --verbose

    const auto second = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(second.out.find("0 indexed, 2 unchanged, 0 renamed, 0 deleted, 2 skipped, 0 failed") == 0);
    CHECK(second.out.find("2 articles in") != std::string::npos);
}

TEST_CASE("newsdex-index is silent when piped, but for problems and the summary") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: One\n\nText one.");
    const auto clean = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.empty());  // no progress line: stderr is not a terminal
    const auto quiet = run_command({index_tool(), "--quiet", "--db", dir / "index", dir / "news"});
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());
}

TEST_CASE("on a terminal newsdex-index shows progress: files done of total, rate and time left") {
    if (!std::filesystem::exists("/usr/bin/script")) return;  // util-linux's script gives the tool a terminal
    TempDir dir;
    for (int n = 0; n < 5; ++n) write_file(dir / ("news/" + std::to_string(n) + ".txt"), "Title: T\n\nText.");
    const std::string command = index_tool() + " --db " + (dir / "index") + " " + (dir / "news");
    const auto result = run_command({"/usr/bin/script", "-qec", command, "/dev/null"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("5/5 files") != std::string::npos);
    CHECK(result.out.find("files/s") != std::string::npos);
    CHECK(result.out.find("ETA") != std::string::npos);
}

TEST_CASE("newsdex-index reports a file with invalid UTF-8 and indexes it") {
    TempDir dir;
    // UTF-8 with one stray byte: damaged UTF-8, not a legacy encoding.
    write_file(dir / "news/damaged.txt", "Title: Zürich bankers\n\nA story about banks in Zürich \xFF and Genève.");
    const auto result = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("damaged.txt: note: 1 invalid UTF-8 sequence(s) replaced") != std::string::npos);
    CHECK(result.out.find("1 indexed") == 0);
    const auto found = run_command({query_tool(), "--db", dir / "index", "bankers"});
    CHECK(found.exit_code == 0);
}

TEST_CASE("newsdex-index exit status: 1 when a file failed, 2 for usage errors") {
    TempDir dir;
    write_file(dir / "news/bad.md", "---\ntitle: [broken\n---\nbody\n");
    write_file(dir / "news/good.txt", "Title: fine\n\nbody");
    const auto failed = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(failed.exit_code == 1);
    CHECK(failed.err.find("bad.md: failed: front matter is not valid YAML") != std::string::npos);
    CHECK(failed.out.find("1 indexed, 0 unchanged, 0 renamed, 0 deleted, 0 skipped, 1 failed") == 0);

    CHECK(run_command({index_tool(), "--db", dir / "index"}).exit_code == 2);
    CHECK(run_command({index_tool(), "--no-such-option", "x"}).exit_code == 2);
    const auto missing = run_command({index_tool(), "--db", dir / "index", dir / "does-not-exist"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("no such file or folder") != std::string::npos);
}

TEST_CASE("newsdex-query prints the Astana summit report first") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "SCO", "Astana", "Putin"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.rfind("1. SCO leaders gather in Astana", 0) == 0);
    CHECK(result.out.find("sco-leaders-gather-in-astana.txt") != std::string::npos);
    CHECK(result.out.find("\033[") == std::string::npos);  // piped: no colour codes
}

TEST_CASE("newsdex-query highlights in bold only when asked or on a terminal, and respects NO_COLOR") {
    const auto forced = run_command({query_tool(), "--db", sample_db(), "--color", "always", "Putin"});
    CHECK(forced.out.find("\033[1mPutin\033[0m") != std::string::npos);
    const auto never = run_command({query_tool(), "--db", sample_db(), "--color", "never", "Putin"});
    CHECK(never.out.find("\033[") == std::string::npos);
    const auto no_color = run_command({query_tool(), "--db", sample_db(), "Putin"}, "", {"NO_COLOR=1"});
    CHECK(no_color.out.find("\033[") == std::string::npos);
}

TEST_CASE("newsdex-query --json prints the documented object") {
    const auto result = run_command({query_tool(), "--db", sample_db(), "--json", "--limit", "3", "Guterres"});
    CHECK(result.exit_code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    CHECK(doc["query"] == "Guterres");
    CHECK(doc["estimated_total"].get<int>() >= 3);
    REQUIRE(doc["results"].size() == 3);
    for (const auto& hit : doc["results"]) {
        for (const char* key : {"rank", "path", "title", "date", "score", "snippet", "highlights"}) {
            CHECK_MESSAGE(hit.contains(key), key);
        }
        CHECK(hit["score"].is_number());
        for (const auto& h : hit["highlights"]) {
            const std::string snippet = hit["snippet"];
            CHECK(snippet.substr(h[0].get<size_t>(), h[1].get<size_t>() - h[0].get<size_t>()) == "Guterres");
        }
    }
    CHECK(doc["results"][0]["rank"] == 1);
}

TEST_CASE("newsdex-query exit status: 0 found, 1 nothing found, 2 error") {
    CHECK(run_command({query_tool(), "--db", sample_db(), "Astana"}).exit_code == 0);
    const auto nothing = run_command({query_tool(), "--db", sample_db(), "xylophonequartet"});
    CHECK(nothing.exit_code == 1);
    CHECK(nothing.err.find("nothing found") != std::string::npos);
    TempDir dir;
    const auto no_index = run_command({query_tool(), "--db", dir / "missing", "Astana"});
    CHECK(no_index.exit_code == 2);
    CHECK(no_index.err.find("no index at") != std::string::npos);
    CHECK(run_command({query_tool(), "--db", sample_db()}).exit_code == 2);
    CHECK(run_command({query_tool(), "--db", sample_db(), "--sort", "sideways", "x"}).exit_code == 2);
    const auto help = run_command({query_tool(), "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Exit status: 0 results found, 1 nothing found, 2 error") != std::string::npos);
    CHECK(help.out.find("people:") != std::string::npos);
}

TEST_CASE("without --db both tools use NEWSDEX_DB") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: Default index\n\nThe default index works.");
    const std::string env = "NEWSDEX_DB=" + (dir / "default-index");
    CHECK(run_command({index_tool(), dir / "news"}, "", {env}).exit_code == 0);
    const auto result = run_command({query_tool(), "default", "index"}, "", {env});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Default index") != std::string::npos);
}

TEST_CASE("newsdex-index --dry-run --json shows an article's fields without indexing") {
    TempDir dir;
    const auto result = run_command({index_tool(), "--db", dir / "index", "--dry-run", "--json", "-"},
                                    "Title: Summit\nDate: 4 July 2024\n\nLeaders met.\n");
    CHECK(result.exit_code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    CHECK(doc["title"] == "Summit");
    CHECK(doc["date"] == "2024-07-04");
    CHECK(doc["path"] == "-");
    CHECK(doc["people"].is_array());
    CHECK(doc["places"].is_array());
    CHECK(!std::filesystem::exists(dir / "index"));
}
