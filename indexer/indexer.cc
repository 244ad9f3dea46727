#include "core/fnv1a.h"
#include "core/index_folder.h"
#include "core/index_layout.h"
#include "core/shards.h"
#include "indexer/article_reader.h"
#include "indexer/boilerplate.h"
#include "indexer/document_builder.h"
#include "indexer/field_completion.h"
#include "indexer/folder_walk.h"
#include "indexer/parallel_build.h"
#include "indexer/surname_folding.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <xapian.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace newsdex {

namespace fs = std::filesystem;

namespace {

// Xapian keeps the system's reason ("No space left on device") apart from its message.
std::string xapian_reason(const Xapian::Error& e) {
    const char* system = e.get_error_string();
    return e.get_msg() + (system && *system ? std::string(" (") + system + ")" : std::string());
}

// fs::file_time_type's count for a file modified `since_1970` after the Unix
// epoch. Its clock's epoch is the library's choice (libstdc++: 2174-01-01,
// 6,437,664,000 s after 1970; libc++: 1970): measured once, to the second.
std::int64_t file_time_count(std::chrono::nanoseconds since_1970) {
    using namespace std::chrono;
    static const nanoseconds epoch_offset = round<seconds>(fs::file_time_type::clock::now().time_since_epoch() -
                                                           duration_cast<nanoseconds>(system_clock::now().time_since_epoch()));
    return duration_cast<fs::file_time_type::duration>(since_1970 + epoch_offset).count();
}

// "size:mtime" of a file found (kFileSignatureSlot), as fs::file_size and
// fs::last_write_time give them: from the walk's lstat of a regular file, else
// from one stat (they made one each).
std::string signature_of(const FoundFile& file, std::error_code& error) {
    std::optional<FileStamp> stamp = file.stamp;
    struct stat info {};
    if (!stamp && ::stat(file.path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
        stamp = FileStamp{static_cast<std::uintmax_t>(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec};
    }
    // Times from 1970 to 2096 (beyond, the counts could overflow).
    if (stamp && stamp->modified_seconds >= 0 && stamp->modified_seconds < 4'000'000'000) {
        error.clear();
        const auto mtime = std::chrono::seconds(stamp->modified_seconds) + std::chrono::nanoseconds(stamp->modified_nanoseconds);
        return std::to_string(stamp->size) + ":" + std::to_string(file_time_count(mtime));
    }
    // Anything else as std::filesystem says it: its errors for a folder, a
    // device or a time out of range are the ones reported.
    const auto size = fs::file_size(file.path, error);
    if (error) return {};
    const auto mtime = fs::last_write_time(file.path, error);
    if (error) return {};
    return std::to_string(size) + ":" + std::to_string(mtime.time_since_epoch().count());
}

// The path with every symlink resolved ("" if it cannot be).
fs::path canonical_path(const std::string& path) {
    std::error_code error;
    fs::path canonical = fs::canonical(path, error);
    return error ? fs::path() : canonical;
}

// Metadata: articles written since the index was last compacted.
// What a parallel build that failed for `reason` tells the user to do. It keeps
// its articles in temporary databases until a merge point, and a merge writes a
// whole new generation: on a nearly full disk, running again fails the same
// way, while one writer commits as it goes.
std::string parallel_build_advice(const std::string& reason) {
    if (reason.find("No space left") == std::string::npos) return " (what was committed before is intact; run again to finish)";
    return " (what was committed before is intact; a parallel build needs room for temporary databases and a "
           "merged copy of the index: free some space, or run again with --single-writer, which commits as it goes "
           "and needs less)";
}

constexpr const char* kUncompactedKey = "newsdex.uncompacted_writes";

// Metadata (of the database holding the spelling table): set while committed
// articles have words the spelling table does not count yet. A run writes the
// spelling words once, at its end; one killed before that leaves the key set,
// and the next writer recounts the table from the index's own terms.
constexpr const char* kSpellingBehindKey = "newsdex.spelling_behind";

// Spelling words counted and not yet written past which a batch's commit writes
// them after all (about 100 MB of counts), bounding a long run's memory.
constexpr std::size_t kMaxPendingSpellingWords = 1'000'000;

// Why a file could not be read, in the system's words.
std::string read_failure(int error) {
    if (error == ENOENT) return "cannot read: it was removed during the run";
    return std::string("cannot read: ") + std::strerror(error);
}

// Opens `path` for reading if no part of it is a symbolic link (openat2's
// RESOLVE_NO_SYMLINKS): the file opened is then the one the path spells. -1
// with errno set otherwise, ENOSYS where the system cannot say.
int open_without_symlinks(const fs::path& path) {
#if defined(SYS_openat2) && defined(RESOLVE_NO_SYMLINKS)
    // Containers' syscall filters answer EPERM for system calls they do not know.
    static std::atomic<bool> unavailable{false};
    if (!unavailable) {
        open_how how{};
        how.flags = O_RDONLY | O_CLOEXEC;
        how.resolve = RESOLVE_NO_SYMLINKS;
        const int fd = static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how));
        if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG && errno != EINVAL)) return fd;
        unavailable = true;
    }
#endif
    errno = ENOSYS;
    return -1;
}

// One file to bring in step with the index, as decided before parsing.
struct Job {
    FoundFile file;
    std::string signature;
    bool known = false;      // the index has articles from this path
    bool unchanged = false;  // ... indexed from the file in this exact state
    std::string error;       // the file could not even be looked at
};

// What parsing a job produced, ready for the single writer.
struct Parsed {
    // Written: a parallel build's writer thread wrote the documents already.
    enum class Kind { Documents, Written, RenameCandidate, Skipped, Failed } kind = Kind::Failed;
    std::vector<std::pair<std::string, Xapian::Document>> documents;  // id, document
    std::size_t written = 0;  // Written: how many
    std::string hash;
    std::string reason;  // skip/fail reason, or notes about repairs
    SkipReason skip_reason = SkipReason::None;
};

// Articles of a file that is gone from the folders walked.
struct VanishedFile {
    std::size_t shard = 0;
    std::vector<Xapian::docid> docids;
    std::string hash;
    bool inside_roots = false;  // below a path walked this run
    bool unlisted = false;      // below a folder the walk could not list: unknown, so kept
    bool claimed = false;       // moved to a renamed file
};

// Whether the file at `path` is positively gone: the system says there is no
// such file (or a parent is no longer a folder). Any other failure (EACCES,
// EIO, a vanished mount's errors) is not evidence, and its error is set.
bool is_gone(const std::string& path, int& error) {
    struct stat info;
    if (::lstat(path.c_str(), &info) == 0) return false;
    error = errno;
    return error == ENOENT || error == ENOTDIR;
}

// True if the document `docid` shows the path spelt as `shown` (a file given as
// an absolute path after a relative one is written again, so results show the
// path as the latest run gave it). Paths too long for a term are taken as shown.
bool shown_as(const Xapian::Database& db, Xapian::docid docid, const std::string& shown) {
    const std::string term = std::string(layout::field("path").term_prefix) + shown;
    if (term.size() > 240) return true;
    auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) return false;
    posting.skip_to(docid);
    return posting != db.postlist_end(term) && *posting == docid;
}

// The permission bits of `folder`, given to the generation folders made in
// it: a new index is its owner's alone (0700), and an index its owner shared
// (chmod -R go+rX) stays shared after compaction writes a new generation.
fs::perms mode_of(const std::string& folder) {
    std::error_code error;
    const auto status = fs::status(folder, error);
    return error ? fs::perms::owner_all : status.permissions() & fs::perms::mask;
}

void make_folder(const std::string& path, fs::perms mode) {
    std::error_code error;
    fs::create_directory(path, error);
    if (error) throw Error("cannot create " + path + ": " + error.message());
    fs::permissions(path, mode, fs::perm_options::replace, error);
}

// A new generation folder, marked as newsdex's so a killed run's is cleaned up
// and a user's folder of the same name never is.
void make_generation_folder(const std::string& path, fs::perms mode) {
    if (!index_folder::make_own_folder(path, mode)) throw Error("cannot create " + path + ": " + std::strerror(EEXIST));
}

// Removes the files of a glass database written directly in `folder` (the
// layout before generations, or a creation killed before its first commit):
// the version file first, so no reader starts opening what is going away,
// then only files with Xapian's own names.
void remove_flat_database(const std::string& folder) {
    std::error_code error;
    fs::remove(fs::path(folder) / "iamglass", error);
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        std::error_code ignored;
        if (index_folder::is_xapian_file_name(name) && fs::is_regular_file(it->symlink_status(ignored))) fs::remove(it->path(), ignored);
    }
}

