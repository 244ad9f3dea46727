// Keeping the index in step with a changing folder, and surviving interruption.
#include "test_support.h"

#include "core/fnv1a.h"
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
#include <set>
#include <thread>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

std::string article(int n, const std::string& extra = "") {
    return "Title: Article number " + std::to_string(n) + "\nDate: 2024-03-" + std::to_string(1 + n % 28) +
           "\n\nReport " + std::to_string(n) + " on the harvest in the valley. " + extra + "\n";
}

std::set<std::string> indexed_paths(const std::string& db) {
    Searcher searcher(db);
    SearchRequest request;
    request.query = "harvest";
    request.limit = 100000;
    std::set<std::string> paths;
    for (const Hit& hit : searcher.search(request).hits) paths.insert(hit.article.path);
    CHECK(paths.size() == searcher.document_count());
    return paths;
}

// (path, score) of each hit of `query`, best first.
std::vector<std::pair<std::string, double>> ranking(const std::string& db, const std::string& query) {
    Searcher searcher(db);
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    std::vector<std::pair<std::string, double>> hits;
    for (const Hit& hit : searcher.search(request).hits) hits.emplace_back(hit.article.path, hit.score);
    return hits;
}

IndexReport index_files(const std::string& db, const fs::path& folder, IndexOptions options = {}) {
    Indexer indexer(db, options);
    return indexer.index_paths({folder.string()});
}

// A word of letters only (spelling data skips words with digits) that articles n and n+1
// alone hold, for even n (a word of one article is offered as no correction).
std::string own_word(int n) { return std::string("quor") + char('a' + n / 2 % 26) + char('a' + n / 2 / 26); }

// The index's spelling data: word -> the number of articles counted for it.
std::map<std::string, Xapian::doccount> spelling_of(const std::string& db) {
    Xapian::Database index(db);  // the folder's XAPIANDB stub names the current generation
    std::map<std::string, Xapian::doccount> words;
    for (auto w = index.spellings_begin(); w != index.spellings_end(); ++w) words[*w] = w.get_termfreq();
    return words;
}

// Fifty articles (f100.txt ...), each even-odd pair holding a word of its own, indexed
// by one thread in batches of 10.
struct PairedWords {
    TempDir dir;
    fs::path news = dir.path() / "news";
    IndexOptions options;
    PairedWords() {
        for (int n = 0; n < 50; ++n) write_file(news / ("f" + std::to_string(100 + n) + ".txt"), article(n, own_word(n) + "."));
        options.threads = 1;
        options.batch_size = 10;
    }
};

