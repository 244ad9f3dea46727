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

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
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

// FNV-1a over the file's bytes: recognises a renamed file without parsing it.
std::optional<std::string> content_hash(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::uint64_t hash = 1469598103934665603ull;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        for (std::streamsize i = 0; i < in.gcount(); ++i) hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 1099511628211ull;
        if (!in) break;
    }
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
};

// Articles of a file that is gone from the folders walked.
struct VanishedFile {
    std::size_t shard = 0;
    std::vector<Xapian::docid> docids;
    std::string hash;
    std::string display_path;
    bool claimed = false;  // moved to a renamed file
};

// A run killed while creating a new index leaves a folder of Xapian table
// files without the revision file that makes it an index; nothing was ever
// committed there, so it is started afresh. A folder holding anything else is
// never overwritten.
// Where an index is compacted before it replaces the original.
std::string compacting_path(const std::string& db_path) {
    std::string path = fs::path(db_path).lexically_normal().string();
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path + ".compacting";
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

bool interrupted_creation(const std::string& path) {
    std::error_code error;
    if (!fs::is_directory(path, error) || fs::exists(fs::path(path) / "iamglass", error)) return false;
    bool any = false;
    for (const auto& entry : fs::directory_iterator(path, error)) {
        const std::string name = entry.path().filename().string();
        const bool xapian_file = name == "flintlock" || (name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0) ||
                                 name.find(".tmp") != std::string::npos;
        if (!xapian_file) return false;
        any = true;
    }
    return any;
}

}  // namespace

struct Indexer::State {
    std::string db_path;
    IndexOptions options;
    std::vector<Xapian::WritableDatabase> shards;  // one, or the local shards of a sharded index
    std::unique_ptr<DocumentBuilder> builder;
    // Query-experience hook (indexer/document_builder.h, owned by the query side): spelling data,
    // synonyms and near-duplicate keys, written beside the documents by this single writer.
    std::unique_ptr<SearchAids> aids;
    std::size_t uncommitted = 0;
    // Spelling and synonym data. A sharded index keeps them in a document-less
    // database beside its shards, searched with them, because xapian-tcpsrv
    // serves neither (remote shards answer spelling and synonym look-ups with nothing).
    std::optional<Xapian::WritableDatabase> separate_dictionary;

    Xapian::WritableDatabase& dictionary() { return separate_dictionary ? *separate_dictionary : shards.front(); }

    // The shard holding the articles of the file with this absolute path (or article id).
    std::size_t shard_index(const std::string& file_id) const { return shards::shard_of(file_id, shards.size()); }
    Xapian::WritableDatabase& db_for(const std::string& file_id) { return shards[shard_index(file_id)]; }

    void changed() {
        if (++uncommitted >= options.batch_size) commit();
    }

    // Shards commit in parallel: writing out a batch is most of Xapian's work.
    void commit() {
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

    // Xapian writes tables in batches that leave B-tree blocks part-empty;
    // compaction rewrites them full (an index half the size, and faster to
    // search). The compacted copy is built beside the index and swapped in with
    // one atomic rename, so a run killed at any moment leaves a whole index.
    bool compact_in_place() {
        const std::string temporary = compacting_path(db_path);
        std::error_code error;
        fs::remove_all(temporary, error);
        try {
            Xapian::Database(db_path).compact(temporary, Xapian::DBCOMPACT_NO_RENUMBER);
        } catch (const Xapian::Error&) {
            fs::remove_all(temporary, error);  // no room, say: the index stays as it is
            return false;
        }
        if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, db_path.c_str(), RENAME_EXCHANGE) != 0) {
            fs::remove_all(temporary, error);  // a file system without atomic exchange
            return false;
        }
        // This writer's lock is on the old folder's lock file: take the new one before letting go.
        Xapian::WritableDatabase compacted(db_path, Xapian::DB_OPEN);
        shards.front().close();
        shards.front() = compacted;
        fs::remove_all(temporary, error);
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
        auto hash = content_hash(job.file.path);
        if (!hash) {
            parsed.reason = "cannot read (it may have been removed during the run)";
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
        } catch (const std::exception& e) {
            parsed.kind = Parsed::Kind::Failed;
            parsed.reason = e.what();
        }
        return parsed;
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
                if (term[0] == 'Q' || term[0] == 'P' || term.rfind(layout::kFileTermPrefix, 0) == 0) stale.push_back(term);
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
        std::set<std::string> written;
        for (auto& [id, doc] : parsed.documents) {
            aids->add(db, doc);  // query-experience hook
            db.replace_document(layout::id_term(id), doc);
            written.insert(layout::id_term(id));
            changed();
        }
        if (!job.known) return;
        // Articles the file no longer holds (an export that lost lines).
        for (Xapian::docid docid : documents_of_file(job.file.absolute.string())) {
            const Xapian::Document doc = db.get_document(docid);
            auto q = doc.termlist_begin();
            q.skip_to("Q");
            if (q != doc.termlist_end() && !written.count(*q)) {
                db.delete_document(docid);
                changed();
            }
        }
    }
};