// The writers' lock of an index folder: an exclusive flock on its marker
// file, held for the writer's lifetime. Taken before anything in the folder
// is created, cleaned or swapped, so one writer alone ever does that. Returns
// -1 when the folder has no marker a lock can be taken on (an index of the
// older layout in a folder the user may not write): Xapian's own lock then decides.
// `shared`: for a copy of the index (merge_index), which must not start while a
// writer is midway (a parallel build's articles wait in build databases until a
// merge point) and keeps writers out until it ends, but not other copies.
// `stop_requested`: ends a wait (Error) once set.
int lock_index_folder(const std::string& db_path, bool wait, bool shared = false, const std::atomic<bool>* stop_requested = nullptr) {
    const std::string marker = (fs::path(db_path) / index_folder::kMarkerName).string();
    const int fd = ::open(marker.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    while (::flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) break;  // locks unsupported here: Xapian's lock still guards
        if (!wait) {
            ::close(fd);
            // A copy holds the lock shared: a writer cannot tell it from another writer.
            throw Error("the index " + db_path + " is being written by another writer" +
                            (shared ? "" : " (or copied into a new index)"),
                        ErrorCategory::LockHeld);
        }
        if (stop_requested && *stop_requested) {
            ::close(fd);
            throw Error("stopped while waiting for another writer of " + db_path + "; nothing was done");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return fd;
}

// Thrown by StoppableCompactor to abandon a compaction (request_stop()).
struct CompactionStopped {};

// Xapian's compaction, abandoned once a stop is requested: Xapian reports
// each table as it starts and ends (set_status), and a throw from there
// leaves a half-written generation that compact_in_place removes. Between
// two tables is the finest grain Xapian offers: compacting 10k synthetic
// articles (317 MB) took 1.1 s, its longest table (position) 0.63 s, so a
// stop waits up to about a second per 15k articles. Abandoned after the first
// table, Xapian's compaction leaks the tables it finished (descriptors on
// deleted files until the process ends): once per run, and the tool exits.
class StoppableCompactor : public Xapian::Compactor {
public:
    explicit StoppableCompactor(const std::atomic<bool>& stop_requested) : stop_requested_(stop_requested) {}
    void set_status(const std::string&, const std::string&) override {
        if (stop_requested_) throw CompactionStopped{};
    }

private:
    const std::atomic<bool>& stop_requested_;
};

}  // namespace

struct Indexer::State {
    class Run;  // one index_paths run
    std::string db_path;
    int folder_lock = -1;  // lock_index_folder's descriptor
    // The database of a single index: the current generation folder, or the
    // index folder itself for an index of the older flat layout.
    std::string single_path;
    IndexOptions options;
    std::vector<Xapian::WritableDatabase> shards;  // one, or the local shards of a sharded index
    std::unique_ptr<DocumentBuilder> builder;
    // Query-experience hook (indexer/document_builder.h, owned by the query side): spelling data,
    // synonyms and near-duplicate keys, written beside the documents by this single writer.
    std::unique_ptr<SearchAids> aids;
    std::size_t uncommitted = 0;
    bool spelling_behind = false;  // kSpellingBehindKey is set in the dictionary's last commit
    // A parallel build merged articles whose spelling words its writers still hold (written at its last merge).
    bool build_spelling_unwritten = false;
    bool parallel_build_started = false;  // this run writes through build databases (ParallelBuild)
    std::string uncompacted_written;  // kUncompactedKey's value as last written by this writer
    std::atomic<bool> stop_requested{false};  // Indexer::request_stop
    std::size_t written = 0;                    // articles written by this writer
    std::size_t written_before = 0;             // ... by earlier runs since the index was last compacted

    std::size_t uncompacted_writes() const { return written_before + written; }
    // Spelling and synonym data. A sharded index keeps them in a document-less
    // database beside its shards, searched with them, because xapian-tcpsrv
    // serves neither (remote shards answer spelling and synonym look-ups with nothing).
    std::optional<Xapian::WritableDatabase> separate_dictionary;
    std::string compaction_problem;  // why compact_in_place() gave up, for the report
    std::vector<fs::path> walked_roots;  // canonical roots of this run's walk: files are read only below them

    Xapian::WritableDatabase& dictionary() { return separate_dictionary ? *separate_dictionary : shards.front(); }

    // For the length of a write, so that an exception out of it (Xapian cancels every uncommitted
    // change of a write that fails) drops the near-duplicate bands, which may hold articles the
    // shards no longer have: the next look-up reads the index again.
    class BandsDroppedOnFailure {
    public:
        explicit BandsDroppedOnFailure(State& state) : state_(state) {}
        ~BandsDroppedOnFailure() {
            if (std::uncaught_exceptions() <= exceptions_) return;
            for (const Xapian::WritableDatabase& shard : state_.shards) state_.aids->forget_articles(shard);
        }
        BandsDroppedOnFailure(const BandsDroppedOnFailure&) = delete;
        BandsDroppedOnFailure& operator=(const BandsDroppedOnFailure&) = delete;

    private:
        State& state_;
        const int exceptions_ = std::uncaught_exceptions();
    };

    // The shard holding the articles of the file with this absolute path (or article id).
    std::size_t shard_index(const std::string& file_id) const { return shards::shard_of(file_id, shards.size()); }
    Xapian::WritableDatabase& db_for(const std::string& file_id) { return shards[shard_index(file_id)]; }

    void changed() {
        if (++uncommitted >= options.batch_size) commit(false);
    }

    // Shards commit in parallel: writing out a batch is most of Xapian's work.
    // `final`: the end of a run (or the library user's commit), where the
    // spelling words counted so far are written; a batch's commit leaves them
    // for then, unless they are many.
    void commit(bool final = true) {
        // Written only when it changed: a commit that changes nothing writes no new
        // revision, so a reader of the generation just swapped in is not made to reopen.
        if (!single_path.empty() && std::to_string(uncompacted_writes()) != uncompacted_written) {
            uncompacted_written = std::to_string(uncompacted_writes());
            shards[0].set_metadata(kUncompactedKey, uncompacted_written);
        }
        write_spelling(final || aids->pending_spelling_words() >= kMaxPendingSpellingWords);
        if (separate_dictionary) separate_dictionary->commit();
        if (shards.size() == 1) {
            shards[0].commit();
        } else {
            std::vector<std::thread> committers;
            std::vector<std::string> errors(shards.size());
            for (std::size_t i = 0; i < shards.size(); ++i) {
                committers.emplace_back([&, i] {
                    try {
                        shards[i].commit();
                    } catch (const Xapian::Error& e) {
                        errors[i] = e.get_msg();
                    }
                });
            }
            for (auto& t : committers) t.join();
            for (std::size_t i = 0; i < shards.size(); ++i) {
                if (!errors[i].empty()) throw Error("committing shard " + std::to_string(i) + " failed: " + errors[i]);
            }
        }
        uncommitted = 0;
    }

    // Query-experience hook: the spelling data of the articles of this commit,
    // now or (`now` false) at the end of the run, with the key saying so committed meanwhile.
    void write_spelling(bool now) {
        Xapian::WritableDatabase& dict = dictionary();
        if (now) {
            Xapian::Database index;
            for (auto& shard : shards) index.add_database(shard);
            const bool totals = aids->counts_are_totals();
            SearchAids::write_spelling(aids->take_spelling_counts(), dict, dict, index, totals);
        }
        const bool behind = aids->pending_spelling_words() > 0 || build_spelling_unwritten;
        if (behind != spelling_behind) {
            dict.set_metadata(kSpellingBehindKey, behind ? "1" : "");
            spelling_behind = behind;
        }
        aids->end_batch();
    }

    // After a writer killed with spelling words unwritten (kSpellingBehindKey).
    void recount_spelling_if_behind() {
        Xapian::WritableDatabase& dict = dictionary();
        if (dict.get_metadata(kSpellingBehindKey).empty()) return;
        Xapian::Database all;
        for (auto& shard : shards) all.add_database(shard);
        SearchAids::recount_spelling(all, dict);
        dict.set_metadata(kSpellingBehindKey, std::string());
        dict.commit();
    }

    ~State() {
        if (folder_lock >= 0) ::close(folder_lock);
    }

    std::vector<std::string> open_folder(const std::string& db_path, const IndexOptions& options);

    // Xapian writes tables in batches that leave B-tree blocks part-empty;
    // compaction rewrites them full (an index half the size, and faster to
    // search). The compacted copy is a new generation folder inside the index;
    // the stub is renamed to name it (atomic), then the old generation is
    // removed. A reader opens one generation or the other, never a mix, and a
    // run killed at any moment leaves a whole index (core/index_folder.h).
    // An index of the older flat layout moves to generations this way.
    // A stop requested meanwhile abandons it (Compaction::Stopped): the index
    // stays as committed, its uncompacted_writes() still due a compaction, which
    // the next run does.
    enum class Compaction { Done, Failed, Stopped };
    Compaction compact_in_place() {
        if (folder_lock < 0) return Compaction::Failed;  // no marker, no lock: newsdex does not swap folders there
        const std::string next_name = next_generation_name();
        const std::string next = (fs::path(db_path) / next_name).string();
        try {
            make_generation_folder(next, mode_of(db_path));
            StoppableCompactor compactor(stop_requested);
            Xapian::Database(single_path, Xapian::DB_BACKEND_GLASS).compact(next, Xapian::DBCOMPACT_NO_RENUMBER, 0, compactor);
            index_folder::write_stub(db_path, next_name);
        } catch (const CompactionStopped&) {
            compaction_problem = "stopped while compacting; the next run compacts it";
            index_folder::remove_generation(next);
            return Compaction::Stopped;
        } catch (const std::exception& e) {  // no room, say: the index stays as it is
            compaction_problem = e.what();
            index_folder::remove_generation(next);
            return Compaction::Failed;
        } catch (const Xapian::Error& e) {
            compaction_problem = xapian_reason(e);
            index_folder::remove_generation(next);
            return Compaction::Failed;
        }
        move_to_generation(next);
        return Compaction::Done;
    }

    // A merge point or the end of a parallel build: the current generation
    // (committed) and the build databases are merged into the next generation,
    // swapped in as compaction swaps it. Killed before the stub names it, the
    // index is the one of the merge point before, and the next run carries on from there.
    // `run_complete`: false for a merge point, or a last merge cut short by a
    // signal: its generation then counts every article as written uncompacted, so
    // the run that finishes the job compacts (Xapian's writes into a compacted
    // generation split its full blocks: a BBC build resumed for its last 475
    // articles ended at twice a clean build's size).
    void merge_build(ParallelBuild& build, bool with_spelling, bool run_complete) {
        const std::string next_name = next_generation_name();
        const std::string next = (fs::path(db_path) / next_name).string();
        try {
            make_generation_folder(next, mode_of(db_path));
            build.merge_into(shards.front(), single_path, next, options.batch_size, with_spelling);
            index_folder::write_stub(db_path, next_name);
        } catch (...) {
            index_folder::remove_generation(next);
            throw;
        }
        move_to_generation(next, !run_complete);
    }

    // "generation-" + one more than any generation folder in the index folder.
    std::string next_generation_name() const {
        unsigned long last = 0;
        std::error_code error;
        for (fs::directory_iterator it(db_path, error), end; !error && it != end; it.increment(error)) {
            last = std::max(last, index_folder::generation_number(it->path().filename().string()));
        }
        return index_folder::kGenerationPrefix + std::to_string(last + 1);
    }

    // The stub names `next` already: readers open it. This writer's Xapian lock
    // is on the old generation: take the new one's before letting go, then
    // remove the old one.
    // `uncompacted`: the articles of `next` count as written since a compaction.
    void move_to_generation(const std::string& next, bool uncompacted = false) {
        Xapian::WritableDatabase compacted(next, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        aids->forget_articles(shards.front());  // a merge numbers the articles anew
        shards.front().close();
        shards.front() = compacted;
        written_before = uncompacted ? compacted.get_doccount() : 0;
        written = 0;
        compacted.set_metadata(kUncompactedKey, uncompacted_written = std::to_string(written_before));
        compacted.commit();
        const std::string old = single_path;
        single_path = next;
        if (old == db_path) {
            remove_flat_database(db_path);
        } else {
            index_folder::remove_generation(old);  // only the files Xapian made there
        }
    }

    std::size_t document_count() const {
        std::size_t count = 0;
        for (const auto& shard : shards) count += shard.get_doccount();
        return count;
    }

    std::vector<Xapian::docid> documents_of_file(const std::string& absolute) {
        std::vector<Xapian::docid> ids;
        const std::string term = layout::file_term(absolute);
        Xapian::WritableDatabase& db = db_for(absolute);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
        return ids;
    }

    // Opens the job's file to be read; -1 with `error` set (errno), or with
    // `parsed` saying why it is skipped. The walk saw a file inside the roots;
    // by now it may have been swapped for a link out of them (/etc/shadow).
    // Checked again on opening, so such a swap is skipped, not indexed.
    int open_to_read(const Job& job, Parsed& parsed, int& error) const {
        int fd = -1;
        if (!options.follow_symlinks) {
            // Reached below a root with no symbolic link on the way, the file is
            // inside the roots: one system call, not a readlink per part of its path.
            const auto inside = [this](const fs::path& real) {
                return std::any_of(walked_roots.begin(), walked_roots.end(),
                                   [&](const fs::path& root) { return is_within(real, root); });
            };
            if (inside(job.file.absolute) && (fd = open_without_symlinks(job.file.absolute)) >= 0) return fd;
            // A link on the way (one inside the roots is read), or a failure: resolved in full, then opened.
            std::error_code ec;
            const fs::path real = fs::canonical(job.file.path, ec);
            if (!ec && !inside(real)) {
                parsed.kind = Parsed::Kind::Skipped;
                parsed.reason = "symbolic link to " + real.string() + ", outside the folders indexed (--follow-symlinks reads it)";
                return -1;
            }
        }
        fd = ::open(job.file.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) error = errno;
        return fd;
    }

    // Parses one file into documents. Runs on worker threads: touches no shared state.
    Parsed parse(const Job& job, DocumentBuilder& builder, const std::set<std::string>& vanished_hashes) const {
        Parsed parsed;
        const std::optional<std::uintmax_t> size = job.file.stamp ? std::optional(job.file.stamp->size) : std::nullopt;
        if (auto unread = no_article_unread(job.file.path.string(), size, options)) {
            parsed.kind = Parsed::Kind::Skipped;
            parsed.reason = unread->what();
            parsed.skip_reason = unread->why();
            return parsed;
        }
        int error = 0;
        const int fd = open_to_read(job, parsed, error);
        if (fd < 0) {
            if (parsed.kind != Parsed::Kind::Skipped) parsed.reason = read_failure(error);
            return parsed;
        }
        // Read once, and hashed as read: FNV-1a over all its bytes recognises a
        // renamed file without parsing it (a file that grew too large since the walk is hashed whole too).
        std::uint64_t hash = Fnv1a64::kOffset;
        FileBytes file;
        error = read_file_bytes(fd, options.max_file_size, file,
                                [&hash](std::string_view block) { hash = Fnv1a64::of(block, hash); });
        ::close(fd);
        if (error != 0) {
            parsed.reason = read_failure(error);
            return parsed;
        }
        parsed.hash = std::to_string(hash);
        if (!job.known && vanished_hashes.count(parsed.hash)) {
            parsed.kind = Parsed::Kind::RenameCandidate;
            return parsed;
        }
        try {
            FileContents contents = read_article_file(std::move(file), job.file.path.string(), job.file.path.string(), options);
            parsed.reason = contents.notes_line();
            const std::string id = job.file.absolute.string();
            for (const auto& one : contents.articles) {
                const std::string article_id = one.id_in_file.empty() ? id : id + "#" + one.id_in_file;
                Xapian::Document doc = builder.build(one.article, article_id, job.signature);
                doc.add_boolean_term(layout::file_term(id));
                doc.add_value(layout::kFilePathSlot, id);
                doc.add_value(layout::kContentHashSlot, parsed.hash);
                parsed.documents.emplace_back(article_id, std::move(doc));
            }
            parsed.kind = Parsed::Kind::Documents;
        } catch (const NotAnArticle& e) {
            parsed.kind = Parsed::Kind::Skipped;
            parsed.reason = e.what();
            parsed.skip_reason = e.why();
        } catch (const std::exception& e) {
            parsed.kind = Parsed::Kind::Failed;
            parsed.reason = e.what();
        }
        return parsed;
    }

    // Takes article `docid` out of the index, and its words off the spelling counts.
    void delete_article(Xapian::WritableDatabase& db, Xapian::docid docid) {
        const Xapian::Document doc = db.get_document(docid);
        aids->uncount(doc);
        aids->article_leaving(db, docid, doc);
        db.delete_document(docid);
    }

    // Writes `doc` in place of the article with `id_term` if there is one (whose words
    // leave the spelling counts), else as a new article.
    void replace_article(Xapian::WritableDatabase& db, const std::string& id_term, Xapian::Document& doc) {
        Xapian::docid replaced = 0;
        // Xapian keeps the first article with the term and deletes any other.
        for (auto old = db.postlist_begin(id_term); old != db.postlist_end(id_term); ++old) {
            const Xapian::Document leaving = db.get_document(*old);
            if (replaced == 0) {
                aids->uncount(leaving);
                replaced = *old;
            }
            aids->article_leaving(db, *old, leaving);
        }
        db.replace_document(id_term, doc);
        aids->article_written(db, replaced != 0 ? replaced : db.get_lastdocid(), doc);
    }

    // Writes `doc` as the article with `id_term`, which the index is not expected to
    // have (its file is new to it): replace_article without the look-up.
    void add_article(Xapian::WritableDatabase& db, const std::string& id_term, Xapian::Document& doc) {
        const Xapian::docid last = db.get_lastdocid();
        db.replace_document(id_term, doc);
        if (db.get_lastdocid() != last) {
            aids->article_written(db, db.get_lastdocid(), doc);
        } else {  // it did have one (written through Indexer::add, or an export's id twice), unseen by the bands
            aids->forget_articles(db);
            aids->missed_uncount();
        }
    }

    // The path an article of a vanished file was shown with.
    std::string display_path(const VanishedFile& gone) {
        return layout::decode_record(shards[gone.shard].get_document(gone.docids.front()).get_data()).path;
    }

    // Moves the articles of a vanished file to its new path without parsing it again.
    void move_documents(VanishedFile& from, const Job& to) {
        const std::string id = to.file.absolute.string();
        Xapian::WritableDatabase& old_db = shards[from.shard];
        Xapian::WritableDatabase& new_db = db_for(id);
        for (Xapian::docid docid : from.docids) {
            Xapian::Document doc = old_db.get_document(docid);
            std::vector<std::string> stale;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                const std::string term = *t;
                if (term.rfind(layout::field("id").term_prefix, 0) == 0 || term.rfind(layout::field("path").term_prefix, 0) == 0 ||
                    term.rfind(layout::kFileTermPrefix, 0) == 0) {
                    stale.push_back(term);
                }
            }
            for (const auto& term : stale) doc.remove_term(term);
            Article record = layout::decode_record(doc.get_data());
            record.path = to.file.path.string();
            DocumentBuilder::add_path_terms(doc, record.path);
            doc.add_boolean_term(layout::id_term(id));
            doc.add_boolean_term(layout::file_term(id));
            doc.add_value(layout::kFilePathSlot, id);
            doc.add_value(layout::kFileSignatureSlot, to.signature);
            doc.set_data(layout::encode_record(record));
            if (&old_db == &new_db) {
                new_db.replace_document(docid, doc);  // the same signature: the near-duplicate bands stay
            } else {  // the new path hashes to another shard
                aids->article_leaving(old_db, docid, doc);
                old_db.delete_document(docid);
                add_article(new_db, layout::id_term(id), doc);
            }
            changed();
        }
        from.claimed = true;
    }

    // Writes a parsed file: its articles replace the file's previous ones.
    void write(const Job& job, Parsed& parsed) {
        Xapian::WritableDatabase& db = db_for(job.file.absolute.string());
        std::set<std::string> kept;
        for (auto& [id, doc] : parsed.documents) {
            aids->add(db, doc);  // query-experience hook
            // A file new to the index has no article to replace (and no look-up to pay).
            if (job.known) {
                replace_article(db, layout::id_term(id), doc);
            } else {
                add_article(db, layout::id_term(id), doc);
            }
            kept.insert(layout::id_term(id));
            ++written;
            changed();
        }
        if (!job.known) return;
        // Articles the file no longer holds (an export that lost lines).
        for (Xapian::docid docid : documents_of_file(job.file.absolute.string())) {
            const Xapian::Document doc = db.get_document(docid);
            auto q = doc.termlist_begin();
            q.skip_to(std::string(layout::field("id").term_prefix));
            if (q != doc.termlist_end() && !kept.count(*q)) {
                delete_article(db, docid);
                changed();
            }
        }
    }
};

// Makes `db_path` ready for writing and returns the databases to open: the
// current generation of a single index (created if new), the flat folder of
// an older index, or the local shards of a sharded one. Refuses, touching
// nothing, a path that is not a newsdex index and not empty. Takes the
// folder's writers' lock (folder_lock) before changing anything in it.
std::vector<std::string> Indexer::State::open_folder(const std::string& db_path, const IndexOptions& options) {
    using index_folder::Kind;
    auto refuse_foreign = [&] {
        throw Error(index_folder::why_foreign(db_path) +
                    "; newsdex writes only into a new or empty folder or an index it made", ErrorCategory::NotAnIndex);
    };
    // A stub may name folders anywhere (the user's own, /etc): newsdex writes
    // only shards that are folders directly inside the index, not links, and
    // either new or Xapian databases already.
    auto refuse_outside_shards = [&] {
        std::error_code error;
        const fs::path home = fs::weakly_canonical(db_path, error);
        for (const auto& shard : shards::read_stub(db_path)) {
            if (shard.path.empty()) continue;  // a remote shard: refused below with its own reason
            const fs::path where(shard.path);
            const auto status = fs::symlink_status(where, error);
            const bool inside = fs::weakly_canonical(where.parent_path(), error) == home && !fs::is_symlink(status);
            const bool usable = !fs::exists(status) || (fs::is_directory(status) &&
                                                         (fs::is_empty(where, error) || fs::exists(where / "iamglass", error)));
            if (!inside || !usable) {
                throw Error("the index " + db_path + " lists " + shard.path + " (" + shard.line +
                                "), which is not a shard folder newsdex made inside it; newsdex writes only there",
                            ErrorCategory::NotAnIndex);
            }
        }
    };
    Kind kind = index_folder::inspect(db_path);
    if (kind == Kind::Foreign) refuse_foreign();
    if (kind == Kind::Sharded) refuse_outside_shards();
    if (kind == Kind::Missing) {
        std::error_code error;
        const fs::path parent = fs::path(db_path).parent_path();
        if (!parent.empty()) fs::create_directories(parent, error);
        make_folder(db_path, fs::perms::owner_all);  // a new index is its owner's alone (README: Safety)
        kind = Kind::Empty;
    }
    if (kind == Kind::Empty && options.shards > 1) {
        std::vector<std::string> paths = shards::create_local(db_path, options.shards);
        index_folder::write_marker(db_path);
        folder_lock = lock_index_folder(db_path, options.wait_for_lock);
        return paths;
    }
    // Every kind from here is newsdex's: mark it (an older index has no marker yet) and lock it.
    index_folder::write_marker(db_path);
    folder_lock = lock_index_folder(db_path, options.wait_for_lock);
    kind = index_folder::inspect(db_path);  // another writer may have changed it while this one waited
    if (kind == Kind::Foreign) refuse_foreign();
    if (kind == Kind::Sharded) {
        refuse_outside_shards();
        std::vector<std::string> paths;
        for (const auto& shard : shards::read_stub(db_path)) {
            if (shard.dictionary) continue;
            if (shard.path.empty()) {
                throw Error("the index " + db_path + " lists a remote shard (" + shard.line +
                            "); newsdex writes only local shards: index on the shard's machine, then serve it with "
                            "xapian-tcpsrv");
            }
            paths.push_back(shard.path);
        }
        if (options.shards > 1 && options.shards != paths.size()) {
            throw Error("the index " + db_path + " has " + std::to_string(paths.size()) + " shards, not " +
                        std::to_string(options.shards) + "; keep its shard count, or index into a new folder");
        }
        return paths;
    }
    if (options.shards > 1) {
        throw Error("the index " + db_path + " is not sharded; shard a new index folder "
                    "(or merge shards into one index with merge_index)");
    }
    if (folder_lock >= 0) index_folder::remove_stale_generations(db_path);
    if (kind == Kind::Flat) return {db_path};
    if (kind == Kind::Generations) {
        // A run killed while moving an older flat index to generations leaves its flat files.
        if (fs::exists(fs::path(db_path) / "postlist.glass") || fs::exists(fs::path(db_path) / "iamglass")) {
            remove_flat_database(db_path);
        }
        return {index_folder::current_generation(db_path)};
    }
    // Empty, or a creation killed before its first generation was named: nothing was committed there.
    if (kind == Kind::InterruptedCreation) remove_flat_database(db_path);
    if (folder_lock < 0) throw Error("cannot write the index " + db_path + ": " + std::strerror(EACCES));
    // The first free name: a run killed between making its folder and marking
    // it leaves one the next run cannot tell from a user's, and passes over.
    std::string first, generation;
    for (unsigned long number = 1;; ++number) {
        first = index_folder::kGenerationPrefix + std::to_string(number);
        generation = (fs::path(db_path) / first).string();
        if (index_folder::make_own_folder(generation, mode_of(db_path))) break;
    }
    try {
        Xapian::WritableDatabase(generation, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS).close();
    } catch (const Xapian::Error& e) {
        throw Error("cannot create the index " + db_path + ": " + xapian_reason(e));
    }
    index_folder::write_stub(db_path, first);
    return {generation};
}

Indexer::Indexer(const std::string& db_path, IndexOptions options) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
    state_->options = options;
    // Options that every file would trip over are checked once, before the index is touched.
    if (options.threads > kMaxIndexThreads) {
        throw Error("threads: at most " + std::to_string(kMaxIndexThreads) + ", not " + std::to_string(options.threads));
    }
    if (options.shards > kMaxShards) {
        throw Error("shards: at most " + std::to_string(kMaxShards) + ", not " + std::to_string(options.shards));
    }
    parse_field_overrides(options.field_overrides);
    BoilerplateRules::with_user_file(options.boilerplate_rules_file);
    state_->aids = std::make_unique<SearchAids>(options.synonyms_file);  // query-experience hook
    // A language Snowball does not know is refused before any folder is made (--language klingon).
    if (!options.language.empty()) layout::make_stemmer(options.language);
    std::vector<std::string> shard_paths = state_->open_folder(db_path, options);
    state_->single_path = shard_paths.size() == 1 && !shards::is_sharded(db_path) ? shard_paths.front() : std::string();

    for (const std::string& path : shard_paths) {
        for (;;) {
            try {
                state_->shards.emplace_back(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
                break;
            } catch (const Xapian::DatabaseLockError& e) {
                // A lock file Xapian may not create (a read-only index) is a lock error too.
                if (std::string(e.get_msg()).find("already locked") == std::string::npos) {
                    throw Error("cannot open the index " + db_path + " for writing: " + xapian_reason(e), ErrorCategory::IO);
                }
                if (!options.wait_for_lock) {
                    throw Error("the index " + db_path + " is being written by another writer", ErrorCategory::LockHeld);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            } catch (const Xapian::Error& e) {
                throw Error("cannot open the index " + path + " for writing: " + xapian_reason(e), ErrorCategory::IO);
            }
        }
    }
    // Opening reads little; the first reads of metadata are where a damaged
    // index shows (a postlist table with overwritten blocks opens fine).
    std::string language;
    try {
        Xapian::WritableDatabase& first = state_->shards.front();
        language = first.get_metadata(layout::kLanguageKey);
        if (language.empty()) {
            language = options.language.empty() ? "english" : options.language;
            layout::make_stemmer(language);  // validates the name before anything is written
            for (auto& shard : state_->shards) {
                shard.set_metadata(layout::kLanguageKey, language);
                shard.set_metadata(layout::kFormatKey, layout::kFormatVersion);
                shard.set_metadata(layout::kShortBandTermsKey, "1");
            }
        } else if (!options.language.empty() && options.language != language) {
            throw Error("the index " + db_path + " was built for " + language + ", not " + options.language +
                        "; index into a new folder to change the language");
        }
        state_->options.language = language;
        state_->aids->use_short_band_terms(first.get_metadata(layout::kShortBandTermsKey) == "1");
        if (!state_->single_path.empty()) {
            const std::string before = first.get_metadata(kUncompactedKey);
            // An index from before this count was kept starts from none.
            state_->written_before = before.empty() ? 0 : std::strtoull(before.c_str(), nullptr, 10);
        }
        if (shard_paths.size() > 1 || shards::is_sharded(db_path)) {
            try {
                state_->separate_dictionary.emplace(shards::dictionary_path(db_path), Xapian::DB_CREATE_OR_OPEN);
            } catch (const Xapian::Error& e) {
                throw Error("cannot open " + shards::dictionary_path(db_path) + " for writing: " + xapian_reason(e));
            }
        }
        state_->aids->store_synonyms(state_->dictionary());  // query-experience hook
        state_->recount_spelling_if_behind();
    } catch (const Xapian::Error& e) {
        throw Error("cannot read the index " + db_path + ": " + xapian_reason(e), ErrorCategory::Corrupt);
    }
    if (state_->options.batch_size == 0) state_->options.batch_size = 1;
    state_->builder = std::make_unique<DocumentBuilder>(layout::make_stemmer(language));
}

Indexer::~Indexer() {
    try {
        state_->commit();
    } catch (...) {
        // A destructor must not throw; commit() is the way to see write errors.
    }
}

namespace {

// What planning found: one job per file walked, and the indexed files the walk did not find.
struct Plan {
    std::vector<Job> jobs;
    std::map<std::string, VanishedFile> vanished;
    std::set<std::string> vanished_hashes;
};

// Parsing on worker threads, in file order with a bounded lookahead; the
// writer takes the results in file order, so the index is the same whatever
// the number of threads. With one thread (or none to do), it parses nothing
// and the writer parses each file itself.
class ParsePipeline {
public:
    ParsePipeline(const std::function<Parsed(const Job&, DocumentBuilder&)>& parse,
                  const std::vector<Job>& jobs, std::vector<std::size_t> to_parse, unsigned threads, const std::string& language,
                  const std::atomic<bool>& stop_requested)
        : parse_(parse), jobs_(jobs), to_parse_(std::move(to_parse)), results_(to_parse_.size()),
          lookahead_(64 * threads), stop_requested_(stop_requested) {
        if (threads <= 1 || to_parse_.size() <= 1) return;
        for (unsigned t = 0; t < threads; ++t) workers_.emplace_back([this, language] { work(language); });
    }
    ~ParsePipeline() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        space_.notify_all();
        for (auto& w : workers_) w.join();
    }
    bool running() const { return !workers_.empty(); }
    bool has(std::size_t slot) {
        std::lock_guard<std::mutex> lock(mutex_);
        return slot < results_.size() && results_[slot].has_value();
    }
    // The parse of the slot-th file to parse, waiting for it.
    Parsed take(std::size_t slot) {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return results_[slot].has_value(); });
        Parsed parsed = std::move(*results_[slot]);
        results_[slot].reset();
        consumed_ = slot + 1;
        space_.notify_all();
        return parsed;
    }

private:
    void work(const std::string& language) {
        DocumentBuilder builder(layout::make_stemmer(language));
        for (;;) {
            std::size_t slot;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                space_.wait(lock, [&] { return stop_ || next_ >= to_parse_.size() || next_ < consumed_ + lookahead_; });
                if (stop_ || stop_requested_ || next_ >= to_parse_.size()) return;
                slot = next_++;
            }
            Parsed parsed = parse_(jobs_[to_parse_[slot]], builder);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                results_[slot] = std::move(parsed);
            }
            ready_.notify_all();
        }
    }

    std::function<Parsed(const Job&, DocumentBuilder&)> parse_;
    const std::vector<Job>& jobs_;
    std::vector<std::size_t> to_parse_;
    std::vector<std::optional<Parsed>> results_;
    std::size_t lookahead_;
    const std::atomic<bool>& stop_requested_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::size_t next_ = 0, consumed_ = 0;
    bool stop_ = false;
    std::vector<std::thread> workers_;
};

