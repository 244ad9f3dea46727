// newsdex/index.h — building and updating an index from files of articles.
#pragma once

#include <newsdex/export.h>

#include <newsdex/article.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// Bounds of IndexOptions::threads and ::shards: a typed zero too many must not start a
// million threads or folders (Indexer refuses more with an Error).
inline constexpr unsigned kMaxIndexThreads = 256;
inline constexpr std::size_t kMaxShards = 256;

struct IndexOptions {
    std::string language = "";             // Snowball stemmer name ("german"); empty: the index's own, English for a new index
    bool extract_fields = true;            // find date, places and people in the text when the file does not state them
    std::size_t max_file_size = 8 << 20;   // bytes (8 MiB: articles are kilobytes, exports a few MiB);
                                           // larger files are skipped and reported
    std::size_t batch_size = 500;          // changes per Xapian commit; a killed run loses at most one batch
                                           // (smaller batches cost less CPU: Xapian's pending maps stay shallow)
    unsigned threads = 0;                  // threads reading and parsing files; 0: one per core; at most kMaxIndexThreads
    bool single_writer = false;            // one Xapian writer whatever the threads. Otherwise a run adding many
                                           // new files (400) to a single index writes them with one writer per
                                           // thread into temporary databases merged into the index at merge points
    std::size_t merge_point_articles = 0;  // a parallel build merges once it wrote at least this many new articles
                                           // and as many as the index held (a killed run keeps what was merged);
                                           // 0: kMinArticlesPerMerge (2,000, indexer/parallel_build.h)
    bool delete_missing = true;            // remove articles whose files are gone from the folders indexed
    bool prune = false;                    // also remove articles whose files are gone from anywhere else
                                           // (folders not indexed this run: a moved or deleted corpus)
    bool follow_symlinks = false;          // also read symlinked files that lead out of the folders indexed
    bool wait_for_lock = false;            // wait for another writer to finish instead of failing
    std::size_t shards = 0;                // split a new index into this many shards (0 or 1: one index; at most kMaxShards);
                                           // an existing sharded index keeps its own shards
    std::string boilerplate_rules_file = "";  // more boilerplate rules, one a line (see indexer/boilerplate.h); empty: built-in only
    std::string field_overrides = "";         // JSON keys of fields where common names miss them: "body=story,date=pubdate"
    bool compact = true;                      // after a run that wrote at least half of a single (unsharded) index,
                                              // rewrite it compacted: about half the size, a little faster to search
    std::string synonyms_file = "";           // more synonym groups, one a line: "Kiev\tKyiv" or "SCO = Shanghai Cooperation Organisation";
                                              // stored in the index; empty: keep the list the index has
};

// What happened to one file.
enum class FileOutcome { Added, Modified, Renamed, Unchanged, Deleted, Skipped, Failed };

// Why a file was skipped, as a code, so that a tool can word its own advice
// instead of matching the text of `reason`.
enum class SkipReason {
    None,               // not skipped
    UnsupportedFormat,  // its extension names no article format newsdex reads (.txt, .md, .html, .json, ...)
    NotAnArticle,       // empty, binary, over the size limit, or without articles
    NotARegularFile,    // passed over by the folder walk: a device, socket, or a symlink out of the folders
};

struct FileEvent {
    std::string path;
    FileOutcome outcome;
    std::string reason;  // why it was skipped or failed, or what was repaired ("invalid UTF-8 replaced")
    SkipReason skip_reason = SkipReason::None;  // with FileOutcome::Skipped: why, as a code
};

// The summary of one indexing run.
struct IndexReport {
    std::size_t indexed = 0;    // articles written (from added and modified files)
    std::size_t added = 0;      // files new to the index
    std::size_t modified = 0;   // files changed since they were indexed
    std::size_t renamed = 0;    // files moved or renamed, content unchanged (not parsed again)
    std::size_t unchanged = 0;  // files already indexed in their current state
    std::size_t deleted = 0;    // files gone from the folders indexed, or no longer articles, whose articles were removed
    std::size_t skipped = 0;    // files that are not articles (unsupported type, empty, binary, too large)
    std::size_t failed = 0;     // files that could not be read or parsed
    std::vector<FileEvent> notices;  // every skipped/failed file and every repaired one, in order
    bool compacted = false;     // the index was compacted at the end of the run (IndexOptions::compact)
    std::string compaction_skipped;  // why a compaction the run called for did not happen ("No space left on device"); empty otherwise
    bool interrupted = false;   // request_stop() ended the run early: what was parsed is committed, the rest not read
                                // (or, during the end-of-run compaction, the compaction was abandoned: compaction_skipped says so)
    std::size_t unread = 0;     // interrupted: files not indexed (not read, or read and not written); the next run does them
};

