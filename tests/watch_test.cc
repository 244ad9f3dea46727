// newsdex-index --watch on real folders: what becomes searchable, and that
// stopping it (politely or not) loses nothing the next start cannot catch up.
// Every wait polls the index with a generous limit: no test asserts a timing.
#include "core/index_folder.h"
#include "core/index_layout.h"
#include "test_support.h"

#include <newsdex/error.h>
#include <newsdex/index.h>
#include <newsdex/search.h>
#include <newsdex/watch.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

// Long enough for a loaded CI machine; the benchmark (scripts/bench-watch) measures the real latency.
constexpr std::chrono::seconds kPatience{90};

std::string article(const std::string& title, const std::string& words) {
    return "Title: " + title + "\nDate: 2024-03-05\n\n" + words + " reported from the valley.\n";
}

// Paths of the articles matching `query`; empty if the index is not there yet.
std::set<std::string> matches(const std::string& db, const std::string& query) {
    std::set<std::string> paths;
    try {
        Searcher searcher(db);
        SearchRequest request;
        request.query = query;
        request.limit = 100000;
        request.collapse_duplicates = false;
        request.correct_spelling = false;
        for (const Hit& hit : searcher.search(request).hits) paths.insert(fs::path(hit.article.path).filename().string());
    } catch (const Error&) {
    }
    return paths;
}

std::size_t article_count(const std::string& db) {
    try {
        return Searcher(db).document_count();
    } catch (const Error&) {
        return 0;
    }
}

// Polls until `condition` holds; false if it never did within kPatience.
bool eventually(const std::function<bool()>& condition) {
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < give_up) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

// newsdex-index --watch as a child process, its output in files.
class Watcher {
public:
    // Each watcher writes files of its own: a second one must not be taken as started by the first one's output.
    Watcher(const TempDir& dir, const std::string& db, std::vector<std::string> args)
        : out_(dir / ("watch" + std::to_string(++started_) + ".out")), err_(dir / ("watch" + std::to_string(started_) + ".err")) {
        std::vector<std::string> argv = {index_tool(), "--db", db, "--watch"};
        argv.insert(argv.end(), args.begin(), args.end());
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> pointers;
            for (auto& arg : argv) pointers.push_back(arg.data());
            pointers.push_back(nullptr);
            ::execv(pointers[0], pointers.data());
            ::_exit(127);
        }
        // Started: its first walk is over once it printed that line.
        REQUIRE(eventually([&] { return fs::exists(out_) && read_file(out_).find("walked:") != std::string::npos; }));
    }
    ~Watcher() {
        if (pid_ > 0) stop(SIGKILL);
    }

    // Sends `signal` and returns how the process ended: its exit status, or 128 + the signal that killed it.
    int stop(int signal) {
        ::kill(pid_, signal);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string out() const { return read_file(out_); }
    std::string err() const { return read_file(err_); }

private:
    static inline int started_ = 0;
    std::string out_, err_;
    pid_t pid_ = -1;
};

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

void write_burst(const fs::path& folder, int files) {
    for (int n = 0; n < files; ++n) {
        write_file(folder / ("burst" + std::to_string(n) + ".txt"),
                   article("Burst story " + std::to_string(n), "Burstword number " + std::to_string(n)));
    }
}

}  // namespace

TEST_CASE("a watched folder follows new, changed, renamed and deleted files") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/old.txt", article("Old story", "Harvest"));
    Watcher watcher(dir, db, {dir / "news"});
    CHECK(matches(db, "harvest") == std::set<std::string>{"old.txt"});

    write_file(dir.path() / "news/new.txt", article("New story", "Zebras crossing"));
    CHECK(eventually([&] { return matches(db, "zebras") == std::set<std::string>{"new.txt"}; }));

    write_file(dir.path() / "news/new.txt", article("New story", "Giraffes instead"));
    CHECK(eventually([&] { return matches(db, "giraffes").size() == 1 && matches(db, "zebras").empty(); }));

    fs::rename(dir.path() / "news/new.txt", dir.path() / "news/renamed.txt");
    CHECK(eventually([&] { return matches(db, "giraffes") == std::set<std::string>{"renamed.txt"}; }));

    fs::remove(dir.path() / "news/old.txt");
    CHECK(eventually([&] { return matches(db, "harvest").empty(); }));
    CHECK(article_count(db) == 1);
    CHECK(watcher.stop(SIGINT) == 0);
}

