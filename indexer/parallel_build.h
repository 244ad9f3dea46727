// ParallelBuild: a run that adds many new articles writes them with every
// core. Xapian's writer is single-threaded per database, so each writer
// thread gets a temporary database of its own inside the index folder
// (build-<pid>-<n>/, core/index_folder.h), and the run compacts the current
// generation and those databases together into the next generation, which
// replaces the end-of-run compaction. Each writer takes a contiguous run of
// the files in walk order and compaction keeps each source's order, so the
// merged index numbers its articles as a single writer would.
//
// A long build merges more than once (merge points, plan_merge_rounds): a run
// killed with kill -9 keeps every article merged before it, and its rerun
// starts from there. Each merge point comes once the build has written at least
// as many articles as the index held, so the merges' total work stays about
// twice one final merge's, whatever the corpus size.
#pragma once

#include "indexer/document_builder.h"

#include <xapian.h>

#include <cstddef>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace newsdex {

// A parallel build pays when a run adds at least this many new files: below it,
// the cost of merging (rewriting the whole index) is not won back by the second writer.
inline constexpr std::size_t kParallelBuildMinFiles = 400;

// A writer commits its temporary database once it holds this many postings
// (distinct terms per article, summed): memory, not an article count, bounds
// what Xapian buffers. About the postings of the single writer's batch (500 articles of
// ~460 postings): 10k synthetic articles, both runs started together, 250k took 73.9 CPU s
// and 213 MB peak RSS, 1.5M 84.3 CPU s and 457 MB (Xapian's pending maps grow deeper).
inline constexpr std::size_t kBuildFlushPostings = 250'000;

// A parallel build's first merge point comes after at least this many new
// articles (and each later one after at least as many as the index then holds):
// fewer would merge a small index over and over for little kill safety. On 10k
// synthetic articles the merges at 2,000 and 4,000 took 1.0 CPU s together (keys and
// compaction) of a 74 CPU s run, the final one of 10,000 about 2 s.
inline constexpr std::size_t kMinArticlesPerMerge = 2'000;

// The new files of a parallel build, as the rounds it writes between merge
// points: contiguous runs of `files` (file counts stand in for article counts),
// each at least max(min_per_merge, what the index holds by then); a remainder
// smaller than the round before it joins that round, so no merge rewrites the
// whole index for a few files. `indexed`: articles the index holds before the run.
std::vector<std::vector<std::size_t>> plan_merge_rounds(const std::vector<std::size_t>& files, std::size_t indexed,
                                                        std::size_t min_per_merge);

class ParallelBuild {
public:
    // Creates `writers` build folders in the index folder `dir`, with permission bits `mode`.
    // Each writer's SearchAids reads its synonym groups from `synonyms_file` and the ones
    // `synonyms_source` holds, and compares near-duplicate bands as the index does
    // (`short_band_terms`: layout::kShortBandTermsKey). `index_empty`: the index holds no
    // article yet (a first build), so the writers' spelling counts are its words' totals.
    // Throws Error if a folder or database cannot be created.
    ParallelBuild(const std::string& dir, unsigned writers, std::filesystem::perms mode,
                  const std::string& synonyms_file, Xapian::WritableDatabase& synonyms_source, bool short_band_terms,
                  bool index_empty);
    ~ParallelBuild();  // removes the build folders (merged or not)

    // After a merge point: fresh, empty build databases for the next round.
    void restart();

    // The build databases, for a pass over the index and them as one (surname folding). Once every writer is finished.
    std::vector<Xapian::WritableDatabase> databases() const;

    // Spelling words counted by the writers and not yet written (merge_into's with_spelling).
    std::size_t pending_spelling_words() const;

    // Once every writer is finished, before the last merge: writes the spelling words the
    // writers counted into a database of its own, in a thread, while the caller folds surnames
    // in the build databases (the two took 0.4 s one after the other at the end of a BBC build).
    // `current_path`: the generation in use, committed. merge_into(with_spelling) takes that
    // database as a source; a failure in the thread is thrown there.
    void start_spelling(const std::string& current_path);
    ParallelBuild(const ParallelBuild&) = delete;
    ParallelBuild& operator=(const ParallelBuild&) = delete;

    unsigned writers() const { return static_cast<unsigned>(writers_.size()); }

    // Writes `doc` into writer `writer`'s database, replacing a document with `id_term`
    // there. Call for one writer from one thread only; writers are independent.
    void write(unsigned writer, const std::string& id_term, Xapian::Document& doc);

    // Commits writer `writer`'s database: from its thread, once it has written its part of a round.
    void finish(unsigned writer);

    // Call once every writer is finished. Gives the new articles their near-duplicate keys (and the earlier copies they
    // pair with, in `current` too), commits every database, then compacts `current`
    // (the generation in use, at `current_path`) and the writers' databases, in that
    // order, into the new folder `next`. `next` is complete, not yet named by the stub.
    // `batch_size`: the single writer's, whose near-duplicate look-ups this one repeats.
    // `with_spelling`: also the spelling words the writers counted since the last merge
    // that had them (without: the caller marks the index's spelling as behind).
    void merge_into(Xapian::WritableDatabase& current, const std::string& current_path, const std::string& next,
                    std::size_t batch_size, bool with_spelling);

private:
    void open_databases();
    void close_databases();
    // A new build-<pid>-<n> folder, marked as newsdex's: the first number free.
    std::string make_build_folder() const;
    // The writers' spelling counts, summed, taken from them.
    std::vector<SearchAids::SpellingCount> take_spelling_counts();
    // Whether the counts of take_spelling_counts are the words' totals: each writer's are
    // (SearchAids::counts_are_totals) and only this build's merges put articles in `current`.
    bool counts_are_totals(const Xapian::Database& current) const;
    void finish_spelling();  // waits for start_spelling's thread; throws its failure

    std::string dir_;
    std::filesystem::perms mode_;
    Xapian::doccount merged_articles_ = 0;  // articles this build's merges brought into the index

    struct Writer {
        std::string folder;
        Xapian::WritableDatabase db;
        std::unique_ptr<SearchAids> aids;
        std::size_t pending_postings = 0;
    };
    std::vector<Writer> writers_;

    struct SpellingJob {
        std::string folder;  // a build folder, removed with the others
        std::thread thread;
        std::exception_ptr failure;
    };
    std::optional<SpellingJob> spelling_;
};

}  // namespace newsdex
