#include "core/index_layout.h"

#include <newsdex/error.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <iomanip>
#include <sstream>

namespace newsdex::layout {

const Field& field(std::string_view name) {
    const Field* found = find_field(name);
    if (!found) throw Error("internal error: the schema has no field '" + std::string(name) + "'");
    return *found;
}

std::string id_term(std::string_view id) {
    const std::string prefix(field("id").term_prefix);
    constexpr std::size_t kMaxIdBytes = 200;
    if (id.size() <= kMaxIdBytes) return prefix + std::string(id);
    // Keep a readable head and make the rest unique with a hash of the whole id.
    std::ostringstream hashed;
    hashed << std::hex << std::setw(16) << std::setfill('0') << std::hash<std::string_view>{}(id);
    return prefix + std::string(id.substr(0, kMaxIdBytes - 17)) + "#" + hashed.str();
}

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
