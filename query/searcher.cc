#include "core/index_folder.h"
#include "core/index_layout.h"
#include "core/shards.h"
#include "query/facets.h"
#include "query/index_opening.h"
#include "query/query_builder.h"
#include "query/search_limits.h"
#include "query/snippet.h"
#include "core/text.h"

#include <newsdex/error.h>
#include <newsdex/search.h>

#include <xapian.h>

#include <sys/stat.h>

#include <chrono>
#include <deque>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>
#include <thread>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>

namespace newsdex {

namespace {

// Matches every document. A new query each time, never a copy of the static
// Xapian::Query::MatchAll: a Query's reference count is not atomic, so copies
// made of one object by two threads at once corrupt it (newsdex-serve crashed).
Xapian::Query every_document() { return Xapian::Query(std::string()); }

// The query a weightless (BoolWeight) match counts. Xapian 1.4.22 throws
// "Unexpected end of posting list" when such a match counts a term held by
// every article once a deletion has left a gap in the document ids (the
// index is sound: xapian-check passes, weighted matches work); matching the
// query as a filter on all documents takes another path through its matcher,
// with the same matches.
Xapian::Query weightless(const Xapian::Query& query) {
    return Xapian::Query(Xapian::Query::OP_FILTER, every_document(), query);
}

// Words of an article that make the query for articles like it.
constexpr Xapian::termcount kSimilarWords = 24;

// BM25 with k1 = 1.4 (Xapian's default is 1): measured on Cranfield and CISI
// by scripts/eval-relevance (MAP +0.010 / +0.006).
const Xapian::BM25Weight kRanking(1.4, 0, 1, 0.75, 0.5);

// A value slot no article has (see the coordination page in run_once).
constexpr Xapian::valueno kNeverWrittenSlot = 0x7fffffff;

// A fixed, sorted list of documents as a posting source: restricts a query to
// them. Over local shards Xapian gives each shard its own copy, and numbers a
// shard's documents 1, 2, ... while the whole index interleaves them (document
// d of shard s of n is (d - 1) * n + s + 1): init() keeps the shard's own.
class DocumentList : public Xapian::PostingSource {
public:
    DocumentList(std::vector<Xapian::docid> ids, std::vector<std::string> shards)
        : all_(std::move(ids)), shards_(std::move(shards)) {}
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    void init(const Xapian::Database& shard) override {
        started_ = false;
        position_ = 0;
        if (shards_.size() <= 1) {
            ids_ = all_;
            return;
        }
        const auto found = std::find(shards_.begin(), shards_.end(), shard.get_uuid());
        if (found == shards_.end()) throw Xapian::InvalidOperationError("a shard changed while searching; search again");
        const auto count = static_cast<Xapian::docid>(shards_.size());
        const auto index = static_cast<Xapian::docid>(found - shards_.begin());
        ids_.clear();
        for (Xapian::docid id : all_) {
            if ((id - 1) % count == index) ids_.push_back((id - 1) / count + 1);
        }
    }
    void next(double) override {
        if (started_) ++position_;
        started_ = true;
    }
    void skip_to(Xapian::docid docid, double) override {
        started_ = true;
        position_ = static_cast<std::size_t>(
            std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(position_), ids_.end(), docid) - ids_.begin());
    }
    bool at_end() const override { return started_ && position_ >= ids_.size(); }
    Xapian::docid get_docid() const override { return ids_[position_]; }
    Xapian::PostingSource* clone() const override { return new DocumentList(all_, shards_); }

private:
    std::vector<Xapian::docid> all_;   // ids in the whole index, sorted
    std::vector<std::string> shards_;  // Xapian's id of each shard, in order (shard_ids())
    std::vector<Xapian::docid> ids_;   // the shard's own ids, sorted
    std::size_t position_ = 0;
    bool started_ = false;
};

}  // namespace

