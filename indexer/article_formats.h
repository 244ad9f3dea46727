// Readers for the file formats newsdex understands. Each takes the file's
// text (already valid UTF-8) and returns the articles it holds with the
// fields the file itself states; nothing is extracted here.
#pragma once

#include <newsdex/article.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class ArticleFormat { PlainText, Markdown, Html, Json, JsonLines, Unsupported };

// An article read from a file, with what tells it apart from the file's other
// articles: an export's own id, or "line:N"; empty for one-article files.
struct FileArticle {
    Article article;
    std::string id_in_file;
};

// The format a path's extension names, case-insensitive: .txt/.text, .md/.markdown,
// .html/.htm/.xhtml, .json, .jsonl/.ndjson.
ArticleFormat format_of(std::string_view path);

// A plain-text article: an optional header block of `Key: value` lines (Title,
// Date, Source, Author, URL, Place(s), People, Language) ended by a blank line;
// otherwise the first line is the title.
Article read_plain_text(std::string_view text);

// A Markdown article with optional YAML front matter between `---` lines.
// Throws Error if the front matter is not valid YAML.
Article read_markdown(std::string_view text);

// Markdown reduced to the text a reader sees: no heading marks, emphasis,
// link targets, images or HTML tags.
std::string markdown_to_text(std::string_view markdown);

// Splits "a; b, c" lists of names as header lines and front matter give them.
std::vector<std::string> split_name_list(std::string_view list);

// An HTML page: title (og:title, else <title> without a " | Site" suffix naming
// the site, else the first <h1>), date, author, site name (as source), canonical
// URL and language from its metadata and JSON-LD; the body is the text of the
// article element (itemprop=articleBody, <article>, <main>, else <body>) without
// navigation, banners, share/newsletter/cookie widgets, related links, ads and
// comments; the page's description when that leaves no text. Dates are as found.
Article read_html(std::string_view html);

// The article text of an HTML page or fragment as read_html finds it:
// paragraphs separated by blank lines, inline text joined with single spaces,
// entities decoded.
std::string html_to_text(std::string_view html);

// True if `text` contains HTML tags or character entities.
bool looks_like_html(std::string_view text);

// Which key of a JSON export holds each newsdex field, where the common names
// do not find it: field name (title, body, date, author, url, source, places,
// people, id) -> the export's key, "a.b" for a key inside an object.
using FieldOverrides = std::map<std::string, std::string>;

// "body=story,date=pubdate" -> {body: story, date: pubdate}; "" -> none.
// Throws Error naming the unknown field or the malformed entry.
FieldOverrides parse_field_overrides(std::string_view spec);

// The articles of a JSON export: one article object, an array of them, or an
// object holding the array (under articles, items, results, data, posts,
// documents...); with `json_lines`, one object per line. Fields are found
// under `overrides`, else their common names (case-insensitive; NewsAPI's
// source.name too); a body in HTML becomes text. Each article's id_in_file is the
// export's id, else "line:N" (1-based) or "item:N" (0-based index). Objects
// without title and body, and malformed lines, are skipped with a note in
// `notes`. Throws Error (with line and column) if a .json file is malformed.
std::vector<FileArticle> read_json_articles(std::string_view text, bool json_lines, const FieldOverrides& overrides,
                                            std::vector<std::string>& notes);

}  // namespace newsdex
