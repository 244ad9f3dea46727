// Synonym groups: names that mean the same (SCO = Shanghai Cooperation
// Organisation, Kiev = Kyiv, Путин = Putin), from the list shipped in
// core/data/synonyms.tsv and a user's file given at index time. The indexer
// stores them in Xapian's synonym table, where the query parser finds them.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// A name as the folded words it is indexed as: "Nur-Sultan" is {"nur", "sultan"}.
using SynonymName = std::vector<std::string>;

// Names that mean the same; at least two.
using SynonymGroup = std::vector<SynonymName>;

// The groups in `text`: one group per line, names separated by tabs or '=';
// blank lines and lines starting with '#' are ignored, as are lines with one name.
std::vector<SynonymGroup> parse_synonym_groups(std::string_view text);

// The list shipped with newsdex.
std::string_view default_synonyms_text();

// The Xapian term a query for `name` can be expanded to: the word itself, or
// for a name of several words its phrase term (layout::kPhraseTermPrefix).
std::string synonym_term(const SynonymName& name);

// Replaces the database's synonym table with `groups`: each name (with the
// title, place and people prefixes too, for one-word names) leads to the terms
// of the other names of its group.
void store_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymGroup>& groups);

}  // namespace newsdex