// One open view of the index — a Xapian database and the query builder on it —
// and the search logic run on it. Xapian objects are not thread-safe, so one
// thread at a time uses a view; a Searcher keeps a pool of them (Searcher::State).
// A view is never reopened with Xapian's reopen(): see Searcher::State::open_view.
struct IndexView {
    std::string db_path;
    SearcherOptions options;
    std::vector<std::string> warnings;
    Xapian::Database db;
    std::string language;
    Xapian::Stem stemmer;
    std::unique_ptr<QueryBuilder> builder;
    // A shard served by xapian-tcpsrv runs only Xapian's stock classes: then
    // every search takes the stock path (rescore window, facets, ranking rules).
    bool has_remote_shards = false;
    std::string version;          // which commit of which index db shows (index_version_of)
    bool exact_version = true;    // false: several shards, whose version is only their sizes
    std::uint64_t generation = 0;  // the Searcher's generation this view belongs to
    std::vector<std::string> shard_ids;  // for DocumentList over local shards; empty: use the stock path

    void open() {
        warnings.clear();
        db = open_index(db_path, options, warnings);
        has_remote_shards = holds_remote_shard(db);
        shard_ids = has_remote_shards ? std::vector<std::string>{} : newsdex::shard_ids(db);
        language = db.get_metadata(layout::kLanguageKey);
        if (language.empty()) language = "english";
        stemmer = layout::make_stemmer(language);
        builder = std::make_unique<QueryBuilder>(db, stemmer, language);
    }

    // Terms worth finding an article by: words (not field or filter terms) with a
    // letter and no digit, that are not stopwords.
    struct TopicWords : Xapian::ExpandDecider {
        const QueryBuilder* builder;
        explicit TopicWords(const QueryBuilder* b) : builder(b) {}
        bool operator()(const std::string& term) const override {
            if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
            if (term.find_first_of("0123456789") != std::string::npos || !text::has_letter(term)) return false;
            return !builder->is_stopword(term);
        }
    };

    // The id of the indexed article shown as `path` (as results print it, or the
    // file's path). Not Document::get_docid(): over shards Xapian 1.4 gives the
    // shard's own number there, and relevance feedback needs the index's.
    Xapian::docid article_at(const std::string& path) {
        std::error_code error;
        const std::string absolute = std::filesystem::absolute(path, error).lexically_normal().string();
        for (const std::string& term :
             {std::string(layout::field("path").term_prefix) + path, layout::file_term(absolute)}) {
            auto posting = db.postlist_begin(term);
            if (posting != db.postlist_end(term)) return *posting;
        }
        throw Error("no article with the path " + path + " in the index; give the path a search result shows");
    }

