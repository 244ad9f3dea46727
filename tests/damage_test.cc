// Damage: a truncated or overwritten index, a missing one, a read-only one and
// a full disk each give a clear message and a non-zero exit from the tools —
// never a crash, never a silent partial answer.
#include "test_support.h"

#include "core/index_folder.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace {

constexpr int kArticles = 150;

void write_articles(const fs::path& folder, int count, int first = 0) {
    for (int n = first; n < first + count; ++n) {
        std::string body;
        for (int i = 0; i < 30; ++i) body += "The lighthouse keeper logged ship " + std::to_string(n * 100 + i) + " at dusk. ";
        write_file(folder / ("log-" + std::to_string(n) + ".txt"),
                   "Title: Keeper's log " + std::to_string(n) + "\nDate: 2021-06-0" + std::to_string(1 + n % 9) +
                       "\n\n" + body + "\n");
    }
}

// A tool either succeeds, or fails with exit status 2 (1 for the indexer:
// some files failed) and says why on stderr. Death by a signal shows as 128+N.
void check_clean_failure(const CommandResult& result, const std::string& tool) {
    INFO(tool << " exit " << result.exit_code << ", stderr: " << result.err);
    CHECK(result.exit_code < 128);
    CHECK(result.err.find("unexpected error") == std::string::npos);
    CHECK(result.err.find("AddressSanitizer") == std::string::npos);
    CHECK(result.err.find("runtime error") == std::string::npos);
    if (result.exit_code != 0) {
        CHECK(result.err.rfind(tool + ": ", 0) == 0);
        CHECK(result.err.size() > tool.size() + 10);
    }
}

std::vector<std::string> query(const std::string& db, const std::string& words = "lighthouse") {
    return {query_tool(), "--db", db, "--json", "--limit", "100000", words};
}

// The paths a --json answer lists.
std::set<std::string> paths_in(const std::string& json_text) {
    std::set<std::string> paths;
    for (std::size_t at = json_text.find("\"path\":"); at != std::string::npos; at = json_text.find("\"path\":", at + 1)) {
        const std::size_t open = json_text.find('"', at + 7);
        paths.insert(json_text.substr(open + 1, json_text.find('"', open + 1) - open - 1));
    }
    return paths;
}

struct Damage {
    std::string table;  // file in the glass database directory
    enum { TruncateToZero, TruncateToHalf, OverwriteBlocks } how;
    std::string describe() const {
        return table + (how == TruncateToZero ? " truncated to 0 bytes" : how == TruncateToHalf ? " truncated to half" : " with blocks overwritten");
    }
};

void apply(const Damage& damage, const fs::path& file) {
    const auto size = fs::file_size(file);
    if (damage.how == Damage::TruncateToZero) {
        fs::resize_file(file, 0);
    } else if (damage.how == Damage::TruncateToHalf) {
        fs::resize_file(file, size / 2);
    } else {
        // Every other 8 KiB block (glass's default block size) after the first
        // gets bytes no block ever holds.
        std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
        const std::string garbage(8192, '\xA5');
        for (std::uintmax_t block = 1; block * 8192 < size; block += 2) {
            out.seekp(static_cast<std::streamoff>(block * 8192));
            out.write(garbage.data(), static_cast<std::streamsize>(std::min<std::uintmax_t>(8192, size - block * 8192)));
        }
    }
}

}  // namespace

TEST_CASE("a damaged index gives a clear error from both tools, or the whole answer — never a crash or part of it") {
    TempDir dir;
    write_articles(dir.path() / "news", kArticles);
    const std::string pristine = dir / "pristine";
    REQUIRE(run_command({index_tool(), "--quiet", "--db", pristine, dir / "news"}).exit_code == 0);
    const auto baseline = run_command(query(pristine));
    REQUIRE(baseline.exit_code == 0);
    const std::set<std::string> all_paths = paths_in(baseline.out);
    REQUIRE(all_paths.size() == kArticles);

    std::vector<Damage> damages;
    for (const std::string table : {"iamglass", "postlist.glass", "termlist.glass", "docdata.glass", "position.glass"}) {
        for (auto how : {Damage::TruncateToZero, Damage::TruncateToHalf, Damage::OverwriteBlocks}) {
            if (table == "iamglass" && how == Damage::OverwriteBlocks) continue;  // a single small file
            damages.push_back({table, how});
        }
    }
    int refused = 0;
    for (std::size_t i = 0; i < damages.size(); ++i) {
        const Damage& damage = damages[i];
        const std::string db = dir / ("damaged" + std::to_string(i));
        fs::copy(pristine, db, fs::copy_options::recursive);
        const fs::path glass = newsdex::index_folder::current_generation(db);
        REQUIRE(fs::exists(glass / damage.table));
        apply(damage, glass / damage.table);
        INFO(damage.describe());

        const auto searched = run_command(query(db));
        check_clean_failure(searched, "newsdex-query");
        if (searched.exit_code == 0) {
            CHECK(paths_in(searched.out) == all_paths);  // an answer is the whole answer
        } else {
            CHECK(searched.exit_code == 2);
            ++refused;
        }
        // Writing into it: refused with a message, or done in full.
        write_articles(dir.path() / ("more" + std::to_string(i)), 3, 1000);
        const auto indexed = run_command({index_tool(), "--quiet", "--db", db, dir / ("more" + std::to_string(i))});
        check_clean_failure(indexed, "newsdex-index");
        if (indexed.exit_code == 0) {
            const auto after = run_command(query(db));
            check_clean_failure(after, "newsdex-query");
            if (after.exit_code == 0) CHECK(paths_in(after.out).size() == kArticles + 3);
        } else {
            CHECK(indexed.exit_code == 2);
        }
    }
    MESSAGE(damages.size() << " kinds of damage tried; newsdex-query refused " << refused << " of them with a message");
    CHECK(refused > 0);
}

