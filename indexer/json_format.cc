// JSON and JSON Lines exports of news APIs, scrapers and archives: the fields
// are found under the names such exports commonly use, or under the keys the
// user names with --field.
#include "indexer/article_formats.h"

#include <newsdex/error.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <set>

namespace newsdex {

namespace {

using nlohmann::json;

const char* const kFieldNames[] = {"title", "body", "date", "author", "url", "source", "places", "people", "id"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Keys compared without case, '_' or '-': "published_at" finds "publishedAt".
std::string key_form(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '_' || c == '-') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// The common names of each field, most specific first, in key_form().
struct FieldKeys {
    const char* field;
    std::vector<std::string> keys;
};

const std::vector<FieldKeys>& common_keys() {
    static const std::vector<FieldKeys> keys = {
        {"title", {"title", "headline", "webtitle", "name"}},
        {"body", {"articlebody", "body", "fulltext", "bodytext", "content", "text", "story", "article", "maintext"}},
        {"date", {"datepublished", "publishedat", "published", "publicationdate", "publishdate", "pubdate",
                  "webpublicationdate", "date", "createdat", "created", "time", "timestamp"}},
        {"author", {"author", "authors", "byline", "creator", "creators"}},
        {"url", {"url", "canonicalurl", "link", "weburl", "permalink"}},
        {"source", {"source", "sitename", "site", "publisher", "sourcename", "outlet"}},
        {"places", {"places", "locations", "place", "location"}},
        {"people", {"people", "persons", "person"}},
        {"id", {"id", "uuid", "guid", "docid", "articleid"}},
    };
    return keys;
}

// Summaries, used as the body when an export has no full text.
const std::vector<std::string> kSummaryKeys = {"description", "summary", "abstract", "excerpt", "lead"};

// Where arrays of articles sit inside a wrapping object.
const std::vector<std::string> kArrayKeys = {"articles", "items", "results", "data", "posts", "documents",
                                             "docs", "entries", "stories", "news", "hits", "records"};

const json* find_key(const json& object, std::string_view wanted) {
    if (!object.is_object()) return nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (key_form(it.key()) == wanted) return &it.value();
    }
    return nullptr;
}

// "a.b": key "a.b" itself, else key b inside object a; each step exact, then case-insensitive.
const json* find_path(const json& object, const std::string& path) {
    if (!object.is_object()) return nullptr;
    if (auto exact = object.find(path); exact != object.end()) return &*exact;
    if (const json* loose = find_key(object, key_form(path))) return loose;
    const auto dot = path.find('.');
    if (dot == std::string::npos) return nullptr;
    const std::string head = path.substr(0, dot);
    const json* inner = nullptr;
    if (auto exact = object.find(head); exact != object.end()) inner = &*exact;
    else inner = find_key(object, key_form(head));
    return inner ? find_path(*inner, path.substr(dot + 1)) : nullptr;
}

std::string scalar(const json& value) {
    if (value.is_string()) return std::string(trim(value.get_ref<const std::string&>()));
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number_unsigned()) return std::to_string(value.get<unsigned long long>());
    if (value.is_number_float()) return value.dump();
    return {};
}

// A name from "A", {"name": "A"}, {"title": "A"}: the forms authors and sources take.
std::string name_of(const json& value) {
    if (value.is_object()) {
        for (const char* key : {"name", "displayname", "fullname", "title"}) {
            if (const json* name = find_key(value, key)) {
                if (std::string text = scalar(*name); !text.empty()) return text;
            }
        }
        return {};
    }
    return scalar(value);
}

std::vector<std::string> names_of(const json& value) {
    std::vector<std::string> names;
    if (value.is_array()) {
        for (const auto& item : value) {
            if (std::string name = name_of(item); !name.empty()) names.push_back(std::move(name));
        }
    } else if (value.is_string()) {
        names = split_name_list(value.get_ref<const std::string&>());
    } else if (std::string name = name_of(value); !name.empty()) {
        names.push_back(std::move(name));
    }
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : "; ") + name;
    return out;
}

