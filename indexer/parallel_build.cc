#include "indexer/parallel_build.h"

#include "core/index_folder.h"
#include "core/index_layout.h"

#include <newsdex/error.h>

#include <unistd.h>

#include <algorithm>
#include <map>

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
                             Xapian::WritableDatabase& synonyms_source, bool short_band_terms)
    : dir_(dir), mode_(mode), writers_(writers) {
    for (Writer& writer : writers_) {
        // Lives through the run's rounds: its spelling counts are written once, at the last merge.
        writer.aids = std::make_unique<SearchAids>(synonyms_file);
        // Reads the groups the index holds; writes nothing, as the indexer stored them already.
        writer.aids->store_synonyms(synonyms_source);
        writer.aids->use_short_band_terms(short_band_terms);
    }
    open_databases();
}

void ParallelBuild::open_databases() {
    // Build folders left by killed runs are gone (removed when the index was
    // opened: they carry newsdex's mark); a folder still named like one is the
    // user's, and is passed over.
    unsigned number = 0;
    for (Writer& writer : writers_) {
        for (;; ++number) {
            writer.folder = (fs::path(dir_) / index_folder::build_name(::getpid(), number)).string();
            if (index_folder::make_own_folder(writer.folder, mode_)) break;
        }
        ++number;
        try {
            // Nothing here is worth a sync: a killed build is done again from the last generation.
            writer.db = Xapian::WritableDatabase(writer.folder, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
        } catch (const Xapian::Error& e) {
            throw Error("cannot create the build database " + writer.folder + ": " + e.get_msg());
        }
        writer.pending_postings = 0;
    }
}

ParallelBuild::~ParallelBuild() { close_databases(); }

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

std::size_t ParallelBuild::pending_spelling_words() const {
    std::size_t words = 0;
    for (const Writer& writer : writers_) words += writer.aids->pending_spelling_words();
    return words;
}

void ParallelBuild::write(unsigned n, const std::string& id_term, Xapian::Document& doc) {
    Writer& writer = writers_[n];
    writer.aids->expand(doc);
    writer.db.replace_document(id_term, doc);
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
    if (with_spelling) {
        std::map<std::string, SearchAids::SpellingCount> counts;
        for (Writer& writer : writers_) {
            for (SearchAids::SpellingCount& count : writer.aids->take_spelling_counts()) {
                SearchAids::SpellingCount& sum = counts[count.word];
                sum.added += count.added;
                sum.removed += count.removed;
            }
        }
        std::vector<SearchAids::SpellingCount> summed;
        for (auto& [word, count] : counts) summed.push_back({word, count.added, count.removed});
        Xapian::Database index;
        for (const Xapian::Database& source : sources) index.add_database(source);
        SearchAids::write_spelling(std::move(summed), writers_.front().db, sources.front(), index);
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
    // Metadata keys found in several sources keep the first source's value
    // (Xapian::Compactor's default): the current generation holds the index's
    // language, format and synonym fingerprint; the build databases hold no metadata.
    // Document ids are renumbered: each source keeps its order, after the ones before it.
    merged.compact(next, Xapian::DBCOMPACT_MULTIPASS);
}

}  // namespace newsdex
