// newsdex-index: index folders of news articles (or show what would be indexed).
#include "tools/cli_text.h"

#include <newsdex/error.h>
#include <newsdex/extract.h>
#include <newsdex/index.h>
#include <newsdex/schema.h>
#include <newsdex/watch.h>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <thread>
#include <algorithm>
#include <atomic>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitError = newsdex::cli::kExitError;

const char* const kExitCodes =
    "\nA re-run indexes only new and changed files, moves renamed ones and removes articles\n"
    "whose files are gone (unless --no-delete). Interrupting a run loses nothing already\n"
    "committed; the next run finishes the job.\n"
    "\nExit status: 0 all files indexed (or skipped as not articles), 1 some files failed\n"
    "(each is reported with its reason), 2 error (bad usage, index cannot be opened or written),\n"
    "130/143 interrupted by Ctrl-C/SIGTERM (what was read is committed; a second signal stops at once).\n"
    "With --watch it runs until SIGINT, SIGTERM or SIGHUP, commits what it has seen and exits 0.\n";

// Ctrl-C or SIGTERM: the first asks the run to stop at the next file and commit
// what it parsed; a second ends the process at once (what was committed stays).
newsdex::Indexer* running_indexer = nullptr;
std::atomic<bool> merge_stop_requested{false};  // --merge-into: abandons the copy
volatile std::sig_atomic_t stop_signal = 0;
// On a terminal the first signal is acknowledged at once: the step under way (a
// commit, a merge) may take seconds, and a user who sees nothing presses again.
volatile std::sig_atomic_t acknowledge_stop = 0;

extern "C" void on_stop_signal(int signal) {
    if (stop_signal != 0) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    stop_signal = signal;
    if (acknowledge_stop) {
        static const char message[] =
            "\r\033[Knewsdex-index: stopping once the step under way ends (a second signal stops at once; "
            "what is not committed yet is then lost, and the next run does it again)\n";
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
    }
    merge_stop_requested = true;
    if (running_indexer) running_indexer->request_stop();
}

void catch_stop_signals() {
    acknowledge_stop = ::isatty(STDERR_FILENO) ? 1 : 0;
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
}

// Opening an index takes milliseconds; longer than this with --wait was waiting for another writer.
constexpr double kWaitWorthSaying = 0.5;

std::string db_path(const cxxopts::ParseResult& args) {
    return args.count("db") ? args["db"].as<std::string>() : newsdex::default_index_path();
}

// Code-point offsets, which is what JSON consumers count in.
std::size_t char_offset(const std::string& text, std::size_t byte) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return chars;
}

// Every field but the body (JSON sorts the keys).
nlohmann::json article_json(const newsdex::Article& article) {
    nlohmann::json json = nlohmann::json::object();
    for (const newsdex::ArticleField& field : newsdex::article_fields()) {
        if (field.long_text) continue;
        if (field.text) {
            json[std::string(field.key)] = article.*field.text;
        } else {
            json[std::string(field.key)] = article.*field.names;
        }
    }
    // As in newsdex-query --json: a file name that is not UTF-8 keeps its exact bytes.
    if (!newsdex::cli::is_valid_utf8(article.path)) json["path_bytes"] = newsdex::cli::base64(article.path);
    return json;
}

void print_dry_run(const newsdex::Article& article, bool json) {
    if (json) {
        std::cout << article_json(article).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return;
    }
    auto list = [](const std::vector<std::string>& names) {
        std::string joined;
        for (const auto& n : names) joined += (joined.empty() ? "" : "; ") + n;
        return joined;
    };
    using newsdex::cli::terminal_text;
    std::cout << terminal_text(article.path) << "\n  title:  " << terminal_text(article.title)
              << "\n  date:   " << terminal_text(article.date) << "\n  places: " << terminal_text(list(article.places))
              << "\n  people: " << terminal_text(list(article.people)) << "\n";
}