// The writer threads of a parallel build: each parses and writes a
// contiguous run of the new files into its own build database
// (indexer/parallel_build.h), one round (between two merge points) at a time.
// The results come back per file, for the run's report in file order; a file
// that turns out to be a renamed one (its content matches a vanished file)
// comes back unwritten, for the single writer.
class BuildWriters {
public:
    BuildWriters(ParallelBuild& build, const std::function<Parsed(const Job&, DocumentBuilder&)>& parse,
                 const std::vector<Job>& jobs, std::vector<std::vector<std::size_t>> rounds, const std::string& language,
                 const std::atomic<bool>& stop_requested)
        : build_(build), parse_(parse), jobs_(jobs), rounds_(std::move(rounds)), language_(language),
          stop_requested_(stop_requested) {
        std::size_t slots = 0;
        for (const auto& round : rounds_) {
            for (std::size_t job : round) slot_of_[job] = slots++;
        }
        results_.resize(slots);
        start_round();
    }
    ~BuildWriters() {
        stop_ = true;
        join();
    }
    bool owns(std::size_t job) const { return slot_of_.count(job) != 0; }

    // True if jobs[job] is the last file of a round that another follows: the
    // build databases hold that round whole once its result is taken.
    bool ends_round_before_another(std::size_t job) const {
        return round_ + 1 < rounds_.size() && !rounds_[round_].empty() && rounds_[round_].back() == job;
    }

