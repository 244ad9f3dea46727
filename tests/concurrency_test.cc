// Concurrent use: reader processes search without pause while an indexer
// commits batch after batch, and threads share one Searcher. Readers never
// fail (Searcher::search moves to a later commit on Xapian's
// DatabaseModifiedError) and only ever see whole articles.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <mutex>
#include <sstream>
#include <thread>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

constexpr int kReaders = 3;
constexpr int kRounds = 12;
constexpr int kNewFilesPerRound = 120;
constexpr int kHotFiles = 20;  // rewritten every round

// Title, date and a body sentence all name the file's number and revision, so a
// record mixing two versions, or cut short, is recognised.
std::string article(int n, int revision) {
    // Bodies differ in most of their words, or search would fold them together
    // as near-duplicates.
    static const char* const kWords[] = {"barge", "cargo", "lock", "quay", "grain", "timber", "coal", "ferry",
                                         "tide", "pilot", "harbour", "crane", "dock", "wharf", "canal", "tug"};
    std::string body;
    unsigned state = static_cast<unsigned>(n) * 2654435761u + 1;
    for (int i = 0; i < 10; ++i) {
        body += "Freight traffic on the river rose again in week " + std::to_string(i);
        for (int w = 0; w < 4; ++w) {
            state = state * 1103515245u + 12345u;
            body += std::string(" ") + kWords[(state >> 16) % 16];
        }
        body += ". ";
    }
    return "Title: Bulletin " + std::to_string(n) + " revision " + std::to_string(revision) + "\nDate: 2022-" +
           (revision % 12 < 9 ? "0" : "") + std::to_string(1 + revision % 12) + "-15\n\n" + body + "Bulletin " +
           std::to_string(n) + " revision " + std::to_string(revision) + " ends here.\n";
}

fs::path file_of(const fs::path& folder, int n) { return folder / ("bulletin-" + std::to_string(n) + ".txt"); }

// Why a hit is not a whole article of a file, or "" if it is.
std::string check_hit(const Hit& hit, const fs::path& folder, int hot_files) {
    const std::string& title = hit.article.title;
    const std::size_t at = title.find(" revision ");
    if (title.rfind("Bulletin ", 0) != 0 || at == std::string::npos) return "unexpected title '" + title + "'";
    const int n = std::stoi(title.substr(9, at - 9));
    const int revision = std::stoi(title.substr(at + 10));
    if (hit.article.path != file_of(folder, n).string()) return "'" + title + "' stored for " + hit.article.path;
    const std::string expected_date = std::string("2022-") + (revision % 12 < 9 ? "0" : "") +
                                      std::to_string(1 + revision % 12) + "-15";
    if (hit.article.date != expected_date) return "'" + title + "' has date " + hit.article.date;
    if (hit.snippet.text.empty()) return "'" + title + "' has no text";
    // Files that are never rewritten must match what is on disk, field for field.
    if (n >= hot_files && read_file(file_of(folder, n)) != article(n, revision)) return "'" + title + "' is not its file";
    return "";
}

// A reader process: search, check every hit, reopen, again, until told to stop.
// Writes "searches failures first-failure" to `report` and exits 0.
[[noreturn]] void reader(const std::string& db, const fs::path& folder, const fs::path& stop, const fs::path& report,
                         int which) {
    long searches = 0, failures = 0, hits_seen = 0;
    std::string first_failure;
    try {
        Searcher searcher(db);
        const char* const queries[] = {"freight river", "bulletin", "\"rose again\"", "river date:2022", "week NEAR traffic"};
        for (long loop = 0; !fs::exists(stop); ++loop) {
            SearchRequest request;
            request.query = queries[(loop + which) % 5];
            request.limit = 40;
            request.offset = static_cast<std::size_t>(loop % 3) * 10;
            request.sort = static_cast<SortOrder>(loop % 3);
            try {
                const SearchResults results = searcher.search(request);
                ++searches;
                for (const Hit& hit : results.hits) {
                    ++hits_seen;
                    const std::string why = check_hit(hit, folder, kHotFiles);
                    if (!why.empty() && failures++ == 0) first_failure = why;
                }
                searcher.reopen();
            } catch (const std::exception& e) {
                if (failures++ == 0) first_failure = std::string("search threw: ") + e.what();
            }
        }
    } catch (const std::exception& e) {
        ++failures;
        first_failure = std::string("reader failed: ") + e.what();
    }
    std::ofstream(report) << searches << ' ' << hits_seen << ' ' << failures << ' ' << first_failure;
    _exit(0);
}

}  // namespace

