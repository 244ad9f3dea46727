#include "indexer/article_formats.h"

#include <newsdex/error.h>

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <regex>

namespace newsdex {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A scalar, or a sequence of scalars joined with "; " (authors: [a, b]).
std::string scalar_text(const YAML::Node& node) {
    if (node.IsScalar()) return node.as<std::string>();
    if (node.IsSequence()) {
        std::string joined;
        for (const auto& item : node) {
            if (!item.IsScalar()) continue;
            if (!joined.empty()) joined += "; ";
            joined += item.as<std::string>();
        }
        return joined;
    }
    return {};
}

std::vector<std::string> name_list(const YAML::Node& node) {
    if (node.IsSequence()) {
        std::vector<std::string> names;
        for (const auto& item : node) {
            if (item.IsScalar() && !item.as<std::string>().empty()) names.push_back(item.as<std::string>());
        }
        return names;
    }
    if (node.IsScalar()) return split_name_list(node.as<std::string>());
    return {};
}

void apply_front_matter(Article& article, const YAML::Node& root) {
    if (!root.IsMap()) return;
    for (const auto& entry : root) {
        const std::string key = lower(entry.first.as<std::string>());
        const YAML::Node& value = entry.second;
        if (key == "title" || key == "headline") article.title = scalar_text(value);
        else if (key == "date" || key == "published" || key == "datepublished") article.date = scalar_text(value);
        else if (key == "source" || key == "publisher" || key == "site") article.source = scalar_text(value);
        else if (key == "author" || key == "authors" || key == "byline") article.author = scalar_text(value);
        else if (key == "url" || key == "link") article.url = scalar_text(value);
        else if (key == "places" || key == "place" || key == "locations") article.places = name_list(value);
        else if (key == "people" || key == "persons" || key == "person") article.people = name_list(value);
        else if (key == "language" || key == "lang") article.language = lower(scalar_text(value));
    }
}

bool is_fence(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    return line == "---" || line == "...";
}

}  // namespace

// libstdc++'s std::regex recurses once per character a repetition matches, so a
// long enough line overflows the stack (a crash found by fuzz_markdown). Longer
// lines than this are kept as they are, markup and all.
constexpr std::size_t kMaxMarkupLineBytes = 4096;

std::string markdown_to_text(std::string_view markdown) {
    static const std::regex image(R"(!\[([^\]]*)\]\([^)]*\))");
    static const std::regex link(R"(\[([^\]]+)\]\([^)]*\))");
    static const std::regex reference_link(R"(\[([^\]]+)\]\[[^\]]*\])");
    static const std::regex html_tag(R"(</?[A-Za-z][^>]*>)");
    static const std::regex emphasis(R"((\*\*|__|\*|`)([^*`]+?)\1)");
    static const std::regex heading(R"(^\s{0,3}#{1,6}\s+)");
    static const std::regex bullet(R"(^\s*(?:[-*+]|\d+[.)])\s+)");
    static const std::regex quote(R"(^\s*>\s?)");
    static const std::regex link_definition(R"(^\s{0,3}\[[^\]]+\]:\s+\S+.*$)");

    std::string out;
    std::size_t start = 0;
    bool in_code = false;
    while (start <= markdown.size()) {
        std::size_t end = markdown.find('\n', start);
        if (end == std::string_view::npos) end = markdown.size();
        std::string line(markdown.substr(start, end - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) {
            in_code = !in_code;
        } else if (in_code || line.size() > kMaxMarkupLineBytes) {
            out += line + '\n';
        } else if (!std::regex_match(line, link_definition) && line.find_first_not_of("-=*_ ") != std::string::npos) {
            line = std::regex_replace(line, heading, "");
            line = std::regex_replace(line, bullet, "");
            line = std::regex_replace(line, quote, "");
            line = std::regex_replace(line, image, "$1");
            line = std::regex_replace(line, link, "$1");
            line = std::regex_replace(line, reference_link, "$1");
            line = std::regex_replace(line, html_tag, "");
            line = std::regex_replace(line, emphasis, "$2");
            out += line + '\n';
        } else if (line.empty()) {
            out += '\n';
        }
        if (end == markdown.size()) break;
        start = end + 1;
    }
    return out;
}

Article read_markdown(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Article article;
    std::string_view content = text;
    const auto first_line_end = text.find('\n');
    if (first_line_end != std::string_view::npos && is_fence(text.substr(0, first_line_end)) &&
        text.substr(0, 3) == "---") {
        std::size_t pos = first_line_end + 1;
        while (pos <= text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            if (is_fence(text.substr(pos, end - pos))) {
                const std::string yaml(text.substr(first_line_end + 1, pos - first_line_end - 1));
                try {
                    apply_front_matter(article, YAML::Load(yaml));
                } catch (const YAML::Exception& e) {
                    throw Error("front matter is not valid YAML (line " + std::to_string(e.mark.line + 2) +
                                "): " + e.msg);
                }
                content = end < text.size() ? text.substr(end + 1) : std::string_view();
                break;
            }
            if (end == text.size()) break;  // no closing fence: treat everything as Markdown
            pos = end + 1;
        }
    }

    // The first line, when it is a "# Heading", is the headline: it becomes the
    // title if the front matter has none, and is not repeated in the body.
    std::string_view rest = content;
    while (!rest.empty() && (rest.front() == '\n' || rest.front() == '\r' || rest.front() == ' ')) rest.remove_prefix(1);
    const auto first_end = rest.find('\n');
    const std::string_view first_line = rest.substr(0, first_end);
    if (first_line.rfind("# ", 0) == 0 || (article.title.empty() && !first_line.empty())) {
        std::string heading = markdown_to_text(first_line);
        while (!heading.empty() && std::isspace(static_cast<unsigned char>(heading.back()))) heading.pop_back();
        if (article.title.empty()) article.title = heading;
        if (heading == article.title) rest = first_end == std::string_view::npos ? std::string_view() : rest.substr(first_end + 1);
    }
    std::string body = markdown_to_text(rest);
    // Tidy: no leading/trailing blank lines, no runs of more than one blank line.
    std::string tidy;
    int newlines = 0;
    for (char c : body) {
        if (c == '\n') {
            if (++newlines > 2 || tidy.empty()) continue;
        } else {
            newlines = 0;
        }
        tidy += c;
    }
    while (!tidy.empty() && std::isspace(static_cast<unsigned char>(tidy.back()))) tidy.pop_back();
    article.body = std::move(tidy);
    return article;
}

}  // namespace newsdex