    // Waits for the writers to commit the round. Throws Error if one failed.
    void finish_round() {
        join();
        if (!failure_.empty()) throw Error("writing the new articles failed: " + failure_ + parallel_build_advice(failure_), ErrorCategory::IO);
    }

    // Writes the next round, into the build databases made anew after a merge point.
    void next_round() {
        ++round_;
        start_round();
    }

    // The result for jobs[job], waiting for it; nothing if the run was stopped first.
    // Throws Error if a writer failed.
    std::optional<Parsed> take(std::size_t job) {
        const std::size_t slot = slot_of_.at(job);
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return results_[slot].done; });
        if (!failure_.empty()) throw Error("writing the new articles failed: " + failure_ + parallel_build_advice(failure_), ErrorCategory::IO);
        std::optional<Parsed> parsed = std::move(results_[slot].parsed);
        results_[slot].parsed.reset();
        return parsed;
    }

    // After a stop, once finish_round() returned: the result for jobs[job] if a
    // writer of this round read it and it was not taken yet. Each writer stops on its own,
    // so the files after the first one not read may hold another writer's written files.
    std::optional<Parsed> take_if_read(std::size_t job) {
        const auto slot = slot_of_.find(job);
        if (slot == slot_of_.end() || !results_[slot->second].done) return std::nullopt;
        std::optional<Parsed> parsed = std::move(results_[slot->second].parsed);
        results_[slot->second].parsed.reset();
        return parsed;
    }

