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

}  // namespace newsdex