TEST_CASE("readers in other processes never fail nor see a half-written article while an indexer commits") {
    TempDir dir;
    const fs::path folder = dir.path() / "news";
    const std::string db = dir / "index";
    int next_file = 0;
    for (; next_file < kNewFilesPerRound; ++next_file) write_file(file_of(folder, next_file), article(next_file, 0));
    IndexOptions options;
    options.batch_size = 15;  // many small commits: readers fall behind the writer again and again
    options.threads = 1;
    {
        Indexer indexer(db, options);
        indexer.index_paths({folder.string()});
    }

    // Readers are forked before this process starts any thread.
    const fs::path stop = dir.path() / "stop";
    std::vector<pid_t> readers;
    for (int r = 0; r < kReaders; ++r) {
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) reader(db, folder, stop, dir.path() / ("report" + std::to_string(r)), r);
        readers.push_back(pid);
    }

    struct StopReaders {  // even when the writer fails, so the readers do not run on forever
        fs::path stop;
        ~StopReaders() { std::ofstream{stop}; }
    } stop_readers{stop};
    std::size_t commits_expected = 0;
    {
        Indexer indexer(db, options);
        for (int round = 1; round <= kRounds; ++round) {
            for (int i = 0; i < kNewFilesPerRound; ++i, ++next_file) {
                write_file(file_of(folder, next_file), article(next_file, 0));
            }
            for (int n = 0; n < kHotFiles; ++n) write_file(file_of(folder, n), article(n, round));
            const IndexReport report = indexer.index_paths({folder.string()});
            CHECK(report.failed == 0);
            CHECK(report.added == kNewFilesPerRound);
            CHECK(report.modified == kHotFiles);
            commits_expected += (kNewFilesPerRound + kHotFiles) / options.batch_size + 1;
        }
        CHECK(indexer.document_count() == static_cast<std::size_t>(next_file));
    }
    std::ofstream{stop};

    long total_searches = 0;
    for (int r = 0; r < kReaders; ++r) {
        int status = 0;
        waitpid(readers[r], &status, 0);
        CHECK_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "reader " << r << " died: status " << status);
        std::istringstream report(read_file(dir.path() / ("report" + std::to_string(r))));
        long searches = 0, hits = 0, failures = -1;
        report >> searches >> hits >> failures;
        std::string first_failure;
        std::getline(report, first_failure);
        INFO("reader " << r << ": " << searches << " searches, " << hits << " hits checked");
        CHECK_MESSAGE(failures == 0, "first failure:" << first_failure);
        CHECK(searches > 0);
        CHECK(hits > 0);
        total_searches += searches;
    }
    MESSAGE(kReaders << " readers ran " << total_searches << " searches during about " << commits_expected
                     << " commits");

    // And the writer's last commit is what a new reader sees.
    Searcher searcher(db);
    SearchRequest request;
    request.query = "bulletin";
    request.limit = 100000;
    const auto hits = searcher.search(request).hits;
    CHECK(searcher.document_count() == static_cast<std::size_t>(next_file));
    CHECK(!hits.empty());  // search folds near-duplicates together, so fewer hits than articles
    for (const Hit& hit : hits) {
        const std::string why = check_hit(hit, folder, kHotFiles);
        CHECK_MESSAGE(why.empty(), why);
        if (hit.article.title.find("Bulletin 0 ") == 0) CHECK(hit.article.title == "Bulletin 0 revision " + std::to_string(kRounds));
    }
}

namespace {

constexpr int kSearchThreads = 6;
const char* const kThreadQueries[] = {"freight river", "bulletin", "\"rose again\"", "river date:2022",
                                      "week NEAR traffic", "barge -coal", "title:bulletin"};

SearchRequest thread_request(int which, int loop) {
    SearchRequest request;
    request.query = kThreadQueries[which % 7];
    request.limit = 15;
    request.offset = static_cast<std::size_t>(loop % 2) * 5;
    request.sort = static_cast<SortOrder>((which + loop) % 3);
    request.facets = loop % 4 == 0;
    return request;
}

// A search's answer in a comparable form: ranks, scores, articles, snippets, facets.
std::string summary(const SearchResults& results) {
    std::ostringstream out;
    out << results.estimated_total << '\n';
    for (const Hit& hit : results.hits) {
        out << hit.rank << ' ' << hit.score << ' ' << hit.article.path << ' ' << hit.article.title << ' '
            << hit.duplicates << ' ' << hit.snippet.text << '\n';
    }
    for (const Facet& facet : results.facets) {
        for (const FacetValue& value : facet.values) out << facet.field << ':' << value.value << '=' << value.count << '\n';
    }
    return out.str();
}

}  // namespace

