#include "serve/page.h"

#include "tools/cli_text.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace newsdex::serve {

namespace {

// Months the timeline shows one bar each for; a longer span gets one bar per year.
constexpr int kTimelineMaxMonths = 120;
// Values of the people and place facets shown (the month facet feeds the timeline whole).
constexpr std::size_t kFacetValuesShown = 10;

const char* sort_name(SortOrder sort) {
    switch (sort) {
        case SortOrder::Newest: return "newest";
        case SortOrder::Oldest: return "oldest";
        case SortOrder::Relevance: break;
    }
    return "relevance";
}

// `feed`: the URL of the page's Atom feed, announced to browsers and feed readers; empty: none.
std::string head(const std::string& title, const std::string& feed = "") {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" + html_escape(title) + "</title>" +
           (feed.empty() ? std::string()
                         : "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + html_escape(title) +
                               "\" href=\"" + html_escape(feed) + "\">") +
           "<link rel=\"stylesheet\" href=\"/assets/style.css\">"
           "<script src=\"/assets/enhance.js\" defer></script></head>\n<body>"
           "<a class=\"skip\" href=\"#main\">Skip to results</a>\n";
}

std::string search_form(const PageState& state) {
    std::string html = "<header><a class=\"home\" href=\"/\">newsdex</a>"
                       "<form class=\"search\" role=\"search\" method=\"get\" action=\"/\">"
                       "<label class=\"visually-hidden\" for=\"q\">Search the news</label>"
                       "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"words, &quot;a phrase&quot;, people:putin, date:2024-07\" value=\"" +
                       html_escape(state.query) + "\">";
    if (!state.similar_to.empty()) {
        html += "<input type=\"hidden\" name=\"similar\" value=\"" + html_escape(state.similar_to) + "\">";
    }
    html += "<label class=\"visually-hidden\" for=\"sort\">Sort by</label><select id=\"sort\" name=\"sort\">";
    for (SortOrder sort : {SortOrder::Relevance, SortOrder::Newest, SortOrder::Oldest}) {
        html += std::string("<option value=\"") + sort_name(sort) + "\"" + (sort == state.sort ? " selected" : "") +
                ">" + sort_name(sort) + "</option>";
    }
    html += "</select><button type=\"submit\">Search</button></form></header>\n";
    return html;
}

// The query narrowed to articles that also match `clause` (people:"Xi Jinping",
// date:2024-07): an AND, since a field phrase beside plain words would only
// be one more optional word. A query already narrowed this way gets one more AND.
std::string narrowed(const std::string& query, const std::string& clause) {
    if (query.find_first_not_of(' ') == std::string::npos) return clause;
    if (query.find(") AND ") != std::string::npos && query.front() == '(' && query.back() != ')') {
        return query + " AND " + clause;
    }
    return "(" + query + ") AND " + clause;
}

std::string quoted(const std::string& value) {
    std::string clean;
    for (char c : value) clean += c == '"' ? ' ' : c;
    return "\"" + clean + "\"";
}

// The snippet with its highlighted byte ranges in <mark>, everything escaped.
std::string marked_snippet(const Snippet& snippet) {
    std::string html;
    std::size_t at = 0;
    for (const Highlight& h : snippet.highlights) {
        if (h.begin < at || h.end > snippet.text.size() || h.begin >= h.end) continue;
        html += html_escape(snippet.text.substr(at, h.begin - at));
        html += "<mark>" + html_escape(snippet.text.substr(h.begin, h.end - h.begin)) + "</mark>";
        at = h.end;
    }
    return html + html_escape(snippet.text.substr(at));
}

std::string article_url(const std::string& path) { return "/article?path=" + url_encode(path); }

// A list of names, each a link narrowing the current query to it.
std::string name_links(const PageState& state, const std::string& field, const std::vector<std::string>& names) {
    std::string html;
    for (std::size_t i = 0; i < names.size() && i < 6; ++i) {
        PageState narrower = state;
        narrower.query = narrowed(state.query, field + ":" + quoted(names[i]));
        narrower.offset = 0;
        html += (i ? ", " : "") + std::string("<a href=\"") + html_escape(page_url(narrower)) + "\">" +
                html_escape(names[i]) + "</a>";
    }
    if (names.size() > 6) html += ", …";
    return html;
}

std::string hit_html(const PageState& state, const Hit& hit) {
    const Article& a = hit.article;
    std::string html = "<article class=\"hit\"><h2><a href=\"" + html_escape(article_url(a.path)) + "\">" +
                       html_escape(a.title.empty() ? a.path : a.title) + "</a></h2>";
    html += "<p class=\"meta\">";
    if (!a.date.empty()) html += "<time datetime=\"" + html_escape(a.date) + "\">" + html_escape(a.date) + "</time> · ";
    if (!a.source.empty()) html += "<span class=\"source\">" + html_escape(a.source) + "</span> · ";
    html += "<span class=\"path\">" + html_escape(a.path) + "</span></p>";
    if (!a.places.empty() || !a.people.empty()) {
        html += "<p class=\"entities\">";
        if (!a.places.empty()) html += "Places: " + name_links(state, "place", a.places);
        if (!a.places.empty() && !a.people.empty()) html += " · ";
        if (!a.people.empty()) html += "People: " + name_links(state, "people", a.people);
        html += "</p>";
    }
    if (!hit.snippet.text.empty()) html += "<p class=\"snippet\">" + marked_snippet(hit.snippet) + "</p>";
    html += "<p class=\"more\">";
    if (hit.duplicates > 0) {
        html += "<span class=\"copies\">+" + std::to_string(hit.duplicates) + " near-identical " +
                (hit.duplicates == 1 ? "copy" : "copies") + "</span> · ";
    }
    PageState like;
    like.similar_to = a.path;
    html += "<a class=\"similar\" href=\"" + html_escape(page_url(like)) + "\">Similar articles</a></p></article>\n";
    return html;
}

const Facet* facet_named(const SearchResults& results, const std::string& field) {
    for (const Facet& facet : results.facets) {
        if (facet.field == field) return &facet;
    }
    return nullptr;
}

// Matching articles per month as an inline SVG bar chart; each bar links to
// its month (date:YYYY-MM) and has a <title> tooltip. One bar per year when
// the months span more than kTimelineMaxMonths.
std::string timeline_svg(const PageState& state, const Facet& months) {
    std::map<int, std::size_t> per_month;  // year * 12 + month - 1
    for (const FacetValue& v : months.values) {
        int year = 0, month = 0;
        if (std::sscanf(v.value.c_str(), "%4d-%2d", &year, &month) == 2 && month >= 1 && month <= 12) {
            per_month[year * 12 + month - 1] += v.count;
        }
    }
    if (per_month.empty()) return {};
    const bool by_year = per_month.rbegin()->first - per_month.begin()->first >= kTimelineMaxMonths;
    std::map<int, std::size_t> bars;  // key: month index, or year
    for (const auto& [key, count] : per_month) bars[by_year ? key / 12 : key] += count;
    const int first = bars.begin()->first, last = bars.rbegin()->first;
    const int slots = last - first + 1;
    std::size_t highest = 0;
    for (const auto& entry : bars) highest = std::max(highest, entry.second);
    auto label = [by_year](int key) {
        char text[16];
        if (by_year) std::snprintf(text, sizeof text, "%04d", key);
        else std::snprintf(text, sizeof text, "%04d-%02d", key / 12, key % 12 + 1);
        return std::string(text);
    };
    const double width = 1000, height = 100, slot = width / slots;
    std::string svg = "<figure class=\"timeline\"><svg viewBox=\"0 0 1000 100\" preserveAspectRatio=\"none\" "
                      "role=\"img\" aria-labelledby=\"timeline-title\"><title id=\"timeline-title\">Matching articles per " +
                      std::string(by_year ? "year" : "month") + "</title>";
    for (const auto& [key, count] : bars) {
        const double bar_height = std::max(3.0, height * static_cast<double>(count) / static_cast<double>(highest));
        char rect[160];
        std::snprintf(rect, sizeof rect, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">",
                      (key - first) * slot + slot * 0.1, height - bar_height, std::max(slot * 0.8, 1.0), bar_height);
        const std::string tip = label(key) + ": " + std::to_string(count) + (count == 1 ? " article" : " articles");
        PageState narrower = state;
        narrower.query = narrowed(state.query, "date:" + label(key));
        narrower.offset = 0;
        svg += "<a class=\"bar\" href=\"" + html_escape(page_url(narrower)) + "\" aria-label=\"" + html_escape(tip) +
               "\">" + rect + "<title>" + html_escape(tip) + "</title></rect></a>";
    }
    svg += "</svg><figcaption><span>" + label(first) + "</span><span>" + label(last) + "</span></figcaption></figure>\n";
    return svg;
}

std::string facet_list(const PageState& state, const Facet& facet, const std::string& heading,
                       const std::string& field) {
    if (facet.values.empty()) return {};
    std::string html = "<section class=\"facet\"><h2>" + heading + "</h2><ul>";
    for (std::size_t i = 0; i < facet.values.size() && i < kFacetValuesShown; ++i) {
        const FacetValue& v = facet.values[i];
        PageState narrower = state;
        narrower.query = narrowed(state.query, field + ":" + (field == "date" ? v.value : quoted(v.value)));
        narrower.offset = 0;
        html += "<li><a href=\"" + html_escape(page_url(narrower)) + "\">" + html_escape(v.value) +
                "</a> <span class=\"count\">" + std::to_string(v.count) + "</span></li>";
    }
    return html + "</ul></section>\n";
}

std::string sort_links(const PageState& state) {
    std::string html = "<span class=\"sorts\">Sort: ";
    for (SortOrder sort : {SortOrder::Relevance, SortOrder::Newest, SortOrder::Oldest}) {
        PageState sorted = state;
        sorted.sort = sort;
        sorted.offset = 0;
        html += std::string(sort == SortOrder::Relevance ? "" : " · ") + "<a href=\"" +
                html_escape(page_url(sorted)) + "\"" + (sort == state.sort ? " aria-current=\"true\"" : "") + ">" +
                sort_name(sort) + "</a>";
    }
    return html + "</span>";
}

std::string paging(const PageState& state, const SearchResults& results) {
    const bool has_previous = state.offset > 0;
    const bool has_next = state.offset + results.hits.size() < results.estimated_total && results.hits.size() == kPageSize;
    if (!has_previous && !has_next) return {};
    std::string html = "<nav class=\"pages\" aria-label=\"Pages\">";
    if (has_previous) {
        PageState previous = state;
        previous.offset = state.offset > kPageSize ? state.offset - kPageSize : 0;
        html += "<a rel=\"prev\" href=\"" + html_escape(page_url(previous)) + "\">← Previous</a>";
    }
    html += "<span>Page " + std::to_string(state.offset / kPageSize + 1) + "</span>";
    if (has_next) {
        PageState next = state;
        next.offset = state.offset + kPageSize;
        html += "<a rel=\"next\" href=\"" + html_escape(page_url(next)) + "\">Next →</a>";
    }
    return html + "</nav>\n";
}

std::string tail() { return "</body></html>\n"; }

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : cli::markup_text(text)) {  // a query's or a file name's stray bytes and controls
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string url_encode(const std::string& text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string page_url(const PageState& state) {
    std::string url = "/?";
    if (!state.query.empty()) url += "q=" + url_encode(state.query) + "&";
    if (!state.similar_to.empty()) url += "similar=" + url_encode(state.similar_to) + "&";
    if (state.sort != SortOrder::Relevance) url += std::string("sort=") + sort_name(state.sort) + "&";
    if (state.offset > 0) url += "offset=" + std::to_string(state.offset) + "&";
    url.pop_back();  // the last '&', or '?' of an empty state
    return url;
}

std::string render_search_page(const PageState& state, const SearchResults* results, double took_ms,
                               const std::string& similar_title, const std::string& message) {
    std::string title = "newsdex";
    if (!state.similar_to.empty()) title = "Like " + (similar_title.empty() ? state.similar_to : similar_title) + " – newsdex";
    else if (!state.query.empty()) title = state.query + " – newsdex";
    // Every search is also a feed of its newest articles (GET /feed.atom).
    const bool has_query = state.query.find_first_not_of(" \t\r\n") != std::string::npos;
    const std::string feed = has_query && state.similar_to.empty() && message.empty() ? "/feed.atom?q=" + url_encode(state.query) : "";
    std::string html = head(title, feed) + search_form(state) + "<main id=\"main\">\n";
    if (!message.empty()) html += "<p class=\"error\" role=\"alert\">" + html_escape(message) + "</p>\n";
    if (!state.similar_to.empty()) {
        html += "<h1 class=\"similar-heading\">Articles like <a href=\"" + html_escape(article_url(state.similar_to)) +
                "\">" + html_escape(similar_title.empty() ? state.similar_to : similar_title) + "</a></h1>\n";
    }
    if (!results) {
        if (message.empty() && state.similar_to.empty()) {
            html += "<p class=\"summary\">Search the archive: words, <code>\"a phrase\"</code>, "
                    "<code>people:putin</code>, <code>place:astana</code>, <code>date:2024-07</code>, "
                    "<code>a AND b</code>, <code>a OR b</code>, <code>-word</code>.</p>\n";
        }
        return html + "</main>" + tail();
    }
    if (!results->corrected_query.empty()) {
        PageState corrected = state;
        corrected.query = results->corrected_query;
        corrected.offset = 0;
        const std::string link = "<a href=\"" + html_escape(page_url(corrected)) + "\">" +
                                 html_escape(results->corrected_query) + "</a>";
        html += results->correction_applied
                    ? "<p class=\"notice did-you-mean\">No results for <q>" + html_escape(results->query) +
                          "</q>; showing results for " + link + ".</p>\n"
                    : "<p class=\"notice did-you-mean\">Did you mean: " + link + "?</p>\n";
    }
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", took_ms);
    const std::size_t total = results->estimated_total;
    html += "<p class=\"summary\">" +
            (results->hits.empty() ? std::string("No articles found")
                                   : "About " + std::to_string(total) + (total == 1 ? " article" : " articles")) +
            " (" + took + " ms) · " + sort_links(state) +
            (feed.empty() ? std::string() : " · <a class=\"follow\" href=\"" + html_escape(feed) + "\">follow this search</a> (Atom feed)") +
            "</p>\n";
    if (const Facet* months = facet_named(*results, "month")) html += timeline_svg(state, *months);
    html += "<div class=\"layout\"><section class=\"results\" aria-label=\"Results\">\n";
    for (const Hit& hit : results->hits) html += hit_html(state, hit);
    html += paging(state, *results) + "</section>\n<aside class=\"facets\" aria-label=\"Narrow the search\">";
    if (const Facet* people = facet_named(*results, "people")) html += facet_list(state, *people, "People", "people");
    if (const Facet* places = facet_named(*results, "place")) html += facet_list(state, *places, "Places", "place");
    if (const Facet* months = facet_named(*results, "month")) {
        Facet recent = *months;
        std::sort(recent.values.begin(), recent.values.end(),
                  [](const FacetValue& a, const FacetValue& b) { return a.count != b.count ? a.count > b.count : a.value > b.value; });
        html += facet_list(state, recent, "Months", "date");
    }
    return html + "</aside></div></main>" + tail();
}

std::string render_article_page(const Article& a, const SearchResults& similar) {
    std::string html = head((a.title.empty() ? a.path : a.title) + " – newsdex") + search_form(PageState{}) +
                       "<main id=\"main\"><article class=\"reading\"><h1>" + html_escape(a.title.empty() ? a.path : a.title) +
                       "</h1><p class=\"meta\">";
    if (!a.date.empty()) html += "<time datetime=\"" + html_escape(a.date) + "\">" + html_escape(a.date) + "</time> · ";
    if (!a.source.empty()) html += html_escape(a.source) + " · ";
    if (!a.author.empty()) html += "by " + html_escape(a.author) + " · ";
    html += "<span class=\"path\">" + html_escape(a.path) + "</span></p>";
    // Only web addresses become links: a javascript: URL in an article must stay text.
    if (a.url.rfind("https://", 0) == 0 || a.url.rfind("http://", 0) == 0) {
        html += "<p class=\"meta\"><a rel=\"noopener noreferrer nofollow\" href=\"" + html_escape(a.url) + "\">" +
                html_escape(a.url) + "</a></p>";
    } else if (!a.url.empty()) {
        html += "<p class=\"meta\">" + html_escape(a.url) + "</p>";
    }
    PageState none;
    if (!a.places.empty()) html += "<p class=\"entities\">Places: " + name_links(none, "place", a.places) + "</p>";
    if (!a.people.empty()) html += "<p class=\"entities\">People: " + name_links(none, "people", a.people) + "</p>";
    html += "<div class=\"body\">";
    std::size_t at = 0;
    while (at < a.body.size()) {
        std::size_t end = a.body.find("\n\n", at);
        if (end == std::string::npos) end = a.body.size();
        const std::string paragraph = a.body.substr(at, end - at);
        if (paragraph.find_first_not_of(" \n\t") != std::string::npos) html += "<p>" + html_escape(paragraph) + "</p>";
        at = end + 2;
    }
    html += "</div></article>\n<section class=\"similar\" aria-label=\"Similar articles\"><h2>Similar articles</h2>";
    if (similar.hits.empty()) html += "<p class=\"summary\">No similar articles.</p>";
    PageState like;
    like.similar_to = a.path;
    for (const Hit& hit : similar.hits) html += hit_html(like, hit);
    if (!similar.hits.empty()) {
        html += "<p><a class=\"all-similar\" href=\"" + html_escape(page_url(like)) + "\">All similar articles</a></p>";
    }
    return html + "</section></main>" + tail();
}

std::string render_login_page(const std::string& message, const std::string& next) {
    std::string html = head("Sign in – newsdex") + "<main id=\"main\"><h1>newsdex</h1>";
    if (!message.empty()) html += "<p class=\"error\" role=\"alert\">" + html_escape(message) + "</p>";
    html += "<form class=\"login\" method=\"post\" action=\"/login\">"
            "<label for=\"token\">Access token</label>"
            "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus>"
            "<input type=\"hidden\" name=\"next\" value=\"" + html_escape(next) + "\">"
            "<button type=\"submit\">Sign in</button></form></main>";
    return html + tail();
}

std::string render_error_page(int status, const std::string& message) {
    return head("Error " + std::to_string(status) + " – newsdex") + search_form(PageState{}) +
           "<main id=\"main\"><h1>Error " + std::to_string(status) + "</h1><p class=\"error\" role=\"alert\">" +
           html_escape(message) + "</p><p><a href=\"/\">Back to the search page</a></p></main>" + tail();
}

}  // namespace newsdex::serve