private:
    struct Result {
        bool done = false;
        std::optional<Parsed> parsed;  // empty: not read (the run was stopped)
    };

    // Splits the round by bytes, so writers finish together.
    void start_round() {
        const std::vector<std::size_t>& files = rounds_[round_];
        std::vector<std::uintmax_t> sizes;
        std::uintmax_t total = 0;
        for (std::size_t i : files) {
            std::error_code error;
            const FoundFile& file = jobs_[i].file;
            sizes.push_back((file.stamp ? file.stamp->size : fs::file_size(file.path, error)) + 1);
            total += sizes.back();
        }
        std::vector<std::vector<std::size_t>> runs(build_.writers());
        std::uintmax_t so_far = 0;
        for (std::size_t k = 0; k < files.size(); ++k) {
            const auto writer = std::min<std::size_t>(runs.size() - 1, static_cast<std::size_t>(so_far * runs.size() / total));
            runs[writer].push_back(files[k]);
            so_far += sizes[k];
        }
        for (unsigned n = 0; n < runs.size(); ++n) {
            threads_.emplace_back([this, n, run = std::move(runs[n])] { work(n, run, language_); });
        }
    }

    void join() {
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

    void work(unsigned n, const std::vector<std::size_t>& run, const std::string& language) {
        DocumentBuilder builder(layout::make_stemmer(language));
        std::string failure;
        for (std::size_t job : run) {
            std::optional<Parsed> parsed;
            if (failure.empty() && !stop_ && !stop_requested_) {
                try {
                    parsed = parse_(jobs_[job], builder);
                    write(n, *parsed);
                } catch (const Xapian::Error& e) {
                    failure = xapian_reason(e);
                    parsed.reset();
                }
            }
            std::lock_guard<std::mutex> lock(mutex_);
            if (!failure.empty() && failure_.empty()) failure_ = failure;
            results_[slot_of_.at(job)] = {true, std::move(parsed)};
            ready_.notify_all();
        }
        // Committed here, on both cores, rather than one writer after the other by the merge.
        if (failure.empty()) {
            try {
                build_.finish(n);
            } catch (const Xapian::Error& e) {
                failure = xapian_reason(e);
            }
        }
        std::lock_guard<std::mutex> lock(mutex_);
        if (!failure.empty() && failure_.empty()) failure_ = failure;
    }

    void write(unsigned n, Parsed& parsed) {
        if (parsed.kind != Parsed::Kind::Documents) return;
        for (auto& [id, doc] : parsed.documents) build_.write(n, layout::id_term(id), doc);
        parsed.written = parsed.documents.size();
        parsed.documents.clear();
        parsed.kind = Parsed::Kind::Written;
    }

    ParallelBuild& build_;
    std::function<Parsed(const Job&, DocumentBuilder&)> parse_;
    const std::vector<Job>& jobs_;
    const std::vector<std::vector<std::size_t>> rounds_;  // job indices, in walk order
    std::size_t round_ = 0;                               // the one being written
    const std::string language_;
    const std::atomic<bool>& stop_requested_;
    std::map<std::size_t, std::size_t> slot_of_;  // job index -> result slot
    std::vector<Result> results_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::string failure_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> threads_;
};

}  // namespace

