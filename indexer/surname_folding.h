// Surname folding: one person, one facet value across articles (issue 17, part 3).
//
// PersonFinder resolves "Mr Reagan" to "Ronald Reagan" when the article itself
// names him in full. An article that only ever says "Reagan" keeps the bare
// surname, so the people facet shows "Reagan" and "Ronald Reagan" apart. This
// pass, run by the single writer at the end of each indexing run, stores such a
// surname as the full name when the index knows exactly one full name with that
// surname from articles of the same period, and as written otherwise. It
// rewrites the people terms, the facet value and the stored record together, so
// facets and `people:` searches agree.
//
// What counts, case and accents aside ("REAGAN", "Mr Reagan" and "Reagan" are one):
// - a bare surname is one word left after titles ("Mr", "President"); with a
//   woman's title ("Mrs Reagan") it is never folded: full names carry no sex;
// - a full name bears its last word, and also its first when that is a family
//   name written first ("Xi Jinping" is Mr Xi);
// - the surname stays bare when two full names bear it in the period, when
//   someone there has it as a given name ("Howard Archer" beside "Michael
//   Howard" leaves "Howard"), when the article names a bearer in full itself
//   (the in-article finder's call), or when the one full name does not open
//   with a known given name, an initial or a family name ("Bookmakers Ladbrokes");
// - a full name in capitals only is stored as articles write it ("Ronald Reagan").
// The outcome depends on the articles only, never on the order of the runs that
// brought them: a fold is undone when a second full name comes.
#pragma once

#include "core/index_layout.h"

#include <xapian.h>

#include <atomic>

#include <cstddef>
#include <vector>

namespace newsdex {

class DocumentBuilder;

// "The same period": a full name counts for a surname article dated within
// this many days either side (a year-wide window around it). A person in the
// news is named in full somewhere in a year of copy; a namesake from another
// era (George Bush, 1989-1993; George W. Bush, 2001-2009) falls outside.
// An undated article's period is the whole index: it folds only when the index
// knows one full name with that surname at all, dated or not. An undated full
// name counts only for undated articles: it is not known to be of any period.
inline constexpr int kSamePeriodDays = 183;

// A folded article keeps its people as extracted in layout::kPeopleAsExtractedSlot.
using layout::kPeopleAsExtractedSlot;

// Index metadata: the time (seconds since 1970 UTC) the last pass started;
// the next one looks at articles that entered the index since then.
inline constexpr const char* kSurnameFoldingThroughKey = "newsdex.surname_folding_through";

// Index metadata: what the last pass left, "COUNT DIGEST": the number of
// articles in the index, and a digest of the articles that entered it in the
// second that pass started (a rerun within that second finds them again, and
// needs to tell them from a changed one). The same count and digest, with no
// article entered later, mean no article entered, changed or left since, and
// the pass has nothing to do.
inline constexpr const char* kSurnameFoldingSeenKey = "newsdex.surname_folding_seen";

// Index metadata: every surname some article names alone (or whose bearer it
// names in capitals only), with its people term and the number of articles
// holding that term when the last pass ended: "v1" then a line
// "SURNAME\tTERM\tCOUNT" each. An article that leaves the index, or loses
// the name in a change, lowers the count, so the next pass weighs that surname
// again although no article naming it entered.
inline constexpr const char* kSurnameFoldingCountsKey = "newsdex.surname_folding_counts";

struct SurnameFoldingReport {
    std::size_t articles_looked_at = 0;  // articles that entered the index since the last pass
    std::size_t surnames_checked = 0;    // distinct surnames whose articles were weighed
    std::size_t articles_rewritten = 0;
    std::size_t names_folded = 0;        // surname mentions now stored as a full name
    std::size_t articles_unfolded = 0;   // articles back to their people as extracted (a second full name appeared)
    std::size_t names_shaped = 0;        // names read for their shape: once per name of each article looked at
    bool interrupted = false;            // stopped on request before the end; the next run does the pass again
};

// Brings the surname folds of the index made of `shards` (one database, or
// every local shard of a sharded index) in step with the articles written since
// the last pass (all articles, the first time): folds their surname-only
// people, and folds or unfolds older articles with the same surnames. Writes
// nothing but the people of the articles it changes (docids and every other
// term and value stay) and the metadata keys above (in the first shard); the
// caller commits. A run that added, changed and removed no article writes nothing.
// `builder` indexes the people terms exactly as it did when the article was built.
// Articles that left the index (deleted, or changed to no longer name someone)
// count too: the surnames they bore are weighed again (kSurnameFoldingCountsKey),
// so a fold they justified is undone and one they blocked is made. An index
// last folded without that key is weighed whole once. A folded article keeps
// the time it entered the index (newsdex-query --since, the feed): its text did not change.
//
// `stop_requested` (Indexer::request_stop) is checked between surnames and
// between articles: when set, the pass returns at once with `interrupted`, every
// article it rewrote whole and the metadata key unchanged, so the next run redoes the pass.
//
// Each shard is read and written in a thread of its own (at most `threads` at
// once, 0: one per core), so no other thread may use `shards` during the call;
// `builder` is used on the calling thread only.
SurnameFoldingReport fold_surnames_across_articles(std::vector<Xapian::WritableDatabase>& shards,
                                                   DocumentBuilder& builder,
                                                   const std::atomic<bool>* stop_requested = nullptr,
                                                   unsigned threads = 0);

}  // namespace newsdex
