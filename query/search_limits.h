// Sizes at which a search changes how it works. Each is a named constant so
// that tests can build indexes and queries on both sides of it
// (tests/remote_equivalence_test.cc); newsdex::kExactTotalLimit is public.
#pragma once

#include <xapian.h>

#include <cstddef>

namespace newsdex {

// Queries with at most this many words are treated as keyword queries: articles
// having all the words come first, and exact word forms get a bonus. Longer
// ones are natural-language questions, ranked by BM25 alone.
inline constexpr std::size_t kMaxKeywordQueryWords = 4;

// How many of the best results get the exact-form bonus (more for deep pages:
// the page's end plus half of this).
inline constexpr Xapian::doccount kRescoreWindow = 50;

// All the wildcards of one query together stand for at most this many words
// (each for at most 200, its most frequent): 338 wildcards fit in the 1,000
// bytes newsdex-serve accepts, and "a* b* ... z*" repeated expanded to 67,600
// words and held a search thread for 24 s on the BBC corpus (2,225 articles).
inline constexpr Xapian::termcount kMaxWildcardWordsPerQuery = 1000;

// Wildcards one query may hold: each is expanded by a scan of the words it
// starts (its most frequent kept), so 300 "b*" took 0.8 s on BBC in one process
// and 1.6-7.7 s in newsdex-serve under load, holding a search thread; 32 take 0.1 s.
inline constexpr Xapian::termcount kMaxWildcardsPerQuery = 32;

}  // namespace newsdex