    // Articles like the one at `path`: its most distinctive words (Xapian's
    // relevance-feedback expansion) as a query, the article itself excluded.
    BuiltQuery similar_query(const std::string& path) {
        const Xapian::docid docid = article_at(path);
        const Xapian::Document article = db.get_document(docid);
        Xapian::RSet relevant;
        relevant.add_document(docid);
        Xapian::Enquire enquire(db);
        const TopicWords topic_words(builder.get());
        // Exact term frequencies: over shards Xapian 1.4 otherwise approximates them,
        // and the words (and so the results) would differ from one index's.
        const Xapian::ESet words =
            enquire.get_eset(kSimilarWords, relevant, Xapian::Enquire::USE_EXACT_TERMFREQ, &topic_words);
        BuiltQuery built;
        std::vector<Xapian::Query> terms;
        for (auto it = words.begin(); it != words.end(); ++it) {
            terms.emplace_back(*it);
            built.keys.exact.insert(*it);
            built.keys.stems.insert(stemmer(*it));
        }
        if (terms.empty()) return built;
        auto id = article.termlist_begin();
        id.skip_to(std::string(layout::field("id").term_prefix));
        built.query = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        if (id != article.termlist_end()) {
            built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, built.query, Xapian::Query(*id));
        }
        return built;
    }

    // Articles matching `query` (one per story when collapsing): exact up to
    // kExactTotalLimit, Xapian's estimate beyond. A weightless match counts
    // them; only when there are few enough are the copies folded, which means
    // reading every match's key (counting a common word folded cost 4x its page).
    std::size_t count_matches(const Xapian::Query& query, bool collapse, bool& exact) const {
        const auto enough = static_cast<Xapian::doccount>(kExactTotalLimit + 1);
        Xapian::Enquire counting(db);
        counting.set_query(weightless(query));
        counting.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet all = counting.get_mset(0, 0, enough);
        const Xapian::doccount lower = all.get_matches_lower_bound(), upper = all.get_matches_upper_bound();
        // Past the limit a single index stops counting, but shards each count up
        // to it, and their sum may be exact: exact only within the limit, so that
        // one index and its shards say the same.
        exact = lower == upper && upper <= kExactTotalLimit;
        if (!exact) return std::max<std::size_t>(all.get_matches_estimated(), enough);
        if (!collapse || upper == 0) return upper;
        counting.set_collapse_key(layout::kNearDuplicateKeySlot);
        return counting.get_mset(0, upper, upper).size();
    }

    struct Candidate {
        Xapian::docid docid;
        double weight;
        Xapian::doccount copies;  // near-identical articles folded into this one
        Xapian::Document document;
        Xapian::doccount in_mset = 0;  // its place in the MSet it came from
    };

    // Results first+1 .. first+wanted of `query`, as Xapian ranks them, with
    // their documents; or, given `kept`, without them (fetch_documents() later).
    std::vector<Candidate> ranked_page(Xapian::Enquire& enquire, const Xapian::Query& query, Xapian::doccount first,
                                       Xapian::doccount wanted, Xapian::MSet* kept = nullptr) {
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(first, wanted);
        std::vector<Candidate> page;
        Xapian::doccount index = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it, ++index) {
            page.push_back({*it, it.get_weight(), it.get_collapse_count(), Xapian::Document(), index});
        }
        if (kept) {
            *kept = mset;
        } else {
            fetch_documents(mset, page);
        }
        return page;
    }

    // The documents of `page`, from the MSet they came from: all requested
    // first, so a remote shard sends them in one round trip, not one each
    // (reading a rescore window's 50 one by one tripled remote query time).
    // Xapian 1.4's MSet::fetch reads out of bounds on an MSet that does not
    // start at the first result (a crash in concurrency_test): not there.
    static void fetch_documents(const Xapian::MSet& mset, std::vector<Candidate>& page) {
        if (mset.get_firstitem() == 0) {
            for (const Candidate& candidate : page) mset.fetch(mset[candidate.in_mset]);
        }
        for (Candidate& candidate : page) candidate.document = mset[candidate.in_mset].get_document();
    }

    // The page of `built.unboosted` with `built.exact_bonus` added in a rescore
    // window, as Elasticsearch's rescore does: the best kRescoreWindow results
    // (more for deep pages) get their bonus and are ranked again. Looking up
    // exact forms for every match instead doubled the time of a one-word query
    // on 100k articles; an article below the window would need a bonus larger
    // than the gap to the page to be missed.
    std::vector<Candidate> rescored_page(Xapian::Enquire& enquire, const BuiltQuery& built, Xapian::doccount first,
                                         Xapian::doccount wanted) {
        const Xapian::doccount window = std::max(kRescoreWindow, first + wanted + kRescoreWindow / 2);
        Xapian::MSet window_mset;
        std::vector<Candidate> best = ranked_page(enquire, built.unboosted, 0, window, &window_mset);
        if (!best.empty()) {
            const std::unordered_map<Xapian::docid, double> rescored =
                has_remote_shards || shard_ids.empty() ? window_weights_stock(built, best, first + wanted)
                                                       : window_weights_local(built, best);
            for (Candidate& candidate : best) {
                const auto found = rescored.find(candidate.docid);
                if (found != rescored.end()) candidate.weight = found->second;
            }
            std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
                return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
            });
        }
        best.erase(best.begin(), best.begin() + std::min<std::size_t>(first, best.size()));
        if (best.size() > wanted) best.resize(wanted);
        fetch_documents(window_mset, best);
        return best;
    }

    // The window's weights with the bonus, from a query restricted to the window
    // by a posting source of ours (local databases: one index or local shards).
    std::unordered_map<Xapian::docid, double> window_weights_local(const BuiltQuery& built,
                                                                   const std::vector<Candidate>& best) {
        std::vector<Xapian::docid> ids;
        for (const Candidate& candidate : best) ids.push_back(candidate.docid);
        std::sort(ids.begin(), ids.end());
        Xapian::Enquire bonus_enquire(db);
        bonus_enquire.set_weighting_scheme(kRanking);
        auto* in_window = new DocumentList(std::move(ids), shard_ids);
        bonus_enquire.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, built.exact_bonus, Xapian::Query(in_window->release())));
        const Xapian::MSet bonuses = bonus_enquire.get_mset(0, static_cast<Xapian::doccount>(best.size()));
        std::unordered_map<Xapian::docid, double> weights;
        for (const Candidate& candidate : best) weights[candidate.docid] = candidate.weight;
        for (auto it = bonuses.begin(); it != bonuses.end(); ++it) weights[*it] += it.get_weight();
        return weights;
    }

    // The same weights with stock Xapian only (a remote shard cannot run our
    // posting source): the query with its bonus ranks every match, uncollapsed
    // (with the bonus another copy could head a collapsed story), and the
    // window's articles are read off its best results, deeper until the page
    // (`needed`) or the whole window is found. An article's weight is the same
    // sum, unboosted plus bonus, with the same statistics, so the window ranks
    // as on the local path; the cost is the full ranking the window avoids.
    std::unordered_map<Xapian::docid, double> window_weights_stock(const BuiltQuery& built,
                                                                   const std::vector<Candidate>& best,
                                                                   Xapian::doccount needed) {
        std::unordered_map<Xapian::docid, double> weights;
        for (const Candidate& candidate : best) weights.emplace(candidate.docid, -1);
        Xapian::Enquire boosted(db);
        boosted.set_weighting_scheme(kRanking);
        boosted.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.unboosted, built.exact_bonus));
        needed = std::min<Xapian::doccount>(needed, static_cast<Xapian::doccount>(best.size()));
        for (Xapian::doccount depth = static_cast<Xapian::doccount>(best.size()) * 2;; depth *= 2) {
            const Xapian::MSet ranked = boosted.get_mset(0, depth);
            // Window articles ranked in order: the first `needed` of the window's
            // new order are found once that many have been seen.
            Xapian::doccount seen = 0;
            for (auto it = ranked.begin(); it != ranked.end(); ++it) {
                auto found = weights.find(*it);
                if (found == weights.end()) continue;
                found->second = it.get_weight();
                ++seen;
            }
            if (seen >= needed || ranked.size() < depth) break;
        }
        // Window articles not read (-1) rank below every one read, after the page.
        return weights;
    }

    SearchResults run(const SearchRequest& request) {
        SearchResults results = run_once(request, request.query);
        if (!request.correct_spelling || !request.similar_to.empty()) return results;
        // Cheap unless a word is unknown to the index: one lookup per word.
        results.corrected_query = builder->corrected(request.query);
        if (results.corrected_query.empty() || results.estimated_total > 0 || request.offset > 0) return results;
        SearchResults corrected = run_once(request, results.corrected_query);
        if (corrected.estimated_total == 0) return results;
        corrected.query = request.query;
        corrected.corrected_query = results.corrected_query;
        corrected.correction_applied = true;
        return corrected;
    }

    SearchResults run_once(const SearchRequest& request, const std::string& query) {
        SearchResults results;
        results.query = query;
        results.total_is_exact = true;  // until counting says otherwise: a query of nothing to search matches exactly 0
        BuiltQuery built;
        if (!request.similar_to.empty()) {
            built = similar_query(request.similar_to);
            if (built.query.empty()) return results;
            if (!query.empty()) {
                const BuiltQuery filter = builder->build(query);
                if (!filter.query.empty()) built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query, filter.query);
            }
        } else {
            built = builder->build(query);
        }
        // "What is new since": no query at all means every article that entered since.
        if (request.entered_after > 0 && built.query.empty() && request.similar_to.empty() &&
            query.find_first_not_of(" \t\r\n") == std::string::npos) {
            built.query = built.plain_query = every_document();
        }
        if (built.query.empty()) return results;
        // Sorted by date, relevance only orders articles of one day: the plain
        // query (the same matches, without the ranking rules) is enough, and
        // cheaper over the many matches a sort has to see.
        if (request.sort != SortOrder::Relevance && !built.plain_query.empty()) {
            built.query = built.plain_query;
            built.all_words = Xapian::Query();
            built.coordination_weight = 0;
        }

        if (request.entered_after > 0) {
            // Indexes written before the slot existed have it empty: their articles never match.
            const Xapian::Query entered(Xapian::Query::OP_VALUE_GE, layout::kIndexedAtSlot,
                                        Xapian::sortable_serialise(static_cast<double>(request.entered_after)));
            // Every form of the query the search may run (counting, the all-words page, the rescore window).
            for (Xapian::Query* form : {&built.query, &built.plain_query, &built.all_words, &built.unboosted}) {
                if (!form->empty()) *form = Xapian::Query(Xapian::Query::OP_FILTER, *form, entered);
            }
        }

        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(kRanking);
        enquire.set_query(built.query);
        // Copies of one story share a key computed at index time (indexer/document_builder.cc).
        if (request.collapse_duplicates) enquire.set_collapse_key(layout::kNearDuplicateKeySlot);
        const Xapian::valueno date_slot = layout::field("date").value_slot;
        switch (request.sort) {
            case SortOrder::Relevance: break;
            case SortOrder::Newest: enquire.set_sort_by_value_then_relevance(date_slot, true); break;
            case SortOrder::Oldest: {
                // Undated articles last, where every article has the slot (layout::kOldestFirstSlot).
                const bool every_article = db.get_value_freq(layout::kOldestFirstSlot) == db.get_doccount();
                enquire.set_sort_by_value_then_relevance(every_article ? layout::kOldestFirstSlot : date_slot, false);
                break;
            }
        }
        count(request, built, results);
        const auto first = static_cast<Xapian::doccount>(request.offset);
        const auto wanted = static_cast<Xapian::doccount>(request.limit);
        std::optional<std::vector<Candidate>> page;
        const bool by_relevance = request.sort == SortOrder::Relevance && wanted > 0;
        const bool rescore = !built.unboosted.empty();
        // Coordination makes every article with any query word a candidate for the
        // top; when articles having all the words fill the page, they are the page.
        if (by_relevance && !built.all_words.empty()) {
            page = rescore ? rescored_page(enquire, built, first, wanted) : ranked_page(enquire, built.all_words, first, wanted);
            if (page->size() < wanted) page.reset();
        } else if (by_relevance && rescore) {
            page = rescored_page(enquire, built, first, wanted);
        }
        if (!page) {
            // Xapian 1.4 prunes the coordination tiers wrongly: with a constant-weight
            // posting source beside BM25 it dropped articles from the 100 best of one
            // index, and dropped other ones over shards (tests/remote_equivalence_test.cc).
            // Sorting by a slot no article has is the same order (ties by document id)
            // without weight pruning: every match is weighed, exact everywhere.
            if (by_relevance && built.coordination_weight > 0) {
                enquire.set_sort_by_value_then_relevance(kNeverWrittenSlot, false);
            }
            page = ranked_page(enquire, built.query, first, wanted);
        }
        add_hits(request, built, *page, results);
        return results;
    }

    // The total (exact when facets or an exact total are asked for) and the facets.
    void count(const SearchRequest& request, const BuiltQuery& built, SearchResults& results) {
        // Facets and exact counts describe the whole result set: a match of its own
        // sees every document, with the plain query and no weights to compute.
        // Under collapsing only a match that keeps every result counts exactly.
        if (request.facets || request.exact_total) {
            Xapian::Enquire counting(db);
            counting.set_query(weightless(built.plain_query.empty() ? built.query : built.plain_query));
            counting.set_weighting_scheme(Xapian::BoolWeight());
            if (request.collapse_duplicates) counting.set_collapse_key(layout::kNearDuplicateKeySlot);
            // Remote shards only run Xapian's stock spies; local databases take the one-pass spy.
            std::deque<FacetCollector> remote_facets;
            LocalFacetSpy local_facets;
            if (request.facets && has_remote_shards) {
                for (const schema_table::Row* facet : schema_table::facet_rows()) {
                    remote_facets.emplace_back(std::string(facet->name), facet->value_slot).attach(counting);
                }
            } else if (request.facets) {
                counting.add_matchspy(&local_facets);
            }
            const Xapian::doccount all = db.get_doccount();
            const Xapian::MSet every = counting.get_mset(0, request.collapse_duplicates ? all : 0, all);
            results.estimated_total = request.collapse_duplicates ? every.size() : every.get_matches_estimated();
            if (request.facets && has_remote_shards) {
                for (const FacetCollector& facet : remote_facets) results.facets.push_back(facet.top(request.facet_values));
            } else if (request.facets) {
                results.facets = local_facets.top(request.facet_values);
            }
        }
        const bool counted = request.facets || request.exact_total;
        results.total_is_exact = counted;
        if (!counted) {
            results.estimated_total = count_matches(built.plain_query.empty() ? built.query : built.plain_query,
                                                    request.collapse_duplicates, results.total_is_exact);
        }
    }

    // The page's hits: stored article, score within its coordination tier, snippet.
    void add_hits(const SearchRequest& request, const BuiltQuery& built, const std::vector<Candidate>& page,
                  SearchResults& results) {
        std::size_t rank = request.offset;
        for (const Candidate& candidate : page) {
            Hit hit;
            hit.rank = ++rank;
            hit.score = candidate.weight;
            if (request.collapse_duplicates) hit.duplicates = candidate.copies;
            // The coordination tiers are a ranking device; report the relevance weight within the tier.
            if (built.coordination_weight > 0) hit.score = std::fmod(hit.score, built.coordination_weight);
            hit.article = layout::decode_record(candidate.document.get_data());
            if (const std::string entered = candidate.document.get_value(layout::kIndexedAtSlot); !entered.empty()) {
                hit.entered_index = static_cast<std::int64_t>(Xapian::sortable_unserialise(entered));
            }
            hit.snippet = make_snippet(hit.article.body, built.keys, stemmer, request.snippet_chars);
            std::string().swap(hit.article.body);  // its memory too: clear() keeps a long body's buffer
            results.hits.push_back(std::move(hit));
        }
    }
};