TEST_CASE("an index kept inside the watched folder is not followed: the watcher's own commits are no changes") {
    TempDir dir;
    const std::string db = (dir.path() / "news/index").string();
    write_file(dir.path() / "news/old.txt", article("Old story", "Harvest"));
    Watcher watcher(dir, db, {dir / "news"});
    write_file(dir.path() / "news/new.txt", article("New story", "Zebras crossing"));
    CHECK(eventually([&] { return matches(db, "zebras") == std::set<std::string>{"new.txt"}; }));
    // Each commit wrote to the index folder; followed, that was a batch, which committed, for ever.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK(watcher.stop(SIGTERM) == 0);
    const std::string out = watcher.out();
    CAPTURE(out);
    CHECK(count_lines_with(out, "batch:") == 1);
    CHECK(out.find("index/") == std::string::npos);
}

TEST_CASE("a new sub-folder is followed, also one moved in with files already in it") {
    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    Watcher watcher(dir, db, {dir / "news"});
    write_file(dir.path() / "news/2024/03/deep.txt", article("Deep", "Walrus"));
    CHECK(eventually([&] { return matches(db, "walrus") == std::set<std::string>{"deep.txt"}; }));
    // Files written before the folder's watch began are found by walking it.
    write_file(dir.path() / "elsewhere/moved/inside.txt", article("Inside", "Narwhal"));
    fs::rename(dir.path() / "elsewhere/moved", dir.path() / "news/moved");
    CHECK(eventually([&] { return matches(db, "narwhal") == std::set<std::string>{"inside.txt"}; }));
    write_file(dir.path() / "news/moved/later.txt", article("Later", "Narwhal again"));
    CHECK(eventually([&] { return matches(db, "narwhal").size() == 2; }));
    // A folder moved out takes its articles with it.
    fs::rename(dir.path() / "news/moved", dir.path() / "elsewhere/back");
    CHECK(eventually([&] { return matches(db, "narwhal").empty(); }));
    CHECK(watcher.stop(SIGTERM) == 0);
}

TEST_CASE("a symbolic link made in a watched folder to a folder or a file outside it indexes nothing from outside") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "outside/secret.txt", article("Secret", "Platypus"));
    write_file(dir.path() / "news/old.txt", article("Old story", "Harvest"));
    Watcher watcher(dir, db, {dir / "news"});
    fs::create_directory_symlink(dir.path() / "outside", dir.path() / "news/linked-folder");
    fs::create_symlink(dir.path() / "outside/secret.txt", dir.path() / "news/linked-file.txt");
    write_file(dir.path() / "news/after.txt", article("After", "Zebras"));  // the batch after the links' events
    CHECK(eventually([&] { return matches(db, "zebras") == std::set<std::string>{"after.txt"}; }));
    CHECK(matches(db, "platypus").empty());
    CHECK(watcher.stop(SIGTERM) == 0);
}

TEST_CASE("lines appended to a JSONL export become searchable") {
    TempDir dir;
    const std::string db = dir / "index";
    const fs::path file = dir.path() / "exports/feed.jsonl";
    write_file(file, R"({"id": "1", "title": "First", "text": "Otters in the river"})" "\n");
    Watcher watcher(dir, db, {dir / "exports"});
    CHECK(matches(db, "otters").size() == 1);
    {
        std::FILE* out = std::fopen(file.c_str(), "a");
        REQUIRE(out);
        std::fputs(R"({"id": "2", "title": "Second", "text": "Beavers built a dam"})" "\n", out);
        std::fclose(out);
    }
    CHECK(eventually([&] { return matches(db, "beavers").size() == 1; }));
    CHECK(matches(db, "otters").size() == 1);
    CHECK(article_count(db) == 2);
    CHECK(watcher.stop(SIGHUP) == 0);  // its terminal closed: as clean a stop as SIGTERM
}

