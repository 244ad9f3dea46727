#include "core/index_folder.h"
#include "core/index_layout.h"
#include "core/shards.h"
#include "query/facets.h"
#include "query/index_opening.h"
#include "query/query_builder.h"
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

// How many of the best results get the exact-form bonus (Searcher::State::rescored_page).
constexpr Xapian::doccount kRescoreWindow = 50;

// A fixed, sorted list of documents as a posting source: restricts a query to them.
class DocumentList : public Xapian::PostingSource {
public:
    explicit DocumentList(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    void init(const Xapian::Database&) override {
        started_ = false;
        position_ = 0;
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
    Xapian::PostingSource* clone() const override { return new DocumentList(ids_); }

private:
    std::vector<Xapian::docid> ids_;
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
    bool has_remote_shards = false;
    bool single_database = true;  // not sharded: document ids are the database's own

    std::string generation;  // the generation folder open, when the index has generations

    void open() {
        warnings.clear();
        generation = index_folder::current_generation(db_path);
        db = open_index(db_path, options, warnings);
        has_remote_shards = shards::has_remote(db_path);
        single_database = !shards::is_sharded(db_path);
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

    // The indexed article shown as `path` (as results print it, or the file's path).
    Xapian::Document article_at(const std::string& path) {
        std::error_code error;
        const std::string absolute = std::filesystem::absolute(path, error).lexically_normal().string();
        for (const std::string& term :
             {std::string(layout::field("path").term_prefix) + path, layout::file_term(absolute)}) {
            auto posting = db.postlist_begin(term);
            if (posting != db.postlist_end(term)) return db.get_document(*posting);
        }
        throw Error("no article with the path " + path + " in the index; give the path a search result shows");
    }

    // Articles like the one at `path`: its most distinctive words (Xapian's
    // relevance-feedback expansion) as a query, the article itself excluded.
    BuiltQuery similar_query(const std::string& path) {
        const Xapian::Document article = article_at(path);
        Xapian::RSet relevant;
        relevant.add_document(article.get_docid());
        Xapian::Enquire enquire(db);
        const TopicWords topic_words(builder.get());
        const Xapian::ESet words = enquire.get_eset(kSimilarWords, relevant, &topic_words);
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

    // How many articles have any of `terms`, estimated as Xapian estimates an
    // OR: as if the words occurred independently (exact for one word).
    std::size_t articles_with_any(const std::vector<std::string>& terms) const {
        const double articles = db.get_doccount();
        double none = 1;
        for (const auto& term : terms) none *= 1 - db.get_termfreq(term) / articles;
        return static_cast<std::size_t>(std::llround(articles * (1 - none)));
    }

    struct Candidate {
        Xapian::docid docid;
        double weight;
        Xapian::doccount copies;  // near-identical articles folded into this one
        Xapian::Document document;
    };

    // Results first+1 .. first+wanted of `query`, as Xapian ranks them.
    std::vector<Candidate> ranked_page(Xapian::Enquire& enquire, const Xapian::Query& query, Xapian::doccount first,
                                       Xapian::doccount wanted, Xapian::doccount& estimate) {
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(first, wanted);
        estimate = mset.get_matches_estimated();
        std::vector<Candidate> page;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            page.push_back({*it, it.get_weight(), it.get_collapse_count(), it.get_document()});
        }
        return page;
    }

    // The page of `built.unboosted` with `built.exact_bonus` added in a rescore
    // window, as Elasticsearch's rescore does: the best kRescoreWindow results
    // (more for deep pages) get their bonus from a query restricted to them, and
    // are ranked again. Looking up exact forms for every match instead doubled
    // the time of a one-word query on 100k articles; an article below the window
    // would need a bonus larger than the gap to the page to be missed.
    std::vector<Candidate> rescored_page(Xapian::Enquire& enquire, const BuiltQuery& built, Xapian::doccount first,
                                         Xapian::doccount wanted, Xapian::doccount& estimate) {
        const Xapian::doccount window = std::max(kRescoreWindow, first + wanted + kRescoreWindow / 2);
        std::vector<Candidate> best = ranked_page(enquire, built.unboosted, 0, window, estimate);
        if (!best.empty()) {
            std::vector<Xapian::docid> ids;
            for (const Candidate& candidate : best) ids.push_back(candidate.docid);
            std::sort(ids.begin(), ids.end());
            Xapian::Enquire bonus_enquire(db);
            bonus_enquire.set_weighting_scheme(kRanking);
            auto* in_window = new DocumentList(std::move(ids));
            bonus_enquire.set_query(
                Xapian::Query(Xapian::Query::OP_FILTER, built.exact_bonus, Xapian::Query(in_window->release())));
            const Xapian::MSet bonuses = bonus_enquire.get_mset(0, static_cast<Xapian::doccount>(best.size()));
            std::unordered_map<Xapian::docid, double> bonus_of;
            for (auto it = bonuses.begin(); it != bonuses.end(); ++it) bonus_of[*it] = it.get_weight();
            for (Candidate& candidate : best) candidate.weight += bonus_of[candidate.docid];
            std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
                return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
            });
        }
        best.erase(best.begin(), best.begin() + std::min<std::size_t>(first, best.size()));
        if (best.size() > wanted) best.resize(wanted);
        return best;
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
        const auto first = static_cast<Xapian::doccount>(request.offset);
        const auto wanted = static_cast<Xapian::doccount>(request.limit);
        std::optional<std::vector<Candidate>> page;
        Xapian::doccount page_estimate = 0;
        const bool by_relevance = request.sort == SortOrder::Relevance && wanted > 0;
        const bool rescore = !built.unboosted.empty() && single_database;
        // Coordination makes every article with any query word a candidate for the
        // top; when articles having all the words fill the page, they are the page.
        if (by_relevance && !built.all_words.empty()) {
            page = rescore ? rescored_page(enquire, built, first, wanted, page_estimate)
                           : ranked_page(enquire, built.all_words, first, wanted, page_estimate);
            if (page->size() < wanted) page.reset();
            if (page && !counted) {
                // The count is the whole query's, estimated from term statistics
                // (counting it would cost more than the search).
                if (!built.word_terms.empty()) {
                    results.estimated_total = articles_with_any(built.word_terms);
                } else {
                    enquire.set_query(built.plain_query);
                    results.estimated_total = enquire.get_mset(0, 0).get_matches_estimated();
                }
                results.estimated_total = std::max<std::size_t>(results.estimated_total, page_estimate);
            }
        } else if (by_relevance && rescore) {
            page = rescored_page(enquire, built, first, wanted, page_estimate);
            if (!counted) results.estimated_total = articles_with_any(built.word_terms);
        }
        if (!page) {
            page = ranked_page(enquire, built.query, first, wanted, page_estimate);
            if (!counted) results.estimated_total = page_estimate;
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
            reopen();
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
        // After a compaction the index is another generation (core/index_folder.h): open it afresh.
        if (state_->generation != index_folder::current_generation(state_->db_path)) return state_->open();
        state_->db.reopen();
    } catch (const Xapian::DatabaseOpeningError&) {
        state_->open();  // swapped out and removed meanwhile
    } catch (const Xapian::Error& e) {
        throw Error("cannot reopen the index " + state_->db_path + ": " + e.get_msg());
    }
}

const std::vector<std::string>& Searcher::warnings() const { return state_->warnings; }

std::size_t Searcher::document_count() const { return state_->db.get_doccount(); }

}  // namespace newsdex
