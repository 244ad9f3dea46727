// QueryBuilder: query text to a Xapian query, through the same text pipeline
// as indexing, with the schema's field prefixes, and ranking rules on top.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_set>

namespace newsdex {

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
};

class QueryBuilder {
public:
    QueryBuilder(const Xapian::Database& db, Xapian::Stem stemmer, const std::string& language);

    // Throws QuerySyntaxError when the query cannot be understood.
    BuiltQuery build(const std::string& text);

private:
    Xapian::Database db_;
    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
    Xapian::SimpleStopper stopper_;
};

// The query text run through the term pipeline: words folded as at index time
// (operators AND/OR/NOT/XOR/NEAR/ADJ kept), Chinese/Japanese runs split into words.
std::string fold_query_text(const std::string& text);

}  // namespace newsdex