// A Unix time (seconds, or milliseconds when too large for seconds) as YYYY-MM-DD in UTC.
std::string date_of(const json& value) {
    if (!value.is_number()) return scalar(value);
    double seconds = value.get<double>();
    if (std::fabs(seconds) > 1e11) seconds /= 1000;
    // Outside years 1800-2100 it is not a publication time (and converting an
    // out-of-range double to time_t would be undefined).
    if (!std::isfinite(seconds) || seconds < -5364662400.0 || seconds > 4133980800.0) return {};
    const auto time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    if (!gmtime_r(&time, &utc)) return {};
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
    return buffer;
}

// NewsAPI cuts "content" short and says so: "... [+2345 chars]".
std::string without_truncation_marker(std::string text) {
    const std::string_view trimmed = trim(text);
    if (trimmed.size() < 10 || trimmed.substr(trimmed.size() - 7) != " chars]") return text;
    const auto open = trimmed.rfind("[+");
    if (open == std::string_view::npos) return text;
    const std::string_view digits = trimmed.substr(open + 2, trimmed.size() - 7 - open - 2);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return text;
    }
    std::string_view kept = trim(trimmed.substr(0, open));
    for (std::string_view ellipsis : {"\u2026", "..."}) {
        if (kept.size() >= ellipsis.size() && kept.substr(kept.size() - ellipsis.size()) == ellipsis) {
            kept.remove_suffix(ellipsis.size());
        }
    }
    return std::string(trim(kept));
}

std::string text_of(const json& value) {
    std::string text;
    if (value.is_string()) text = value.get<std::string>();
    else if (value.is_array()) {
        for (const auto& part : value) {
            if (!part.is_string()) continue;
            if (!text.empty()) text += "\n\n";
            text += part.get<std::string>();
        }
    }
    text = without_truncation_marker(std::move(text));
    if (looks_like_html(text)) return html_to_text(text);
    return std::string(trim(text));
}

class JsonArticleReader {
public:
    JsonArticleReader(const FieldOverrides& overrides, std::vector<std::string>& notes)
        : overrides_(overrides), notes_(notes) {}

