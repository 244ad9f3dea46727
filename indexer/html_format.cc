// HTML pages: the fields from the page's metadata (Open Graph, JSON-LD,
// <meta> names used by news sites) and the article text from the element that
// holds it, without the page's navigation, banners, widgets and comments.
#include "indexer/article_formats.h"

#include "core/text.h"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace newsdex {

namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Whitespace runs (no-break spaces included) as one space, none at the ends.
std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_ascii_space(s[i]) || (s.compare(i, 2, "\xC2\xA0") == 0 && ++i)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += s[i];
    }
    return out;
}

bool same_text(std::string_view a, std::string_view b) { return lower(collapse_spaces(a)) == lower(collapse_spaces(b)); }

// Real pages nest a few dozen elements; past this many open ones the markup
// is hostile or broken. Gumbo scans its stack of open elements at each tag,
// so a 2 MB page of 200,000 nested <div>s (under the 8 MiB --max-size) took
// 9 minutes to parse: tags deeper than this are dropped before it sees them.
// 512 as in Chromium's parser, and well within the walks' kMaxDepth below, so
// the text at the bottom is still read.
constexpr std::size_t kMaxOpenElements = 512;

// How far down the open elements an end tag looks for its start tag; a page
// closes what it opened within a few levels.
constexpr std::size_t kEndTagReach = 64;

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Elements that never hold others (void) or whose end is implied by the next
// one (<p>, <li>, <td>, ...): they add no depth, so they are not counted.
bool adds_no_depth(const std::string& name) {
    static const char* const names[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th",
                                        "tbody", "thead", "tfoot", "option", "optgroup", "rb", "rt", "rp", "html",
                                        "head", "body", "colgroup", "caption"};
    for (const char* n : names) {
        if (name == n) return true;
    }
    return false;
}

// Where the tag starting at `at` ('<') ends: after its '>', quotes respected.
std::size_t tag_end(std::string_view html, std::size_t at) {
    char quote = 0;
    for (std::size_t i = at + 1; i < html.size(); ++i) {
        if (quote) {
            if (html[i] == quote) quote = 0;
        } else if (html[i] == '"' || html[i] == '\'') {
            quote = html[i];
        } else if (html[i] == '>') {
            return i + 1;
        }
    }
    return html.size();
}

// Where the raw text of a <script> (or style, ...) element ends: at its end tag, in any case.
std::size_t raw_text_end(std::string_view html, std::size_t from, const std::string& name) {
    for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
        if (at + 2 + name.size() <= html.size() && lower(html.substr(at + 2, name.size())) == name) return at;
    }
    return html.size();
}

// `html` with the tags that would open elements deeper than kMaxOpenElements
// (and the end tags closing them) replaced by a space; their text stays. An
// approximate tokenizer: comments and script, style, textarea and title
// contents are passed over whole.
std::string within_nesting_limit(std::string_view html) {
    std::string out;
    std::vector<std::string> open;
    std::size_t dropped_open = 0, copied = 0;
    for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i)) {
        if (html.compare(i, 4, "<!--") == 0) {
            const std::size_t close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        const bool end_tag = html[i + 1] == '/';
        const std::size_t name_at = i + (end_tag ? 2 : 1);
        if (name_at >= html.size() || !ascii_letter(html[name_at])) {
            i = name_at;
            continue;
        }
        std::size_t name_end = name_at;
        while (name_end < html.size() && !is_ascii_space(html[name_end]) && html[name_end] != '>' && html[name_end] != '/') ++name_end;
        const std::string name = lower(html.substr(name_at, name_end - name_at));
        const std::size_t end = tag_end(html, i);
        bool drop = false;
        if (end_tag) {
            if (adds_no_depth(name)) {
            } else if (dropped_open > 0) {
                --dropped_open;
                drop = true;
            } else {
                for (std::size_t k = 0; k < std::min(open.size(), kEndTagReach); ++k) {
                    if (open[open.size() - 1 - k] == name) {
                        open.resize(open.size() - 1 - k);
                        break;
                    }
                }
            }
        } else if (name == "script" || name == "style" || name == "textarea" || name == "title") {
            i = raw_text_end(html, end, name);
            continue;
        } else if (!adds_no_depth(name) && html[end - 2] != '/') {
            if (open.size() < kMaxOpenElements) {
                open.push_back(name);
            } else {
                ++dropped_open;
                drop = true;
            }
        }
        if (drop) {
            out.append(html, copied, i - copied);
            out += ' ';
            copied = end;
        }
        i = end;
    }
    if (copied == 0) return std::string(html);
    out.append(html, copied, std::string_view::npos);
    return out;
}