// One run of index_paths: planning, the ordered pipeline, the writer.
class Indexer::State::Run {
public:
    Run(State& state, const ProgressCallback& progress, const CompactionCallback& compacting)
        : state_(state), progress_(progress), compacting_(compacting) {}

    IndexReport go(const std::vector<std::string>& paths) {
        WalkOptions walk_options;
        walk_options.follow_symlinks = state_.options.follow_symlinks;
        const WalkResult walk = walk_paths(paths, walk_options);
        state_.walked_roots = walk.roots;
        total_ = walk.files.size() + walk.errors.size() + walk.skipped.size();
        for (const auto& [path, reason] : walk.errors) record({path, FileOutcome::Failed, reason});
        for (const auto& [path, reason] : walk.skipped) record({path, FileOutcome::Skipped, reason, SkipReason::NotARegularFile});
        plan_jobs(walk);
        find_vanished(walk);
        if (state_.document_count() == 0) state_.aids->count_from_empty_index();
        write_in_order();
        if (report_.interrupted && done_ < total_) report_.unread = total_ - done_;
        remove_vanished();
        // A parallel build's spelling words are written in a thread of their own while
        // surnames are folded: the generation in use committed first, for that thread to read.
        if (build_) {
            state_.commit();
            build_->start_spelling(state_.single_path);
        }
        // Before the compaction (or a parallel build's last merge, folding in its
        // databases too), so the generation it swaps in holds the folds written
        // compact: folded after the merge, the rewritten articles left a BBC
        // index 14% larger (postings 28%).
        fold_surnames();
        state_.commit();
        if (build_) {
            if (compacting_) compacting_(articles_after_merge());
            state_.merge_build(*build_, true, !report_.interrupted);
            state_.build_spelling_unwritten = false;
            report_.compacted = true;
            state_.commit();  // the index's spelling is whole again: says so
        } else {
            compact_if_due();
        }
        return report_;
    }

private:
    // Issue 17: one person, one facet value, over every shard as one index. A
    // stop request ends the pass between articles; the next run redoes it.
    void fold_surnames() {
        if (report_.interrupted) return;
        // A parallel build's databases are shards of the index until merged (the first holds the metadata).
        std::vector<Xapian::WritableDatabase> index = state_.shards;
        if (build_) {
            for (const Xapian::WritableDatabase& db : build_->databases()) index.push_back(db);
        }
        if (fold_surnames_across_articles(index, *state_.builder, &state_.stop_requested, state_.options.threads).interrupted)
            report_.interrupted = true;
    }

    void record(FileEvent event) {
        switch (event.outcome) {
            case FileOutcome::Added: ++report_.added; break;
            case FileOutcome::Modified: ++report_.modified; break;
            case FileOutcome::Renamed: ++report_.renamed; break;
            case FileOutcome::Unchanged: ++report_.unchanged; break;
            case FileOutcome::Deleted: ++report_.deleted; break;
            case FileOutcome::Skipped: ++report_.skipped; break;
            case FileOutcome::Failed: ++report_.failed; break;
        }
        if (!event.reason.empty()) report_.notices.push_back(event);
        if (event.outcome != FileOutcome::Deleted) ++done_;
        if (progress_) progress_(event, done_, total_);
    }