int dry_run_stdin(bool json, const newsdex::IndexOptions& options) {
    const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    const newsdex::Article article = newsdex::parse_text_article(text, "-", options);
    if (!json) {
        print_dry_run(article, false);
        return kExitOk;
    }
    nlohmann::json out = article_json(article);
    if (options.extract_fields) {
        // Mention spans refer to the text exactly as given, for evaluation tools.
        nlohmann::json spans = nlohmann::json::array();
        for (const auto& mention : newsdex::extract_entities(text).mentions) {
            spans.push_back({{"start", char_offset(text, mention.begin)},
                             {"end", char_offset(text, mention.end)},
                             {"type", mention.type == newsdex::EntityType::Person ? "PER" : "LOC"},
                             {"text", text.substr(mention.begin, mention.end - mention.begin)},
                             {"name", mention.canonical}});
        }
        out["spans"] = spans;
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitOk;
}

// --watch: after the first walk, follow the folders until SIGINT or SIGTERM.
// On a terminal a status line shows the last batch; piped, one line per batch.
int watch_folders(newsdex::Indexer& indexer, const std::vector<std::string>& paths, newsdex::WatchOptions options,
                  bool quiet, bool verbose) {
    const bool terminal = isatty(STDERR_FILENO);
    bool any_failed = false;
    auto progress = [&](const newsdex::FileEvent& event, std::size_t, std::size_t) {
        using newsdex::FileOutcome;
        const bool problem = event.outcome == FileOutcome::Failed ||
                             (event.outcome == FileOutcome::Skipped && event.skip_reason != newsdex::SkipReason::UnsupportedFormat);
        any_failed = any_failed || event.outcome == FileOutcome::Failed;
        if (quiet || !(problem || (verbose && event.outcome != FileOutcome::Unchanged))) return;
        if (terminal) std::cerr << "\r\033[K";
        const char* what = event.outcome == FileOutcome::Failed    ? "failed"
                           : event.outcome == FileOutcome::Skipped ? "skipped"
                           : event.outcome == FileOutcome::Deleted ? "deleted"
                           : event.outcome == FileOutcome::Renamed ? "renamed"
                                                                   : "indexed";
        std::cerr << newsdex::cli::terminal_text(event.path) << ": " << what << (event.reason.empty() ? "" : ": ")
                  << newsdex::cli::terminal_text(event.reason) << '\n';
    };
    bool first_walk = true;
    auto on_batch = [&](const newsdex::WatchBatch& batch) {
        const auto& r = batch.report;
        const bool idle_walk = batch.walk && !first_walk && r.indexed + r.renamed + r.deleted + r.failed + batch.removed == 0;
        first_walk = false;
        if (quiet || idle_walk) return;  // a periodic walk that found nothing new is not worth a line
        const std::string line = newsdex::cli::terminal_text(newsdex::describe_batch(batch));
        if (terminal) {
            std::cerr << "\r\033[Kwatching: " << line << std::flush;
        } else {
            std::time_t now = std::time(nullptr);
            char stamp[32];
            std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
            std::cout << stamp << ' ' << line << std::endl;
        }
    };
    auto on_warning = [&](const std::string& message) {
        if (terminal) std::cerr << "\r\033[K";
        std::cerr << "newsdex-index: " << message << '\n';
    };
    newsdex::FolderWatch watch(indexer, paths, options);
    const int signal_number = watch.run(on_batch, on_warning, progress);
    if (terminal && !quiet) std::cerr << '\n';
    if (!quiet) std::cerr << "newsdex-index: stopped by "
                          << (signal_number == SIGINT ? "SIGINT" : signal_number == SIGHUP ? "SIGHUP" : "SIGTERM")
                          << "; everything seen was committed\n";
    (void)any_failed;  // a failed file is reported as it happens; a watch that ran to a signal exits 0
    return kExitOk;
}

// What to do about a library error, in this tool's terms (the library's messages name no options).
std::string advice(const newsdex::Error& e) {
    switch (e.category()) {
        case newsdex::ErrorCategory::LockHeld: return "; wait for it to finish, or use --wait";
        case newsdex::ErrorCategory::NotAnIndex: return ": give --db another folder";
        case newsdex::ErrorCategory::Corrupt: return " (if it is damaged, delete it and index again)";
        default: return "";
    }
}

// Failures that would otherwise end the process without a word.
void install_failure_handlers() {
    // Over a file-size limit (ulimit -f) a write then fails with EFBIG and is
    // reported like a full disk, instead of SIGXFSZ killing the run silently.
    std::signal(SIGXFSZ, SIG_IGN);
    // Xapian 1.4 may call std::terminate inside WritableDatabase::commit() when the
    // disk fills, or a file-size limit is reached, at an unlucky moment (seen in a
    // parallel build's writer thread: tests/damage_test.cc). A commit is atomic, so
    // say so and exit like any other write error instead of dumping core; build
    // folders left behind are removed by the next run.
    std::set_terminate([] {
        static const char message[] =
            "newsdex-index: the search engine failed while writing the index (a full disk or a file-size limit "
            "can cause this); what was committed before is intact; make room and run again to finish "
            "(--single-writer needs less room than the default parallel build)\n";
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
        std::_Exit(2);
    });
}

cxxopts::Options make_options() {
    cxxopts::Options cli("newsdex-index",
                         "Index folders of news articles: .txt (header lines), .md (front matter), .html,\n"
                         ".json and .jsonl exports; any common text encoding.\n");
    cli.custom_help("[OPTIONS]");
    cli.positional_help("PATH...");
    cli.add_options()
        ("db", "index to write (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/index, else "
               "~/.local/share/newsdex/index; here: " + newsdex::default_index_path() + ")",
         cxxopts::value<std::string>())
        ("language", "stemming language of a new index (english, german, russian, ...)", cxxopts::value<std::string>())
        ("no-extract", "do not extract date, places and people from the text")
        ("field", "JSON keys for fields that common names miss, e.g. body=story,date=pubdate",
         cxxopts::value<std::string>())
        ("boilerplate", "file of extra boilerplate rules to strip (line:, prefix:, regex:, trailer:)",
         cxxopts::value<std::string>())
        ("synonyms", "file of synonym groups, one a line, names separated by tabs or '=' (SCO = Shanghai "
                     "Cooperation Organisation); kept in the index, added to the shipped list", cxxopts::value<std::string>())
        ("max-size", "skip files larger than this many bytes (default 8 MiB: articles are kilobytes; raise it for "
                     "big JSON exports); an article's text is cut after 2 MiB whatever the file size",
         cxxopts::value<std::size_t>()->default_value(std::to_string(newsdex::IndexOptions{}.max_file_size)))
        ("dry-run", "print what would be indexed, index nothing; PATH '-' reads one article from stdin")
        ("json", "with --dry-run: one JSON object per article")
        ("threads", "threads reading and parsing files; 0: one per core (" +
                        std::to_string(std::max(1u, std::thread::hardware_concurrency())) +
                        " here). The search results are the same for any number",
         cxxopts::value<unsigned>()->default_value("0"))
        ("single-writer", "one Xapian writer whatever --threads. By default a run adding many new files (400 or "
                          "more) to an unsharded index writes them with one writer per thread and merges them "
                          "into the index as it goes (a killed run keeps what was merged)")
        ("parallel-writers", "the default now (see --single-writer); accepted for older scripts")
        ("batch-size", "changes per commit; an interrupted run loses at most one batch",
         cxxopts::value<std::size_t>()->default_value(std::to_string(newsdex::IndexOptions{}.batch_size)))
        ("shards", "split a new index into N shards written in parallel (a folder with a XAPIANDB stub "
                   "listing them); newsdex-query searches them as one", cxxopts::value<std::size_t>()->default_value("0"))
        ("merge-into", "compact the index given by --db (all its shards) into one new index DIR, then stop; "
                       "refused (or, with --wait, waits) while another newsdex-index writes the index",
         cxxopts::value<std::string>())
        ("no-delete", "keep articles whose files are gone from the folders indexed")
        ("prune", "also remove articles whose files are gone from folders not named this run (a corpus moved "
                  "or deleted); without it they are kept, so an unmounted disk never empties the index")
        ("follow-symlinks", "also read symlinked files that lead out of the folders indexed (skipped by default)")
        ("no-compact", "do not compact the index after a run that wrote most of it (compacting halves its size)")
        ("watch", "after indexing, keep following the folders (inotify) and index changes within seconds, "
                  "until SIGINT/SIGTERM (exit 0, the batch in hand committed)")
        ("rescan-interval", "with --watch: also walk every folder each N seconds (network file systems); "
                            "0: only when inotify cannot watch every folder (then every 60 s)",
         cxxopts::value<unsigned>()->default_value("0"))
        ("max-watches", "with --watch: watch at most N folders, walking periodically beyond (0: the kernel's limit)",
         cxxopts::value<std::size_t>()->default_value("0"))
        ("wait", "if another newsdex-index is writing the index (or, for a writing run, copying it with "
                 "--merge-into), wait for it instead of failing")
        ("q,quiet", "print only problems (files that failed or were skipped), no summary")
        ("v,verbose", "also list every file added, modified, renamed or deleted, and files skipped as not articles")
        ("version", "print the version and exit")
        ("h,help", "show this help")
        ("paths", "files or folders", cxxopts::value<std::vector<std::string>>());
    cli.parse_positional({"paths"});
    return cli;
}

newsdex::IndexOptions options_from(const cxxopts::ParseResult& args) {
    newsdex::IndexOptions options;
    if (args.count("language")) options.language = args["language"].as<std::string>();
    options.extract_fields = !args.count("no-extract");
    if (args.count("field")) options.field_overrides = args["field"].as<std::string>();
    if (args.count("boilerplate")) options.boilerplate_rules_file = args["boilerplate"].as<std::string>();
    if (args.count("synonyms")) options.synonyms_file = args["synonyms"].as<std::string>();
    options.max_file_size = args["max-size"].as<std::size_t>();
    options.threads = newsdex::cli::at_most(args, "threads", newsdex::kMaxIndexThreads);
    options.single_writer = args.count("single-writer") > 0;
    options.batch_size = args["batch-size"].as<std::size_t>();
    options.shards = newsdex::cli::at_most(args, "shards", newsdex::kMaxShards);
    options.delete_missing = !args.count("no-delete");
    options.prune = args.count("prune") > 0;
    options.follow_symlinks = args.count("follow-symlinks") > 0;
    options.compact = !args.count("no-compact");
    options.wait_for_lock = args.count("wait") > 0;
    return options;
}

// --dry-run: print what indexing would read.
int dry_run(const std::vector<std::string>& paths, const newsdex::IndexOptions& options, const cxxopts::ParseResult& args,
            bool quiet, bool verbose) {
    const bool json = args.count("json") > 0;
    int status = kExitOk;
    for (const auto& path : paths) {
        if (path == "-") {
            status = std::max(status, dry_run_stdin(json, options));
            continue;
        }
        // Files and folders as indexing reads them: a folder is walked, files that are
        // not articles are passed over (named with --verbose), problems reported.
        const bool given_file = !std::filesystem::is_directory(path);
        newsdex::read_articles_under(
            {path}, options, [&](const newsdex::Article& article) { print_dry_run(article, json); },
            [&](const newsdex::FileEvent& event) {
                const bool not_article = event.skip_reason == newsdex::SkipReason::UnsupportedFormat;
                if (event.outcome == newsdex::FileOutcome::Failed) status = kExitSomeFailed;
                if (given_file && event.outcome == newsdex::FileOutcome::Skipped) status = kExitSomeFailed;
                if (quiet && event.outcome != newsdex::FileOutcome::Failed) return;
                if (not_article && !given_file && !verbose) return;
                const char* what = event.outcome == newsdex::FileOutcome::Failed    ? "failed"
                                   : event.outcome == newsdex::FileOutcome::Skipped ? "skipped"
                                                                                    : "note";
                std::cerr << newsdex::cli::terminal_text(event.path) << ": " << what << ": "
                          << newsdex::cli::terminal_text(event.reason) << '\n';
            });
    }
    return status;
}

// --watch: index, then follow the folders.
int watch(const std::string& db, const std::vector<std::string>& paths, newsdex::IndexOptions options,
          const cxxopts::ParseResult& args, bool quiet, bool verbose) {
    options.compact = false;  // a long-running writer commits small batches; compacting each would cost more
    newsdex::Indexer watching_indexer(db, options);
    newsdex::WatchOptions watch_options;
    watch_options.rescan_interval = std::chrono::seconds(args["rescan-interval"].as<unsigned>());
    watch_options.max_watches = args["max-watches"].as<std::size_t>();
    watch_options.remove_deleted = options.delete_missing;
    return watch_folders(watching_indexer, paths, watch_options, quiet, verbose);
}

// One indexing run, with progress on a terminal and a summary line; the exit status.
int index_once(const std::string& db, const std::vector<std::string>& paths, const newsdex::IndexOptions& options,
               bool quiet, bool verbose) {
    const auto opening = std::chrono::steady_clock::now();
    newsdex::Indexer indexer(db, options);
    // With --wait, the time before the index was ours is waiting, not indexing.
    const auto started = std::chrono::steady_clock::now();
    const double waited = std::chrono::duration<double>(started - opening).count();
    running_indexer = &indexer;
    catch_stop_signals();
    const bool show_progress = !quiet && isatty(STDERR_FILENO);
    std::size_t files_indexed = 0;
    auto last_shown = started;
    auto progress = [&](const newsdex::FileEvent& event, std::size_t done, std::size_t total) {
        using newsdex::FileOutcome;
        const bool not_article = event.outcome == FileOutcome::Skipped &&
                                 event.skip_reason == newsdex::SkipReason::UnsupportedFormat;
        // Problems are failed and skipped files; notes are repairs. A rename is neither: -v shows it.
        const bool problem = (event.outcome == FileOutcome::Failed || event.outcome == FileOutcome::Skipped) && !not_article;
        const bool note = !event.reason.empty() &&
                          (event.outcome == FileOutcome::Added || event.outcome == FileOutcome::Modified);
        if (event.outcome == FileOutcome::Added || event.outcome == FileOutcome::Modified) ++files_indexed;
        if (problem || (!quiet && note) || (!quiet && verbose && event.outcome != FileOutcome::Unchanged)) {
            if (show_progress) std::cerr << "\r\033[K";
            const char* what = event.outcome == FileOutcome::Failed    ? "failed"
                               : event.outcome == FileOutcome::Skipped ? "skipped"
                               : event.outcome == FileOutcome::Renamed ? "renamed"
                               : event.outcome == FileOutcome::Deleted ? "deleted"
                               : !event.reason.empty()                 ? "note"
                               : event.outcome == FileOutcome::Added   ? "added"
                                                                       : "modified";
            // File names and reasons quoting file content are escaped: never raw control characters.
            std::cerr << newsdex::cli::terminal_text(event.path) << ": " << what << (event.reason.empty() ? "" : ": ")
                      << newsdex::cli::terminal_text(event.reason) << '\n';
        }
        const auto now = std::chrono::steady_clock::now();
        if (show_progress && (now - last_shown > std::chrono::milliseconds(100) || done == total)) {
            last_shown = now;
            const double elapsed = std::chrono::duration<double>(now - started).count();
            const double rate = elapsed > 0 ? done / elapsed : 0;
            const double eta = rate > 0 ? (total - done) / rate : 0;
            std::fprintf(stderr, "\r\033[K%zu/%zu files  %3.0f%%  %.0f files/s  %zu indexed  ETA %d:%02d",
                         done, total, total ? 100.0 * done / total : 100.0, rate, files_indexed,
                         static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
            // The last commit takes a while with nothing else to show.
            if (done == total) std::fputs("  writing the index...", stderr);
        }
    };
    // The compaction after a big run rewrites the whole index: on a large one, seconds with nothing else to show.
    auto compacting = [&](std::size_t articles) {
        if (show_progress) std::fprintf(stderr, "\r\033[Kcompacting the index (%zu articles)...", articles);
    };
    const newsdex::IndexReport report = indexer.index_paths(paths, progress, compacting);
    running_indexer = nullptr;
    if (show_progress) std::cerr << "\r\033[K";
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!quiet) {
        char wait_note[96] = "";
        if (options.wait_for_lock && waited >= kWaitWorthSaying) {
            std::snprintf(wait_note, sizeof wait_note, " (after %.2f s waiting for another newsdex-index)", waited);
        }
        std::printf("%zu indexed, %zu unchanged, %zu renamed, %zu deleted, %zu skipped, %zu failed "
                    "(files: %zu new, %zu modified) in %.2f s%s; %zu articles in %s%s\n",
                    report.indexed, report.unchanged, report.renamed, report.deleted, report.skipped,
                    report.failed, report.added, report.modified, seconds, wait_note, indexer.document_count(),
                    newsdex::cli::terminal_text(db).c_str(), report.compacted ? " (compacted)" : "");
        if (report.interrupted) {
            // Stopped in the pass after the files (surname folding), every file is indexed already.
            const std::string unread = report.unread ? "; " + std::to_string(report.unread) + " files not indexed yet" : "";
            std::printf("interrupted by %s: the articles indexed are committed%s; run the same command again to finish\n",
                        stop_signal == SIGTERM ? "SIGTERM" : "Ctrl-C", unread.c_str());
        } else if (stop_signal != 0) {
            // A parallel build's last merge holds the run's articles: a stop lets it finish.
            std::printf("%s came during the last step, which was finished: nothing is left to do\n",
                        stop_signal == SIGTERM ? "SIGTERM" : "Ctrl-C");
        }
    }
    if (!report.compaction_skipped.empty()) {
        std::cerr << "note: the index was not compacted (it works as it is, only larger): "
                  << newsdex::cli::terminal_text(report.compaction_skipped) << '\n';
    }
    if (report.interrupted) return 128 + (stop_signal ? static_cast<int>(stop_signal) : SIGINT);
    return report.failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    install_failure_handlers();
    return newsdex::cli::run_tool("newsdex-index", [&] {
        cxxopts::Options cli = make_options();
        const auto args = newsdex::cli::parse_command_line(cli, argc, argv);
        if (newsdex::cli::answered_version_or_help(args, cli, NEWSDEX_VERSION, kExitCodes)) return kExitOk;
        if (args.count("merge-into")) {
            const std::string from = db_path(args), to = args["merge-into"].as<std::string>();
            catch_stop_signals();
            std::size_t articles = 0;
            try {
                articles = newsdex::merge_index(from, to, args.count("wait") > 0, &merge_stop_requested);
            } catch (const newsdex::Error& e) {
                if (stop_signal == 0) throw;
                std::cerr << "newsdex-index: " << newsdex::cli::terminal_text(e.what()) << '\n';
                return 128 + static_cast<int>(stop_signal);
            }
            std::printf("merged %s into %s: %zu articles\n", newsdex::cli::terminal_text(from).c_str(),
                        newsdex::cli::terminal_text(to).c_str(), articles);
            return kExitOk;
        }
        if (!args.count("paths")) {
            std::cerr << "newsdex-index: name at least one file or folder to index (see --help)\n";
            return kExitError;
        }
        const auto paths = args["paths"].as<std::vector<std::string>>();
        const newsdex::IndexOptions options = options_from(args);
        const bool quiet = args.count("quiet") > 0, verbose = args.count("verbose") > 0;
        if (args.count("dry-run")) return dry_run(paths, options, args, quiet, verbose);
        if (args.count("watch")) return watch(db_path(args), paths, options, args, quiet, verbose);
        return index_once(db_path(args), paths, options, quiet, verbose);
    }, advice);
}