namespace {

// Views kept for reuse; threads beyond this many open a view when they need one.
constexpr std::size_t kMaxIdleViews = 16;
// Tries at opening a consistent view while a writer commits or swaps the index,
// and at a search the writer keeps invalidating.
constexpr int kOpenAttempts = 50;
constexpr int kOpenRetriesUnchanged = 3;  // when nothing shows that a writer was at work
constexpr int kSearchAttempts = 50;
// SearchRequest::offset and limit above this are taken as this (SearchRequest says so).
constexpr std::size_t kMostResults = std::size_t{1} << 30;

// Which commit of which index `db` shows: the same string, the same contents.
// A compacted copy gets a new UUID but starts again at revision 1 (Xapian
// 1.4.22), so the revision alone does not tell the two apart.
std::string index_version_of(const Xapian::Database& db, bool& exact) {
    std::string version = db.get_uuid() + "@";
    exact = false;
    try {
        version += std::to_string(db.get_revision());
        exact = true;
    } catch (const Xapian::InvalidOperationError&) {
        // Several shards have no revision together; their sizes stand in for it.
        version += std::to_string(db.get_doccount()) + "/" + std::to_string(db.get_lastdocid()) + "/" +
                   std::to_string(db.get_total_length());
    } catch (const Xapian::UnimplementedError&) {
        version += std::to_string(db.get_doccount()) + "/" + std::to_string(db.get_lastdocid());
    }
    return version;
}

// A Xapian failure as an Error of the matching category.
Error error_of(const Xapian::Error& e, const std::string& what) {
    const std::string type = e.get_type();  // Xapian::Error is not polymorphic: no dynamic_cast
    ErrorCategory category = ErrorCategory::IO;
    if (type == "DatabaseCorruptError") category = ErrorCategory::Corrupt;
    if (type == "DatabaseNotFoundError") category = ErrorCategory::NotFound;
    if (type.rfind("Network", 0) == 0) category = ErrorCategory::RemoteUnavailable;
    return Error(what + ": " + e.get_msg(), category);
}

// The device/inode numbers of `files` that exist: a file renamed over gets other numbers.
std::string identity_of(std::initializer_list<std::string> files) {
    std::string identity;
    for (const std::string& file : files) {
        struct stat info {};
        identity += ::stat(file.c_str(), &info) == 0
                        ? std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino) + ";"
                        : std::string("-;");
    }
    return identity;
}