TEST_CASE("threads sharing one Searcher get the answers one thread gets, also while an indexer commits") {
    TempDir dir;
    const fs::path folder = dir.path() / "news";
    const std::string db = dir / "index";
    constexpr int kFirstFiles = 150;
    for (int n = 0; n < kFirstFiles; ++n) write_file(file_of(folder, n), article(n, 0));
    IndexOptions options;
    options.threads = 1;
    options.batch_size = 10;
    options.compact = false;
    Indexer(db, options).index_paths({folder.string()});

    Searcher shared(db);
    constexpr int kLoops = 12;
    // What one thread alone finds, for every request the threads will make.
    std::map<std::pair<int, int>, std::string> expected;
    for (int which = 0; which < kSearchThreads; ++which) {
        for (int loop = 0; loop < kLoops; ++loop) expected[{which, loop}] = summary(shared.search(thread_request(which, loop)));
    }

    SUBCASE("with no writer, every thread's answers are one thread's") {
        std::atomic<int> mismatches{0}, failures{0};
        std::vector<std::thread> threads;
        for (int which = 0; which < kSearchThreads; ++which) {
            threads.emplace_back([&, which] {
                for (int round = 0; round < 3; ++round) {
                    for (int loop = 0; loop < kLoops; ++loop) {
                        try {
                            if (summary(shared.search(thread_request(which, loop))) != expected[{which, loop}]) ++mismatches;
                        } catch (const std::exception&) {
                            ++failures;
                        }
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
        CHECK(mismatches == 0);
        CHECK(failures == 0);
    }

    SUBCASE("many short searches at once share nothing that is not thread-safe") {
        // Every search counts its matches; a Xapian::Query shared between threads (the
        // static MatchAll, say) has a reference count that is not atomic, and copying it
        // from two threads at once frees it while in use: newsdex-serve crashed under
        // 8 clients on 2 threads about once in ten seconds. Enough searches here to meet
        // such a race on two cores, and ASan sees any use after free.
        constexpr int kShortSearches = 4000;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int which = 0; which < kSearchThreads; ++which) {
            threads.emplace_back([&, which] {
                SearchRequest request;
                request.limit = 1;
                for (int loop = 0; loop < kShortSearches; ++loop) {
                    request.query = loop % 2 ? "bulletin" : "nosuchwordanywhere" + std::to_string(which);
                    try {
                        shared.search(request);
                    } catch (const std::exception&) {
                        ++failures;
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
        CHECK(failures == 0);
    }

    SUBCASE("while an indexer commits, each answer is whole and the same for the same commit") {
        const std::string initial_version = shared.search(thread_request(0, 0)).index_version;
        std::mutex seen_mutex;
        std::map<std::pair<std::string, std::string>, std::string> seen;  // (request, index version) -> answer
        std::vector<std::string> problems;
        std::atomic<bool> writing{true};
        std::atomic<long> searches{0};
        std::vector<std::thread> threads;
        for (int which = 0; which < kSearchThreads; ++which) {
            threads.emplace_back([&, which] {
                // Searching goes on for kLoops after the writer is done, thread 0 reopening
                // every 5 searches, so the writer's last commit is searched whatever the timing.
                for (int loop = 0, after = 0; !(!writing && after++ >= kLoops); ++loop) {
                    const SearchRequest request = thread_request(which, loop);
                    std::string problem;
                    try {
                        if (which == 0 && loop % 5 == 4) shared.reopen();
                        const SearchResults results = shared.search(request);
                        ++searches;
                        for (const Hit& hit : results.hits) {
                            if (problem.empty()) problem = check_hit(hit, folder, 0);
                        }
                        const std::string key = request.query + "|" + std::to_string(request.offset) + "|" +
                                                std::to_string(static_cast<int>(request.sort)) + "|" +
                                                std::to_string(request.facets);
                        const std::lock_guard<std::mutex> lock(seen_mutex);
                        auto [at, fresh] = seen.emplace(std::make_pair(key, results.index_version), summary(results));
                        if (!fresh && at->second != summary(results)) problem = key + " differs within " + results.index_version;
                    } catch (const std::exception& e) {
                        problem = std::string("search threw: ") + e.what();
                    }
                    if (!problem.empty()) {
                        const std::lock_guard<std::mutex> lock(seen_mutex);
                        problems.push_back(problem);
                    }
                }
            });
        }
        {
            Indexer indexer(db, options);
            for (int round = 0; round < 4; ++round) {
                for (int n = kFirstFiles + round * 30; n < kFirstFiles + (round + 1) * 30; ++n) {
                    write_file(file_of(folder, n), article(n, 0));
                }
                indexer.index_paths({folder.string()});
            }
        }
        writing = false;
        for (auto& thread : threads) thread.join();
        INFO(searches << " searches over " << seen.size() << " (request, commit) pairs");
        CHECK_MESSAGE(problems.empty(), (problems.empty() ? "" : problems.front()));
        std::set<std::string> versions;
        for (const auto& [key, answer] : seen) versions.insert(key.second);
        versions.erase(initial_version);
        CHECK(!versions.empty());  // the threads did search the writer's commits
        shared.reopen();
        CHECK(shared.document_count() == kFirstFiles + 4 * 30);
    }
}
