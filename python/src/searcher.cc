// newsdex.Searcher: searching an index (include/newsdex/search.h).
#include "bindings.h"

#include <newsdex/error.h>
#include <newsdex/search.h>

#include <pybind11/stl.h>

#include <memory>

namespace newsdex::python {

namespace {

SortOrder sort_order(const std::string& name) {
    if (name == "relevance") return SortOrder::Relevance;
    if (name == "newest") return SortOrder::Newest;
    if (name == "oldest") return SortOrder::Oldest;
    throw py::value_error("sort must be 'relevance', 'newest' or 'oldest', not '" + name + "'");
}

// The C++ Searcher, searched with the GIL released: it is safe to share
// between threads, so Python threads search one Searcher in parallel.
class PythonSearcher {
public:
    PythonSearcher(std::string db_path, SearcherOptions options) : db_path_(std::move(db_path)) {
        py::gil_scoped_release release;
        searcher_ = std::make_unique<Searcher>(db_path_, options);
    }

    SearchResults search(const SearchRequest& request) {
        py::gil_scoped_release release;
        return searcher_->search(request);
    }

    void reopen() {
        py::gil_scoped_release release;
        searcher_->reopen();
    }

    std::size_t document_count() {
        py::gil_scoped_release release;
        return searcher_->document_count();
    }

    std::vector<std::string> warnings() {
        py::gil_scoped_release release;
        return searcher_->warnings();
    }