// What a swap of the index replaces: the folder itself (exchanged with a
// compacted copy) or its XAPIANDB stub (renamed over to name another folder).
std::string folder_identity(const std::string& db_path) { return identity_of({db_path, shards::stub_path(db_path)}); }

// The same, and the version file a commit renames over (glass writes it anew).
std::string commit_identity(const std::string& db_path) {
    return identity_of({db_path, shards::stub_path(db_path), (std::filesystem::path(db_path) / "iamglass").string()});
}

}  // namespace

// The views of one Searcher. Every search borrows a view of the current
// generation (or opens one), uses it alone, and gives it back; a generation is
// one version of the index, and moving to a later one retires older views.
struct Searcher::State {
    std::string db_path;
    SearcherOptions options;

    std::mutex opening;  // one open at a time, so a view opened later never shows an earlier commit
    std::mutex mutex;    // guards what follows
    std::vector<std::unique_ptr<IndexView>> idle;  // views of the current generation not in use
    std::uint64_t generation = 0;
    std::string version;                // what views of the current generation show
    std::vector<std::string> warnings;  // shards the newest view left out

    // Opening while a writer commits can read blocks the writer has just reused
    // (Xapian then says the revision was discarded, or that a block is not what
    // it expected): open again while the version file changes. Commits to
    // shards do not show in commit_identity, so any failure gets a few tries.
    bool give_up(int attempt, const std::string& commit_before) const {
        if (!std::filesystem::exists(db_path)) return true;
        return attempt >= (commit_identity(db_path) != commit_before ? kOpenAttempts : kOpenRetriesUnchanged);
    }

