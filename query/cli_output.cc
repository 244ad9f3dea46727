#include "query/cli_output.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace newsdex::cli {

namespace {

const char* const kBold = "\033[1m";
const char* const kDim = "\033[2m";
const char* const kReset = "\033[0m";

std::size_t display_width(const std::string& s) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return chars;
}

// Splits plain words onto lines of at most `width` columns, after `indent` spaces.
std::string wrap(const std::string& text, const Snippet& marks, bool color, std::size_t width, std::size_t indent) {
    // Wrap on the plain text, then re-apply highlights by byte offset.
    std::string out(indent, ' ');
    std::size_t column = indent, word_start = 0;
    std::size_t mark = 0;
    auto emit = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            if (color && mark < marks.highlights.size() && i == marks.highlights[mark].begin) out += kBold;
            out += text[i];
            if (color && mark < marks.highlights.size() && i + 1 == marks.highlights[mark].end) {
                out += kReset;
                ++mark;
            }
        }
    };
    while (word_start < text.size()) {
        std::size_t word_end = text.find(' ', word_start);
        if (word_end == std::string::npos) word_end = text.size();
        const std::size_t length = display_width(text.substr(word_start, word_end - word_start));
        if (column > indent && column + 1 + length > width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
        } else if (column > indent) {
            out += ' ';
            ++column;
        }
        emit(word_start, word_end);
        column += length;
        word_start = word_end + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& names, std::size_t at_most) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < at_most; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > at_most) out += ", …";
    return out;
}

}  // namespace

void print_human(std::ostream& out, const SearchResults& results, const HumanStyle& style) {
    const std::size_t width = style.width < 40 ? 40 : style.width;
    for (const Hit& hit : results.hits) {
        const Article& a = hit.article;
        const std::string rank = std::to_string(hit.rank) + ". ";
        const std::string indent(rank.size(), ' ');
        out << (style.color ? kBold : "") << rank << a.title << (style.color ? kReset : "");
        if (!a.date.empty()) out << "  " << (style.color ? kDim : "") << a.date << (style.color ? kReset : "");
        out << '\n';
        std::string meta = a.path;
        if (!a.source.empty()) meta = a.source + " · " + meta;
        out << indent << (style.color ? kDim : "") << meta << (style.color ? kReset : "") << '\n';
        if (!a.places.empty() || !a.people.empty()) {
            std::string line;
            if (!a.places.empty()) line += "places: " + join(a.places, 5);
            if (!a.people.empty()) line += std::string(line.empty() ? "" : "   ") + "people: " + join(a.people, 5);
            out << indent << (style.color ? kDim : "") << line << (style.color ? kReset : "") << '\n';
        }
        if (!hit.snippet.text.empty()) out << wrap(hit.snippet.text, hit.snippet, style.color, width, indent.size()) << '\n';
        out << '\n';
    }
}

void print_json(std::ostream& out, const SearchResults& results) {
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const Hit& hit : results.hits) {
        nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
        for (const Highlight& h : hit.snippet.highlights) highlights.push_back({h.begin, h.end});
        const Article& a = hit.article;
        hits.push_back({{"rank", hit.rank},       {"path", a.path},       {"title", a.title},
                        {"date", a.date},         {"score", hit.score},   {"snippet", hit.snippet.text},
                        {"highlights", highlights}, {"source", a.source}, {"author", a.author},
                        {"url", a.url},           {"places", a.places},   {"people", a.people}});
    }
    nlohmann::ordered_json doc = {{"query", results.query}, {"estimated_total", results.estimated_total}, {"results", hits}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace newsdex::cli
