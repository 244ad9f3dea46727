// newsdex-serve's HTML: the search page, the reading view, the login form and
// error pages, rendered on the server from the library's results. Every value
// that comes from an article or a request is HTML-escaped here.
#pragma once

#include <newsdex/article.h>
#include <newsdex/search.h>

#include <string>

namespace newsdex::serve {

// What the page shows; the URL holds all of it (/?q=...&sort=...&offset=...&similar=...).
struct PageState {
    std::string query;
    SortOrder sort = SortOrder::Relevance;
    std::size_t offset = 0;
    std::string similar_to;  // path of an article: show articles like it (query, if any, filters)
};

// Results per page of the search page.
inline constexpr std::size_t kPageSize = 10;

// `text` safe inside HTML text and quoted attribute values.
std::string html_escape(const std::string& text);

// `text` percent-encoded for a URL's query string.
std::string url_encode(const std::string& text);

// The URL of the search page in `state`.
std::string page_url(const PageState& state);

// The search page: the form, and when `results` is given the did-you-mean line,
// timeline, facets, results and paging. `similar_title` is the title of the
// article the results are like (similar mode); `message` an error to show.
std::string render_search_page(const PageState& state, const SearchResults* results, double took_ms,
                               const std::string& similar_title, const std::string& message);

// The reading view of one stored article, with a few articles like it.
std::string render_article_page(const Article& article, const SearchResults& similar);

// The login form (when the server has a token); `message` says why it is shown again.
std::string render_login_page(const std::string& message, const std::string& next);

// A page for an HTTP error: the status and what to do.
std::string render_error_page(int status, const std::string& message);

}  // namespace newsdex::serve