TEST_CASE("a missing index is named, with the command that creates it") {
    TempDir dir;
    const auto result = run_command({query_tool(), "--db", dir / "nowhere", "harbour"});
    check_clean_failure(result, "newsdex-query");
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("no index at " + dir / "nowhere") != std::string::npos);
    CHECK(result.err.find("newsdex-index --db") != std::string::npos);

    // A folder that is not an index at all.
    write_file(dir / "not-an-index/readme.txt", "hello");
    const auto not_index = run_command({query_tool(), "--db", dir / "not-an-index", "harbour"});
    check_clean_failure(not_index, "newsdex-query");
    CHECK(not_index.exit_code == 2);
}

TEST_CASE("an index the user may not write is refused by the indexer and still searchable") {
    TempDir dir;
    write_articles(dir.path() / "news", 5);
    const std::string db = dir / "index";
    REQUIRE(run_command({index_tool(), "--quiet", "--db", db, dir / "news"}).exit_code == 0);
    write_articles(dir.path() / "news", 2, 50);

    // Root may write anywhere, so as root run the tools as nobody (as
    // bad_input_test does); other users only need the write bits taken away.
    std::vector<std::string> as_user;
    if (::geteuid() == 0) {
        if (!fs::exists("/usr/bin/setpriv")) return;
        as_user = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        for (const fs::path& p : {dir.path(), dir.path() / "news"}) fs::permissions(p, fs::perms::all);
        // A new index is its owner's alone; shared read-only as the README says (chmod -R go+rX).
        for (const auto& entry : fs::recursive_directory_iterator(db)) {
            fs::permissions(entry.path(), entry.is_directory() ? fs::perms::others_exec | fs::perms::others_read : fs::perms::others_read,
                            fs::perm_options::add);
        }
        fs::permissions(db, fs::perms::others_exec | fs::perms::others_read, fs::perm_options::add);
        for (const auto& entry : fs::directory_iterator(dir.path() / "news")) {
            fs::permissions(entry.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
        }
    } else {
        fs::permissions(db, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
    }
    auto command = [&](std::vector<std::string> argv) {
        argv.insert(argv.begin(), as_user.begin(), as_user.end());
        return argv;
    };

    const auto indexed = run_command(command({index_tool(), "--db", db, dir / "news"}));
    check_clean_failure(indexed, "newsdex-index");
    CHECK(indexed.exit_code == 2);
    CHECK(indexed.err.find(db) != std::string::npos);
    CHECK(indexed.err.find("ermission denied") != std::string::npos);

    const auto searched = run_command(command(query(db)));
    check_clean_failure(searched, "newsdex-query");
    CHECK(searched.exit_code == 0);
    CHECK(paths_in(searched.out).size() == 5);
    fs::permissions(db, fs::perms::owner_all, fs::perm_options::add);
}

namespace {

// A 2 MiB tmpfs mounted for the test's lifetime, if this process may mount.
class SmallDisk {
public:
    explicit SmallDisk(const fs::path& where) : where_(where) {
        fs::create_directories(where_);
        mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, "size=2m") == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }

private:
    fs::path where_;
    bool mounted_ = false;
};

}  // namespace

TEST_CASE("a full disk stops the indexer with a clear message and keeps what was committed") {
    TempDir dir;
    write_articles(dir.path() / "news", 800);  // several MiB of index, more than the disk holds
    SmallDisk disk(dir.path() / "disk");
    if (!disk.mounted()) {
        MESSAGE("skipped: this process may not mount a tmpfs (needs root in a mount namespace that allows it)");
        return;
    }
    const std::string db = dir / "disk/index";
    // One writer, whose batches are committed as it goes: a parallel build (the default past 400
    // new files) keeps nothing of the run before its first merge point.
    const auto indexed = run_command({index_tool(), "--quiet", "--single-writer", "--batch-size", "100", "--db", db, dir / "news"});
    check_clean_failure(indexed, "newsdex-index");
    CHECK(indexed.exit_code == 2);
    // Xapian's own message, or ours when Xapian 1.4 calls std::terminate in commit() (indexer/main.cc).
    CHECK((indexed.err.find("No space left on device") != std::string::npos ||
           indexed.err.find("(a full disk or a file-size limit can cause this)") != std::string::npos));

    // What was committed before is whole and searchable; a search sees no more than that.
    const auto searched = run_command(query(db));
    check_clean_failure(searched, "newsdex-query");
    if (searched.exit_code == 0) CHECK(paths_in(searched.out).size() < 800);
}

TEST_CASE("a parallel build on a full disk says that running again will not do, and what will") {
    TempDir dir;
    write_articles(dir.path() / "news", 800);
    SmallDisk disk(dir.path() / "disk");
    if (!disk.mounted()) {
        MESSAGE("skipped: this process may not mount a tmpfs (needs root in a mount namespace that allows it)");
        return;
    }
    const std::string db = dir / "disk/index";
    const auto indexed = run_command({index_tool(), "--quiet", "--threads", "2", "--db", db, dir / "news"});
    check_clean_failure(indexed, "newsdex-index");
    CHECK(indexed.exit_code == 2);
    if (indexed.err.find("No space left on device") != std::string::npos) {
        CHECK(indexed.err.find("--single-writer") != std::string::npos);
        CHECK(indexed.err.find("run again to finish") == std::string::npos);
    }
    CHECK_NOTHROW(newsdex::Searcher searcher(db));
}

TEST_CASE("a file-size limit (ulimit -f) stops the indexer with a clear message, not SIGXFSZ") {
    if (!fs::exists("/usr/bin/prlimit")) return;
    TempDir dir;
    write_articles(dir.path() / "news", 400);
    const std::string db = dir / "index";
    const auto indexed = run_command({"/usr/bin/prlimit", "--fsize=262144", index_tool(), "--quiet", "--single-writer",
                                      "--batch-size", "50", "--db", db, dir / "news"});
    check_clean_failure(indexed, "newsdex-index");
    CHECK(indexed.exit_code == 2);
    CHECK(indexed.err.find("File too large") != std::string::npos);

    const auto searched = run_command(query(db));
    check_clean_failure(searched, "newsdex-query");
    if (searched.exit_code == 0) CHECK(paths_in(searched.out).size() < 400);
}

TEST_CASE("a parallel build stopped by a file-size limit fails with a clear message, the index opening, and a run without the limit finishes the job") {
    if (!fs::exists("/usr/bin/prlimit")) return;
    TempDir dir;
    write_articles(dir.path() / "news", 400);  // the threshold of a parallel build
    const std::string db = dir / "index";
    const auto indexed = run_command({"/usr/bin/prlimit", "--fsize=262144", index_tool(), "--quiet", "--threads", "2",
                                      "--db", db, dir / "news"});
    INFO("newsdex-index said: " << indexed.err);
    check_clean_failure(indexed, "newsdex-index");
    CHECK(indexed.exit_code == 2);
    // Mostly Xapian reports the failed write ("File too large"); at an unlucky moment its
    // commit calls std::terminate instead (seen under load, in a writer thread), which the
    // tool reports in general terms before it exits, leaving its build folders behind.
    const bool reported = indexed.err.find("File too large") != std::string::npos;
    CHECK((reported || indexed.err.find("a file-size limit") != std::string::npos));
    if (reported) {
        for (const auto& entry : fs::directory_iterator(db)) {
            CHECK_MESSAGE(!newsdex::index_folder::is_build_name(entry.path().filename().string()), entry.path());
        }
    }
    // Nothing of the run was merged yet: the index is the empty one it created, and opens.
    CHECK(newsdex::Searcher(db).document_count() == 0);

    const auto rerun = run_command({index_tool(), "--quiet", "--threads", "2", "--db", db, dir / "news"});
    CHECK_MESSAGE(rerun.exit_code == 0, rerun.err);
    for (const auto& entry : fs::directory_iterator(db)) {
        CHECK_MESSAGE(!newsdex::index_folder::is_build_name(entry.path().filename().string()), entry.path());
    }
    CHECK(newsdex::Searcher(db).document_count() == 400);
}
