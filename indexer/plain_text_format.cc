#include "indexer/article_formats.h"

#include <algorithm>
#include <cctype>

namespace newsdex {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

struct HeaderLine {
    std::string key;  // lower-case
    std::string_view value;
};

// "Key: value" with a short alphabetic key; anything else ends the header block.
bool parse_header_line(std::string_view line, HeaderLine& out) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 24) return false;
    std::string_view key = line.substr(0, colon);
    for (char c : key) {
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ' ') return false;
    }
    out.key = lower(trim(key));
    out.value = trim(line.substr(colon + 1));
    return true;
}

bool is_known_key(const std::string& key) {
    static const char* const known[] = {"title",  "headline", "date",   "published", "source", "author",
                                        "byline", "url",      "link",   "place",     "places", "people",
                                        "person", "persons",  "language", "lang"};
    return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return key == k; });
}

void apply_header(Article& article, const HeaderLine& header) {
    const std::string value(header.value);
    const std::string& key = header.key;
    if (key == "title" || key == "headline") article.title = value;
    else if (key == "date" || key == "published") article.date = value;
    else if (key == "source") article.source = value;
    else if (key == "author" || key == "byline") article.author = value;
    else if (key == "url" || key == "link") article.url = value;
    else if (key == "place" || key == "places") article.places = split_name_list(value);
    else if (key == "people" || key == "person" || key == "persons") article.people = split_name_list(value);
    else if (key == "language" || key == "lang") article.language = lower(value);
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

std::string join_body(const std::vector<std::string_view>& lines, std::size_t from) {
    while (from < lines.size() && trim(lines[from]).empty()) ++from;
    std::size_t to = lines.size();
    while (to > from && trim(lines[to - 1]).empty()) --to;
    std::string body;
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) body += '\n';
        std::string_view line = lines[i];
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        body += line;
    }
    return body;
}

}  // namespace

std::vector<std::string> split_name_list(std::string_view list) {
    std::vector<std::string> names;
    const char separator = list.find(';') != std::string_view::npos ? ';' : ',';
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(separator, start);
        if (end == std::string_view::npos) end = list.size();
        std::string_view name = trim(list.substr(start, end - start));
        if (!name.empty()) names.emplace_back(name);
        start = end + 1;
    }
    return names;
}

Article read_plain_text(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
    const auto lines = split_lines(text);
    Article article;

    // A header block is a run of Key: value lines from the top, ended by a blank
    // line, naming at least one field we know: "Breaking: ..." alone is a title.
    std::size_t line = 0;
    std::vector<HeaderLine> headers;
    HeaderLine header;
    while (line < lines.size() && parse_header_line(lines[line], header)) {
        headers.push_back(header);
        ++line;
    }
    const bool header_block = !headers.empty() && (line == lines.size() || trim(lines[line]).empty()) &&
                              std::any_of(headers.begin(), headers.end(),
                                          [](const HeaderLine& h) { return is_known_key(h.key); });
    std::size_t body_start = 0;
    if (header_block) {
        for (const auto& h : headers) apply_header(article, h);
        body_start = line;
    }
    if (article.title.empty()) {
        while (body_start < lines.size() && trim(lines[body_start]).empty()) ++body_start;
        if (body_start < lines.size()) {
            article.title = std::string(trim(lines[body_start]));
            ++body_start;
        }
    }
    article.body = join_body(lines, body_start);
    return article;
}

}  // namespace newsdex
