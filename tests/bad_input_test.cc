// Bad input: every nasty file is reported once with its path and reason, the
// run goes on, the summary counts it, and nothing already indexed is lost.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <thread>
#include <chrono>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

// The committed nasty files plus those that must be made on the spot
// (oversized, symlink loops, a link to nowhere).
fs::path nasty_folder(const TempDir& dir) {
    const fs::path folder = dir.path() / "nasty";
    fs::copy(source_path("tests/data/nasty"), folder);
    write_file(folder / "oversized.txt", "Title: Too big\n\n" + std::string(4096, 'x'));
    fs::create_directory_symlink(".", folder / "loop-dir");
    fs::create_symlink("loop-b.txt", folder / "loop-a.txt");
    fs::create_symlink("loop-a.txt", folder / "loop-b.txt");
    fs::create_symlink("does-not-exist.txt", folder / "dangling.txt");
    return folder;
}

std::map<std::string, FileEvent> events_by_file(const IndexReport& report) {
    std::map<std::string, FileEvent> events;
    for (const auto& event : report.notices) {
        const std::string name = fs::path(event.path).filename().string();
        CHECK_MESSAGE(!events.count(name), name << " reported twice");
        events.emplace(name, event);
    }
    return events;
}

}  // namespace

TEST_CASE("each nasty input is reported once with its reason, and the good ones are indexed") {
    TempDir dir;
    const fs::path folder = nasty_folder(dir);
    IndexOptions options;
    options.max_file_size = 3000;
    Indexer indexer(dir / "index", options);
    const IndexReport report = indexer.index_paths({folder.string()});
    const auto events = events_by_file(report);

    auto reason = [&](const std::string& name) {
        REQUIRE_MESSAGE(events.count(name), name << " was not reported");
        return events.at(name).reason;
    };
    auto outcome = [&](const std::string& name) { return events.at(name).outcome; };

    CHECK(reason("binary-image.txt") == "binary file, not text");
    CHECK(outcome("binary-image.txt") == FileOutcome::Skipped);
    CHECK(reason("empty.txt") == "empty file");
    CHECK(reason("whitespace-only.md") == "empty file");
    CHECK(reason("oversized.txt").find("--max-size") != std::string::npos);
    CHECK(outcome("oversized.txt") == FileOutcome::Skipped);
    CHECK(reason("invalid-utf8.txt").find("invalid UTF-8") != std::string::npos);
    CHECK(outcome("invalid-utf8.txt") == FileOutcome::Added);
    CHECK(outcome("nul-bytes.txt") == FileOutcome::Added);
    // A NUL is binary damage, not an encoding problem: said as such.
    CHECK(reason("nul-bytes.txt").find("NUL byte(s) replaced") != std::string::npos);
    CHECK(reason("nul-bytes.txt").find("invalid UTF-8") == std::string::npos);
    CHECK(reason("malformed.json").find("JSON") != std::string::npos);
    CHECK(outcome("malformed.json") == FileOutcome::Failed);
    CHECK(reason("export.jsonl").find("line 2") != std::string::npos);
    CHECK(outcome("export.jsonl") == FileOutcome::Added);
    CHECK(reason("bad-front-matter.md").find("front matter is not valid YAML") != std::string::npos);
    CHECK(outcome("bad-front-matter.md") == FileOutcome::Failed);
    CHECK(reason("loop-a.txt") == "broken or looping symbolic link");
    CHECK(reason("loop-b.txt") == "broken or looping symbolic link");
    CHECK(reason("dangling.txt") == "broken or looping symbolic link");
    CHECK(!events.count("malformed.html"));  // HTML5 parsing recovers, as browsers do
    CHECK(!events.count("good.txt"));

    // good.txt, nul-bytes.txt, invalid-utf8.txt, malformed.html and two lines of export.jsonl.
    CHECK(report.indexed == 6);
    CHECK(report.failed == 5);
    CHECK(report.skipped == 4);
    CHECK(indexer.document_count() == 6);
}

TEST_CASE("a file with no letter or digit is skipped as no text, not indexed as an article titled U+FFFD") {
    TempDir dir;
    write_file(dir / "news/bom-and-a-byte.txt", std::string("\xFF\xFE\x00", 3));  // UTF-16 mark, half a character
    write_file(dir / "news/replacement-only.txt", "\xEF\xBF\xBD\n");
    write_file(dir / "news/rules.md", "--- ---\n\n* * *\n\n...\n");
    write_file(dir / "news/year.txt", "Title: 2024\n\n...\n");  // a number is searchable: an article
    Indexer indexer(dir / "index");
    const IndexReport report = indexer.index_paths({dir / "news"});
    const auto events = events_by_file(report);
    for (const char* name : {"bom-and-a-byte.txt", "replacement-only.txt", "rules.md"}) {
        CAPTURE(name);
        REQUIRE(events.count(name));
        CHECK(events.at(name).outcome == FileOutcome::Skipped);
        CHECK(events.at(name).reason.rfind("no text: no letter or digit", 0) == 0);
    }
    CHECK(report.indexed == 1);
    CHECK(indexer.document_count() == 1);
}

TEST_CASE("the CLI reports bad files on stderr, counts them, and exits 1 when any failed") {
    TempDir dir;
    const fs::path folder = nasty_folder(dir);
    const auto result = run_command({index_tool(), "--db", dir / "index", "--max-size", "3000", folder.string()});
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("6 indexed") == 0);
    CHECK(result.out.find("4 skipped, 5 failed") != std::string::npos);
    CHECK(result.err.find("malformed.json: failed: ") != std::string::npos);
    CHECK(result.err.find("binary-image.txt: skipped: binary file, not text") != std::string::npos);
    const auto found = run_command({query_tool(), "--db", dir / "index", "--json", "harvest"});
    CHECK(found.exit_code == 0);
}

