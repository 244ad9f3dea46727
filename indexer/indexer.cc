#include "core/fnv1a.h"
#include "core/index_folder.h"
#include "core/index_layout.h"
#include "core/shards.h"
#include "indexer/article_reader.h"
#include "indexer/boilerplate.h"
#include "indexer/document_builder.h"
#include "indexer/field_completion.h"
#include "indexer/folder_walk.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <xapian.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
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

std::string signature_of(const fs::path& path, std::error_code& error) {
    const auto size = fs::file_size(path, error);
    if (error) return {};
    const auto mtime = fs::last_write_time(path, error);
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
constexpr const char* kUncompactedKey = "newsdex.uncompacted_writes";

// Why a file could not be read, in the system's words.
std::string read_failure(int error) {
    if (error == ENOENT) return "cannot read: it was removed during the run";
    return std::string("cannot read: ") + std::strerror(error);
}

// FNV-1a over the file's bytes: recognises a renamed file without parsing it.
// Sets `error` to errno when the file cannot be read.
std::optional<std::string> content_hash(const fs::path& path, int& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return std::nullopt;
    }
    std::uint64_t hash = Fnv1a64::kOffset;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            error = errno;
            ::close(fd);
            return std::nullopt;
        }
        if (got == 0) break;
        hash = Fnv1a64::of(std::string_view(buffer, static_cast<std::size_t>(got)), hash);
    }
    ::close(fd);
    return std::to_string(hash);
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
    enum class Kind { Documents, RenameCandidate, Skipped, Failed } kind = Kind::Failed;
    std::vector<std::pair<std::string, Xapian::Document>> documents;  // id, document
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
int lock_index_folder(const std::string& db_path, bool wait) {
    const std::string marker = (fs::path(db_path) / index_folder::kMarkerName).string();
    const int fd = ::open(marker.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) break;  // locks unsupported here: Xapian's lock still guards
        if (!wait) {
            ::close(fd);
            throw Error("the index " + db_path + " is being written by another writer", ErrorCategory::LockHeld);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return fd;
}

}  // namespace

struct Indexer::State {
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

    // The shard holding the articles of the file with this absolute path (or article id).
    std::size_t shard_index(const std::string& file_id) const { return shards::shard_of(file_id, shards.size()); }
    Xapian::WritableDatabase& db_for(const std::string& file_id) { return shards[shard_index(file_id)]; }

    void changed() {
        if (++uncommitted >= options.batch_size) commit();
    }