// Indexes `news` into `db` in a child process that dies (no destructor, no last
// commit) once 35 files are done: with batches of 10, three are committed.
void kill_after_35_files(const std::string& db, const fs::path& news, const IndexOptions& options) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        Indexer indexer(db, options);
        indexer.index_paths({news.string()}, [](const FileEvent&, std::size_t done, std::size_t) {
            if (done == 35) _exit(0);
        });
        _exit(1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("a second run indexes only what changed: added, modified, renamed and deleted files") {
    TempDir dir;
    const fs::path news = dir.path() / "news";
    const std::string db = dir / "index";
    for (int n = 0; n < 5; ++n) write_file(news / ("a" + std::to_string(n) + ".txt"), article(n));
    IndexReport first = index_files(db, news);
    CHECK(first.added == 5);
    CHECK(first.indexed == 5);

    write_file(news / "a5.txt", article(5));                                   // added
    write_file(news / "a1.txt", article(1, "Late frost damaged the crop."));   // modified
    fs::rename(news / "a2.txt", news / "renamed.txt");                         // renamed
    fs::remove(news / "a3.txt");                                               // deleted
    const IndexReport second = index_files(db, news);
    CHECK(second.added == 1);
    CHECK(second.modified == 1);
    CHECK(second.renamed == 1);
    CHECK(second.deleted == 1);
    CHECK(second.unchanged == 2);
    CHECK(second.indexed == 2);  // the renamed file is moved, not parsed again

    const std::string folder = news.lexically_normal().string();
    CHECK(indexed_paths(db) == std::set<std::string>{folder + "/a0.txt", folder + "/a1.txt", folder + "/a4.txt",
                                                     folder + "/a5.txt", folder + "/renamed.txt"});
    Searcher searcher(db);
    SearchRequest frost;
    frost.query = "frost";
    CHECK(searcher.search(frost).hits.size() == 1);
    SearchRequest renamed;
    renamed.query = "path:\"" + folder + "/renamed.txt\"";
    REQUIRE(searcher.search(renamed).hits.size() == 1);
    CHECK(searcher.search(renamed).hits[0].article.title == "Article number 2");

    const IndexReport third = index_files(db, news);
    CHECK(third.unchanged == 5);
    CHECK(third.indexed + third.renamed + third.deleted == 0);
}

TEST_CASE("an article keeps its file's size:mtime and FNV-1a hash as earlier versions wrote them, so their indexes stay current") {
    TempDir dir;
    const fs::path small = dir.path() / "news/small.txt", large = dir.path() / "news/large.txt";
    write_file(small, article(1));
    std::string long_body;  // several of the blocks a file is read in
    for (int n = 0; long_body.size() < 300'000; ++n) long_body += "Line " + std::to_string(n) + " of the long report. ";
    write_file(large, article(2, long_body));
    // A time with nanoseconds, years back: the stored count is the library's file clock's.
    fs::last_write_time(small, fs::last_write_time(small) - std::chrono::hours(24 * 700) + std::chrono::nanoseconds(123'456'789));
    IndexOptions options;
    options.threads = 1;
    const std::string db = dir / "index";
    REQUIRE(index_files(db, dir.path() / "news", options).indexed == 2);

    Xapian::Database index(db);
    for (const fs::path& file : {small, large}) {
        INFO(file);
        const auto posting = index.postlist_begin(layout::file_term(file.string()));
        REQUIRE(posting != index.postlist_end(layout::file_term(file.string())));
        const Xapian::Document doc = index.get_document(*posting);
        CHECK(doc.get_value(layout::kFileSignatureSlot) ==
              std::to_string(fs::file_size(file)) + ":" + std::to_string(fs::last_write_time(file).time_since_epoch().count()));
        CHECK(doc.get_value(layout::kContentHashSlot) == std::to_string(fnv1a(read_file(file))));
    }
}

TEST_CASE("after a deletion, a word held by every article is still counted and searched (trial finding F1)") {
    // Xapian 1.4.22's weightless match threw "Unexpected end of posting list"
    // for a term in every document once a deletion left a gap in the ids.
    TempDir dir;
    const fs::path news = dir.path() / "news";
    const std::string db = dir / "index";
    // Enough articles for the word's posting list to span several of Xapian's chunks.
    constexpr int kArticles = 600;
    for (int n = 0; n < kArticles; ++n) write_file(news / ("a" + std::to_string(n) + ".txt"), article(n));
    index_files(db, news);
    fs::remove(news / "a2.txt");
    REQUIRE(index_files(db, news).deleted == 1);
    Searcher searcher(db);
    for (const bool exact : {false, true}) {
        for (const bool facets : {false, true}) {
            SearchRequest every;
            every.query = "number";
            every.exact_total = exact;
            every.facets = facets;
            INFO("exact_total " << exact << ", facets " << facets);
            SearchResults found;
            REQUIRE_NOTHROW(found = searcher.search(every));
            CHECK(found.hits.size() == 10);
            CHECK(found.estimated_total == kArticles - 1);
        }
    }
}

TEST_CASE("--no-delete keeps articles whose files are gone; other folders are never touched") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "one/a.txt", article(1));
    write_file(dir.path() / "two/b.txt", article(2));
    {
        Indexer indexer(db);
        indexer.index_paths({dir / "one", dir / "two"});
    }
    fs::remove(dir.path() / "one/a.txt");
    IndexOptions keep;
    keep.delete_missing = false;
    CHECK(index_files(db, dir.path() / "one", keep).deleted == 0);
    CHECK(indexed_paths(db).size() == 2);
    // Indexing folder two alone does not delete folder one's articles.
    CHECK(index_files(db, dir.path() / "two").deleted == 0);
    CHECK(indexed_paths(db).size() == 2);
    CHECK(index_files(db, dir.path() / "one").deleted == 1);
    CHECK(indexed_paths(db).size() == 1);
}