// Owns gumbo's parse tree. Parse errors are not recorded: each record copies
// the stack of open elements, which makes badly nested pages quadratic.
class HtmlTree {
public:
    explicit HtmlTree(std::string_view html) : options_(kGumboDefaultOptions), html_(within_nesting_limit(html)) {
        options_.max_errors = 0;
        output_ = gumbo_parse_with_options(&options_, html_.data(), html_.size());
    }
    ~HtmlTree() { gumbo_destroy_output(&options_, output_); }
    HtmlTree(const HtmlTree&) = delete;
    HtmlTree& operator=(const HtmlTree&) = delete;
    const GumboNode* document() const { return output_->document; }

private:
    GumboOptions options_;
    std::string html_;  // gumbo's nodes point into it
    GumboOutput* output_;
};

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

const GumboVector* children_of(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    if (is_element(node)) return &node->v.element.children;
    return nullptr;
}

// Every walk over the tree recurses through here. Real pages nest a few dozen
// levels; past kMaxDepth (hostile or broken markup) the walks stop descending
// rather than exhaust the stack of an indexing thread.
constexpr int kMaxDepth = 1000;
thread_local int walk_depth = 0;

template <typename Visit>
void for_each_child(const GumboNode* node, Visit&& visit) {
    const GumboVector* children = children_of(node);
    if (!children || walk_depth >= kMaxDepth) return;
    ++walk_depth;
    struct Leave {
        ~Leave() { --walk_depth; }
    } leave;
    for (unsigned i = 0; i < children->length; ++i) visit(static_cast<const GumboNode*>(children->data[i]));
}

// Text gumbo decoded, valid UTF-8: a numeric reference beyond Unicode
// ("&#xD8008888...;") comes out as bytes that are not (found by fuzz_html).
std::string gumbo_text(const char* text) { return text::repair_utf8(text); }

std::string attribute(const GumboNode* node, const char* name) {
    if (!is_element(node)) return {};
    const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
    return found ? gumbo_text(found->value) : std::string();
}

bool has_tag(const GumboNode* node, GumboTag tag) {
    return is_element(node) && node->v.element.tag == tag && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

// The name of an element gumbo does not know (custom elements such as <amp-ad>).
std::string unknown_tag_name(const GumboNode* node) {
    GumboStringPiece piece = node->v.element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return lower(std::string_view(piece.data ? piece.data : "", piece.length));
}

// All text below `node`, as written.
void append_text(const GumboNode* node, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
        out += gumbo_text(node->v.text.text);
        return;
    }
    for_each_child(node, [&](const GumboNode* child) { append_text(child, out); });
}

std::string text_of(const GumboNode* node) {
    std::string out;
    append_text(node, out);
    return out;
}

// --- What is not article text -------------------------------------------------

bool is_page_furniture_tag(const GumboNode* node) {
    if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // svg, math
    switch (node->v.element.tag) {
        case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
        case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
        case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MENU:
            return true;
        case GUMBO_TAG_UNKNOWN: {
            const std::string name = unknown_tag_name(node);
            return name == "dialog" || name.rfind("amp-ad", 0) == 0 || name.rfind("amp-sticky-ad", 0) == 0 ||
                   name.rfind("amp-social", 0) == 0 || name.rfind("gpt-", 0) == 0;
        }
        default:
            return false;
    }
}

// The words of a class or id: "related-posts__list" -> related, posts, list;
// "shareBar" -> share, bar.
std::vector<std::string> name_segments(std::string_view names) {
    std::vector<std::string> segments;
    std::string current;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto c = static_cast<unsigned char>(names[i]);
        const bool camel_break = std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(names[i - 1]));
        if (!std::isalnum(c) || camel_break) {
            if (!current.empty()) segments.push_back(current);
            current.clear();
        }
        if (std::isalnum(c)) current += static_cast<char>(std::tolower(c));
    }
    if (!current.empty()) segments.push_back(current);
    return segments;
}

