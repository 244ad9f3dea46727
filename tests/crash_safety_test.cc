// Crash safety: newsdex-index killed with SIGKILL at random moments of a large
// run — while parsing, writing a batch, committing, deleting — always leaves an
// index that opens, passes xapian-check and holds only whole articles; the
// next run finishes the job with exactly the files on disk.
#include "test_support.h"

#include "core/index_folder.h"
#include "core/index_layout.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace {

constexpr int kFiles = 2000;
constexpr int kSeeds = 20;
const char* const kXapianCheck = "/usr/bin/xapian-check";  // from xapian-tools (scripts/install-deps)

// One state of one file: what a whole article read from it must show.
struct Version {
    std::string title;
    std::string date;
    std::string marker;  // a sentence only this version's body holds
};

std::string version_key(const Version& version) { return version.title + "|" + version.date + "|" + version.marker; }

// The folder being indexed, and every version each file has had, so that an
// article committed before its file changed can still be recognised as whole.
class NewsFolder {
public:
    explicit NewsFolder(fs::path root) : root_(std::move(root)) {}

    void write(int n, int revision) {
        Version version;
        version.title = "Dispatch " + std::to_string(n) + " revision " + std::to_string(revision);
        version.date = "2023-" + pad(1 + (n + revision) % 12) + "-" + pad(1 + n % 28);
        version.marker = "Ledger entry " + std::to_string(n) + " of edition " + std::to_string(revision) + ".";
        // Bodies differ in most of their words, or search would fold them together as near-duplicates.
        static const char* const kWords[] = {"barge", "cargo", "lock", "quay", "grain", "timber", "coal", "ferry",
                                             "tide", "pilot", "crane", "dock", "wharf", "canal", "tug", "buoy"};
        std::string body = "The harbour office logged the cargo. " + version.marker + " ";
        unsigned state = static_cast<unsigned>(n * 31 + revision) * 2654435761u + 1;
        for (int i = 0; i < 8; ++i) {
            body += "Goods moved through berth " + std::to_string(i);
            for (int w = 0; w < 4; ++w) {
                state = state * 1103515245u + 12345u;
                body += std::string(" ") + kWords[(state >> 16) % 16];
            }
            body += ". ";
        }
        const fs::path path = path_of(n);
        write_file(path, "Title: " + version.title + "\nDate: " + version.date + "\n\n" + body + "\n");
        seen_[path.string()].insert(version_key(version));
        current_[path.string()] = version;
    }

    void remove(int n) {
        fs::remove(path_of(n));
        current_.erase(path_of(n).string());
    }

    bool exists(int n) const { return current_.count(path_of(n).string()) > 0; }
    const fs::path& root() const { return root_; }
    const std::map<std::string, Version>& current() const { return current_; }
    std::size_t paths_ever() const { return seen_.size(); }

    // True if `record` is one version of its file, whole: title, date and body agree.
    bool is_whole(const newsdex::Article& record, std::string& why) const {
        auto versions = seen_.find(record.path);
        if (versions == seen_.end()) {
            why = "an article for a path never written: " + record.path;
            return false;
        }
        const std::size_t revision_at = record.title.find(" revision ");
        if (record.title.rfind("Dispatch ", 0) != 0 || revision_at == std::string::npos) {
            why = record.path + " holds a title no version had: '" + record.title + "'";
            return false;
        }
        const std::string number = record.title.substr(9, revision_at - 9);
        const std::string revision = record.title.substr(revision_at + 10);
        Version version{record.title, record.date, "Ledger entry " + number + " of edition " + revision + "."};
        if (!versions->second.count(version_key(version))) {
            why = record.path + " holds title '" + record.title + "', date " + record.date +
                  ", which no version of the file had";
            return false;
        }
        if (record.body.find(version.marker) == std::string::npos) {
            why = record.path + ": the body is not the one of '" + record.title + "'";
            return false;
        }
        return true;
    }

private:
    static std::string pad(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }
    fs::path path_of(int n) const {
        return root_ / ("desk" + std::to_string(n % 7)) / ("dispatch-" + std::to_string(n) + ".txt");
    }

    fs::path root_;
    std::map<std::string, std::set<std::string>> seen_;
    std::map<std::string, Version> current_;
};

pid_t start_indexer(const std::string& db, const fs::path& folder, const std::string& batch, const std::string& threads) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execl(index_tool().c_str(), index_tool().c_str(), "--quiet", "--db", db.c_str(), "--batch-size", batch.c_str(),
              "--threads", threads.c_str(), folder.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}