// Called after each file with the event, the files done so far and the total to do.
using ProgressCallback = std::function<void(const FileEvent& event, std::size_t done, std::size_t total)>;

// Called when a run starts compacting the index (IndexOptions::compact), or a parallel build its last
// merge (a compaction too), with the articles it holds: on a large index seconds pass with no file to report.
using CompactionCallback = std::function<void(std::size_t articles)>;

// Writes articles into one Xapian index. Holds the index's write lock for its
// lifetime. Not thread-safe: use one Indexer from one thread.
// Searchers in any thread or process may read the index while it writes.
class NEWSDEX_API Indexer {
public:
    // Opens the index at db_path for writing, creating it if missing. Throws Error
    // if another writer holds it (unless wait_for_lock) or it cannot be created.
    explicit Indexer(const std::string& db_path, IndexOptions options = {});
    ~Indexer();  // commits what was added
    Indexer(const Indexer&) = delete;
    Indexer& operator=(const Indexer&) = delete;

    // Brings the index in step with the files under each path, recursively:
    // new and changed files are indexed, renamed ones moved, and (with
    // delete_missing) articles of files gone from those folders removed.
    // Problems with a single file are recorded in the report, never thrown.
    IndexReport index_paths(const std::vector<std::string>& paths, const ProgressCallback& progress = {},
                            const CompactionCallback& compacting = {});

    // Adds an article, replacing any article with the same path (the path identifies it).
    // Throws Error if article.path is empty, or on a write failure.
    void add(const Article& article);

    // Removes the articles of the file at each path, or of every file under it if
    // it names a folder (files deleted or moved away); the files are not looked at.
    // Returns the number of articles removed. Throws Error on a write failure.
    std::size_t remove_paths(const std::vector<std::string>& paths);

    // Makes everything added so far durable and visible to searchers.
    void commit();

    // Asks a running index_paths() to stop reading files, commit what it has
    // parsed and return (IndexReport::interrupted). Safe from a signal handler or another thread.
    // A compaction under way is abandoned between two of its tables (the index stays as committed,
    // and the next run compacts); a parallel build's last merge is finished: it holds the run's new articles.
    void request_stop() noexcept;

    // Number of articles in the index.
    std::size_t document_count() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Reads the articles in one file without indexing them (what --dry-run shows).
// Throws Error if the file cannot be read or is not a supported article format.
// Safe to call from several threads at once, as parse_text_article is.
NEWSDEX_API std::vector<Article> read_articles(const std::string& path, const IndexOptions& options = {});

// True if the extension of `path` names an article format newsdex reads, in any case:
// .txt/.text, .md/.markdown, .html/.htm/.xhtml, .json, .jsonl/.ndjson.
NEWSDEX_API bool is_article_file_name(std::string_view path);

// What --dry-run shows for files and folders: reads the articles of every file
// index_paths would read under `paths` (folders walked as it walks them),
// without an index, calling `on_article` for each article and `on_problem` for
// each file skipped (outcome Skipped, not an article) or failed (Failed), with the reason,
// and for each file read with notes (Added: repairs, lines of an export that could not be read).
NEWSDEX_API void read_articles_under(const std::vector<std::string>& paths, const IndexOptions& options,
                         const std::function<void(const Article&)>& on_article,
                         const std::function<void(const FileEvent&)>& on_problem);

// Parses one plain-text article (optional header block, else first line is the
// title) given as a string, and extracts its fields. `path` is only recorded.
NEWSDEX_API Article parse_text_article(const std::string& text, const std::string& path = "-",
                           const IndexOptions& options = {});

// Compacts the index at `from` — one index or all the shards of a sharded one —
// into a new single index at `to`, with Xapian's compaction. While an Indexer
// writes `from` (its run's articles may not be merged into the index yet), waits for
// it with `wait_for_lock`, else throws Error (ErrorCategory::LockHeld); Indexers
// opened meanwhile wait for the copy, as for another writer. Throws Error if
// `to` exists, lies inside `from`, or `from` cannot be read; a failed copy leaves no `to`.
// `stop_requested` (may be set from a signal handler) abandons the copy between two of
// Xapian's tables: `to` is removed and Error thrown. Returns the number of articles copied.
NEWSDEX_API std::size_t merge_index(const std::string& from, const std::string& to, bool wait_for_lock = false,
                                    const std::atomic<bool>* stop_requested = nullptr);

// The index used when none is named: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/index,
// else ~/.local/share/newsdex/index, else (no $HOME) ".newsdex" in the current folder.
NEWSDEX_API std::string default_index_path();

}  // namespace newsdex