    // Decides, file by file, what needs parsing.
    void plan_jobs(const WalkResult& walk) {
        plan_.jobs.resize(walk.files.size());
        for (std::size_t i = 0; i < walk.files.size(); ++i) {
            Job& job = plan_.jobs[i];
            job.file = walk.files[i];
            walked_.insert(job.file.absolute.string());
            std::error_code error;
            job.signature = signature_of(job.file, error);
            if (error) {
                job.error = read_failure(error.value());
                continue;
            }
            const std::string term = layout::file_term(job.file.absolute.string());
            Xapian::WritableDatabase& db = state_.db_for(job.file.absolute.string());
            auto posting = db.postlist_begin(term);
            job.known = posting != db.postlist_end(term);
            job.unchanged = job.known && db.get_document(*posting).get_value(layout::kFileSignatureSlot) == job.signature &&
                            shown_as(db, *posting, job.file.path.string());
        }
    }

    // Files the index has that the walk did not find: moved or renamed
    // (matched by content when parsed), gone, or in folders not walked this time.
    void find_vanished(const WalkResult& walk) {
        for (std::size_t shard = 0; shard < state_.shards.size(); ++shard) {
            Xapian::WritableDatabase& db = state_.shards[shard];
            auto hashes = db.valuestream_begin(layout::kContentHashSlot);
            for (auto file = db.valuestream_begin(layout::kFilePathSlot); file != db.valuestream_end(layout::kFilePathSlot); ++file) {
                if (walked_.count(*file)) continue;
                const Xapian::docid docid = file.get_docid();
                if (hashes != db.valuestream_end(layout::kContentHashSlot)) hashes.skip_to(docid);
                const bool hashed = hashes != db.valuestream_end(layout::kContentHashSlot) && hashes.get_docid() == docid;
                VanishedFile& gone = plan_.vanished[*file];
                gone.shard = shard;
                gone.docids.push_back(docid);
                if (hashed) gone.hash = *hashes;
                if (gone.docids.size() == 1) {
                    const fs::path path(*file);
                    gone.inside_roots = std::any_of(walk.roots.begin(), walk.roots.end(),
                                                    [&](const fs::path& root) { return is_within(path, root); });
                    gone.unlisted = std::any_of(walk.unlisted.begin(), walk.unlisted.end(),
                                                [&](const fs::path& folder) { return is_within(path, folder); });
                    if (!gone.hash.empty()) plan_.vanished_hashes.insert(gone.hash);
                }
            }
        }
    }

    // A parallel build when the run adds many new files to a single index and
    // would compact it at the end anyway: the merge is that compaction.
    bool parallel_build_pays(const std::vector<std::size_t>& new_jobs, unsigned threads) const {
        const std::size_t articles = state_.document_count();
        return !state_.options.single_writer && threads > 1 && new_jobs.size() >= kParallelBuildMinFiles && state_.options.compact &&
               state_.shards.size() == 1 && !state_.separate_dictionary && state_.folder_lock >= 0 &&
               !state_.single_path.empty() && state_.single_path != state_.db_path &&
               (state_.uncompacted_writes() + new_jobs.size()) * 2 >= articles + new_jobs.size();
    }

    // Parsing and writing, in file order: each file's outcome is recorded in
    // that order whichever thread wrote it.
    void write_in_order() {
        unsigned threads = state_.options.threads ? state_.options.threads : std::thread::hardware_concurrency();
        threads = std::max(1u, threads);
        std::vector<std::size_t> to_parse, new_jobs;
        for (std::size_t i = 0; i < plan_.jobs.size(); ++i) {
            if (!plan_.jobs[i].error.empty() || plan_.jobs[i].unchanged) continue;
            (plan_.jobs[i].known ? to_parse : new_jobs).push_back(i);
        }
        auto parse = [this](const Job& job, DocumentBuilder& builder) { return state_.parse(job, builder, plan_.vanished_hashes); };
        std::optional<BuildWriters> writers;
        if (parallel_build_pays(new_jobs, threads)) {
            state_.parallel_build_started = true;
            build_.emplace(state_.db_path, threads, mode_of(state_.db_path), state_.options.synonyms_file, state_.dictionary(),
                           state_.aids->short_band_terms(), state_.document_count() == 0);
            const std::size_t min_per_merge = state_.options.merge_point_articles ? state_.options.merge_point_articles : kMinArticlesPerMerge;
            writers.emplace(*build_, parse, plan_.jobs, plan_merge_rounds(new_jobs, state_.document_count(), min_per_merge),
                            state_.options.language, state_.stop_requested);
        } else {
            to_parse.insert(to_parse.end(), new_jobs.begin(), new_jobs.end());
            std::sort(to_parse.begin(), to_parse.end());
        }
        ParsePipeline pipeline(parse, plan_.jobs, to_parse, writers ? 1 : threads, state_.options.language,
                               state_.stop_requested);
        std::size_t slot = 0;
        std::size_t i = 0;
        for (; i < plan_.jobs.size(); ++i) {
            const Job& job = plan_.jobs[i];
            const bool by_writers = writers && writers->owns(i);
            // Interrupted: what is parsed already is written (and committed); nothing more is read.
            if (state_.stop_requested && !by_writers) {
                report_.interrupted = true;
                if (!pipeline.running() || !job.error.empty() || job.unchanged || !pipeline.has(slot)) break;
            }
            if (!job.error.empty()) {
                record({job.file.path.string(), FileOutcome::Failed, job.error});
            } else if (job.unchanged) {
                record({job.file.path.string(), FileOutcome::Unchanged, {}});
            } else if (by_writers) {
                std::optional<Parsed> parsed = writers->take(i);
                if (!parsed) {
                    report_.interrupted = true;
                    break;
                }
                apply(job, std::move(*parsed));
                if (writers->ends_round_before_another(i)) merge_point(*writers);
            } else {
                apply(job, pipeline.running() ? pipeline.take(slot) : state_.parse(job, *state_.builder, plan_.vanished_hashes));
                ++slot;
            }
        }
        if (writers) {
            writers->finish_round();
            // The build databases are merged whatever stopped the run: every
            // article written there is kept, and reported as indexed.
            for (; report_.interrupted && i < plan_.jobs.size(); ++i) {
                std::optional<Parsed> parsed = writers->take_if_read(i);
                // A renamed file would be moved by the single writer: left for the next run, with the unread.
                if (parsed && parsed->kind != Parsed::Kind::RenameCandidate) apply(plan_.jobs[i], std::move(*parsed));
            }
        }
    }

    // The build databases hold a whole round: merged into the next generation
    // now, a kill loses none of it. Surnames are folded once, after the last merge.
    // The writers' spelling words wait for the last merge (written once: each
    // merge would write most words again), unless they are many; meanwhile the
    // index says its spelling is behind, so that a run killed before then has
    // them recounted by the next.
    void merge_point(BuildWriters& writers) {
        writers.finish_round();
        const bool with_spelling = build_->pending_spelling_words() >= kMaxPendingSpellingWords;
        state_.build_spelling_unwritten = !with_spelling;
        state_.commit();
        state_.merge_build(*build_, with_spelling, false);
        build_->restart();
        writers.next_round();
    }

    // Writes what parsing one file produced (or records what the build writers wrote).
    void apply(const Job& job, Parsed parsed) {
        const std::string shown = job.file.path.string();
        if (parsed.kind == Parsed::Kind::RenameCandidate) {
            for (auto& [file, gone] : plan_.vanished) {
                int error = 0;
                if (gone.claimed || gone.hash != parsed.hash || gone.docids.size() != 1) continue;
                // Moved, or the same file indexed before under a path through a symlink
                // (before roots were canonical): either way its articles move here.
                if (!is_gone(file, error) && canonical_path(file) != job.file.absolute) continue;
                const std::string from = state_.display_path(gone);
                state_.move_documents(gone, job);
                return record({shown, FileOutcome::Renamed, "renamed from " + from});
            }
            // Another file already took that content's place: index it as new.
            parsed = state_.parse(job, *state_.builder, {});
        }
        switch (parsed.kind) {
            case Parsed::Kind::Written:
                report_.indexed += parsed.written;
                return record({shown, FileOutcome::Added, parsed.reason});
            case Parsed::Kind::Documents:
                state_.write(job, parsed);
                report_.indexed += parsed.documents.size();
                return record({shown, job.known ? FileOutcome::Modified : FileOutcome::Added, parsed.reason});
            case Parsed::Kind::Skipped:
                // A file that stopped being an article (emptied, binary, grown too large)
                // takes its old articles out of the index with it.
                if (job.known) {
                    const std::string file = job.file.absolute.string();
                    for (Xapian::docid docid : state_.documents_of_file(file)) {
                        state_.delete_article(state_.db_for(file), docid);
                        state_.changed();
                    }
                    ++report_.deleted;
                    parsed.reason += "; its old article was removed from the index";
                }
                return record({shown, FileOutcome::Skipped, parsed.reason, parsed.skip_reason});
            default: return record({shown, FileOutcome::Failed, parsed.reason});
        }
    }