// Class and id words of widgets around an article: share bars, cookie banners,
// newsletter boxes, related links, ads, sidebars, breadcrumbs, comments.
bool names_widget(std::string_view names) {
    static const char* const starts[] = {"share", "sharing", "social", "cookie", "consent", "gdpr",
                                         "newsletter", "related", "promo", "advert", "sidebar", "breadcrumb",
                                         "subscri", "comment", "outbrain", "taboola", "adsbygoogle", "adslot",
                                         "adunit", "byline", "paywall", "popup"};
    static const char* const whole[] = {"ad",   "ads",      "adv",  "dfp", "banner", "hidden", "tags",
                                        "keywords", "menu", "nav", "navbar", "navigation", "footer"};
    for (const auto& segment : name_segments(names)) {
        if (segment.rfind("commentary", 0) == 0) continue;  // an opinion piece's body, not reader comments
        for (const char* start : starts) {
            if (segment.rfind(start, 0) == 0) return true;
        }
        for (const char* word : whole) {
            if (segment == word) return true;
        }
    }
    const std::string lowered = lower(names);
    return lowered.find("sr-only") != std::string::npos || lowered.find("visually-hidden") != std::string::npos ||
           lowered.find("screen-reader") != std::string::npos;
}

bool is_article_body_marker(const GumboNode* node) {
    return lower(attribute(node, "itemprop")).find("articlebody") != std::string::npos;
}

// True if `node` holds what must not be dropped with a widget-like wrapper:
// the headline, the article body or the main content.
bool holds_article(const GumboNode* node) {
    if (!is_element(node)) return false;
    if (has_tag(node, GUMBO_TAG_H1) || has_tag(node, GUMBO_TAG_MAIN) || is_article_body_marker(node)) return true;
    bool found = false;
    for_each_child(node, [&](const GumboNode* child) { found = found || holds_article(child); });
    return found;
}

bool is_dropped(const GumboNode* node) {
    if (!is_element(node)) return node->type == GUMBO_NODE_COMMENT;
    if (is_page_furniture_tag(node)) return true;
    if (gumbo_get_attribute(&node->v.element.attributes, "hidden")) return true;
    if (lower(attribute(node, "aria-hidden")) == "true") return true;
    const std::string style = lower(attribute(node, "style"));
    if (style.find("display:none") != std::string::npos || style.find("display: none") != std::string::npos) {
        return true;
    }
    const std::string role = lower(attribute(node, "role"));
    if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
        role == "dialog" || role == "alertdialog" || role == "search") {
        return true;
    }
    // The page's frame and the article itself are never widgets, whatever their classes say.
    if (has_tag(node, GUMBO_TAG_HTML) || has_tag(node, GUMBO_TAG_BODY) || has_tag(node, GUMBO_TAG_MAIN) ||
        has_tag(node, GUMBO_TAG_ARTICLE) || is_article_body_marker(node)) {
        return false;
    }
    const std::string names = attribute(node, "class") + " " + attribute(node, "id");
    return names_widget(names) && !holds_article(node);
}

// --- Article text ---------------------------------------------------------------

bool is_block(const GumboNode* node) {
    switch (node->v.element.tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
        case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HGROUP: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BR:
        case GUMBO_TAG_HR: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER: case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
            return true;
        default:
            return false;
    }
}

// Collects paragraphs: block elements end one, inline text joins with single spaces.
class ParagraphCollector {
public:
    void text(std::string_view s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (is_ascii_space(s[i]) || (s.compare(i, 2, "\xC2\xA0") == 0 && ++i)) {
                space_ = true;
                continue;
            }
            if (space_ && !current_.empty()) current_ += ' ';
            space_ = false;
            current_ += s[i];
        }
    }
    void space() { space_ = true; }
    void end_paragraph() {
        if (!current_.empty()) paragraphs_.push_back(std::move(current_));
        current_.clear();
        space_ = false;
    }
    std::vector<std::string> take() {
        end_paragraph();
        return std::move(paragraphs_);
    }

