#include "tools/result_json.h"

#include "tools/cli_text.h"

namespace newsdex::tool {

void add_article_fields(nlohmann::ordered_json& object, const Article& article, bool (*shown)(const ArticleField&)) {
    for (const ArticleField& field : article_fields()) {
        if (!shown(field)) continue;
        if (field.text) {
            object[std::string(field.key)] = article.*field.text;
        } else {
            object[std::string(field.key)] = article.*field.names;
        }
    }
}

std::string result_keys() {
    std::string keys = "rank, score, snippet, highlights";
    for (const ArticleField& field : article_fields()) {
        if (field.in_results) keys += ", " + std::string(field.key);
    }
    return keys + ", duplicates";
}

nlohmann::ordered_json results_json(const SearchResults& results) {
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const Hit& hit : results.hits) {
        nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
        for (const Highlight& h : hit.snippet.highlights) highlights.push_back({h.begin, h.end});
        const Article& a = hit.article;
        nlohmann::ordered_json json = {
            {"rank", hit.rank}, {"score", hit.score}, {"snippet", hit.snippet.text}, {"highlights", highlights}};
        add_article_fields(json, a, [](const ArticleField& field) { return field.in_results; });
        json["duplicates"] = hit.duplicates;
        hits.push_back(std::move(json));
        // "path" is text (bad bytes shown as U+FFFD); a name that is not UTF-8 also keeps its exact bytes.
        if (!cli::is_valid_utf8(a.path)) hits.back()["path_bytes"] = cli::base64(a.path);
    }
    nlohmann::ordered_json doc = {{"query", results.query}, {"estimated_total", results.estimated_total},
                                  {"total_exact", results.total_is_exact}, {"results", hits},
                                  {"corrected_query", results.corrected_query},
                                  {"correction_applied", results.correction_applied}};
    if (!results.facets.empty()) {
        nlohmann::ordered_json facets = nlohmann::ordered_json::object();
        for (const Facet& facet : results.facets) {
            nlohmann::ordered_json values = nlohmann::ordered_json::array();
            for (const FacetValue& v : facet.values) values.push_back({{"value", v.value}, {"count", v.count}});
            facets[facet.field] = values;
        }
        doc["facets"] = facets;
    }
    return doc;
}

nlohmann::ordered_json article_json(const Article& a) {
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    add_article_fields(json, a, [](const ArticleField&) { return true; });
    return json;
}

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newsdex::tool
