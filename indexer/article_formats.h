// Readers for the file formats newsdex understands. Each takes the file's
// text (already valid UTF-8) and returns the articles it holds with the
// fields the file itself states; nothing is extracted here.
#pragma once

#include <newsdex/article.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class ArticleFormat { PlainText, Markdown, Unsupported };

// An article read from a file, with what tells it apart from the file's other
// articles: an export's own id, or "line:N"; empty for one-article files.
struct FileArticle {
    Article article;
    std::string id_in_file;
};

// The format a path's extension names (.txt, .md, .markdown), case-insensitive.
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

}  // namespace newsdex
