#include "serve/feed.h"

#include "serve/page.h"
#include "tools/cli_text.h"

#include <algorithm>
#include <ctime>
#include <vector>

namespace newsdex::serve {

namespace {

// Ids are tag URIs (RFC 4151) naming the article by its path, never the
// server's address: a feed reader keeps them across restarts and ports.
constexpr const char* kTagAuthority = "tag:newsdex.invalid,2026:";

std::string rfc3339(std::int64_t seconds) {
    const std::time_t time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// The article's date when it has one ("YYYY-MM-DD"), else when it entered the index, else `fallback`.
std::string entry_updated(const Hit& hit, const std::string& fallback) {
    const std::string& date = hit.article.date;
    if (date.size() == 10 && date[4] == '-' && date[7] == '-') return date + "T00:00:00Z";
    if (hit.entered_index > 0) return rfc3339(hit.entered_index);
    return fallback;
}

void add_categories(std::string& xml, const std::vector<std::string>& names, const char* scheme) {
    for (const std::string& name : names) {
        xml += "    <category scheme=\"" + std::string(kTagAuthority) + scheme + "\" term=\"" + xml_escape(name) +
               "\" label=\"" + xml_escape(name) + "\"/>\n";
    }
}

}  // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : cli::markup_text(text)) {  // well-formed: a feed reader rejects the whole feed otherwise
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string feed_entry_id(const std::string& path) { return std::string(kTagAuthority) + "article:" + url_encode(path); }

std::string render_atom_feed(const std::string& query, const SearchResults& results, const std::string& base_url,
                             std::int64_t now) {
    const std::string fallback = rfc3339(now);
    struct Entry {
        const Hit* hit;
        std::string updated;
    };
    std::vector<Entry> entries;
    for (const Hit& hit : results.hits) entries.push_back({&hit, entry_updated(hit, fallback)});
    // RFC 3339 UTC timestamps sort as text; the newest first, ties in the search's order.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.updated > b.updated; });
    const std::string feed_updated = entries.empty() ? fallback : entries.front().updated;
    const std::string encoded_query = url_encode(query);

    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    xml += "  <id>" + std::string(kTagAuthority) + "search:" + xml_escape(encoded_query) + "</id>\n";
    xml += "  <title>newsdex: " + xml_escape(query) + "</title>\n";
    xml += "  <updated>" + feed_updated + "</updated>\n";
    xml += "  <author><name>newsdex</name></author>\n";
    xml += "  <generator>newsdex-serve</generator>\n";
    xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
           xml_escape(base_url + "/feed.atom?q=" + encoded_query) + "\"/>\n";
    xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
           xml_escape(base_url + "/?q=" + encoded_query + "&sort=newest") + "\"/>\n";
    for (const Entry& entry : entries) {
        const Article& article = entry.hit->article;
        xml += "  <entry>\n";
        xml += "    <id>" + xml_escape(feed_entry_id(article.path)) + "</id>\n";
        xml += "    <title type=\"text\">" + xml_escape(article.title.empty() ? article.path : article.title) + "</title>\n";
        xml += "    <updated>" + entry.updated + "</updated>\n";
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
               xml_escape(base_url + "/article?path=" + url_encode(article.path)) + "\"/>\n";
        if (!article.author.empty()) xml += "    <author><name>" + xml_escape(article.author) + "</name></author>\n";
        xml += "    <summary type=\"text\">" + xml_escape(entry.hit->snippet.text) + "</summary>\n";
        add_categories(xml, article.people, "people");
        add_categories(xml, article.places, "place");
        xml += "  </entry>\n";
    }
    xml += "</feed>\n";
    return xml;
}

}  // namespace newsdex::serve
