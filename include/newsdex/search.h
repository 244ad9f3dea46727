// newsdex/search.h — searching an index: ranked articles with highlighted snippets.
#pragma once

#include <newsdex/export.h>

#include <newsdex/article.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace newsdex {

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchRequest {
    std::string query;                        // query text, see `newsdex-query --help` for the syntax
    std::size_t offset = 0;                   // results to skip (above 2^30: taken as 2^30)
    std::size_t limit = 10;                   // results to return at most (above 2^30: all)
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_chars = 240;          // length of each snippet, in characters (about)
    bool facets = false;                      // count people, places and months over all matches
    std::size_t facet_values = 10;            // values to keep per facet, most frequent first
    bool collapse_duplicates = true;          // fold near-identical copies of one story into one hit (Hit::duplicates)
    bool correct_spelling = true;             // suggest corrections; when nothing matches, search the corrected query
    std::string similar_to;                   // path of an indexed article: rank articles like it instead
                                              // (the article itself excluded; a query, if given, filters them)
    bool exact_total = false;                 // count every match, so estimated_total is exact (slower on big indexes)
    std::int64_t entered_after = 0;           // only articles that entered the index at or after this time (seconds
                                              // since 1970 UTC; indexes older than the feature have no such time:
                                              // nothing matches); an empty query then means every such article; 0: any
};

// A highlighted part of a snippet: byte offsets [begin, end) into Snippet::text.
struct Highlight {
    std::size_t begin;
    std::size_t end;
};

struct Snippet {
    std::string text;                     // plain text, "…" where it was cut
    std::vector<Highlight> highlights;    // matched words, in order, not overlapping
};

struct Hit {
    std::size_t rank;    // 1 for the best result
    double score;        // relevance weight; higher is better, comparable within one search only
    Article article;     // stored fields; body is empty (use snippet)
    Snippet snippet;
    std::size_t duplicates = 0;  // near-identical copies folded into this hit (a lower bound; 0 without collapsing)
    std::int64_t entered_index = 0;  // when the article entered the index (seconds since 1970 UTC); 0: not recorded (older index)
};

struct FacetValue {
    std::string value;  // "Vladimir Putin", "Astana", "2024-07"
    std::size_t count;  // matching articles having it
};

// The most frequent values of one field over the whole result set.
struct Facet {
    std::string field;  // "people", "place" or "month"
    std::vector<FacetValue> values;
};

// Up to this many matching articles a search counts them exactly; beyond,
// the total is Xapian's estimate unless SearchRequest::exact_total or facets.
inline constexpr std::size_t kExactTotalLimit = 1000;

struct SearchResults {
    std::string query;                 // the query as given
    std::size_t estimated_total = 0;   // matching articles (copies of one story once): see total_is_exact
    bool total_is_exact = false;       // estimated_total is exact: at most kExactTotalLimit matches, or exact_total
                                       // or facets asked for; otherwise it is Xapian's estimate
    std::vector<Hit> hits;
    std::vector<Facet> facets;         // only when SearchRequest::facets
    std::string corrected_query;       // the query with misspelt words corrected, in the user's own case; empty if none
    bool correction_applied = false;   // true: the query matched nothing, and hits are corrected_query's results
    std::string index_version;         // the commit of the index the results come from: equal strings, same contents
                                       // (sharded indexes: made of the shards' sizes, so a same-size edit may not show)
    bool reopened = false;             // true: the Searcher moved to a later commit for this search (see Searcher)
};

struct SearcherOptions {
    unsigned remote_timeout_ms = 10000;  // limit for connecting to, and each reply of, a remote shard
    bool allow_partial = false;          // search the shards that answer, with warnings, instead of failing
};

// What a Searcher can tell about its index (Searcher::summary).
struct IndexSummary {
    std::size_t articles = 0;   // articles in the index
    std::string language;       // Snowball stemmer name of the index
    std::string last_update;    // modification time of its newest local file, ISO 8601 UTC; empty if unknown
};

// Searches one index, or all the shards of a sharded one as one. Opening is cheap.
// Safe to share between threads: searches run in parallel, each on a Xapian
// handle of its own from a small pool inside.
// Any number of Searchers, in any threads or processes, may read one index while
// an Indexer commits to it, compacts it or swaps it; each search sees one whole
// commit, named by SearchResults::index_version. A Searcher stays at the commit
// it opened (or last reopen()ed) while it can; it moves to the latest commit on
// its own (SearchResults::reopened) when the writer has discarded that commit or
// a thread needs another handle, so compare index_version to know whether two
// pages of one query come from the same index.
class NEWSDEX_API Searcher {
public:
    // Opens the index (or sharded index) at db_path for reading. Throws Error
    // if it is missing or damaged, or a shard does not answer (see SearcherOptions).
    explicit Searcher(const std::string& db_path, SearcherOptions options = {});
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    // Runs a search. Throws QuerySyntaxError for a query that cannot be parsed, Error otherwise
    // (also when SearchRequest::similar_to names no indexed article).
    SearchResults search(const SearchRequest& request);

    // Moves to the index's latest commit, also across a swap of the index folder. Throws
    // Error if the index cannot be opened (it retries while a writer commits).
    void reopen();

    // Shards left out because they did not answer (only with allow_partial), as of the latest opening.
    std::vector<std::string> warnings() const;

    // Number of articles in the index.
    std::size_t document_count() const;

    // The whole stored article (body included) shown as `path` in results, or
    // the file's path; nullopt if the index has none. Throws Error if the index cannot be read.
    std::optional<Article> article(const std::string& path);

    // Articles, language and time of the last change of the index, as of the last (re)open.
    IndexSummary summary();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace newsdex