    // A fresh view of the index's latest commit. Never Xapian's reopen(): it
    // reads the version file by path but keeps the table files it has open,
    // and a compacted copy swapped in by rename starts again at revision 1, so
    // a reader at revision 1 took the new index's statistics over the old
    // tables (issue 14). Opening also reads the files by path, one after
    // another; when the folder or stub was swapped meanwhile the view may pair
    // two indexes, so it is opened again.
    std::unique_ptr<IndexView> open_view() {
        for (int attempt = 1;; ++attempt) {
            const std::string folder = folder_identity(db_path);
            const std::string commit = commit_identity(db_path);
            auto view = std::make_unique<IndexView>();
            view->db_path = db_path;
            view->options = options;
            try {
                view->open();
                view->version = index_version_of(view->db, view->exact_version);
                if (folder_identity(db_path) == folder) return view;
            } catch (const Xapian::Error& e) {
                if (give_up(attempt, commit)) throw error_of(e, "cannot open the index " + db_path);
            } catch (const Error&) {
                if (give_up(attempt, commit)) throw;
            }
            if (attempt >= kOpenAttempts) throw Error("the index " + db_path + " kept changing while being opened; try again");
            if (attempt >= 2) std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
        }
    }

    // A fresh view; when it shows another version than the current generation's,
    // it starts the next generation. `moving`: the caller wants the latest commit
    // (reopen, or a retry): then a version made of shard sizes, which may hide a
    // change, starts a generation too.
    std::unique_ptr<IndexView> open_current(bool moving) {
        const std::lock_guard<std::mutex> one_open(opening);
        std::unique_ptr<IndexView> view = open_view();
        std::vector<std::unique_ptr<IndexView>> retired;
        {
            const std::lock_guard<std::mutex> lock(mutex);
            if (generation == 0 || view->version != version || (moving && !view->exact_version)) {
                ++generation;
                version = view->version;
                retired.swap(idle);
            }
            warnings = view->warnings;
            view->generation = generation;
        }
        return view;  // retired views close here, outside the lock
    }

