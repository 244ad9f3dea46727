#include "core/index_layout.h"

#include <newsdex/error.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iomanip>
#include <sstream>

namespace newsdex::layout {

const Field& field(std::string_view name) {
    const Field* found = find_field(name);
    if (!found) throw Error("internal error: the schema has no field '" + std::string(name) + "'");
    return *found;
}

std::string bounded_term(std::string_view prefix, std::string_view value) {
    constexpr std::size_t kMaxValueBytes = 200;
    if (value.size() <= kMaxValueBytes) return std::string(prefix) + std::string(value);
    // FNV-1a: stable across builds and platforms, unlike std::hash.
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : value) hash = (hash ^ c) * 1099511628211ull;
    std::ostringstream hashed;
    hashed << std::hex << std::setw(16) << std::setfill('0') << hash;
    return std::string(prefix) + std::string(value.substr(0, kMaxValueBytes - 17)) + "#" + hashed.str();
}

std::string id_term(std::string_view id) { return bounded_term(field("id").term_prefix, id); }

std::string file_term(std::string_view absolute_path) { return bounded_term(kFileTermPrefix, absolute_path); }

std::string encode_record(const Article& article) {
    nlohmann::json record = {
        {"path", article.path},     {"title", article.title},   {"body", article.body},
        {"date", article.date},     {"source", article.source}, {"author", article.author},
        {"url", article.url},       {"language", article.language},
        {"places", article.places}, {"people", article.people},
    };
    return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_record(const std::string& data) {
    Article article;
    if (data.empty()) return article;
    const nlohmann::json record = nlohmann::json::parse(data, nullptr, false);
    if (!record.is_object()) return article;
    auto text = [&](const char* key) { return record.value(key, std::string()); };
    article.path = text("path");
    article.title = text("title");
    article.body = text("body");
    article.date = text("date");
    article.source = text("source");
    article.author = text("author");
    article.url = text("url");
    article.language = text("language");
    article.places = record.value("places", std::vector<std::string>());
    article.people = record.value("people", std::vector<std::string>());
    return article;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const auto& name : names) {
        if (!joined.empty()) joined += '\n';
        joined += name;
    }
    return joined;
}

std::vector<std::string> split_names(const std::string& joined) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find('\n', start);
        if (end == std::string::npos) end = joined.size();
        if (end > start) names.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return names;
}

Xapian::Stem make_stemmer(const std::string& language) {
    try {
        return Xapian::Stem(language.empty() ? std::string("english") : language);
    } catch (const Xapian::InvalidArgumentError&) {
        throw Error("unknown language '" + language + "'; use one of: " + Xapian::Stem::get_available_languages());
    }
}

}  // namespace newsdex::layout
