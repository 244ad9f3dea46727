// QueryBuilder: query text to a Xapian query, through the same text pipeline
// as indexing, with the schema's field prefixes, and ranking rules on top.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace newsdex {

class DateFilterForParser;

// The words a query looks for, as the snippet builder needs them.
struct MatchKeys {
    std::unordered_set<std::string> exact;  // term keys ("summits")
    std::unordered_set<std::string> stems;  // stems ("summit")
};

struct BuiltQuery {
    Xapian::Query query;
    MatchKeys keys;
    // Weight added per distinct query word present, so that for short keyword
    // queries articles having more of the words rank first; 0 when not used.
    double coordination_weight = 0;
    // With coordination: `query` without it, restricted to articles having every
    // word. Its results, while there are enough of them, are the first results
    // of `query` in the same order, found without scoring every partial match.
    Xapian::Query all_words;
    // For such a list with exact forms: the bonus they add, and the page's
    // query without it; the searcher adds the bonus to the best results only.
    Xapian::Query exact_bonus;
    Xapian::Query unboosted;
    // The query as parsed (with synonyms), without the ranking rules: the same
    // matches, for when relevance hardly matters.
    Xapian::Query plain_query;
};

class QueryBuilder {
public:
    QueryBuilder(const Xapian::Database& db, Xapian::Stem stemmer, const std::string& language);

    // Throws QuerySyntaxError when the query cannot be understood (see query/query_syntax.h).
    // Names with synonyms in the index also match their synonyms (Kiev: Kyiv; SCO: the
    // phrase Shanghai Cooperation Organisation).
    BuiltQuery build(const std::string& text);

    // `text` with each word the index does not know replaced by the closest word it
    // knows (Xapian's spelling data), in the user's capitalisation ("Astna" -> "Astana");
    // empty when no word needs correcting. Operators, field names, filter values,
    // wildcards and words with synonyms are left alone.
    std::string corrected(const std::string& text) const;

    // True for words that carry no topic in the index's language ("the", "of").
    bool is_stopword(const std::string& key) const;

private:
    void add_synonyms(const std::string& key_term, const std::string& prefix, Xapian::Query& word_query,
                      MatchKeys& keys) const;

    Xapian::Database db_;
    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
    DateFilterForParser* date_filter_ = nullptr;  // owned by parser_
    Xapian::SimpleStopper stopper_;
    bool english_ = false;
    bool has_synonyms_ = false;  // skip synonym lookups on an index without any
};

// The query text run through the term pipeline: words folded as at index time
// (operators AND/OR/NOT/XOR/NEAR/ADJ kept), Chinese/Japanese runs split into words.
std::string fold_query_text(const std::string& text);

}  // namespace newsdex