TEST_CASE("a file still open for writing is indexed only once its writer closes it") {
    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    Watcher watcher(dir, db, {dir / "news"});
    const fs::path half = dir.path() / "news/half.txt";
    const int fd = ::open(half.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    const std::string first_half = "Title: Half\n\nPelicans ", second_half = "and flamingos reported.\n";
    REQUIRE(::write(fd, first_half.data(), first_half.size()) == static_cast<ssize_t>(first_half.size()));
    // Another file, written and closed after it, is the sign that the watcher looked.
    write_file(dir.path() / "news/done.txt", article("Done", "Puffins"));
    CHECK(eventually([&] { return matches(db, "puffins").size() == 1; }));
    CHECK(matches(db, "pelicans").empty());
    REQUIRE(::write(fd, second_half.data(), second_half.size()) == static_cast<ssize_t>(second_half.size()));
    ::close(fd);
    CHECK(eventually([&] { return matches(db, "flamingos") == std::set<std::string>{"half.txt"}; }));
}

TEST_CASE("editors' temporary files are never indexed; the file they save is") {
    CHECK(is_temporary_file_name("#story.txt#"));
    CHECK(is_temporary_file_name("story.txt~"));
    CHECK(is_temporary_file_name(".story.txt.swp"));
    CHECK(is_temporary_file_name("story.txt.part"));
    CHECK(is_temporary_file_name("4913"));
    CHECK_FALSE(is_temporary_file_name("story.txt"));
    CHECK_FALSE(is_temporary_file_name("2024-story.md"));

    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    Watcher watcher(dir, db, {dir / "news"});
    // The save pattern of many editors and downloaders: write a temporary file, rename it into place.
    write_file(dir.path() / "news/.story.txt.tmp", article("Saved", "Cormorants"));
    fs::rename(dir.path() / "news/.story.txt.tmp", dir.path() / "news/story.txt");
    CHECK(eventually([&] { return matches(db, "cormorants") == std::set<std::string>{"story.txt"}; }));
    CHECK(article_count(db) == 1);
}

TEST_CASE("a burst of 2,000 files is absorbed in a few full batches") {
    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    Watcher watcher(dir, db, {dir / "news"});
    constexpr int kFiles = 2000;
    write_burst(dir.path() / "news", kFiles);
    CHECK(eventually([&] { return article_count(db) == kFiles; }));
    CHECK(matches(db, "burstword").size() == kFiles);
    CHECK(watcher.stop(SIGTERM) == 0);
    // One line per batch when piped; far fewer batches than files.
    const std::size_t batches = count_lines_with(watcher.out(), "batch:");
    CHECK(batches >= 2);  // the batch limit (1,000 files) was crossed
    CHECK(batches < kFiles / 20);
}

TEST_CASE("SIGTERM during a burst commits the batch in hand and exits 0; the next start catches up") {
    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    constexpr int kFiles = 2000;
    {
        Watcher watcher(dir, db, {dir / "news"});
        write_burst(dir.path() / "news", kFiles);
        REQUIRE(eventually([&] { return article_count(db) > 0; }));
        CHECK(watcher.stop(SIGTERM) == 0);
        CHECK(watcher.err().find("stopped by SIGTERM") != std::string::npos);
    }
    CHECK(run_command({"/usr/bin/xapian-check", newsdex::index_folder::current_generation(db)}).exit_code == 0);
    Watcher again(dir, db, {dir / "news"});
    CHECK(article_count(db) == kFiles);
}

TEST_CASE("kill -9 during a burst leaves a whole index, and the next start catches up") {
    TempDir dir;
    const std::string db = dir / "index";
    fs::create_directories(dir.path() / "news");
    constexpr int kFiles = 2000;
    {
        Watcher watcher(dir, db, {dir / "news"});
        write_burst(dir.path() / "news", kFiles);
        REQUIRE(eventually([&] { return article_count(db) > 0; }));
        CHECK(watcher.stop(SIGKILL) == 128 + SIGKILL);
    }
    CHECK(run_command({"/usr/bin/xapian-check", newsdex::index_folder::current_generation(db)}).exit_code == 0);
    const auto rerun = run_command({index_tool(), "--db", db, dir / "news"});
    CHECK(rerun.exit_code == 0);
    CHECK(article_count(db) == kFiles);
}

TEST_CASE("the watcher holds the index's write lock: another newsdex-index is refused") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/a.txt", article("A", "Harvest"));
    Watcher watcher(dir, db, {dir / "news"});
    const auto other = run_command({index_tool(), "--db", db, dir / "news"});
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("being written by another") != std::string::npos);
}