    // The article in `object`, or false (with a note) if it has neither title nor body.
    bool read(const json& item, const std::string& position, FileArticle& out) {
        if (!item.is_object()) {
            note(position + ": not a JSON object, skipped");
            return false;
        }
        // Elasticsearch hits hold the document under _source and its id beside it.
        const json& object = item.contains("_source") && item["_source"].is_object() ? item["_source"] : item;

        Article& a = out.article;
        a.title = single_line(value_text("title", object));
        if (looks_like_html(a.title)) a.title = html_to_text(a.title);
        if (const json* body = field("body", object)) a.body = text_of(*body);
        if (a.body.empty()) {
            for (const auto& key : kSummaryKeys) {
                if (const json* summary = find_key(object, key)) a.body = text_of(*summary);
                if (!a.body.empty()) break;
            }
        }
        if (const json* date = field("date", object)) a.date = date_of(*date);
        if (const json* author = field("author", object)) a.author = joined(names_of(*author));
        if (const json* url = field("url", object)) a.url = scalar(*url);
        if (const json* source_value = field("source", object)) a.source = name_of(*source_value);
        if (const json* places = field("places", object)) a.places = names_of(*places);
        if (const json* people = field("people", object)) a.people = names_of(*people);
        for (const char* key : {"language", "lang"}) {
            if (const json* language = find_key(object, key); language && a.language.empty()) {
                a.language = scalar(*language);
                std::transform(a.language.begin(), a.language.end(), a.language.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                a.language = a.language.substr(0, a.language.find_first_of("-_"));
            }
        }
        if (a.title.empty() && a.body.empty()) {
            note(position + ": no title or text, skipped");
            return false;
        }

        std::string id;
        if (const json* value = field("id", object)) id = scalar(*value);
        if (id.empty() && &object != &item) {
            if (const json* value = find_key(item, "id")) id = scalar(*value);
        }
        if (!id.empty() && !ids_.insert(id).second) {
            note(position + ": id '" + id + "' seen before in this file, kept apart as " + position);
            id.clear();
        }
        if (id.empty()) {
            // An earlier article's own id may be this one's place ("line:2"): the two
            // would be one article in the index, the second replacing the first.
            id = position;
            for (unsigned n = 2; !ids_.insert(id).second; ++n) id = position + "." + std::to_string(n);
        }
        out.id_in_file = id;
        return true;
    }

    // Notes once per file for an override key no article had.
    void report_unused_overrides() {
        for (const auto& [field_name, key] : overrides_) {
            if (!found_overrides_.count(field_name)) {
                note("--field " + field_name + "=" + key + ": no article has the key '" + key + "'");
            }
        }
    }

    void note(std::string text) {
        constexpr std::size_t kMaxNotes = 20;
        ++note_count_;
        if (note_count_ <= kMaxNotes) notes_.push_back(std::move(text));
    }

    void finish() {
        report_unused_overrides();
        constexpr std::size_t kMaxNotes = 20;
        if (note_count_ > kMaxNotes) notes_.push_back(std::to_string(note_count_ - kMaxNotes) + " more notes not shown");
    }

private:
    const json* field(const char* name, const json& object) {
        // An override key an object lacks falls back to the common names, so one
        // --field serves a folder of exports from different sources.
        if (const auto override = overrides_.find(name); override != overrides_.end()) {
            if (const json* value = find_path(object, override->second)) {
                found_overrides_.insert(name);
                return value;
            }
        }
        const auto& all = common_keys();
        const auto entry = std::find_if(all.begin(), all.end(),
                                        [&](const FieldKeys& keys) { return std::string_view(keys.field) == name; });
        for (const auto& key : entry->keys) {
            const json* value = find_key(object, key);
            if (value && !value->is_null()) return value;
        }
        return nullptr;
    }

    std::string value_text(const char* name, const json& object) {
        const json* value = field(name, object);
        return value ? scalar(*value) : std::string();
    }

    static std::string single_line(std::string text) {
        std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
        return text;
    }

    const FieldOverrides& overrides_;
    std::vector<std::string>& notes_;
    std::set<std::string> ids_;
    std::set<std::string> found_overrides_;
    std::size_t note_count_ = 0;
};

// Line and column of a byte offset, both 1-based, for error messages.
std::string line_and_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at ...: " preamble.
std::string parse_error_reason(const json::parse_error& e) {
    std::string message = e.what();
    const auto colon = message.find(": ");
    return colon == std::string::npos ? message : message.substr(colon + 2);
}

// The code unit of a "\uXXXX" escape at text[i] (text[i] is the backslash), or -1.
long escaped_code_unit(std::string_view text, std::size_t i) {
    if (i + 6 > text.size() || text[i + 1] != 'u') return -1;
    long unit = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
        const char c = text[k];
        const int digit = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (digit < 0) return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

// `text` with each UTF-16 surrogate escape that has no partner ("\ud83d" cut from its pair
// when a scraper truncated a string) written as \ufffd: nlohmann::json rejects the whole
// document for one, while the text around it is good.
std::string with_lone_surrogates_replaced(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        const long unit = escaped_code_unit(text, i);
        const bool high = unit >= 0xD800 && unit <= 0xDBFF, low = unit >= 0xDC00 && unit <= 0xDFFF;
        if (high) {
            const long next = text.substr(i + 6, 1) == "\\" ? escaped_code_unit(text, i + 6) : -1;
            if (next >= 0xDC00 && next <= 0xDFFF) {  // a pair: kept as written
                out.append(text.substr(i, 12));
                i += 11;
                continue;
            }
        }
        if (high || low) {
            out += "\\ufffd";
            i += 5;
            continue;
        }
        out.append(text.substr(i, 2));  // any other escape, "\\" included: its second character is not a backslash to read
        ++i;
    }
    return out;
}

// Parses `text`, repairing lone surrogate escapes if they are what stops it. Throws json::parse_error
// (the first attempt's) if it is malformed otherwise.
json parse_json(std::string_view text) {
    try {
        return json::parse(text);
    } catch (const json::parse_error&) {
        if (text.find("\\u") == std::string_view::npos) throw;
        try {
            return json::parse(with_lone_surrogates_replaced(text));
        } catch (const json::parse_error&) {
        }
        throw;
    }
}

// True if `object` is itself an article rather than a wrapper around a list.
bool looks_like_article(const json& object) {
    for (const auto& keys : common_keys()) {
        if (std::string_view(keys.field) != "title" && std::string_view(keys.field) != "body") continue;
        for (const auto& key : keys.keys) {
            const json* value = find_key(object, key);
            if (value && value->is_string()) return true;
        }
    }
    return false;
}

// The array of articles an object wraps, looking one level further down
// ({"data": {"articles": [...]}}, {"hits": {"hits": [...]}}).
const json* wrapped_array(const json& object, int depth = 0) {
    for (const auto& key : kArrayKeys) {
        const json* value = find_key(object, key);
        if (!value) continue;
        if (value->is_array()) return value;
        if (value->is_object() && depth == 0) {
            if (const json* inner = wrapped_array(*value, depth + 1)) return inner;
        }
    }
    return nullptr;
}

}  // namespace