private:
    std::vector<std::string> paragraphs_;
    std::string current_;
    bool space_ = false;
};

void collect(const GumboNode* node, ParagraphCollector& out) {
    switch (node->type) {
        case GUMBO_NODE_TEXT: case GUMBO_NODE_WHITESPACE: case GUMBO_NODE_CDATA:
            out.text(gumbo_text(node->v.text.text));
            return;
        case GUMBO_NODE_COMMENT:
            return;
        default:
            break;
    }
    if (node->type != GUMBO_NODE_DOCUMENT && is_dropped(node)) return;
    const bool block = is_element(node) && is_block(node);
    const bool cell = has_tag(node, GUMBO_TAG_TD) || has_tag(node, GUMBO_TAG_TH);
    if (block) out.end_paragraph();
    if (cell) out.space();
    for_each_child(node, [&](const GumboNode* child) { collect(child, out); });
    if (block) out.end_paragraph();
    if (cell) out.space();
}

std::vector<std::string> paragraphs_of(const GumboNode* root) {
    ParagraphCollector collector;
    // The root's own markers (an <article class="has-comments">) do not drop it.
    for_each_child(root, [&](const GumboNode* child) { collect(child, collector); });
    return collector.take();
}

std::size_t text_size(const std::vector<std::string>& paragraphs) {
    std::size_t size = 0;
    for (const auto& p : paragraphs) size += p.size();
    return size;
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const auto& p : paragraphs) {
        if (!out.empty()) out += "\n\n";
        out += p;
    }
    return out;
}

// Where the article text is: the largest element marked as the article body,
// else the largest <article> (teasers in a related-links box are never
// candidates: the box is dropped), else <main>, else the whole body.
struct ContentElements {
    std::vector<const GumboNode*> article_bodies, articles, mains;
    const GumboNode* body = nullptr;
};

void find_content_elements(const GumboNode* node, ContentElements& found) {
    if (is_element(node)) {
        if (has_tag(node, GUMBO_TAG_BODY) && !found.body) found.body = node;
        else if (is_dropped(node)) return;
        if (is_article_body_marker(node)) found.article_bodies.push_back(node);
        else if (has_tag(node, GUMBO_TAG_ARTICLE)) found.articles.push_back(node);
        else if (has_tag(node, GUMBO_TAG_MAIN) || lower(attribute(node, "role")) == "main") found.mains.push_back(node);
    }
    for_each_child(node, [&](const GumboNode* child) { find_content_elements(child, found); });
}

struct Content {
    const GumboNode* root = nullptr;     // the element the text was taken from
    const GumboNode* article = nullptr;  // the <article> holding it, if any
    std::vector<std::string> paragraphs;
};

Content find_content(const GumboNode* document) {
    ContentElements found;
    find_content_elements(document, found);
    Content content;
    for (const auto* candidates : {&found.article_bodies, &found.articles, &found.mains}) {
        for (const GumboNode* candidate : *candidates) {
            auto paragraphs = paragraphs_of(candidate);
            if (text_size(paragraphs) > text_size(content.paragraphs)) {
                content.root = candidate;
                content.paragraphs = std::move(paragraphs);
            }
        }
        if (content.root) break;
    }
    if (!content.root) {
        content.root = found.body ? found.body : document;
        content.paragraphs = paragraphs_of(content.root);
    }
    for (const GumboNode* up = content.root; up; up = up->parent) {
        if (has_tag(up, GUMBO_TAG_ARTICLE)) {
            content.article = up;
            break;
        }
    }
    return content;
}

// --- Metadata -------------------------------------------------------------------

struct PageMetadata {
    std::map<std::string, std::vector<std::string>> meta;  // lower-case name/property/itemprop -> contents
    std::string title_element;
    std::string first_h1;
    std::string canonical;
    std::string lang;
    std::vector<json> json_ld;

    std::string first(const std::string& key) const {
        const auto found = meta.find(key);
        return found == meta.end() ? std::string() : found->second.front();
    }
};

