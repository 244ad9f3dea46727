#include "query/cli_output.h"
#include "tools/cli_text.h"
#include "tools/result_json.h"

#include <algorithm>
#include <cstdio>

namespace newsdex::cli {

namespace {

const char* const kBold = "\033[1m";
const char* const kDim = "\033[2m";
const char* const kReset = "\033[0m";

// Decodes the UTF-8 sequence at text[i], returning its code point and advancing i.
char32_t next_code_point(const std::string& text, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i++]);
    int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    char32_t c = extra == 3 ? lead & 0x07 : extra == 2 ? lead & 0x0F : extra == 1 ? lead & 0x1F : lead;
    for (; extra > 0 && i < text.size(); --extra) c = (c << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
    return c;
}

// Terminal columns of a code point: East Asian wide characters take two.
std::size_t columns_of(char32_t c) {
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

// The snippet on lines of at most `width` columns after `indent` spaces, with
// matches in bold when `color`. Lines break at spaces, or anywhere between
// wide (CJK) characters, which are written without spaces.
std::string wrap(const Snippet& snippet, bool color, std::size_t width, std::size_t indent) {
    const std::string& text = snippet.text;
    std::string out(indent, ' ');
    std::size_t column = indent;
    std::size_t mark = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        // The next unit: a run of non-space narrow characters, or one wide character.
        std::size_t end = i, unit_columns = 0;
        while (end < text.size() && text[end] != ' ') {
            std::size_t next = end;
            const std::size_t cols = columns_of(next_code_point(text, next));
            if (cols == 2 && end > i) break;
            unit_columns += cols;
            end = next;
            if (cols == 2) break;
        }
        if (column > indent && column + unit_columns > width) {
            while (!out.empty() && out.back() == ' ') out.pop_back(), --column;
            out += '\n';
            out.append(indent, ' ');
            column = indent;
        }
        for (std::size_t b = i; b < end; ++b) {
            if (color && mark < snippet.highlights.size() && b == snippet.highlights[mark].begin) out += kBold;
            out += text[b];
            if (color && mark < snippet.highlights.size() && b + 1 == snippet.highlights[mark].end) {
                out += kReset;
                ++mark;
            }
        }
        column += unit_columns;
        i = end;
        if (i < text.size() && text[i] == ' ') {
            if (column > indent) {
                out += ' ';
                ++column;
            }
            ++i;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string join(const std::vector<std::string>& names, std::size_t at_most) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < at_most; ++i) out += (i ? ", " : "") + terminal_text(names[i]);
    if (names.size() > at_most) out += ", …";
    return out;
}

// The snippet as the terminal shows it: control characters escaped, the
// highlights moved with the text.
Snippet terminal_snippet(const Snippet& snippet) {
    Snippet shown{terminal_text(snippet.text), snippet.highlights};
    if (shown.text.size() == snippet.text.size()) return shown;  // nothing was escaped
    for (Highlight& h : shown.highlights) {
        h.begin = terminal_offset(snippet.text, h.begin);
        h.end = terminal_offset(snippet.text, h.end);
    }
    return shown;
}

}  // namespace

std::string correction_notice(const SearchResults& results) {
    if (results.corrected_query.empty()) return {};
    if (results.correction_applied) {
        return "No results for '" + results.query + "'; showing results for '" + results.corrected_query + "'";
    }
    return "Did you mean: " + results.corrected_query + "?";
}

void print_human(std::ostream& out, const SearchResults& results, const HumanStyle& style) {
    const std::size_t width = style.width < 40 ? 40 : style.width;
    if (const std::string notice = correction_notice(results); !notice.empty()) {
        out << (style.color ? kBold : "") << terminal_text(notice) << (style.color ? kReset : "") << "\n\n";
    }
    for (const Hit& hit : results.hits) {
        const Article& a = hit.article;
        const std::string rank = std::to_string(hit.rank) + ". ";
        const std::string indent(rank.size(), ' ');
        // Titles, paths and names come from files anyone may have written: escaped, never raw.
        out << (style.color ? kBold : "") << rank << terminal_text(a.title) << (style.color ? kReset : "");
        if (!a.date.empty()) out << "  " << (style.color ? kDim : "") << terminal_text(a.date) << (style.color ? kReset : "");
        out << '\n';
        std::string meta = terminal_text(a.path);
        if (!a.source.empty()) meta = terminal_text(a.source) + " · " + meta;
        out << indent << (style.color ? kDim : "") << meta << (style.color ? kReset : "") << '\n';
        if (!a.places.empty() || !a.people.empty()) {
            std::string line;
            if (!a.places.empty()) line += "places: " + join(a.places, 5);
            if (!a.people.empty()) line += std::string(line.empty() ? "" : "   ") + "people: " + join(a.people, 5);
            out << indent << (style.color ? kDim : "") << line << (style.color ? kReset : "") << '\n';
        }
        if (hit.duplicates > 0) {
            out << indent << (style.color ? kDim : "") << "+" << hit.duplicates << " near-identical "
                << (hit.duplicates == 1 ? "copy" : "copies") << (style.color ? kReset : "") << '\n';
        }
        if (!hit.snippet.text.empty()) out << wrap(terminal_snippet(hit.snippet), style.color, width, indent.size()) << '\n';
        out << '\n';
    }
    for (const Facet& facet : results.facets) {
        out << (style.color ? kBold : "") << facet.field << ":" << (style.color ? kReset : "");
        if (facet.values.empty()) out << " -";
        for (std::size_t i = 0; i < facet.values.size(); ++i) {
            out << (i ? ", " : " ") << terminal_text(facet.values[i].value) << " (" << facet.values[i].count << ")";
        }
        out << '\n';
    }
}

void print_json(std::ostream& out, const SearchResults& results) {
    out << tool::dump_json(tool::results_json(results), 2) << '\n';
}

const std::vector<std::string>& format_placeholders() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all = {"rank", "score"};
        for (const ArticleField& field : article_fields()) {
            if (field.in_results) all.emplace_back(field.key);
        }
        all.insert(all.end(), {"snippet", "duplicates"});
        return all;
    }();
    return names;
}

