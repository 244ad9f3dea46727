// Safety: newsdex never deletes, moves or overwrites what it did not make,
// never takes an unreadable folder for an empty one, never follows a link out
// of the folders it indexes, and keeps what it parsed when interrupted.
#include "test_support.h"

#include "core/index_folder.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

using newsdex::testing::index_tool;
using newsdex::testing::query_tool;
using newsdex::testing::read_file;
using newsdex::testing::run_command;
using newsdex::testing::TempDir;
using newsdex::testing::write_file;
namespace fs = std::filesystem;
namespace index_folder = newsdex::index_folder;

namespace {

std::string article(int n, const std::string& extra = "") {
    return "Title: Harbour report " + std::to_string(n) + "\nDate: 2023-05-" + std::to_string(1 + n % 28) +
           "\n\nThe harbour master counted " + std::to_string(n) + " boats at the quay. " + extra + "\n";
}

void write_articles(const fs::path& folder, int count, int first = 0) {
    for (int n = first; n < first + count; ++n) write_file(folder / ("report-" + std::to_string(n) + ".txt"), article(n));
}

// Every file and folder below `folder` with its content ("" for folders), to see that nothing changed.
std::map<std::string, std::string> snapshot(const fs::path& folder) {
    std::map<std::string, std::string> all;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        all[fs::relative(entry.path(), folder).string()] = entry.is_regular_file() ? read_file(entry.path()) : "";
    }
    return all;
}

// The paths of the articles `words` finds.
std::set<std::string> found(const std::string& db, const std::string& words = "harbour") {
    newsdex::Searcher searcher(db);
    newsdex::SearchRequest request;
    request.query = words;
    request.limit = 100000;
    request.collapse_duplicates = false;
    std::set<std::string> paths;
    for (const auto& hit : searcher.search(request).hits) paths.insert(hit.article.path);
    return paths;
}

newsdex::IndexReport index_files(const std::string& db, const std::vector<std::string>& paths, newsdex::IndexOptions options = {}) {
    newsdex::Indexer indexer(db, options);
    return indexer.index_paths(paths);
}

}  // namespace

