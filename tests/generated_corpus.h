// A generated news corpus for tests that need size: thousands of dated
// articles with places, people, near-identical copies and topic words in
// Zipf-like proportions, written as .txt files. The same for a given seed.
#pragma once

#include "test_support.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace newsdex::testing {

namespace generated {

inline const std::vector<std::vector<std::string>>& topics() {
    static const std::vector<std::vector<std::string>> words = {
        {"oil", "prices", "market", "barrel", "crude", "energy", "supply", "opec", "fuel", "demand"},
        {"mobile", "phone", "industry", "growth", "network", "operators", "handset", "sales", "customers", "data"},
        {"election", "government", "minister", "party", "vote", "campaign", "spending", "tax", "voters", "policy"},
        {"game", "team", "match", "season", "players", "coach", "league", "goal", "cup", "injury"},
        {"film", "music", "award", "festival", "album", "director", "actor", "chart", "singer", "cinema"},
        {"court", "police", "judge", "trial", "case", "law", "prison", "officers", "evidence", "jury"},
    };
    return words;
}

inline const std::vector<std::string>& filler() {
    static const std::vector<std::string> words = {
        "year", "new", "people", "also", "first", "last", "week", "report", "company", "country", "time",
        "made", "told", "world", "plans", "month", "expected", "officials", "major", "group", "number",
        "million", "percent", "announced", "later", "early", "recent", "local", "national", "public"};
    return words;
}

inline const std::vector<std::string>& places() {
    static const std::vector<std::string> names = {"London", "Paris", "Berlin", "Iraq", "Japan", "Brazil",
                                                   "Kenya", "Canada", "Madrid", "Moscow", "India", "Egypt"};
    return names;
}

inline const std::vector<std::string>& people() {
    static const std::vector<std::string> names = {
        "Tony Blair", "Gordon Brown", "Angela Merkel", "Jacques Chirac", "Nelson Mandela", "Kofi Annan",
        "Maria Lopez", "John Carter", "Anna Schmidt", "Peter Okafor", "Li Wei", "Sara Haddad",
        "Tom Walsh", "Helen Park", "David Klein", "Ruth Adams", "Omar Said", "Nina Petrova"};
    return names;
}

// A small deterministic generator (the standard ones differ between libraries).
struct Random {
    std::uint64_t state;
    std::uint64_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 33;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    // Index 0 most often, then 1, ...: roughly Zipf over n items.
    std::size_t skewed(std::size_t n) { return below(below(n) + 1); }
};

inline std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

}  // namespace generated

// Writes `count` articles under `folder` (topic subfolders), seeded by `seed`.
// Every 50th article is a near-identical copy of the one before (one word
// changed); every 97th names more people than a facet counts per article.
inline void write_generated_corpus(const std::filesystem::path& folder, std::size_t count, std::uint64_t seed = 1) {
    using namespace generated;
    Random random{seed};
    std::string previous_body;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t topic = i % topics().size();
        const std::size_t other = random.below(topics().size());
        std::vector<std::string> named_places, named_people;
        for (std::size_t n = 1 + random.below(3); named_places.size() < n;) {
            const std::string& place = places()[random.skewed(places().size())];
            if (std::find(named_places.begin(), named_places.end(), place) == named_places.end()) named_places.push_back(place);
        }
        const std::size_t people_count = i % 97 == 96 ? 14 : random.below(4);
        for (std::size_t p = 0; named_people.size() < people_count && p < 100; ++p) {
            const std::string& person = people()[random.below(people().size())];
            if (std::find(named_people.begin(), named_people.end(), person) == named_people.end()) named_people.push_back(person);
        }
        std::string title;
        for (std::size_t w = 0, words = 3 + random.below(4); w < words; ++w) {
            title += (w ? " " : "") + topics()[topic][random.skewed(topics()[topic].size())];
        }
        if (random.below(4) == 0) title += " in " + named_places.front();
        title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        std::string body;
        if (i % 50 == 49 && !previous_body.empty()) {
            body = previous_body;
            body.replace(body.find(' '), 1, " indeed ");  // a near-identical copy
        } else {
            std::size_t sentence_words = 0;
            for (std::size_t w = 0, words = 60 + random.below(120); w < words; ++w) {
                const std::size_t pick = random.below(20);
                std::string word;
                if (pick < 9) {
                    word = topics()[topic][random.skewed(topics()[topic].size())];
                } else if (pick < 11) {
                    word = topics()[other][random.skewed(topics()[other].size())];
                } else if (pick < 18) {
                    word = filler()[random.skewed(filler().size())];
                } else if (pick == 18) {
                    word = named_places[random.below(named_places.size())];
                } else {
                    word = i % 10 ? "said" : "noted";
                }
                body += (sentence_words ? " " : "") + word;
                if (++sentence_words > 8 + random.below(8)) {
                    body += ". ";
                    sentence_words = 0;
                }
            }
            body += ".";
            body[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(body[0])));
        }
        previous_body = body;
        const unsigned year = 2023 + static_cast<unsigned>(i % 2), month = 1 + static_cast<unsigned>(i / 2 % 12),
                       day = 1 + static_cast<unsigned>(i * 13 % 28);
        char date[16];
        std::snprintf(date, sizeof date, "%04u-%02u-%02u", year, month, day);
        write_file(folder / topics()[topic][0] / ("story-" + std::to_string(i) + ".txt"),
                   "Title: " + title + "\nDate: " + date + "\nPlace: " + join(named_places, "; ") +
                       (named_people.empty() ? "" : "\nPeople: " + join(named_people, "; ")) + "\n\n" + body + "\n");
    }
}

}  // namespace newsdex::testing
