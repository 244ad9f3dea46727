#include "indexer/parallel_build.h"

#include "core/index_folder.h"
#include "core/index_layout.h"

#include <newsdex/error.h>

#include <unistd.h>

#include <algorithm>
#include <map>
#include <utility>

namespace newsdex {

namespace fs = std::filesystem;

std::vector<std::vector<std::size_t>> plan_merge_rounds(const std::vector<std::size_t>& files, std::size_t indexed,
                                                        std::size_t min_per_merge) {
    std::vector<std::vector<std::size_t>> rounds;
    std::size_t start = 0;
    while (start < files.size()) {
        std::size_t size = std::max<std::size_t>({min_per_merge, indexed, 1});
        if (files.size() - start < 2 * size) size = files.size() - start;
        rounds.emplace_back(files.begin() + static_cast<std::ptrdiff_t>(start),
                            files.begin() + static_cast<std::ptrdiff_t>(start + size));
        start += size;
        indexed += size;
    }
    return rounds;
}

ParallelBuild::ParallelBuild(const std::string& dir, unsigned writers, fs::perms mode, const std::string& synonyms_file,
                             Xapian::WritableDatabase& synonyms_source, bool short_band_terms, bool index_empty)
    : dir_(dir), mode_(mode), writers_(writers) {
    for (Writer& writer : writers_) {
        // Lives through the run's rounds: its spelling counts are written once, at the last merge.
        writer.aids = std::make_unique<SearchAids>(synonyms_file);
        // Reads the groups the index holds; writes nothing, as the indexer stored them already.
        writer.aids->store_synonyms(synonyms_source);
        writer.aids->use_short_band_terms(short_band_terms);
        if (index_empty) writer.aids->count_from_empty_index();
    }
    open_databases();
}

void ParallelBuild::open_databases() {
    // Build folders left by killed runs are gone (removed when the index was
    // opened: they carry newsdex's mark); a folder still named like one is the
    // user's, and is passed over.
    for (Writer& writer : writers_) {
        writer.folder = make_build_folder();
        try {
            // Nothing here is worth a sync: a killed build is done again from the last generation.
            writer.db = Xapian::WritableDatabase(writer.folder, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
        } catch (const Xapian::Error& e) {
            throw Error("cannot create the build database " + writer.folder + ": " + e.get_msg());
        }
        writer.pending_postings = 0;
    }
}

ParallelBuild::~ParallelBuild() {
    if (spelling_ && spelling_->thread.joinable()) spelling_->thread.join();
    close_databases();
}

void ParallelBuild::close_databases() {
    for (Writer& writer : writers_) {
        if (writer.folder.empty()) continue;
        try {
            writer.db.close();
        } catch (const Xapian::Error&) {
            // Closing a database that failed: its files are removed below all the same.
        }
        index_folder::remove_generation(writer.folder);
        writer.folder.clear();
    }
    if (spelling_ && !spelling_->thread.joinable()) {
        index_folder::remove_generation(spelling_->folder);
        spelling_.reset();
    }
}

void ParallelBuild::restart() {
    close_databases();
    open_databases();
}

std::vector<Xapian::WritableDatabase> ParallelBuild::databases() const {
    std::vector<Xapian::WritableDatabase> all;
    for (const Writer& writer : writers_) all.push_back(writer.db);
    return all;
}

std::string ParallelBuild::make_build_folder() const {
    for (unsigned number = 0;; ++number) {
        std::string folder = (fs::path(dir_) / index_folder::build_name(::getpid(), number)).string();
        if (index_folder::make_own_folder(folder, mode_)) return folder;
    }
}

std::size_t ParallelBuild::pending_spelling_words() const {
    std::size_t words = 0;
    for (const Writer& writer : writers_) words += writer.aids->pending_spelling_words();
    return words;
}

std::vector<SearchAids::SpellingCount> ParallelBuild::take_spelling_counts() {
    std::map<std::string, SearchAids::SpellingCount> counts;
    for (Writer& writer : writers_) {
        for (SearchAids::SpellingCount& count : writer.aids->take_spelling_counts()) {
            SearchAids::SpellingCount& sum = counts[count.word];
            sum.added += count.added;
            sum.removed += count.removed;
        }
    }
    std::vector<SearchAids::SpellingCount> summed;
    summed.reserve(counts.size());
    for (auto& [word, count] : counts) summed.push_back({word, count.added, count.removed});
    return summed;
}

bool ParallelBuild::counts_are_totals(const Xapian::Database& current) const {
    return current.get_doccount() == merged_articles_ &&
           std::all_of(writers_.begin(), writers_.end(), [](const Writer& writer) { return writer.aids->counts_are_totals(); });
}

void ParallelBuild::start_spelling(const std::string& current_path) {
    if (spelling_) return;
    const bool totals = counts_are_totals(Xapian::Database(current_path, Xapian::DB_BACKEND_GLASS));
    std::vector<std::string> folders{current_path};
    for (const Writer& writer : writers_) folders.push_back(writer.folder);
    SpellingJob& job = spelling_.emplace();
    job.folder = make_build_folder();
    // The thread opens every database itself: Xapian's handles share reference counts
    // that are not atomic. It reads databases of its own, not the writers' ones the
    // caller folds surnames in meanwhile (committed already; folding changes no word
    // a spelling count is of).
    job.thread = std::thread([&job, folders = std::move(folders), totals, counts = take_spelling_counts()]() mutable {
        try {
            Xapian::WritableDatabase db(job.folder, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
            const Xapian::Database current(folders.front(), Xapian::DB_BACKEND_GLASS);
            Xapian::Database index;
            for (const std::string& folder : folders) index.add_database(Xapian::Database(folder, Xapian::DB_BACKEND_GLASS));
            SearchAids::write_spelling(std::move(counts), db, current, index, totals);
            db.commit();
            db.close();
        } catch (...) {
            job.failure = std::current_exception();
        }
    });
}

void ParallelBuild::finish_spelling() {
    if (!spelling_ || !spelling_->thread.joinable()) return;
    spelling_->thread.join();
    if (spelling_->failure) std::rethrow_exception(spelling_->failure);
}

void ParallelBuild::write(unsigned n, const std::string& id_term, Xapian::Document& doc) {
    Writer& writer = writers_[n];
    writer.aids->expand(doc);
    const Xapian::doccount before = writer.db.get_doccount();
    writer.db.replace_document(id_term, doc);
    if (writer.db.get_doccount() == before) writer.aids->missed_uncount();  // its words were counted twice
    writer.pending_postings += doc.termlist_count();
    if (writer.pending_postings >= kBuildFlushPostings) {
        writer.db.commit();
        writer.pending_postings = 0;
    }
}

void ParallelBuild::finish(unsigned n) {
    Writer& writer = writers_[n];
    writer.db.commit();
    writer.pending_postings = 0;
}

void ParallelBuild::merge_into(Xapian::WritableDatabase& current, const std::string& current_path, const std::string& next,
                               std::size_t batch_size, bool with_spelling) {
    std::vector<Xapian::Database> sources{Xapian::Database(current_path, Xapian::DB_BACKEND_GLASS)};
    std::vector<Xapian::WritableDatabase*> writable{&current};
    for (Writer& writer : writers_) {
        writer.db.commit();  // finish() committed it: a no-op
        sources.emplace_back(writer.folder, Xapian::DB_BACKEND_GLASS);
        writable.push_back(&writer.db);
    }
    // Into one build database, so that each word's entry is made once, not once per writer
    // (the spelling words were 15% of a 10k build's CPU when each writer wrote its own at each merge).
    const bool totals = counts_are_totals(sources.front());
    for (const Writer& writer : writers_) merged_articles_ += writer.db.get_doccount();
    if (with_spelling && spelling_) {
        finish_spelling();
    } else if (with_spelling) {
        Xapian::Database index;
        for (const Xapian::Database& source : sources) index.add_database(source);
        SearchAids::write_spelling(take_spelling_counts(), writers_.front().db, sources.front(), index, totals);
    }
    // Keys are set in the sources, before compaction writes every table full:
    // set after it, they would leave its blocks part-empty again.
    for (const auto& [where, key] : SearchAids::near_duplicate_keys(sources, 1, batch_size, writers_.front().aids->short_band_terms())) {
        Xapian::WritableDatabase& db = *writable[where.first];
        Xapian::Document doc = db.get_document(where.second);
        doc.add_value(layout::kNearDuplicateKeySlot, key);
        db.replace_document(where.second, doc);
    }
    Xapian::Database merged;
    for (std::size_t i = 0; i < writable.size(); ++i) {
        writable[i]->commit();
        merged.add_database(i == 0 ? Xapian::Database(current_path, Xapian::DB_BACKEND_GLASS)
                                   : Xapian::Database(writers_[i - 1].folder, Xapian::DB_BACKEND_GLASS));
    }
    // Last: it holds no document, so no docid moves.
    if (with_spelling && spelling_) merged.add_database(Xapian::Database(spelling_->folder, Xapian::DB_BACKEND_GLASS));
    // Metadata keys found in several sources keep the first source's value
    // (Xapian::Compactor's default): the current generation holds the index's
    // language, format and synonym fingerprint; the build databases hold no metadata.
    // Document ids are renumbered: each source keeps its order, after the ones before it.
    // Multipass pays with more than three sources holding documents; the spelling database counts
    // for nothing there (with it, a two-writer build's merge took two passes over the postings).
    merged.compact(next, writable.size() > 3 ? Xapian::DBCOMPACT_MULTIPASS : 0);
}

}  // namespace newsdex
