// Snippets: the passage of an article that best shows why it matched, with
// the matched words marked.
#pragma once

#include "query/query_builder.h"

#include <newsdex/search.h>

#include <xapian.h>

#include <string_view>

namespace newsdex {

// The window of about `max_chars` characters of `text` holding the most
// distinct matched words (the start of the text when nothing matches).
// Whitespace runs become single spaces; "…" marks a cut.
Snippet make_snippet(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer,
                     std::size_t max_chars);

// All of `text` (a headline, say) with its matched words marked.
Snippet highlight_all(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer);

}  // namespace newsdex
