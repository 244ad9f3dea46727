// corpus_files.h — the baselines' file reading: a folder of .txt/.md articles
// to (path, title, date, body), with no extraction.
//
// Deliberately simpler than newsdex's readers: the baselines must see the same
// title and body text, but should not pay for anything newsdex does beyond that
// (UTF-8 repair, field extraction, gazetteer), since that cost is what the
// benchmark measures.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct CorpusArticle {
    std::string path;   // relative to the corpus root
    std::string title;
    std::string date;   // as written in the header, may be empty
    std::string body;
};

// Every .txt and .md file under `root` (or `root` itself), sorted, so all
// systems add articles in the same order.
inline std::vector<std::filesystem::path> list_article_files(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    auto wanted = [](const fs::path& p) {
        std::string ext = p.extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return ext == ".txt" || ext == ".md";
    };
    if (fs::is_regular_file(root)) {
        files.push_back(root);
        return files;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied)) {
        if (entry.is_regular_file() && wanted(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

inline std::string_view trim_view(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "Key: value" with a short alphabetic key.
inline bool split_header(std::string_view line, std::string& key, std::string_view& value) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 24) return false;
    key.clear();
    for (char c : line.substr(0, colon)) {
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ' ') return false;
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    value = trim_view(line.substr(colon + 1));
    return true;
}

inline std::string unquote(std::string_view v) {
    v = trim_view(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
    return std::string(v);
}

// Splits text into lines (without '\n' or a trailing '\r').
inline std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

inline std::string join_lines(const std::vector<std::string_view>& lines, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < lines.size(); ++i) {
        out.append(lines[i]);
        out += '\n';
    }
    return out;
}

inline CorpusArticle parse_article(const std::string& text, bool markdown) {
    CorpusArticle a;
    const auto lines = lines_of(text);
    std::size_t i = 0;
    std::string key;
    std::string_view value;
    if (markdown && !lines.empty() && lines[0] == "---") {
        // YAML front matter: only top-level scalar title/date matter here.
        for (i = 1; i < lines.size() && lines[i] != "---" && lines[i] != "..."; ++i) {
            if (split_header(lines[i], key, value)) {
                if (key == "title") a.title = unquote(value);
                else if (key == "date") a.date = unquote(value);
            }
        }
        if (i < lines.size()) ++i;
    } else if (!markdown) {
        std::size_t j = 0;
        while (j < lines.size() && split_header(lines[j], key, value)) {
            if (key == "title" || key == "headline") a.title = std::string(value);
            else if (key == "date") a.date = std::string(value);
            ++j;
        }
        if (!a.title.empty() && (j == lines.size() || trim_view(lines[j]).empty())) i = j;
        else a.title.clear(), a.date.clear();
    }
    while (i < lines.size() && trim_view(lines[i]).empty()) ++i;
    if (i < lines.size() && (a.title.empty() || (markdown && lines[i].substr(0, 2) == "# "))) {
        std::string_view first = trim_view(lines[i]);
        if (first.substr(0, 2) == "# ") first.remove_prefix(2);
        if (a.title.empty()) a.title = std::string(first);
        ++i;
    }
    a.body = join_lines(lines, i);
    return a;
}

inline bool read_article(const std::filesystem::path& file, const std::filesystem::path& root, CorpusArticle& out,
                         std::size_t& bytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    bytes += text.size();
    const std::string ext = file.extension().string();
    out = parse_article(text, ext == ".md" || ext == ".MD");
    std::error_code ec;
    auto rel = std::filesystem::relative(file, root, ec);
    out.path = (ec || rel.empty() || rel == ".") ? file.filename().string() : rel.string();
    return true;
}

}  // namespace bench