    const std::string& db_path() const { return db_path_; }

private:
    std::string db_path_;
    std::unique_ptr<Searcher> searcher_;
};

SearchRequest make_request(std::string query, std::size_t limit, std::size_t offset, const std::string& sort,
                           bool facets, bool collapse, bool correct_spelling, std::size_t snippet_chars,
                           std::size_t facet_values, bool exact_total) {
    SearchRequest request;
    request.query = std::move(query);
    request.limit = limit;
    request.offset = offset;
    request.sort = sort_order(sort);
    request.facets = facets;
    request.collapse_duplicates = collapse;
    request.correct_spelling = correct_spelling;
    request.snippet_chars = snippet_chars;
    request.facet_values = facet_values;
    request.exact_total = exact_total;
    return request;
}

py::list highlights_of(const Snippet& snippet) {
    py::list spans;
    for (const Highlight& h : snippet.highlights) {
        spans.append(py::make_tuple(code_point_index(snippet.text, h.begin), code_point_index(snippet.text, h.end)));
    }
    return spans;
}

}  // namespace

void bind_searcher(py::module_& module) {
    py::class_<Hit>(module, "Hit", "One search result: an article's stored fields, its snippet and its score.")
        .def_readonly("rank", &Hit::rank, "1 for the best result.")
        .def_readonly("score", &Hit::score, "Relevance weight; higher is better, comparable within one search only.")
        .def_property_readonly("path", [](const Hit& h) { return h.article.path; }, "The article's file.")
        .def_property_readonly("title", [](const Hit& h) { return h.article.title; }, "Headline.")
        .def_property_readonly("date", [](const Hit& h) { return h.article.date; },
                               "Publication date, 'YYYY-MM-DD', or '' when not known.")
        .def_property_readonly("source", [](const Hit& h) { return h.article.source; }, "Outlet or site name.")
        .def_property_readonly("author", [](const Hit& h) { return h.article.author; }, "Byline.")
        .def_property_readonly("url", [](const Hit& h) { return h.article.url; }, "Canonical address.")
        .def_property_readonly("language", [](const Hit& h) { return h.article.language; },
                               "ISO 639-1 code stated by the file, or ''.")
        .def_property_readonly("places", [](const Hit& h) { return h.article.places; },
                               "Canonical place names, most important first.")
        .def_property_readonly("people", [](const Hit& h) { return h.article.people; },
                               "Full names of the people in the article.")
        .def_property_readonly("snippet", [](const Hit& h) { return h.snippet.text; },
                               "Text around the matched words, '…' where it was cut.")
        .def_property_readonly("highlights", [](const Hit& h) { return highlights_of(h.snippet); },
                               "The matched words in `snippet`, as (begin, end) str indices: snippet[begin:end].")
        .def_readonly("duplicates", &Hit::duplicates,
                      "Near-identical copies folded into this hit (a lower bound; 0 with collapse=False).")
        .def("__repr__", [](const Hit& h) {
            return "<Hit " + std::to_string(h.rank) + " " + h.article.date + " " + h.article.title + " (" +
                   h.article.path + ")>";
        });

    py::class_<SearchResults>(module, "SearchResults",
                              "The results of one search; iterating over it gives its hits.")
        .def_readonly("query", &SearchResults::query, "The query as given.")
        .def_readonly("hits", &SearchResults::hits, "The page of results asked for, best first (a list of Hit).")
        .def_readonly("estimated_total", &SearchResults::estimated_total,
                      "Estimate of all matching articles (exact with facets=True or exact_total=True).")
        .def_property_readonly(
            "facets",
            [](const SearchResults& results) {
                py::dict facets;
                for (const Facet& facet : results.facets) {
                    py::list values;
                    for (const FacetValue& v : facet.values) values.append(py::make_tuple(v.value, v.count));
                    facets[py::str(facet.field)] = values;
                }
                return facets;
            },
            "With facets=True: {'people': [(name, count), ...], 'place': [...], 'month': [('2024-07', n), ...]},\n"
            "the most frequent values over all matching articles; otherwise {}.")
        .def_readonly("corrected_query", &SearchResults::corrected_query,
                      "The query with misspelt words corrected, or '' when nothing needed correcting.")
        .def_readonly("correction_applied", &SearchResults::correction_applied,
                      "True when the query matched nothing and the hits are corrected_query's.")
        .def("__len__", [](const SearchResults& r) { return r.hits.size(); })
        .def("__iter__", [](const SearchResults& r) { return py::make_iterator(r.hits.begin(), r.hits.end()); },
             py::keep_alive<0, 1>())
        .def("__getitem__", [](const SearchResults& r, py::ssize_t i) -> const Hit& {
                 const auto size = static_cast<py::ssize_t>(r.hits.size());
                 if (i < 0) i += size;
                 if (i < 0 || i >= size) throw py::index_error("hit index out of range");
                 return r.hits[static_cast<std::size_t>(i)];
             },
             py::return_value_policy::reference_internal)
        .def("__getitem__", [](const SearchResults& r, const py::slice& slice) {  // results[:3], as for a list
                 std::size_t start = 0, stop = 0, step = 0, length = 0;
                 if (!slice.compute(r.hits.size(), &start, &stop, &step, &length)) throw py::error_already_set();
                 py::list hits;
                 for (std::size_t k = 0; k < length; ++k, start += step) hits.append(py::cast(r.hits[start]));
                 return hits;
             })
        .def("__repr__", [](const SearchResults& r) {
            return "<SearchResults " + std::to_string(r.hits.size()) + " hits of about " +
                   std::to_string(r.estimated_total) + " for '" + r.query + "'>";
        });

    py::class_<PythonSearcher>(module, "Searcher",
                               "Searches one index (or all shards of a sharded one as one).\n"
                               "\n"
                               "Sees the index as of its opening; reopen() shows later commits. Safe to share\n"
                               "between Python threads (calls on one Searcher take turns; use one per thread\n"
                               "to search in parallel).")
        .def(py::init([](const py::object& db, unsigned remote_timeout_ms, bool allow_partial) {
                 SearcherOptions options;
                 options.remote_timeout_ms = remote_timeout_ms;
                 options.allow_partial = allow_partial;
                 return std::make_unique<PythonSearcher>(path_string(db), options);
             }),
             py::arg("db"), py::kw_only(), py::arg("remote_timeout_ms") = SearcherOptions{}.remote_timeout_ms,
             py::arg("allow_partial") = false,
             "Opens the index at `db` for reading. Raises newsdex.Error if it is missing or\n"
             "damaged, or a remote shard does not answer within remote_timeout_ms (unless\n"
             "allow_partial: then the others are searched and `warnings` names it).")
        .def("search",
             [](PythonSearcher& self, std::string query, std::size_t limit, std::size_t offset, const std::string& sort,
                bool facets, bool collapse, bool correct_spelling, std::size_t snippet_chars, std::size_t facet_values,
                bool exact_total) {
                 return self.search(make_request(std::move(query), limit, offset, sort, facets, collapse,
                                                 correct_spelling, snippet_chars, facet_values, exact_total));
             },
             py::arg("query"), py::arg("limit") = 10, py::arg("offset") = 0, py::arg("sort") = "relevance",
             py::arg("facets") = false, py::arg("collapse") = true, py::kw_only(), py::arg("correct_spelling") = true,
             py::arg("snippet_chars") = 240, py::arg("facet_values") = 10, py::arg("exact_total") = false,
             "Searches the index; returns SearchResults.\n"
             "\n"
             "query: the syntax of `newsdex-query --help` (words, \"phrases\", AND/OR/NOT, field:value).\n"
             "limit, offset: the page of results. sort: 'relevance', 'newest' or 'oldest'.\n"
             "facets: also count people, places and months over all matches (SearchResults.facets).\n"
             "collapse: fold near-identical copies of a story into one hit (Hit.duplicates).\n"
             "correct_spelling: suggest corrections; when nothing matches, search the corrected query.\n"
             "Raises newsdex.QuerySyntaxError for a malformed query, newsdex.Error otherwise.")
        .def("similar",
             [](PythonSearcher& self, const py::object& path, std::string query, std::size_t limit,
                std::size_t offset, const std::string& sort, bool collapse) {
                 SearchRequest request = make_request(std::move(query), limit, offset, sort, false, collapse, false,
                                                      SearchRequest{}.snippet_chars, 0, false);
                 request.similar_to = path_string(path);
                 // An empty similar_to means "not a similar search": similar("", query=Q) was search(Q).
                 if (request.similar_to.empty()) throw Error("give the path of an indexed article (as hits show it)");
                 return self.search(request);
             },
             py::arg("path"), py::arg("query") = "", py::arg("limit") = 10, py::arg("offset") = 0,
             py::arg("sort") = "relevance", py::arg("collapse") = true,
             "The articles most like the indexed article at `path` (as hits show it, or its file),\n"
             "the article itself left out; `query`, if given, filters them. Returns SearchResults.\n"
             "Raises newsdex.Error if no indexed article has that path.")
        .def("document_count", &PythonSearcher::document_count, "Number of articles in the index.")
        .def("reopen", &PythonSearcher::reopen, "Refreshes the view of the index to its latest commit.")
        .def_property_readonly("warnings", &PythonSearcher::warnings,
                               "Shards left out because they did not answer (only with allow_partial).")
        .def_property_readonly("db", &PythonSearcher::db_path, "The index's path.")
        .def("__repr__", [](const PythonSearcher& self) { return "<newsdex.Searcher " + self.db_path() + ">"; });
}

}  // namespace newsdex::python
