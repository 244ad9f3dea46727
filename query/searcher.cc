#include "core/index_layout.h"
#include "query/facets.h"
#include "query/query_builder.h"
#include "query/snippet.h"

#include <newsdex/error.h>
#include <newsdex/search.h>

#include <xapian.h>

#include <cmath>
#include <filesystem>

namespace newsdex {

struct Searcher::State {
    std::string db_path;
    Xapian::Database db;
    std::string language;
    Xapian::Stem stemmer;
    std::unique_ptr<QueryBuilder> builder;

    void open() {
        try {
            db = Xapian::Database(db_path);
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw Error("no index at " + db_path + "; create one with: newsdex-index --db " + db_path + " FOLDER");
        } catch (const Xapian::DatabaseOpeningError& e) {
            if (!std::filesystem::exists(db_path)) {
                throw Error("no index at " + db_path + "; create one with: newsdex-index --db " + db_path + " FOLDER");
            }
            throw Error("cannot open the index " + db_path + ": " + e.get_msg() +
                        " (is it a newsdex index? if it is damaged, delete it and index again)");
        } catch (const Xapian::Error& e) {
            throw Error("cannot open the index " + db_path + ": " + e.get_msg() +
                        " (if it is damaged, delete it and index again)");
        }
        language = db.get_metadata(layout::kLanguageKey);
        if (language.empty()) language = "english";
        stemmer = layout::make_stemmer(language);
        builder = std::make_unique<QueryBuilder>(db, stemmer, language);
    }

    SearchResults run(const SearchRequest& request) {
        SearchResults results;
        results.query = request.query;
        const BuiltQuery built = builder->build(request.query);
        if (built.query.empty()) return results;

        Xapian::Enquire enquire(db);
        enquire.set_query(built.query);
        const Xapian::valueno date_slot = layout::field("date").value_slot;
        switch (request.sort) {
            case SortOrder::Relevance: break;
            case SortOrder::Newest: enquire.set_sort_by_value_then_relevance(date_slot, true); break;
            case SortOrder::Oldest: enquire.set_sort_by_value_then_relevance(date_slot, false); break;
        }
        // Facets describe the whole result set, so the match must see every document.
        FacetCounter people(layout::field("people").value_slot, FacetCounter::Mode::NameList);
        FacetCounter places(layout::field("place").value_slot, FacetCounter::Mode::NameList);
        FacetCounter months(layout::field("date").value_slot, FacetCounter::Mode::Month);
        Xapian::doccount check_at_least = 0;
        if (request.facets) {
            enquire.add_matchspy(&people);
            enquire.add_matchspy(&places);
            enquire.add_matchspy(&months);
            check_at_least = db.get_doccount();
        }
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                   static_cast<Xapian::doccount>(request.limit), check_at_least);
        results.estimated_total = mset.get_matches_estimated();
        if (request.facets) {
            results.facets = {people.top("people", request.facet_values), places.top("place", request.facet_values),
                              months.top("month", request.facet_values)};
        }
        std::size_t rank = request.offset;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.rank = ++rank;
            hit.score = it.get_weight();
            // The coordination tiers are a ranking device; report the relevance weight within the tier.
            if (built.coordination_weight > 0) hit.score = std::fmod(hit.score, built.coordination_weight);
            hit.article = layout::decode_record(it.get_document().get_data());
            hit.snippet = make_snippet(hit.article.body, built.keys, stemmer, request.snippet_chars);
            hit.article.body.clear();
            results.hits.push_back(std::move(hit));
        }
        return results;
    }
};

Searcher::Searcher(const std::string& db_path) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
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
            if (attempt >= 3) throw Error("the index kept changing during the search; try again");
            state_->db.reopen();
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

std::size_t Searcher::document_count() const { return state_->db.get_doccount(); }

}  // namespace newsdex