namespace {

std::string raw_hit_value(const Hit& hit, const std::string& name) {
    for (const ArticleField& field : article_fields()) {
        if (field.key == name) return field_text(hit.article, field);
    }
    if (name == "rank") return std::to_string(hit.rank);
    if (name == "score") {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.3f", hit.score);
        return buffer;
    }
    if (name == "duplicates") return std::to_string(hit.duplicates);
    std::string snippet = hit.snippet.text;  // "snippet"
    for (char& c : snippet) {
        if (c == '\n' || c == '\t') c = ' ';
    }
    return snippet;
}

// One placeholder's value, escaped: a path with a newline must not split the line.
std::string hit_value(const Hit& hit, const std::string& name) { return terminal_text(raw_hit_value(hit, name)); }

}  // namespace

std::string check_format(const std::string& format) {
    for (std::size_t at = format.find('{'); at != std::string::npos; at = format.find('{', at + 1)) {
        const std::size_t end = format.find('}', at);
        if (end == std::string::npos) return "a '{' in --format has no closing '}'";
        const std::string name = format.substr(at + 1, end - at - 1);
        const auto& names = format_placeholders();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string known;
            for (const auto& n : names) known += (known.empty() ? "" : ", ") + ("{" + n + "}");
            return "unknown placeholder {" + name + "} in --format; use " + known;
        }
    }
    return {};
}

void print_formatted(std::ostream& out, const SearchResults& results, const std::string& format) {
    for (const Hit& hit : results.hits) {
        std::string line;
        for (std::size_t i = 0; i < format.size(); ++i) {
            if (format[i] == '\\' && i + 1 < format.size() && (format[i + 1] == 't' || format[i + 1] == 'n')) {
                line += format[++i] == 't' ? '\t' : '\n';
            } else if (format[i] == '{') {
                const std::size_t end = format.find('}', i);
                line += hit_value(hit, format.substr(i + 1, end - i - 1));
                i = end;
            } else {
                line += format[i];
            }
        }
        out << line << '\n';
    }
}

}  // namespace newsdex::cli