void collect_metadata(const GumboNode* node, PageMetadata& page) {
    if (!is_element(node)) {
        for_each_child(node, [&](const GumboNode* child) { collect_metadata(child, page); });
        return;
    }
    if (has_tag(node, GUMBO_TAG_HTML) && page.lang.empty()) {
        page.lang = attribute(node, "lang");
        if (page.lang.empty()) page.lang = attribute(node, "xml:lang");
    } else if (has_tag(node, GUMBO_TAG_META)) {
        const std::string content = collapse_spaces(attribute(node, "content"));
        if (!content.empty()) {
            for (const char* key_attribute : {"property", "name", "itemprop"}) {
                const std::string key = lower(collapse_spaces(attribute(node, key_attribute)));
                if (!key.empty()) page.meta[key].push_back(content);
            }
        }
    } else if (has_tag(node, GUMBO_TAG_TITLE) && page.title_element.empty()) {
        page.title_element = collapse_spaces(text_of(node));
    } else if (has_tag(node, GUMBO_TAG_H1) && page.first_h1.empty()) {
        page.first_h1 = collapse_spaces(text_of(node));
    } else if (has_tag(node, GUMBO_TAG_LINK) && page.canonical.empty()) {
        if (lower(attribute(node, "rel")) == "canonical") page.canonical = collapse_spaces(attribute(node, "href"));
    } else if (has_tag(node, GUMBO_TAG_SCRIPT)) {
        if (lower(collapse_spaces(attribute(node, "type"))) == "application/ld+json") {
            json parsed = json::parse(text_of(node), nullptr, false);  // broken JSON-LD is common; skip it
            if (!parsed.is_discarded()) page.json_ld.push_back(std::move(parsed));
        }
        return;
    }
    for_each_child(node, [&](const GumboNode* child) { collect_metadata(child, page); });
}

// The JSON-LD description of the article (NewsArticle and its kin), with
// "@id" references (Yoast's @graph style) resolvable through `nodes`.
struct LinkedData {
    const json* article = nullptr;
    std::map<std::string, const json*> nodes;

    const json& resolve(const json& value) const {
        if (value.is_object() && value.size() == 1 && value.contains("@id") && value["@id"].is_string()) {
            const auto found = nodes.find(value["@id"].get<std::string>());
            if (found != nodes.end()) return *found->second;
        }
        return value;
    }
};

bool is_article_type(const json& type) {
    static const char* const types[] = {"NewsArticle",        "Article",          "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                                        "ReviewNewsArticle",  "BlogPosting",      "LiveBlogPosting",
                                        "Report"};
    if (type.is_array()) return std::any_of(type.begin(), type.end(), [](const json& t) { return is_article_type(t); });
    if (!type.is_string()) return false;
    const std::string name = type.get<std::string>();
    return std::any_of(std::begin(types), std::end(types), [&](const char* t) {
        return name == t || name == std::string("https://schema.org/") + t || name == std::string("http://schema.org/") + t;
    });
}

void index_linked_data(const json& value, LinkedData& data) {
    if (value.is_array()) {
        for (const auto& item : value) index_linked_data(item, data);
        return;
    }
    if (!value.is_object()) return;
    if (const auto id = value.find("@id"); id != value.end() && id->is_string() && value.size() > 1) {
        data.nodes.emplace(id->get<std::string>(), &value);
    }
    if (const auto type = value.find("@type"); !data.article && type != value.end() && is_article_type(*type)) {
        data.article = &value;
    }
    if (const auto graph = value.find("@graph"); graph != value.end()) index_linked_data(*graph, data);
}

std::string json_string(const json& value) {
    if (value.is_string()) return collapse_spaces(value.get<std::string>());
    if (value.is_number()) return value.dump();
    return {};
}

std::string json_field(const json* object, const char* key) {
    if (!object || !object->is_object()) return {};
    const auto found = object->find(key);
    return found == object->end() ? std::string() : json_string(*found);
}