TEST_CASE("--db at a folder that is not an index is refused and nothing in it is touched") {
    TempDir dir;
    write_articles(dir.path() / "news", 5);
    write_file(dir.path() / "precious/notes.txt", "my notes\n");
    fs::create_directories(dir.path() / "precious/sub");
    write_file(dir.path() / "precious/sub/more.txt", "more notes\n");
    const auto before = snapshot(dir.path() / "precious");

    const auto refused = run_command({index_tool(), "--db", dir / "precious", dir / "news"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("not a newsdex index") != std::string::npos);
    CHECK(snapshot(dir.path() / "precious") == before);

    // Not even the folder being indexed, nor a file.
    const auto news_before = snapshot(dir.path() / "news");
    CHECK(run_command({index_tool(), "--db", dir / "news", dir / "news"}).exit_code == 2);
    CHECK(snapshot(dir.path() / "news") == news_before);
    CHECK(run_command({index_tool(), "--db", dir / "precious/notes.txt", dir / "news"}).exit_code == 2);
    CHECK(read_file(dir / "precious/notes.txt") == "my notes\n");
    CHECK_THROWS_AS(newsdex::Indexer(dir / "precious"), newsdex::Error);
    CHECK(snapshot(dir.path() / "precious") == before);

    // newsdex-query does not advise creating an index there.
    const auto queried = run_command({query_tool(), "--db", dir / "precious", "harbour"});
    CHECK(queried.exit_code == 2);
    CHECK(queried.err.find("not a newsdex index") != std::string::npos);
    CHECK(queried.err.find("create one") == std::string::npos);

    // An empty folder, or none, becomes an index.
    fs::create_directories(dir.path() / "empty");
    CHECK(run_command({index_tool(), "--db", dir / "empty", dir / "news"}).exit_code == 0);
    CHECK(found(dir / "empty").size() == 5);
}

TEST_CASE("a Xapian database newsdex did not make is neither written nor compacted") {
    TempDir dir;
    write_articles(dir.path() / "news", 3);
    {
        Xapian::WritableDatabase theirs(dir / "theirs", Xapian::DB_CREATE);
        Xapian::Document doc;
        doc.set_data("their record");
        theirs.add_document(doc);
        theirs.commit();
    }
    const auto before = snapshot(dir.path() / "theirs");
    const auto refused = run_command({index_tool(), "--db", dir / "theirs", dir / "news"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("Xapian database that newsdex did not make") != std::string::npos);
    CHECK(snapshot(dir.path() / "theirs") == before);
}

TEST_CASE("compaction swaps in a new generation and removes only generations newsdex made") {
    TempDir dir;
    write_articles(dir.path() / "news", 20);
    const std::string db = dir / "index";
    CHECK(index_files(db, {dir / "news"}).compacted);
    CHECK(index_folder::inspect(db) == index_folder::Kind::Generations);
    const std::string first = index_folder::current_generation(db);

    // A folder beside the index named like the old compaction's copy, and a
    // folder inside the index that is not a generation, are left alone.
    write_file(dir.path() / "index.compacting/keep.txt", "mine\n");
    write_file(fs::path(db) / "notes/keep.txt", "mine too\n");
    write_file(fs::path(db) / "generation-77/postlist.glass", "left by a killed compaction");
    for (int n = 0; n < 20; ++n) write_file(dir.path() / "news" / ("report-" + std::to_string(n) + ".txt"), article(n, "Gulls."));
    CHECK(index_files(db, {dir / "news"}).compacted);
    const std::string second = index_folder::current_generation(db);
    CHECK(second != first);
    CHECK_FALSE(fs::exists(first));
    CHECK_FALSE(fs::exists(fs::path(db) / "generation-77"));
    CHECK(read_file(dir / "index.compacting/keep.txt") == "mine\n");
    CHECK(read_file(fs::path(db) / "notes/keep.txt") == "mine too\n");
    CHECK(found(db, "gulls").size() == 20);
}

TEST_CASE("an index of the older flat layout keeps working and moves to generations when compacted") {
    TempDir dir;
    write_articles(dir.path() / "news", 6);
    const std::string made = dir / "made";
    index_files(made, {dir / "news"});
    // The layout before generations: the glass files directly in the index folder, no marker.
    const std::string flat = dir / "flat";
    fs::copy(index_folder::current_generation(made), flat);
    fs::remove(fs::path(flat) / "flintlock");
    REQUIRE(index_folder::inspect(flat) == index_folder::Kind::Flat);
    CHECK(found(flat).size() == 6);

    write_articles(dir.path() / "news", 1, 6);
    newsdex::IndexOptions no_compaction;
    no_compaction.compact = false;
    CHECK(index_files(flat, {dir / "news"}, no_compaction).added == 1);
    CHECK(found(flat).size() == 7);
    CHECK(index_folder::inspect(flat) == index_folder::Kind::Flat);

    write_articles(dir.path() / "news", 10, 7);
    CHECK(index_files(flat, {dir / "news"}).compacted);
    CHECK(index_folder::inspect(flat) == index_folder::Kind::Generations);
    CHECK_FALSE(fs::exists(fs::path(flat) / "iamglass"));
    CHECK_FALSE(fs::exists(fs::path(flat) / "postlist.glass"));
    CHECK(found(flat).size() == 17);
}

TEST_CASE("a search opening the index while compactions swap generations sees one whole generation") {
    TempDir dir;
    constexpr int kReports = 60;
    write_articles(dir.path() / "news", kReports);
    const std::string db = dir / "index";
    index_files(db, {dir / "news"});
    std::atomic<bool> done{false};
    std::atomic<int> opened{0}, wrong{0};
    std::thread reader([&] {
        while (!done) {
            try {
                Xapian::Database whole = index_folder::open_generation(db);
                // Every document of the generation opened is there, whole.
                if (whole.get_doccount() != static_cast<unsigned>(kReports)) ++wrong;
                for (auto it = whole.postlist_begin(""); it != whole.postlist_end(""); ++it) {
                    if (whole.get_document(*it).get_data().empty()) ++wrong;
                }
                ++opened;
            } catch (const Xapian::Error& e) {
                ++wrong;
                MESSAGE("open failed: " << e.get_description());
            }
        }
    });
    for (int round = 0; round < 8; ++round) {
        for (int n = 0; n < kReports; ++n) {
            write_file(dir.path() / "news" / ("report-" + std::to_string(n) + ".txt"), article(n, "Round " + std::to_string(round) + "."));
        }
        CHECK(index_files(db, {dir / "news"}).compacted);
    }
    done = true;
    reader.join();
    MESSAGE(opened.load() << " opens during 8 compactions");
    CHECK(opened > 0);
    CHECK(wrong == 0);
}