Indexer::Indexer(const std::string& db_path, IndexOptions options) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
    state_->options = options;
    // Options that every file would trip over are checked once, before the index is touched.
    parse_field_overrides(options.field_overrides);
    BoilerplateRules::with_user_file(options.boilerplate_rules_file);
    state_->aids = std::make_unique<SearchAids>(options.synonyms_file);  // query-experience hook
    std::error_code ignored;
    fs::create_directories(fs::path(db_path).parent_path(), ignored);

    std::vector<std::string> shard_paths;
    if (shards::is_sharded(db_path)) {
        for (const auto& shard : shards::read_stub(db_path)) {
            if (shard.dictionary) continue;
            if (shard.path.empty()) {
                throw Error("the index " + db_path + " lists a remote shard (" + shard.line +
                            "); newsdex writes only local shards: index on the shard's machine, then serve it with "
                            "xapian-tcpsrv");
            }
            shard_paths.push_back(shard.path);
        }
        if (options.shards > 1 && options.shards != shard_paths.size()) {
            throw Error("the index " + db_path + " has " + std::to_string(shard_paths.size()) +
                        " shards, not " + std::to_string(options.shards) +
                        "; keep its shard count, or index into a new --db");
        }
    } else if (options.shards > 1) {
        std::error_code error;
        if (fs::exists(db_path, error) && !fs::is_empty(db_path, error)) {
            throw Error("the index " + db_path + " is not sharded; give --shards a new --db folder "
                        "(or merge shards into one index with --merge-into)");
        }
        shard_paths = shards::create_local(db_path, options.shards);
    } else {
        shard_paths.push_back(db_path);
    }

    for (const std::string& path : shard_paths) {
        const int create_flag = interrupted_creation(path) ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
        for (;;) {
            try {
                state_->shards.emplace_back(path, create_flag);
                break;
            } catch (const Xapian::DatabaseLockError& e) {
                // A lock file Xapian may not create (a read-only index) is a lock error too.
                if (std::string(e.get_msg()).find("already locked") == std::string::npos) {
                    throw Error("cannot open the index " + db_path + " for writing: " + xapian_reason(e));
                }
                if (!options.wait_for_lock) {
                    throw Error("the index " + db_path +
                                " is being written by another newsdex-index; wait for it to finish, or use --wait");
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            } catch (const Xapian::Error& e) {
                throw Error("cannot open the index " + path + " for writing: " + xapian_reason(e));
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
                    "; index into a new --db to change the language");
    }
    state_->options.language = language;
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
    // A run killed while compacting leaves the copy (or the original, swapped out) beside the index.
    std::error_code error;
    if (fs::exists(compacting_path(db_path), error)) fs::remove_all(compacting_path(db_path), error);
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
    const WalkResult walk = walk_paths(paths);
    const std::size_t total = walk.files.size() + walk.errors.size();
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
                job.error = "cannot read: " + error.message();
                continue;
            }
            const std::string term = layout::file_term(job.file.absolute.string());
            Xapian::WritableDatabase& db = state.db_for(job.file.absolute.string());
            auto posting = db.postlist_begin(term);
            job.known = posting != db.postlist_end(term);
            job.unchanged = job.known && db.get_document(*posting).get_value(layout::kFileSignatureSlot) == job.signature &&
                            shown_as(db, *posting, job.file.path.string());
        }

        // Files the index has under the paths walked that are no longer there.
        std::map<std::string, VanishedFile> vanished;
        std::set<std::string> vanished_hashes;
        for (const fs::path& root : walk.roots) {
            std::string prefix = layout::file_term(root.string());
            if (fs::is_directory(root) && prefix.back() != '/') prefix += '/';
            for (std::size_t shard = 0; shard < state.shards.size(); ++shard) {
                Xapian::WritableDatabase& db = state.shards[shard];
                for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
                    if (prefix.back() != '/' && *term != prefix) continue;  // a file given: not "a.txt2" beside "a.txt"
                    for (auto posting = db.postlist_begin(*term); posting != db.postlist_end(*term); ++posting) {
                        const Xapian::Document doc = db.get_document(*posting);
                        const std::string file = doc.get_value(layout::kFilePathSlot);
                        if (file.empty() || walked.count(file)) continue;
                        VanishedFile& gone = vanished[file];
                        gone.shard = shard;
                        gone.docids.push_back(*posting);
                        gone.hash = doc.get_value(layout::kContentHashSlot);
                        gone.display_path = layout::decode_record(doc.get_data()).path;
                        vanished_hashes.insert(gone.hash);
                    }
                }
            }
        }

        auto apply = [&](const Job& job, Parsed parsed) {
            const std::string shown = job.file.path.string();
            if (parsed.kind == Parsed::Kind::RenameCandidate) {
                for (auto& [file, gone] : vanished) {
                    if (gone.claimed || gone.hash != parsed.hash || gone.docids.size() != 1 || fs::exists(file)) continue;
                    state.move_documents(gone, job);
                    return record({shown, FileOutcome::Renamed, "renamed from " + gone.display_path});
                }
                // Another file already took that content's place: index it as new.
                parsed = state.parse(job, *state.builder, {});
            }
            switch (parsed.kind) {
                case Parsed::Kind::Documents:
                    state.write(job, parsed);
                    report.indexed += parsed.documents.size();
                    return record({shown, job.known ? FileOutcome::Modified : FileOutcome::Added, parsed.reason});
                case Parsed::Kind::Skipped: return record({shown, FileOutcome::Skipped, parsed.reason});
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
                    if (stop || next >= to_parse.size()) return;
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

        if (state.options.delete_missing) {
            for (auto& [file, gone] : vanished) {
                if (gone.claimed) continue;
                for (Xapian::docid docid : gone.docids) {
                    state.shards[gone.shard].delete_document(docid);
                    state.changed();
                }
                record({gone.display_path, FileOutcome::Deleted, {}});
            }
        }
        state.commit();
        const std::size_t articles = state.document_count();
        if (state.options.compact && state.shards.size() == 1 && !state.separate_dictionary && articles > 0 &&
            report.indexed * 2 >= articles) {
            report.compacted = state.compact_in_place();
        }
    } catch (const Xapian::Error& e) {
        throw Error("writing to the index " + state.db_path + " failed: " + xapian_reason(e) +
                    " (what was committed before is intact; run again to finish)");
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
        throw Error("writing to the index " + state_->db_path + " failed: " + xapian_reason(e));
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

void Indexer::commit() {
    try {
        state_->commit();
    } catch (const Xapian::Error& e) {
        throw Error("committing to the index " + state_->db_path + " failed: " + xapian_reason(e));
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