    // A view of the current generation, and the generation the Searcher was at before.
    std::unique_ptr<IndexView> take(std::uint64_t& generation_before) {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            generation_before = generation;
            if (!idle.empty()) {
                std::unique_ptr<IndexView> view = std::move(idle.back());
                idle.pop_back();
                return view;
            }
        }
        return open_current(false);
    }

    void give_back(std::unique_ptr<IndexView>& view) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (view->generation == generation && idle.size() < kMaxIdleViews) idle.push_back(std::move(view));
    }
};

Searcher::Searcher(const std::string& db_path, SearcherOptions options) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
    state_->options = options;
    std::unique_ptr<IndexView> view = state_->open_current(true);
    state_->give_back(view);
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& asked) {
    // Xapian counts results in 32 bits: a limit of 2^32 + 1 became 1. Page bounds
    // past any index Xapian can hold are clamped, so their sums stay in range too.
    SearchRequest request = asked;
    request.offset = std::min(request.offset, kMostResults);
    request.limit = std::min(request.limit, kMostResults);
    std::uint64_t generation_before = 0;
    std::unique_ptr<IndexView> view = state_->take(generation_before);
    // A writer committing meanwhile can invalidate what we read; Xapian's answer is to reopen and retry.
    for (int attempt = 0;; ++attempt) {
        try {
            SearchResults results = view->run(request);
            results.index_version = view->version;
            results.reopened = view->generation != generation_before;
            state_->give_back(view);
            return results;
        } catch (const Xapian::DatabaseModifiedError&) {
            // Xapian keeps the previous revision readable, so a retry fails only if a
            // writer commits twice within one search; under a fast writer that happens,
            // so retry (with a short pause) long before giving up.
            if (attempt >= kSearchAttempts) throw Error("the index kept changing during the search; try again");
            if (attempt >= 2) std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
            view = state_->open_current(true);
        } catch (const Xapian::DocNotFoundError& e) {
            // A document of the match gone when its record is read: a writer replaced
            // it between the match and the read (seen under ASan with a commit per
            // article). A fresh view sees one revision whole; a document really
            // missing fails every time and is reported.
            if (attempt >= kSearchAttempts) throw error_of(e, "search failed");
            view = state_->open_current(true);
        } catch (const Xapian::NetworkError& e) {
            // A remote shard died after opening: without --partial that is an
            // error; with it, search again over the shards that still answer.
            if (!state_->options.allow_partial || attempt >= 1) {
                throw Error("a remote shard of " + state_->db_path + " stopped answering: " + e.get_msg(),
                            ErrorCategory::RemoteUnavailable);
            }
            view = state_->open_current(true);
        } catch (const Xapian::Error& e) {
            throw error_of(e, "search failed");
        } catch (const Error&) {
            state_->give_back(view);  // a bad query: the view is as good as before
            throw;
        }
    }
}