TEST_CASE("a copy of a file under a new name is a new article, not a rename") {
    TempDir dir;
    const std::string db = dir / "index";
    write_file(dir.path() / "news/a.txt", article(1));
    index_files(db, dir.path() / "news");
    fs::copy_file(dir.path() / "news/a.txt", dir.path() / "news/copy.txt");
    const IndexReport report = index_files(db, dir.path() / "news");
    CHECK(report.added == 1);
    CHECK(report.renamed == 0);
    CHECK(indexed_paths(db).size() == 2);
}

TEST_CASE("the index is the same whatever the number of threads") {
    TempDir dir;
    for (int n = 0; n < 60; ++n) write_file(dir.path() / "news" / ("f" + std::to_string(n) + ".txt"), article(n));
    auto build = [&](unsigned threads) {
        IndexOptions options;
        options.threads = threads;
        const std::string db = dir / ("index" + std::to_string(threads));
        index_files(db, dir.path() / "news", options);
        return ranking(db, "harvest valley");
    };
    const auto one = build(1);
    CHECK(one.size() == 60);
    CHECK(build(2) == one);
    CHECK(build(4) == one);
}

TEST_CASE("a run that writes most of the index leaves it compacted: smaller, whole, searching the same") {
    TempDir dir;
    const fs::path news = dir.path() / "news";
    for (int n = 0; n < 300; ++n) {
        write_file(news / ("f" + std::to_string(n) + ".txt"), article(n, "Rain came late to field " + std::to_string(n)));
    }
    IndexOptions plain;
    plain.compact = false;
    plain.batch_size = 40;  // many commits, as a big folder makes
    const std::string uncompacted = dir / "plain";
    CHECK_FALSE(index_files(uncompacted, news, plain).compacted);

    IndexOptions options = plain;
    options.compact = true;
    const std::string db = dir / "index";
    const IndexReport first = index_files(db, news, options);
    CHECK(first.compacted);
    CHECK(folder_bytes(db) * 3 < folder_bytes(uncompacted) * 2);
    CHECK(run_command({"/usr/bin/xapian-check", newsdex::index_folder::current_generation(db)}).exit_code == 0);
    CHECK(ranking(db, "rain field 17") == ranking(uncompacted, "rain field 17"));
    CHECK(ranking(db, "rain field 17").size() > 10);

    // A small change is not worth rewriting the index for; the compacted index takes changes like any other.
    write_file(news / "f7.txt", article(7, "Rain again on field 17."));
    const IndexReport second = index_files(db, news, options);
    CHECK(second.indexed == 1);
    CHECK_FALSE(second.compacted);
    CHECK(indexed_paths(db).size() == 300);

    // A run killed while compacting leaves a half-written generation inside the index; the next
    // run clears it away. A folder beside the index, whatever its name, is not newsdex's to touch.
    const fs::path half_written = fs::path(db) / "generation-9";
    REQUIRE(newsdex::index_folder::make_own_folder(half_written.string(), fs::perms::owner_all));  // as the killed run marked it
    write_file(half_written / "postlist.glass", "half-written");
    write_file(dir.path() / "index.compacting" / "notes.txt", "mine");
    index_files(db, news, options);
    CHECK_FALSE(fs::exists(half_written));
    CHECK(fs::exists(dir.path() / "index.compacting" / "notes.txt"));
    CHECK(indexed_paths(db).size() == 300);

    // The command line says when it compacted, and --no-compact keeps the index as written.
    const auto compacted = run_command({index_tool(), "--db", dir / "cli", news.string()});
    CHECK(compacted.out.find("(compacted)") != std::string::npos);
    const auto kept = run_command({index_tool(), "--no-compact", "--db", dir / "cli-plain", news.string()});
    CHECK(kept.exit_code == 0);
    CHECK(kept.out.find("(compacted)") == std::string::npos);
}