// A name or list of names: "A", {"name": "A"}, ["A", {"name": "B"}] -> "A; B".
std::string linked_names(const json& value, const LinkedData& data) {
    const json& resolved = data.resolve(value);
    if (resolved.is_string()) return collapse_spaces(resolved.get<std::string>());
    if (resolved.is_object()) return json_field(&resolved, "name");
    if (!resolved.is_array()) return {};
    std::string names;
    for (const auto& item : resolved) {
        const std::string name = linked_names(item, data);
        if (name.empty()) continue;
        if (!names.empty()) names += "; ";
        names += name;
    }
    return names;
}

std::string first_nonempty(std::initializer_list<std::string> values) {
    for (const auto& v : values) {
        if (!v.empty()) return v;
    }
    return {};
}

bool is_address(const std::string& value) { return value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0; }

// The names a page lists under `key` (one <meta> per author), joined with "; ";
// profile addresses (article:author often is one) are not names.
std::string meta_names(const PageMetadata& page, const std::string& key) {
    const auto found = page.meta.find(key);
    if (found == page.meta.end()) return {};
    std::string names;
    for (const auto& value : found->second) {
        if (is_address(value) || names.find(value) != std::string::npos) continue;
        if (!names.empty()) names += "; ";
        names += value;
    }
    return names;
}

// "Headline | Site", "Headline - Site", "Site: Headline"... -> "Headline", when
// the other part is the site's name or the rest is the page's <h1>.
std::string strip_site_name(const std::string& title, const std::string& site, const std::string& h1) {
    static const char* const separators[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " : "};
    for (const char* separator : separators) {
        const auto last = title.rfind(separator);
        if (last != std::string::npos) {
            const std::string head = collapse_spaces(title.substr(0, last));
            const std::string tail = collapse_spaces(title.substr(last + std::strlen(separator)));
            if ((!site.empty() && same_text(tail, site)) || (!h1.empty() && same_text(head, h1))) return head;
        }
        const auto first = title.find(separator);
        if (first != std::string::npos && !site.empty() && same_text(title.substr(0, first), site)) {
            return collapse_spaces(title.substr(first + std::strlen(separator)));
        }
    }
    return title;
}

// The first <time datetime> of the article, preferring one marked as the
// publication time; the article's own header counts, the page's widgets do not.
void find_time(const GumboNode* node, std::string& first, std::string& published) {
    if (!published.empty() || !is_element(node)) return;
    if (!has_tag(node, GUMBO_TAG_HEADER) && is_dropped(node)) return;
    if (has_tag(node, GUMBO_TAG_TIME)) {
        const std::string datetime = collapse_spaces(attribute(node, "datetime"));
        if (!datetime.empty()) {
            if (first.empty()) first = datetime;
            if (lower(attribute(node, "itemprop")) == "datepublished" ||
                gumbo_get_attribute(&node->v.element.attributes, "pubdate")) {
                published = datetime;
            }
        }
    }
    for_each_child(node, [&](const GumboNode* child) { find_time(child, first, published); });
}

std::string article_time(const Content& content) {
    std::string first, published;
    const GumboNode* scope = content.article ? content.article : content.root;
    for_each_child(scope, [&](const GumboNode* child) { find_time(child, first, published); });
    return published.empty() ? first : published;
}

std::string language_code(std::string tag) {
    tag = lower(collapse_spaces(tag));
    const auto cut = tag.find_first_of("-_");
    return cut == std::string::npos ? tag : tag.substr(0, cut);
}

// Body text of a JSON-LD or metadata value that may itself be HTML.
std::string plain(const std::string& value) { return looks_like_html(value) ? html_to_text(value) : value; }