    // Shards commit in parallel: writing out a batch is most of Xapian's work.
    void commit() {
        if (!single_path.empty()) shards[0].set_metadata(kUncompactedKey, std::to_string(uncompacted_writes()));
        aids->flush(dictionary());  // query-experience hook: spelling data of the batch
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
    bool compact_in_place() {
        if (folder_lock < 0) return false;  // no marker, no lock: newsdex does not swap folders there
        const fs::path folder(db_path);
        unsigned long last = 0;
        std::error_code error;
        for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
            last = std::max(last, index_folder::generation_number(it->path().filename().string()));
        }
        const std::string next_name = index_folder::kGenerationPrefix + std::to_string(last + 1);
        const std::string next = (folder / next_name).string();
        try {
            make_folder(next, mode_of(db_path));
            Xapian::Database(single_path, Xapian::DB_BACKEND_GLASS).compact(next, Xapian::DBCOMPACT_NO_RENUMBER);
            index_folder::write_stub(db_path, next_name);
        } catch (const std::exception& e) {  // no room, say: the index stays as it is
            compaction_problem = e.what();
            index_folder::remove_generation(next);
            return false;
        } catch (const Xapian::Error& e) {
            compaction_problem = xapian_reason(e);
            index_folder::remove_generation(next);
            return false;
        }
        // Readers now open the new generation. This writer's Xapian lock is on
        // the old one: take the new one's before letting go.
        Xapian::WritableDatabase compacted(next, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        shards.front().close();
        shards.front() = compacted;
        written_before = written = 0;
        compacted.set_metadata(kUncompactedKey, "0");
        compacted.commit();
        const std::string old = single_path;
        single_path = next;
        if (old == db_path) {
            remove_flat_database(db_path);
        } else {
            index_folder::remove_generation(old);  // only the files Xapian made there
        }
        return true;
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

    // Parses one file into documents. Runs on worker threads: touches no shared state.
    Parsed parse(const Job& job, DocumentBuilder& builder, const std::set<std::string>& vanished_hashes) const {
        Parsed parsed;
        // The walk saw a file inside the roots; by now it may have been
        // swapped for a link out of them (/etc/shadow). Checked again just
        // before reading, so such a swap is skipped, not indexed.
        if (!options.follow_symlinks) {
            std::error_code ec;
            const fs::path real = fs::canonical(job.file.path, ec);
            if (!ec && std::none_of(walked_roots.begin(), walked_roots.end(),
                                    [&](const fs::path& root) { return is_within(real, root); })) {
                parsed.kind = Parsed::Kind::Skipped;
                parsed.reason = "symbolic link to " + real.string() + ", outside the folders indexed (--follow-symlinks reads it)";
                return parsed;
            }
        }
        int error = 0;
        auto hash = content_hash(job.file.path, error);
        if (!hash) {
            parsed.reason = read_failure(error);
            return parsed;
        }
        parsed.hash = *hash;
        if (!job.known && vanished_hashes.count(parsed.hash)) {
            parsed.kind = Parsed::Kind::RenameCandidate;
            return parsed;
        }
        try {
            FileContents contents = read_article_file(job.file.path.string(), job.file.path.string(), options);
            for (const auto& note : contents.notes) parsed.reason += (parsed.reason.empty() ? "" : "; ") + note;
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
                new_db.replace_document(docid, doc);
            } else {  // the new path hashes to another shard
                old_db.delete_document(docid);
                new_db.replace_document(layout::id_term(id), doc);
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
            db.replace_document(layout::id_term(id), doc);
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
                db.delete_document(docid);
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
    const std::string first = std::string(index_folder::kGenerationPrefix) + "1";
    const std::string generation = (fs::path(db_path) / first).string();
    make_folder(generation, mode_of(db_path));
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
    Xapian::WritableDatabase& first = state_->shards.front();
    std::string language = first.get_metadata(layout::kLanguageKey);
    if (language.empty()) {
        language = options.language.empty() ? "english" : options.language;
        layout::make_stemmer(language);  // validates the name before anything is written
        for (auto& shard : state_->shards) {
            shard.set_metadata(layout::kLanguageKey, language);
            shard.set_metadata(layout::kFormatKey, layout::kFormatVersion);
        }
    } else if (!options.language.empty() && options.language != language) {
        throw Error("the index " + db_path + " was built for " + language + ", not " + options.language +
                    "; index into a new folder to change the language");
    }
    state_->options.language = language;
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

IndexReport Indexer::index_paths(const std::vector<std::string>& paths, const ProgressCallback& progress) {
    State& state = *state_;
    IndexReport report;
    WalkOptions walk_options;
    walk_options.follow_symlinks = state.options.follow_symlinks;
    const WalkResult walk = walk_paths(paths, walk_options);
    state.walked_roots = walk.roots;
    const std::size_t total = walk.files.size() + walk.errors.size() + walk.skipped.size();
    std::size_t done = 0;
    auto record = [&](FileEvent event) {
        switch (event.outcome) {
            case FileOutcome::Added: ++report.added; break;
            case FileOutcome::Modified: ++report.modified; break;
            case FileOutcome::Renamed: ++report.renamed; break;
            case FileOutcome::Unchanged: ++report.unchanged; break;
            case FileOutcome::Deleted: ++report.deleted; break;
            case FileOutcome::Skipped: ++report.skipped; break;
            case FileOutcome::Failed: ++report.failed; break;
        }
        if (!event.reason.empty()) report.notices.push_back(event);
        if (event.outcome != FileOutcome::Deleted) ++done;
        if (progress) progress(event, done, total);
    };

    try {
        for (const auto& [path, reason] : walk.errors) record({path, FileOutcome::Failed, reason});
        for (const auto& [path, reason] : walk.skipped) record({path, FileOutcome::Skipped, reason, SkipReason::NotARegularFile});

        // Decide, file by file, what needs parsing.
        std::vector<Job> jobs(walk.files.size());
        std::set<std::string> walked;
        for (std::size_t i = 0; i < walk.files.size(); ++i) {
            Job& job = jobs[i];
            job.file = walk.files[i];
            walked.insert(job.file.absolute.string());
            std::error_code error;
            job.signature = signature_of(job.file.path, error);
            if (error) {
                job.error = read_failure(error.value());
                continue;
            }
            const std::string term = layout::file_term(job.file.absolute.string());
            Xapian::WritableDatabase& db = state.db_for(job.file.absolute.string());
            auto posting = db.postlist_begin(term);
            job.known = posting != db.postlist_end(term);
            job.unchanged = job.known && db.get_document(*posting).get_value(layout::kFileSignatureSlot) == job.signature &&
                            shown_as(db, *posting, job.file.path.string());
        }

        // Files the index has that the walk did not find: moved or renamed
        // (matched by content below), gone, or in folders not walked this time.
        std::map<std::string, VanishedFile> vanished;
        std::set<std::string> vanished_hashes;
        for (std::size_t shard = 0; shard < state.shards.size(); ++shard) {
            Xapian::WritableDatabase& db = state.shards[shard];
            auto hashes = db.valuestream_begin(layout::kContentHashSlot);
            for (auto file = db.valuestream_begin(layout::kFilePathSlot); file != db.valuestream_end(layout::kFilePathSlot); ++file) {
                if (walked.count(*file)) continue;
                const Xapian::docid docid = file.get_docid();
                if (hashes != db.valuestream_end(layout::kContentHashSlot)) hashes.skip_to(docid);
                const bool hashed = hashes != db.valuestream_end(layout::kContentHashSlot) && hashes.get_docid() == docid;
                VanishedFile& gone = vanished[*file];
                gone.shard = shard;
                gone.docids.push_back(docid);
                if (hashed) gone.hash = *hashes;
                if (gone.docids.size() == 1) {
                    const fs::path path(*file);
                    gone.inside_roots = std::any_of(walk.roots.begin(), walk.roots.end(),
                                                    [&](const fs::path& root) { return is_within(path, root); });
                    gone.unlisted = std::any_of(walk.unlisted.begin(), walk.unlisted.end(),
                                                [&](const fs::path& folder) { return is_within(path, folder); });
                    if (!gone.hash.empty()) vanished_hashes.insert(gone.hash);
                }
            }
        }

        auto apply = [&](const Job& job, Parsed parsed) {
            const std::string shown = job.file.path.string();
            if (parsed.kind == Parsed::Kind::RenameCandidate) {
                for (auto& [file, gone] : vanished) {
                    int error = 0;
                    if (gone.claimed || gone.hash != parsed.hash || gone.docids.size() != 1) continue;
                    // Moved, or the same file indexed before under a path through a symlink
                    // (before roots were canonical): either way its articles move here.
                    if (!is_gone(file, error) && canonical_path(file) != job.file.absolute) continue;
                    const std::string from = state.display_path(gone);
                    state.move_documents(gone, job);
                    return record({shown, FileOutcome::Renamed, "renamed from " + from});
                }
                // Another file already took that content's place: index it as new.
                parsed = state.parse(job, *state.builder, {});
            }
            switch (parsed.kind) {
                case Parsed::Kind::Documents:
                    state.write(job, parsed);
                    report.indexed += parsed.documents.size();
                    return record({shown, job.known ? FileOutcome::Modified : FileOutcome::Added, parsed.reason});
                case Parsed::Kind::Skipped:
                    // A file that stopped being an article (emptied, binary, grown too large)
                    // takes its old articles out of the index with it.
                    if (job.known) {
                        const std::string file = job.file.absolute.string();
                        for (Xapian::docid docid : state.documents_of_file(file)) {
                            state.db_for(file).delete_document(docid);
                            state.changed();
                        }
                        ++report.deleted;
                        parsed.reason += "; its old article was removed from the index";
                    }
                    return record({shown, FileOutcome::Skipped, parsed.reason, parsed.skip_reason});
                default: return record({shown, FileOutcome::Failed, parsed.reason});
            }
        };

        // Parsing runs on worker threads, in file order with a bounded lookahead;
        // this thread alone writes, in file order, so the index is the same
        // whatever the number of threads.
        unsigned threads = state.options.threads ? state.options.threads : std::thread::hardware_concurrency();
        threads = std::max(1u, threads);
        std::vector<std::size_t> to_parse;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            if (!jobs[i].error.empty() || jobs[i].unchanged) continue;
            to_parse.push_back(i);
        }
        std::vector<std::optional<Parsed>> results(to_parse.size());
        std::mutex mutex;
        std::condition_variable ready, space;
        std::size_t next = 0, consumed = 0;
        bool stop = false;
        const std::size_t lookahead = 64 * threads;
        std::vector<std::thread> workers;
        auto work = [&] {
            DocumentBuilder builder(layout::make_stemmer(state.options.language));
            for (;;) {
                std::size_t slot;
                {
                    std::unique_lock<std::mutex> lock(mutex);
                    space.wait(lock, [&] { return stop || next >= to_parse.size() || next < consumed + lookahead; });
                    if (stop || state.stop_requested || next >= to_parse.size()) return;
                    slot = next++;
                }
                Parsed parsed = state.parse(jobs[to_parse[slot]], builder, vanished_hashes);
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    results[slot] = std::move(parsed);
                }
                ready.notify_all();
            }
        };
        struct JoinOnExit {
            std::vector<std::thread>& workers;
            std::mutex& mutex;
            bool& stop;
            std::condition_variable& space;
            ~JoinOnExit() {
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    stop = true;
                }
                space.notify_all();
                for (auto& w : workers) w.join();
            }
        } join_on_exit{workers, mutex, stop, space};
        if (threads > 1 && to_parse.size() > 1) {
            for (unsigned t = 0; t < threads; ++t) workers.emplace_back(work);
        }

        std::size_t slot = 0;
        for (const Job& job : jobs) {
            // Interrupted: what is parsed already is written (and committed below); nothing more is read.
            if (state.stop_requested) {
                report.interrupted = true;
                if (workers.empty()) break;
                std::lock_guard<std::mutex> lock(mutex);
                if (slot >= results.size() || !results[slot].has_value() || !job.error.empty() || job.unchanged) break;
            }
            if (!job.error.empty()) {
                record({job.file.path.string(), FileOutcome::Failed, job.error});
                continue;
            }
            if (job.unchanged) {
                record({job.file.path.string(), FileOutcome::Unchanged, {}});
                continue;
            }
            Parsed parsed;
            if (workers.empty()) {
                parsed = state.parse(job, *state.builder, vanished_hashes);
            } else {
                std::unique_lock<std::mutex> lock(mutex);
                ready.wait(lock, [&] { return results[slot].has_value(); });
                parsed = std::move(*results[slot]);
                results[slot].reset();
                consumed = slot + 1;
                space.notify_all();
            }
            ++slot;
            apply(job, std::move(parsed));
        }

        // Only positive evidence removes an article: its file is gone, or is no
        // longer a file newsdex reads, below a folder walked and listed in full
        // (or anywhere, with prune). Folders not walked this run (an unmounted
        // disk, another corpus) keep their articles.
        for (auto& [file, gone] : vanished) {
            if (report.interrupted) break;  // the files after the interruption were not looked at
            if (gone.claimed || gone.unlisted) continue;
            if (!(gone.inside_roots ? state.options.delete_missing : state.options.prune)) continue;
            int error = 0;
            const bool removed = is_gone(file, error);
            if (!removed && (error != 0 || !gone.inside_roots)) {
                if (error != 0) record({state.display_path(gone), FileOutcome::Failed, read_failure(error) + " (its articles are kept)"});
                continue;
            }
            const std::string shown = state.display_path(gone);
            for (Xapian::docid docid : gone.docids) {
                state.shards[gone.shard].delete_document(docid);
                state.changed();
            }
            record({shown, FileOutcome::Deleted, {}});
        }
        state.commit();
        const std::size_t articles = state.document_count();
        // Counted over runs since the last compaction, so a run resumed after an
        // interruption ends as compact as one never interrupted.
        if (state.options.compact && !report.interrupted && state.shards.size() == 1 && !state.separate_dictionary &&
            articles > 0 && state.uncompacted_writes() * 2 >= articles) {
            report.compacted = !state.single_path.empty() && state.compact_in_place();
            if (!report.compacted) report.compaction_skipped = state.compaction_problem;
        }
    } catch (const Xapian::Error& e) {
        throw Error("writing to the index " + state.db_path + " failed: " + xapian_reason(e) +
                    " (what was committed before is intact; run again to finish)", ErrorCategory::IO);
    }
    return report;
}

void Indexer::add(const Article& article) {
    // The path identifies the article: an empty one would make every such article replace the last.
    if (article.path.empty()) throw Error("an article needs a path (Article::path), which identifies it in the index");
    Article completed = article;
    complete_fields(completed, state_->options.extract_fields);
    try {
        Xapian::Document doc = state_->builder->build(completed, completed.path, {});
        Xapian::WritableDatabase& db = state_->db_for(completed.path);
        state_->aids->add(db, doc);  // query-experience hook
        db.replace_document(layout::id_term(completed.path), doc);
        state_->changed();
    } catch (const Xapian::Error& e) {
        throw Error("writing to the index " + state_->db_path + " failed: " + xapian_reason(e), ErrorCategory::IO);
    }
}

std::size_t Indexer::remove_paths(const std::vector<std::string>& paths) {
    State& state = *state_;
    std::size_t removed = 0;
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
                    db.delete_document(docid);
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
    try {
        state_->commit();
    } catch (const Xapian::Error& e) {
        throw Error("committing to the index " + state_->db_path + " failed: " + xapian_reason(e), ErrorCategory::IO);
    }
}

std::size_t Indexer::document_count() const { return state_->document_count(); }

void merge_index(const std::string& from, const std::string& to) {
    std::error_code error;
    if (std::filesystem::exists(to, error)) throw Error(to + " already exists; merge into a new folder");
    try {
        Xapian::Database source(from);
        // Compaction also renumbers documents densely and writes compact tables.
        source.compact(to, Xapian::DBCOMPACT_MULTIPASS);
    } catch (const Xapian::Error& e) {
        throw Error("cannot merge " + from + " into " + to + ": " + e.get_msg());
    }
}

std::string default_index_path() {
    if (const char* db = std::getenv("NEWSDEX_DB"); db && *db) return db;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return std::string(data) + "/newsdex/index";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/newsdex/index";
    return ".newsdex";
}

}  // namespace newsdex