void Searcher::reopen() {
    std::unique_ptr<IndexView> view = state_->open_current(true);
    state_->give_back(view);
}

std::vector<std::string> Searcher::warnings() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->warnings;
}

std::size_t Searcher::document_count() const {
    std::uint64_t generation_before = 0;
    std::unique_ptr<IndexView> view = state_->take(generation_before);
    try {
        const std::size_t count = view->db.get_doccount();
        state_->give_back(view);
        return count;
    } catch (const Xapian::Error& e) {
        throw error_of(e, "cannot read the index " + state_->db_path);
    }
}

}  // namespace newsdex

namespace newsdex {

std::optional<Article> Searcher::article(const std::string& path) {
    std::uint64_t generation_before = 0;
    std::unique_ptr<IndexView> view = state_->take(generation_before);
    for (int attempt = 0;; ++attempt) {
        std::optional<Article> found;
        try {
            found = layout::decode_record(view->db.get_document(view->article_at(path)).get_data());
        } catch (const Error&) {  // article_at: the index has no such article
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kSearchAttempts) throw Error("the index kept changing while reading " + path + "; try again");
            view = state_->open_current(true);
            continue;
        } catch (const Xapian::Error& e) {
            throw error_of(e, "cannot read the article " + path + " in " + state_->db_path);
        }
        state_->give_back(view);
        return found;
    }
}

IndexSummary Searcher::summary() {
    IndexSummary summary;
    {
        std::uint64_t generation_before = 0;
        std::unique_ptr<IndexView> view = state_->take(generation_before);
        try {
            summary.articles = view->db.get_doccount();
        } catch (const Xapian::Error& e) {
            throw error_of(e, "cannot read the index " + state_->db_path);
        }
        summary.language = view->language;
        state_->give_back(view);
    }
    // Xapian keeps no commit time: the newest file of the index (and its local shards) is it.
    namespace fs = std::filesystem;
    std::error_code error;
    fs::file_time_type newest = fs::file_time_type::min();
    for (fs::recursive_directory_iterator it(state_->db_path, fs::directory_options::skip_permission_denied, error), end;
         !error && it != end; it.increment(error)) {
        if (!it->is_regular_file(error)) continue;
        const auto modified = it->last_write_time(error);
        if (!error && modified > newest) newest = modified;
    }
    if (newest != fs::file_time_type::min()) {
        const auto since_now = newest - fs::file_time_type::clock::now();
        const std::time_t seconds = std::chrono::system_clock::to_time_t(
            std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(since_now));
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        summary.last_update = text;
    }
    return summary;
}

}  // namespace newsdex