TEST_CASE("a watched folder removed and created again is followed again") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/a.txt", article("A", "Harvest"));
    Watcher watcher(dir, db, {dir / "news"});
    fs::remove_all(dir.path() / "news");
    CHECK(eventually([&] { return article_count(db) == 0; }));
    write_file(dir.path() / "news/b.txt", article("B", "Lynx"));
    CHECK(eventually([&] { return matches(db, "lynx") == std::set<std::string>{"b.txt"}; }));
    write_file(dir.path() / "news/c.txt", article("C", "Lynx again"));
    CHECK(eventually([&] { return matches(db, "lynx").size() == 2; }));
}

TEST_CASE("beyond the watch limit it says so once, with the sysctl, and walks the folders periodically") {
    TempDir dir;
    const std::string db = dir / "index";
    for (const char* folder : {"news/one", "news/two", "news/three"}) fs::create_directories(dir.path() / folder);
    Watcher watcher(dir, db, {dir / "news", "--max-watches", "1", "--rescan-interval", "1"});
    write_file(dir.path() / "news/two/unwatched.txt", article("Unwatched", "Ocelot"));
    write_file(dir.path() / "news/three/unwatched-too.txt", article("Unwatched too", "Ocelot"));
    CHECK(eventually([&] { return matches(db, "ocelot").size() == 2; }));
    // The watched top folder still answers at once.
    write_file(dir.path() / "news/top.txt", article("Top", "Margay"));
    CHECK(eventually([&] { return matches(db, "margay").size() == 1; }));
    CHECK(watcher.stop(SIGTERM) == 0);
    CHECK(count_lines_with(watcher.err(), "fs.inotify.max_user_watches") == 1);
}

// A file written through a hard link outside the folders watched changes with
// no event in them (inotify tells a folder of what is done through its own names).
TEST_CASE("a batch re-examines only the paths its events name; the periodic walk finds what no event named") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "elsewhere/story.txt", article("Story", "Harvest"));
    fs::create_directories(dir.path() / "news");
    fs::create_hard_link(dir.path() / "elsewhere/story.txt", dir.path() / "news/story.txt");
    {
        Watcher watcher(dir, db, {dir / "news"});
        REQUIRE(matches(db, "harvest") == std::set<std::string>{"story.txt"});
        write_file(dir.path() / "elsewhere/story.txt", article("Story", "Walrus sightings"));
        write_file(dir.path() / "news/new.txt", article("New", "Narwhal"));
        REQUIRE(eventually([&] { return matches(db, "narwhal") == std::set<std::string>{"new.txt"}; }));
        CHECK(matches(db, "walrus").empty());  // the batch read new.txt alone, not the whole folder
        CHECK(watcher.stop(SIGTERM) == 0);
    }
    // Started after its first walk: a change now is found by a later one.
    Watcher walking(dir, db, {dir / "news", "--rescan-interval", "1"});
    write_file(dir.path() / "elsewhere/story.txt", article("Story", "Puffins nesting on the cliffs"));
    CHECK(eventually([&] { return matches(db, "puffins") == std::set<std::string>{"story.txt"}; }));
}

TEST_CASE("indexing one file leaves the articles of a file whose name extends its name") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/story.txt", article("One", "Harvest"));
    write_file(dir.path() / "news/story.txt.md", "---\ntitle: Two\n---\n\nHarvest in markdown.\n");
    REQUIRE(run_command({index_tool(), "--db", db, dir / "news"}).exit_code == 0);
    REQUIRE(matches(db, "harvest").size() == 2);
    write_file(dir.path() / "news/story.txt", article("One changed", "Harvest"));
    REQUIRE(run_command({index_tool(), "--db", db, dir / "news/story.txt"}).exit_code == 0);
    CHECK(matches(db, "harvest") == std::set<std::string>{"story.txt", "story.txt.md"});
}