TEST_CASE("a file that breaks on re-indexing keeps its previous article") {
    TempDir dir;
    write_file(dir / "news/a.md", "---\ntitle: First\n---\nThe harvest was early.\n");
    {
        Indexer indexer(dir / "index");
        CHECK(indexer.index_paths({dir / "news"}).indexed == 1);
    }
    write_file(dir / "news/a.md", "---\ntitle: [broken\n---\nThe harvest was late.\n");
    Indexer indexer(dir / "index");
    const IndexReport report = indexer.index_paths({dir / "news"});
    CHECK(report.failed == 1);
    CHECK(indexer.document_count() == 1);
    Searcher searcher(dir / "index");
    SearchRequest request;
    request.query = "harvest";
    REQUIRE(searcher.search(request).hits.size() == 1);
    CHECK(searcher.search(request).hits[0].article.title == "First");
}

TEST_CASE("a file vanishing during the run is reported and the run goes on") {
    TempDir dir;
    for (int n = 0; n < 4; ++n) {
        write_file(dir.path() / "news" / ("f" + std::to_string(n) + ".txt"), "Title: T\n\nThe harvest " + std::to_string(n));
    }
    IndexOptions options;
    options.threads = 1;  // files are read in order, right after the previous one is written
    Indexer indexer(dir / "index", options);
    const IndexReport report = indexer.index_paths({dir / "news"}, [&](const FileEvent& event, std::size_t, std::size_t) {
        if (fs::path(event.path).filename() == "f1.txt") fs::remove(dir.path() / "news/f2.txt");
    });
    CHECK(report.indexed == 3);
    CHECK(report.failed == 1);
    REQUIRE(report.notices.size() == 1);
    CHECK(fs::path(report.notices[0].path).filename() == "f2.txt");
    CHECK(report.notices[0].reason.find("removed during the run") != std::string::npos);
}

TEST_CASE("a file nobody may read is reported, as a user without root sees it") {
    if (::geteuid() != 0 || !fs::exists("/usr/bin/setpriv")) return;  // needs root to become another user
    TempDir dir;
    write_file(dir / "news/secret.txt", "Title: Secret\n\nNo one may read this.");
    write_file(dir / "news/open.txt", "Title: Open\n\nAnyone may read this.");
    fs::permissions(dir.path(), fs::perms::all);
    fs::permissions(dir.path() / "news", fs::perms::all);
    fs::permissions(dir.path() / "news/secret.txt", fs::perms::none);
    const auto result = run_command({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", index_tool(),
                                     "--db", dir / "index", dir / "news"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("secret.txt: failed: ") != std::string::npos);
    CHECK(result.out.find("1 indexed") == 0);
}

TEST_CASE("a writer refused while the index is copied (--merge-into holds its lock shared) is told it may be a copy") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: A\n\nText.");
    REQUIRE(run_command({index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
    // As merge_index holds it while it copies.
    const int marker = ::open((dir.path() / "index" / "NEWSDEX").c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(marker >= 0);
    REQUIRE(::flock(marker, LOCK_SH) == 0);
    write_file(dir / "news/b.txt", "Title: B\n\nText.");
    const auto refused = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    ::close(marker);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("is being written by another writer (or copied into a new index)") != std::string::npos);
    CHECK(run_command({index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
}

TEST_CASE("a second writer gets a clear message, or waits with --wait") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: A\n\nText.");
    auto holder = std::make_unique<Indexer>(dir / "index");
    const auto refused = run_command({index_tool(), "--db", dir / "index", dir / "news"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("is being written by another") != std::string::npos);
    CHECK(refused.err.find("--wait") != std::string::npos);

    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        holder.reset();
    });
    const auto start = std::chrono::steady_clock::now();
    const auto waited = run_command({index_tool(), "--wait", "--db", dir / "index", dir / "news"});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    release.join();
    CHECK(waited.exit_code == 0);
    CHECK(elapsed >= std::chrono::milliseconds(600));
    CHECK(waited.out.find("1 indexed") == 0);
}

TEST_CASE("bad options are refused before the index is touched") {
    TempDir dir;
    write_file(dir / "news/a.json", "{\"title\": \"A\", \"story\": \"text\"}");
    const auto bad_field = run_command({index_tool(), "--db", dir / "index", "--field", "nonsense=story", dir / "news"});
    CHECK(bad_field.exit_code == 2);
    CHECK(!fs::exists(dir / "index"));
    const auto missing_rules = run_command({index_tool(), "--db", dir / "index", "--boilerplate", dir / "nope.txt", dir / "news"});
    CHECK(missing_rules.exit_code == 2);
    CHECK(!fs::exists(dir / "index"));
}

TEST_CASE("a broken symbolic link named like no article is passed over, as a regular file so named is") {
    TempDir dir;
    const fs::path folder = dir.path() / "news";
    write_file(folder / "good.txt", "Title: Good\n\nA plain article.");
    write_file(folder / "notes", "not an article");
    fs::create_symlink("missing-target", folder / "loop2");
    fs::create_symlink("missing.txt", folder / "dangling.txt");
    const auto result = run_command({index_tool(), "--db", dir / "index", folder.string()});
    CHECK(result.exit_code == 1);  // dangling.txt failed
    CHECK(result.err.find("dangling.txt") != std::string::npos);
    CHECK(result.err.find("loop2") == std::string::npos);
    CHECK(result.err.find("notes") == std::string::npos);
    CHECK(result.out.find("1 indexed") == 0);
    CHECK(result.out.find("1 failed") != std::string::npos);
}