FieldOverrides parse_field_overrides(std::string_view spec) {
    FieldOverrides overrides;
    std::size_t start = 0;
    while (start <= spec.size()) {
        std::size_t end = spec.find(',', start);
        if (end == std::string_view::npos) end = spec.size();
        const std::string_view entry = trim(spec.substr(start, end - start));
        start = end + 1;
        if (entry.empty()) continue;
        const auto equals = entry.find('=');
        if (equals == std::string_view::npos) {
            throw Error("field override '" + std::string(entry) + "' is not FIELD=KEY (e.g. body=story,date=pubdate)");
        }
        std::string field(trim(entry.substr(0, equals)));
        const std::string key(trim(entry.substr(equals + 1)));
        std::transform(field.begin(), field.end(), field.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (std::find(std::begin(kFieldNames), std::end(kFieldNames), field) == std::end(kFieldNames)) {
            throw Error("field override: unknown field '" + field +
                        "' (fields: title, body, date, author, url, source, places, people, id)");
        }
        if (key.empty()) throw Error("field override: no key given for " + field + " (e.g. " + field + "=story)");
        if (overrides.count(field)) throw Error("field override: " + field + " is given twice");
        overrides[field] = key;
    }
    return overrides;
}

std::vector<FileArticle> read_json_articles(std::string_view text, bool json_lines, const FieldOverrides& overrides,
                                            std::vector<std::string>& notes) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<FileArticle> articles;
    JsonArticleReader reader(overrides, notes);

    if (json_lines) {
        std::size_t start = 0, line = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view content = trim(text.substr(start, end - start));
            start = end + 1;
            ++line;
            if (content.empty()) continue;
            const std::string position = "line:" + std::to_string(line);
            json item;
            try {
                item = parse_json(content);
            } catch (const json::parse_error& e) {
                reader.note("line " + std::to_string(line) + ": malformed JSON at column " +
                            std::to_string(e.byte) + " (" + parse_error_reason(e) + "), skipped");
                continue;
            }
            FileArticle article;
            if (reader.read(item, position, article)) articles.push_back(std::move(article));
        }
        reader.finish();
        return articles;
    }

    json root;
    try {
        root = parse_json(text);
    } catch (const json::parse_error& e) {
        // e.byte is one past the character that could not be read.
        throw Error("malformed JSON at " + line_and_column(text, e.byte > 0 ? e.byte - 1 : 0) + ": " +
                    parse_error_reason(e));
    }
    // A wrapper's list wins over the wrapper's own title (a JSON Feed has both).
    const json* items = root.is_array() ? &root : nullptr;
    if (!items && root.is_object()) {
        const json* wrapped = wrapped_array(root);
        if (wrapped && (!looks_like_article(root) || (!wrapped->empty() && wrapped->front().is_object()))) {
            items = wrapped;
        }
    }
    if (items) {
        for (std::size_t i = 0; i < items->size(); ++i) {
            FileArticle article;
            if (reader.read((*items)[i], "item:" + std::to_string(i), article)) articles.push_back(std::move(article));
        }
    } else {
        FileArticle article;
        if (reader.read(root, "item:0", article)) {
            if (article.id_in_file == "item:0") article.id_in_file.clear();  // a one-article file
            articles.push_back(std::move(article));
        }
    }
    reader.finish();
    return articles;
}

}  // namespace newsdex