TEST_CASE("Indexer::remove_paths removes a file's articles, or a folder's, and nothing beside them") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/a.txt", article("A", "Harvest"));
    write_file(dir.path() / "news/sub/b.txt", article("B", "Harvest"));
    write_file(dir.path() / "news/sub2/c.txt", article("C", "Harvest"));
    Indexer indexer(db);
    indexer.index_paths({dir / "news"});
    CHECK(indexer.remove_paths({dir / "news/sub"}) == 1);
    CHECK(indexer.remove_paths({dir / "news/a.txt", dir / "news/none.txt"}) == 1);
    indexer.commit();
    CHECK(matches(db, "harvest") == std::set<std::string>{"c.txt"});
    CHECK(fs::exists(dir.path() / "news/a.txt"));  // the files are not touched
}

TEST_CASE("newsdex-query --since lists only the articles that entered the index after the time given") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/early.txt", article("Early", "Harvest"));
    REQUIRE(run_command({index_tool(), "--db", db, dir / "news"}).exit_code == 0);
    std::int64_t early_entered = 0;
    {
        Searcher searcher(db);
        SearchRequest request;
        request.query = "harvest";
        const auto hits = searcher.search(request).hits;
        REQUIRE(hits.size() == 1);
        early_entered = hits[0].entered_index;
    }
    CHECK(early_entered > 0);
    // Times are whole seconds: the second article enters in a later one.
    while (std::time(nullptr) <= early_entered + 1) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    write_file(dir.path() / "news/late.txt", article("Late", "Harvest"));
    REQUIRE(run_command({index_tool(), "--db", db, dir / "news"}).exit_code == 0);

    const std::time_t between = static_cast<std::time_t>(early_entered + 1);
    char iso[32];
    std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&between));
    auto titles = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {newsdex::testing::query_tool(), "--db", db, "--format", "{title}"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv);
    };
    CHECK(titles({"--since", iso, "harvest"}).out == "Late\n");
    CHECK(titles({"--since", iso}).out == "Late\n");  // no query: everything new
    const auto day = titles({"--since", "1d", "harvest"});
    CHECK((day.out == "Early\nLate\n" || day.out == "Late\nEarly\n"));
    const auto bad = titles({"--since", "yesterday", "harvest"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("12h, 1d") != std::string::npos);

    // An index from before the time was recorded: its articles have none, and never match --since.
    {
        Xapian::WritableDatabase writable(db);
        for (auto it = writable.postlist_begin(""); it != writable.postlist_end(""); ++it) {
            Xapian::Document doc = writable.get_document(*it);
            doc.remove_value(newsdex::layout::kIndexedAtSlot);
            writable.replace_document(*it, doc);
        }
        writable.commit();
    }
    CHECK(titles({"--since", "1d", "harvest"}).out.empty());
    CHECK(titles({"harvest"}).out.size() > 0);
}

TEST_CASE("watching a folder indexed by plain runs, named the same way, rewrites nothing and shows paths as they do") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/a.txt", article("A", "Harvest"));
    const std::string relative = fs::relative(dir.path() / "news", fs::current_path()).string() + "/";
    REQUIRE(run_command({index_tool(), "--db", db, relative}).exit_code == 0);
    Watcher watcher(dir, db, {relative});
    CHECK(watcher.out().find("walked: 0 indexed") != std::string::npos);
    write_file(dir.path() / "news/b.txt", article("B", "Harvest"));
    CHECK(eventually([&] { return matches(db, "harvest").size() == 2; }));
    Searcher searcher(db);
    SearchRequest request;
    request.query = "harvest";
    for (const Hit& hit : searcher.search(request).hits) CHECK(hit.article.path.rfind(relative.substr(0, relative.size() - 1), 0) == 0);
}