// Opens the index as a reader would and checks every article in it.
void check_consistent(const std::string& db, const NewsFolder& folder, const std::string& when) {
    INFO(when);
    // Killed before the index was first created: nothing to check.
    if (newsdex::index_folder::inspect(db) != newsdex::index_folder::Kind::Generations) return;
    const auto check = run_command({kXapianCheck, newsdex::index_folder::current_generation(db)});
    CHECK_MESSAGE(check.exit_code == 0, "xapian-check: " << check.out << check.err);

    newsdex::Searcher searcher(db);  // opens with the library, as newsdex-query does
    Xapian::Database xapian(db);
    CHECK(searcher.document_count() == xapian.get_doccount());
    CHECK(xapian.get_doccount() <= folder.paths_ever());
    std::map<std::string, std::string> titles;  // path -> title
    for (auto it = xapian.postlist_begin(""); it != xapian.postlist_end(""); ++it) {
        const newsdex::Article record = newsdex::layout::decode_record(xapian.get_document(*it).get_data());
        std::string why;
        CHECK_MESSAGE(folder.is_whole(record, why), why);
        CHECK_MESSAGE(titles.emplace(record.path, record.title).second, record.path << " is indexed twice");
    }
    // A search finds stored articles whole (a few, as snippets are costly under sanitizers).
    std::size_t searched = 0;
    for (const auto& [path, title] : titles) {
        if (searched++ == 5) break;
        newsdex::SearchRequest request;
        request.query = "path:\"" + path + "\"";
        const auto hits = searcher.search(request).hits;
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].article.title == title);
    }
}

}  // namespace

TEST_CASE("newsdex-index killed at 20 random moments never leaves a damaged index or a partial article") {
    REQUIRE_MESSAGE(fs::exists(kXapianCheck), "xapian-check is missing: install xapian-tools (scripts/install-deps)");
    TempDir dir;
    NewsFolder folder(dir.path() / "news");
    for (int n = 0; n < kFiles; ++n) folder.write(n, 0);

    // How long an uninterrupted run takes on this machine and build (sanitizers
    // make it several times slower), so that kill moments spread over a whole run.
    const auto started = std::chrono::steady_clock::now();
    const auto reference = run_command({index_tool(), "--quiet", "--db", dir / "reference", folder.root().string()});
    REQUIRE(reference.exit_code == 0);
    const auto full_run = std::chrono::steady_clock::now() - started;
    const auto full_run_us = std::chrono::duration_cast<std::chrono::microseconds>(full_run).count();
    MESSAGE("an uninterrupted run of " << kFiles << " files takes " << full_run_us / 1000 << " ms");

    const std::string db = dir / "index";
    int killed_while_running = 0;
    for (int seed = 0; seed < kSeeds; ++seed) {
        std::mt19937 random(static_cast<unsigned>(seed));
        // Every other run starts a new index, so kills land all over a first run;
        // the others carry on from what the killed runs left, with files
        // changed, removed and brought back in between, and are shorter.
        const bool fresh = seed % 2 == 0;
        if (fresh) fs::remove_all(db);
        if (seed > 0) {
            std::uniform_int_distribution<int> file(0, kFiles - 1);
            for (int i = 0; i < 400; ++i) {
                const int n = file(random);
                if (i % 5 == 0 && folder.exists(n)) {
                    folder.remove(n);
                } else {
                    folder.write(n, seed);
                }
            }
        }
        const std::string batch = std::to_string(std::uniform_int_distribution<int>(20, 400)(random));
        const std::string threads = std::to_string(std::uniform_int_distribution<int>(1, 3)(random));
        const long long longest = fresh ? full_run_us * 2 / 3 : full_run_us / 4;
        const auto delay =
            std::chrono::microseconds(std::uniform_int_distribution<long long>(longest / 50, longest)(random));

        const pid_t pid = start_indexer(db, folder.root(), batch, threads);
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        if (!killed) CHECK_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "seed " << seed << ": status " << status);
        killed_while_running += killed;
        check_consistent(db, folder,
                         "seed " + std::to_string(seed) + ": killed after " + std::to_string(delay.count() / 1000) +
                             " ms, --batch-size " + batch + " --threads " + threads);
    }
    MESSAGE(killed_while_running << " of " << kSeeds << " runs were killed before they finished");
    CHECK(killed_while_running >= kSeeds / 4);

    // A last, uninterrupted run leaves exactly the files on disk, each in its current version.
    const auto final_run = run_command({index_tool(), "--quiet", "--db", db, folder.root().string()});
    CHECK(final_run.exit_code == 0);
    check_consistent(db, folder, "after the final run");
    Xapian::Database xapian(db);
    CHECK(xapian.get_doccount() == folder.current().size());
    std::map<std::string, std::string> indexed;
    for (auto it = xapian.postlist_begin(""); it != xapian.postlist_end(""); ++it) {
        const newsdex::Article record = newsdex::layout::decode_record(xapian.get_document(*it).get_data());
        indexed[record.path] = record.title;
    }
    std::map<std::string, std::string> expected;
    for (const auto& [path, version] : folder.current()) expected[path] = version.title;
    CHECK(indexed == expected);
}