// A JSON-LD text field as written, line breaks kept.
std::string json_text(const json* object, const char* key) {
    if (!object || !object->is_object()) return {};
    const auto found = object->find(key);
    return found != object->end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

bool looks_like_html(std::string_view text) {
    static const char* const tags[] = {"p",  "br", "div", "span", "a",  "b",     "i",          "em",     "strong",
                                       "ul", "ol", "li",  "h1",   "h2", "h3",    "h4",         "blockquote",
                                       "figure", "img", "table", "section", "article", "html", "body"};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == '/') ++j;
            std::size_t k = j;
            while (k < text.size() && std::isalnum(static_cast<unsigned char>(text[k]))) ++k;
            if (k == j || k == text.size()) continue;
            if (text[k] != '>' && text[k] != ' ' && text[k] != '/' && text[k] != '\n' && text[k] != '\t') continue;
            const std::string name = lower(text.substr(j, k - j));
            if (std::any_of(std::begin(tags), std::end(tags), [&](const char* tag) { return name == tag; })) return true;
        } else if (text[i] == '&') {
            // &amp; &#8220; &#x201C;
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == '#') {
                ++j;
                if (j < text.size() && (text[j] == 'x' || text[j] == 'X')) ++j;
            }
            std::size_t k = j;
            while (k < text.size() && k - j < 10 && std::isalnum(static_cast<unsigned char>(text[k]))) ++k;
            if (k > j && k < text.size() && text[k] == ';') return true;
        }
    }
    return false;
}

std::string html_to_text(std::string_view html) {
    const HtmlTree tree(html);
    return join_paragraphs(find_content(tree.document()).paragraphs);
}

Article read_html(std::string_view html) {
    const HtmlTree tree(html);
    PageMetadata page;
    collect_metadata(tree.document(), page);
    LinkedData linked;
    for (const auto& block : page.json_ld) index_linked_data(block, linked);
    const json* ld = linked.article;
    const json* publisher = nullptr;
    if (ld && ld->contains("publisher")) publisher = &linked.resolve((*ld)["publisher"]);

    Content content = find_content(tree.document());
    std::string h1;
    if (content.article) {
        std::vector<const GumboNode*> stack{content.article};
        while (!stack.empty() && h1.empty()) {
            const GumboNode* node = stack.back();
            stack.pop_back();
            if (has_tag(node, GUMBO_TAG_H1)) h1 = collapse_spaces(text_of(node));
            const GumboVector* children = children_of(node);
            for (unsigned i = children ? children->length : 0; i-- > 0;) {
                stack.push_back(static_cast<const GumboNode*>(children->data[i]));
            }
        }
    }
    if (h1.empty()) h1 = page.first_h1;

    Article article;
    article.source = first_nonempty({page.first("og:site_name"), json_field(publisher, "name")});
    const std::string title = first_nonempty({page.first("og:title"), page.title_element,
                                              json_field(ld, "headline"), h1});
    article.title = strip_site_name(title, article.source, h1);
    article.date = first_nonempty({page.first("article:published_time"), json_field(ld, "datePublished"),
                                   page.first("datepublished"), article_time(content), page.first("date"),
                                   page.first("pubdate"), page.first("publishdate"), page.first("dc.date"),
                                   page.first("dc.date.issued"), page.first("dcterms.date"),
                                   page.first("parsely-pub-date"), page.first("sailthru.date")});
    article.author = first_nonempty({meta_names(page, "author"), meta_names(page, "article:author"),
                                     ld && ld->contains("author") ? linked_names((*ld)["author"], linked) : "",
                                     meta_names(page, "dc.creator"), meta_names(page, "parsely-author")});
    std::string ld_url = json_field(ld, "url");
    if (ld_url.empty() && ld && ld->contains("mainEntityOfPage")) {
        const json& page_entity = (*ld)["mainEntityOfPage"];
        ld_url = page_entity.is_object() ? json_field(&page_entity, "@id") : json_string(page_entity);
    }
    article.url = first_nonempty({page.canonical, page.first("og:url"), ld_url});
    article.language = language_code(first_nonempty({page.lang, page.first("og:locale"), json_field(ld, "inLanguage")}));

    // Drop the headline where the text repeats it at the top.
    auto& paragraphs = content.paragraphs;
    for (std::size_t i = 0; i < std::min<std::size_t>(paragraphs.size(), 3); ++i) {
        if (same_text(paragraphs[i], article.title) || (!h1.empty() && same_text(paragraphs[i], h1))) {
            paragraphs.erase(paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    article.body = join_paragraphs(paragraphs);
    if (article.body.empty()) {
        article.body = first_nonempty({plain(json_text(ld, "articleBody")), plain(page.first("description")),
                                       plain(page.first("og:description")), plain(json_field(ld, "description"))});
    }
    return article;
}

}  // namespace newsdex
