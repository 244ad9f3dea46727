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

#include <chrono>
#include <optional>
#include <unordered_map>
#include <vector>
#include <thread>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace newsdex {

namespace {

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

struct Searcher::State {
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
        counting.set_query(query);
        counting.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet all = counting.get_mset(0, 0, enough);
        const Xapian::doccount lower = all.get_matches_lower_bound(), upper = all.get_matches_upper_bound();
        exact = lower == upper && (!collapse || upper <= kExactTotalLimit);
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
        if (built.query.empty()) return results;
        // Sorted by date, relevance only orders articles of one day: the plain
        // query (the same matches, without the ranking rules) is enough, and
        // cheaper over the many matches a sort has to see.
        if (request.sort != SortOrder::Relevance && !built.plain_query.empty()) {
            built.query = built.plain_query;
            built.all_words = Xapian::Query();
            built.coordination_weight = 0;
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
            case SortOrder::Oldest: enquire.set_sort_by_value_then_relevance(date_slot, false); break;
        }
        // Facets and exact counts describe the whole result set: a match of its own
        // sees every document, with the plain query and no weights to compute.
        // Under collapsing only a match that keeps every result counts exactly.
        if (request.facets || request.exact_total) {
            Xapian::Enquire counting(db);
            counting.set_query(built.plain_query.empty() ? built.query : built.plain_query);
            counting.set_weighting_scheme(Xapian::BoolWeight());
            if (request.collapse_duplicates) counting.set_collapse_key(layout::kNearDuplicateKeySlot);
            // Remote shards only run Xapian's stock spies; local databases take the one-pass spy.
            FacetCollector people("people", layout::field("people").value_slot);
            FacetCollector places("place", layout::field("place").value_slot);
            FacetCollector months("month", layout::kMonthSlot);
            LocalFacetSpy local_facets;
            if (request.facets && has_remote_shards) {
                for (FacetCollector* facet : {&people, &places, &months}) facet->attach(counting);
            } else if (request.facets) {
                counting.add_matchspy(&local_facets);
            }
            const Xapian::doccount all = db.get_doccount();
            const Xapian::MSet every = counting.get_mset(0, request.collapse_duplicates ? all : 0, all);
            results.estimated_total = request.collapse_duplicates ? every.size() : every.get_matches_estimated();
            if (request.facets && has_remote_shards) {
                results.facets = {people.top(request.facet_values), places.top(request.facet_values),
                                  months.top(request.facet_values)};
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
        std::size_t rank = request.offset;
        for (const Candidate& candidate : *page) {
            Hit hit;
            hit.rank = ++rank;
            hit.score = candidate.weight;
            if (request.collapse_duplicates) hit.duplicates = candidate.copies;
            // The coordination tiers are a ranking device; report the relevance weight within the tier.
            if (built.coordination_weight > 0) hit.score = std::fmod(hit.score, built.coordination_weight);
            hit.article = layout::decode_record(candidate.document.get_data());
            hit.snippet = make_snippet(hit.article.body, built.keys, stemmer, request.snippet_chars);
            hit.article.body.clear();
            results.hits.push_back(std::move(hit));
        }
        return results;
    }
};

Searcher::Searcher(const std::string& db_path, SearcherOptions options) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
    state_->options = options;
    state_->open();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    // A writer committing meanwhile can invalidate what we read; Xapian's answer is to reopen and retry.
    for (int attempt = 0;; ++attempt) {
        try {
            return state_->run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            // Xapian keeps the previous revision readable, so a retry fails only if a
            // writer commits twice within one search; under a fast writer that happens,
            // so retry (with a short pause) long before giving up.
            if (attempt >= 50) throw Error("the index kept changing during the search; try again");
            if (attempt >= 2) std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
            state_->db.reopen();
        } catch (const Xapian::NetworkError& e) {
            // A remote shard died after opening: without --partial that is an
            // error; with it, search again over the shards that still answer.
            if (!state_->options.allow_partial || attempt >= 1) {
                throw Error("a remote shard of " + state_->db_path + " stopped answering: " + e.get_msg() +
                            (state_->options.allow_partial ? "" : " (use --partial to search the other shards)"));
            }
            state_->open();
        } catch (const Xapian::Error& e) {
            throw Error("search failed: " + e.get_description());
        }
    }
}

void Searcher::reopen() {
    try {
        state_->db.reopen();
    } catch (const Xapian::Error& e) {
        throw Error("cannot reopen the index " + state_->db_path + ": " + e.get_msg());
    }
}

const std::vector<std::string>& Searcher::warnings() const { return state_->warnings; }

std::size_t Searcher::document_count() const { return state_->db.get_doccount(); }

}  // namespace newsdex