    // Only positive evidence removes an article: its file is gone, or is no
    // longer a file newsdex reads, below a folder walked and listed in full
    // (or anywhere, with prune). Folders not walked this run (an unmounted
    // disk, another corpus) keep their articles.
    void remove_vanished() {
        for (auto& [file, gone] : plan_.vanished) {
            if (report_.interrupted) break;  // the files after the interruption were not looked at
            if (gone.claimed || gone.unlisted) continue;
            if (!(gone.inside_roots ? state_.options.delete_missing : state_.options.prune)) continue;
            int error = 0;
            const bool removed = is_gone(file, error);
            if (!removed && (error != 0 || !gone.inside_roots)) {
                if (error != 0) record({state_.display_path(gone), FileOutcome::Failed, read_failure(error) + " (its articles are kept)"});
                continue;
            }
            const std::string shown = state_.display_path(gone);
            for (Xapian::docid docid : gone.docids) {
                state_.delete_article(state_.shards[gone.shard], docid);
                state_.changed();
            }
            record({shown, FileOutcome::Deleted, {}});
        }
    }

    // Counted over runs since the last compaction, so a run resumed after an
    // interruption ends as compact as one never interrupted.
    void compact_if_due() {
        const std::size_t articles = state_.document_count();
        if (state_.options.compact && !report_.interrupted && state_.shards.size() == 1 && !state_.separate_dictionary &&
            articles > 0 && state_.uncompacted_writes() * 2 >= articles && !state_.single_path.empty() && state_.folder_lock >= 0) {
            if (compacting_) compacting_(articles);
            const State::Compaction outcome = state_.compact_in_place();
            report_.compacted = outcome == State::Compaction::Done;
            report_.interrupted = outcome == State::Compaction::Stopped;
            if (!report_.compacted) report_.compaction_skipped = state_.compaction_problem;
        }
    }

    // The index and the build databases, as the last merge will hold them.
    std::size_t articles_after_merge() const {
        std::size_t articles = state_.document_count();
        for (const Xapian::WritableDatabase& db : build_->databases()) articles += db.get_doccount();
        return articles;
    }

    State& state_;
    const ProgressCallback& progress_;
    const CompactionCallback& compacting_;
    IndexReport report_;
    std::size_t done_ = 0, total_ = 0;
    Plan plan_;
    std::set<std::string> walked_;
    std::optional<ParallelBuild> build_;
};

IndexReport Indexer::index_paths(const std::vector<std::string>& paths, const ProgressCallback& progress,
                                 const CompactionCallback& compacting) {
    state_->parallel_build_started = false;
    const State::BandsDroppedOnFailure bands_guard(*state_);
    try {
        return State::Run(*state_, progress, compacting).go(paths);
    } catch (const Xapian::Error& e) {
        const std::string reason = xapian_reason(e);
        throw Error("writing to the index " + state_->db_path + " failed: " + reason +
                        (state_->parallel_build_started ? parallel_build_advice(reason)
                                                        : " (what was committed before is intact; run again to finish)"),
                    ErrorCategory::IO);
    }
}

void Indexer::add(const Article& article) {
    // The path identifies the article: an empty one would make every such article replace the last.
    if (article.path.empty()) throw Error("an article needs a path (Article::path), which identifies it in the index");
    Article completed = article;
    complete_fields(completed, state_->options.extract_fields);
    const State::BandsDroppedOnFailure bands_guard(*state_);
    try {
        Xapian::Document doc = state_->builder->build(completed, completed.path, {});
        Xapian::WritableDatabase& db = state_->db_for(completed.path);
        state_->aids->add(db, doc);  // query-experience hook
        state_->replace_article(db, layout::id_term(completed.path), doc);
        state_->changed();
    } catch (const Xapian::Error& e) {
        throw Error("writing to the index " + state_->db_path + " failed: " + xapian_reason(e), ErrorCategory::IO);
    }
}

std::size_t Indexer::remove_paths(const std::vector<std::string>& paths) {
    State& state = *state_;
    std::size_t removed = 0;
    const State::BandsDroppedOnFailure bands_guard(state);
    try {
        for (const std::string& given : paths) {
            std::error_code error;
            fs::path absolute = fs::absolute(given, error);
            const std::string file = (error ? fs::path(given) : absolute).lexically_normal().string();
            const std::string exact = layout::file_term(file), below = layout::file_term(file + "/");
            for (auto& db : state.shards) {
                std::set<Xapian::docid> doomed;
                for (auto it = db.postlist_begin(exact); it != db.postlist_end(exact); ++it) doomed.insert(*it);
                for (auto term = db.allterms_begin(below); term != db.allterms_end(below); ++term) {
                    for (auto it = db.postlist_begin(*term); it != db.postlist_end(*term); ++it) doomed.insert(*it);
                }
                for (Xapian::docid docid : doomed) {
                    state.delete_article(db, docid);
                    ++removed;
                    state.changed();
                }
            }
        }
    } catch (const Xapian::Error& e) {
        throw Error("removing articles from the index " + state.db_path + " failed: " + xapian_reason(e));
    }
    return removed;
}

void Indexer::request_stop() noexcept { state_->stop_requested = true; }

void Indexer::commit() {
    const State::BandsDroppedOnFailure bands_guard(*state_);
    try {
        state_->commit();
    } catch (const Xapian::Error& e) {
        throw Error("committing to the index " + state_->db_path + " failed: " + xapian_reason(e), ErrorCategory::IO);
    }
}

std::size_t Indexer::document_count() const { return state_->document_count(); }

std::size_t merge_index(const std::string& from, const std::string& to, bool wait_for_lock,
                        const std::atomic<bool>* stop_requested) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(to, error))) throw Error(to + " already exists; merge into a new folder");
    // Inside the index, the copy would be a foreign folder among its own (in a
    // generation, one that keeps it from ever being removed).
    const fs::path source_folder = fs::weakly_canonical(from, error), target = fs::weakly_canonical(to, error);
    if (!source_folder.empty() && !target.empty() && is_within(target, source_folder)) {
        throw Error(to + " is inside the index " + from + "; merge into a folder outside it");
    }
    // A writer holds the lock for its whole run: a copy taken meanwhile would
    // miss what it has not merged yet (a first parallel build: every article).
    const int lock = lock_index_folder(from, wait_for_lock, true, stop_requested);
    struct Unlock {
        int fd;
        ~Unlock() {
            if (fd >= 0) ::close(fd);
        }
    } unlock{lock};
    // Made here, atomically, so that compaction writes only into a folder this
    // call created (one that appeared meanwhile is refused, never written into),
    // and a failed compaction removes only what it wrote.
    const fs::path parent = fs::path(to).parent_path();
    if (!parent.empty()) fs::create_directories(parent, error);
    if (!fs::create_directory(to, error)) {
        throw Error(error ? "cannot create " + to + ": " + error.message() : to + " already exists; merge into a new folder");
    }
    fs::permissions(to, mode_of(from), fs::perm_options::replace, error);
    const std::atomic<bool> never{false};
    try {
        Xapian::Database source(from);
        // Compaction also renumbers documents densely and writes compact tables.
        StoppableCompactor compactor(stop_requested ? *stop_requested : never);
        source.compact(to, Xapian::DBCOMPACT_MULTIPASS, 0, compactor);
        return source.get_doccount();
    } catch (const CompactionStopped&) {
        index_folder::remove_generation(to);
        throw Error("stopped before the copy was whole: " + to + " was removed; the index " + from + " is unchanged");
    } catch (const Xapian::Error& e) {
        index_folder::remove_generation(to);  // Xapian's files only, then the folder if that left it empty
        throw Error("cannot merge " + from + " into " + to + ": " + xapian_reason(e));
    }
}

std::string default_index_path() {
    if (const char* db = std::getenv("NEWSDEX_DB"); db && *db) return db;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return std::string(data) + "/newsdex/index";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/newsdex/index";
    return ".newsdex";
}

}  // namespace newsdex