TEST_CASE("a run killed at any moment leaves an index that opens, and the next run completes the job") {
    TempDir dir;
    const fs::path news = dir.path() / "news";
    constexpr int kFiles = 3000;
    for (int n = 0; n < kFiles; ++n) write_file(news / ("f" + std::to_string(n) + ".txt"), article(n, std::string(2000, 'x')));
    const std::string db = dir / "index";
    // A full run takes about half a second here: kill it early, midway and late.
    for (int delay_ms : {10, 40, 90, 160, 250, 350}) {
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            execl(index_tool().c_str(), index_tool().c_str(), "--quiet", "--db", db.c_str(), "--batch-size", "100",
                  news.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        // Killed before the new index's first commit, there is no index yet: nothing to check.
        if (newsdex::index_folder::inspect(db) == newsdex::index_folder::Kind::Generations) {
            Searcher searcher(db);  // opens after any kill
            CHECK(searcher.document_count() <= kFiles);
            // Every committed article is whole: its title belongs to its file.
            for (const std::string& path : indexed_paths(db)) {
                SearchRequest one;
                one.query = "path:\"" + path + "\"";
                const auto hits = searcher.search(one).hits;
                REQUIRE(hits.size() == 1);
                const std::string number = path.substr(path.find_last_of('f') + 1, path.size() - path.find_last_of('f') - 5);
                CHECK(hits[0].article.title == "Article number " + number);
            }
        }
    }
    const auto final_run = run_command({index_tool(), "--db", db, news.string()});
    CHECK(final_run.exit_code == 0);
    Searcher searcher(db);
    CHECK(searcher.document_count() == kFiles);
    CHECK(indexed_paths(db).size() == kFiles);
}

TEST_CASE_FIXTURE(PairedWords, "spelling data is written once per run, and a run killed before that has its words recounted by the next") {
    const std::string clean = dir / "clean";
    index_files(clean, news, options);
    const auto expected = spelling_of(clean);
    REQUIRE(expected.count(own_word(0)) == 1);
    CHECK(expected.at(own_word(0)) == 2);
    CHECK(expected.at("harvest") == 50);

    // Killed (no destructor, no last commit) after 35 files: three batches of 10 are committed.
    const std::string killed = dir / "killed";
    kill_after_35_files(killed, news, options);
    CHECK(Searcher(killed).document_count() == 30);
    CHECK(spelling_of(killed).count(own_word(0)) == 0);  // the committed batches' words wait for the run's end

    { Indexer reopened(killed, options); }  // opening recounts them from the index's terms
    const auto recounted = spelling_of(killed);
    for (int n = 0; n < 30; ++n) CHECK(recounted.count(own_word(n)) == 1);
    CHECK(recounted.at("harvest") == 30);
    CHECK(recounted.count(own_word(30)) == 0);  // articles 30 and 31 were not committed

    const IndexReport finished = index_files(killed, news, options);
    CHECK(finished.added == 20);
    CHECK(spelling_of(killed) == expected);
}

TEST_CASE_FIXTURE(PairedWords, "after a run killed with its words uncounted, files deleted before the next run leave the spelling table as a clean build's") {
    const std::string killed = dir / "killed";
    kill_after_35_files(killed, news, options);
    REQUIRE(Searcher(killed).document_count() == 30);
    // Articles 0-9 committed and uncounted, then gone; 10 alone of its pair; 40 of the unread ones.
    for (int n = 0; n <= 10; ++n) fs::remove(news / ("f" + std::to_string(100 + n) + ".txt"));
    fs::remove(news / "f140.txt");
    const IndexReport finished = index_files(killed, news, options);
    CHECK(finished.deleted == 11);
    const std::string clean = dir / "clean";
    index_files(clean, news, options);
    const auto expected = spelling_of(clean);
    CHECK(expected.at("harvest") == 38);
    CHECK(expected.count(own_word(10)) == 0);  // article 11 alone holds it now
    CHECK(expected.count(own_word(40)) == 0);
    CHECK(spelling_of(killed) == expected);
}
