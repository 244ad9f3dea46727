// People, places and dates of the sample corpus, checked against the hand-made
// expectations in tests/data/sample_expectations.json (the SCO Astana set and the
// trap files): exact sets, so a missed name and a false one both fail.
#include "test_support.h"

#include <newsdex/extract.h>
#include <newsdex/newsdex.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

using Names = std::set<std::string>;

const nlohmann::json& expectations() {
    static const nlohmann::json json = nlohmann::json::parse(read_file(source_path("tests/data/sample_expectations.json")));
    return json;
}

Names names_in(const nlohmann::json& article, const char* key) {
    Names out;
    if (article.contains(key))
        for (const auto& name : article[key]) out.insert(name.get<std::string>());
    return out;
}

// "a; b; c" for a failure message.
std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : "; ") + name;
    return out;
}

// Checks `got` equals `want` as sets; the message names the article and the difference.
void check_same_names(const std::string& path, const std::string& what, const std::vector<std::string>& got_list,
                      const Names& want) {
    const Names got(got_list.begin(), got_list.end());
    std::vector<std::string> missing, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
    CHECK_MESSAGE(missing.empty(), path << ": " << what << " missing: " << listed(missing));
    CHECK_MESSAGE(extra.empty(), path << ": " << what << " extra: " << listed(extra));
    CHECK_MESSAGE(got_list.size() == got.size(), path << ": " << what << " listed twice: " << listed(got_list));
}

void check_absent(const std::string& path, const std::string& what, const std::vector<std::string>& got,
                  const Names& forbidden) {
    for (const auto& name : forbidden)
        CHECK_MESSAGE(std::find(got.begin(), got.end(), name) == got.end(),
                      path << ": " << what << " must not include " << name);
}

}  // namespace

TEST_CASE("every sample article listed in sample_expectations.json has exactly its people, places and date") {
    const auto& articles = expectations().at("articles");
    REQUIRE(articles.size() >= 15);
    for (const auto& expected : articles) {
        const std::string path = expected.at("path").get<std::string>();
        CAPTURE(path);
        const std::vector<newsdex::Article> read = newsdex::read_articles(source_path(path));
        REQUIRE_MESSAGE(read.size() == 1, path << ": expected one article, read " << read.size());
        const newsdex::Article& article = read.front();

        CHECK_MESSAGE(article.date == expected.at("date").get<std::string>(),
                      path << ": date " << article.date);
        check_same_names(path, "people", article.people, names_in(expected, "people"));
        check_same_names(path, "places", article.places, names_in(expected, "places"));
        check_absent(path, "people", article.people, names_in(expected, "not_people"));
        check_absent(path, "places", article.places, names_in(expected, "not_places"));
    }
}

TEST_CASE("text in Cyrillic and Chinese adds no people or places beyond those the header states") {
    for (const char* path : {"sample_corpus/world/sco-summit-astana-ru.txt", "sample_corpus/world/sco-summit-astana-zh.txt"}) {
        CAPTURE(path);
        newsdex::Article article = newsdex::read_articles(source_path(path)).front();
        const newsdex::Entities found = newsdex::extract_entities(article.title + "\n\n" + article.body);
        CHECK_MESSAGE(found.people.empty(), path << ": people from the text: " << listed(found.people));
        CHECK_MESSAGE(found.places.empty(), path << ": places from the text: " << listed(found.places));
    }
}
