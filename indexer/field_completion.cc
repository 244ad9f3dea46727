#include "indexer/field_completion.h"

#include "core/text.h"

#include "indexer/place_gazetteer.h"
#include "indexer/publication_date.h"

#include <newsdex/extract.h>

#include <algorithm>
#include <cctype>

namespace newsdex {

namespace {

// A list of names to which a name is added unless one differing only in case or
// accents is there. Each name is folded once: folding every name already there
// for each new one was 3% of complete_fields (callgrind, BBC).
class UniqueNames {
public:
    explicit UniqueNames(std::vector<std::string>& names) : names_(names) {
        keys_.reserve(names.size());
        for (const auto& name : names) keys_.push_back(text::fold(name));
    }
    void add(const std::string& name) {
        std::string key = text::fold(name);
        if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;
        keys_.push_back(std::move(key));
        names_.push_back(name);
    }

private:
    std::vector<std::string>& names_;
    std::vector<std::string> keys_;  // text::fold of names_, in the same order
};

// The extractor reads English: its evidence is English capitals and words
// ("in", "said"). German capitalises every noun, so in an article that states
// another language ("Language: de") a capitalised word proves nothing: "in
// Folge" (in a row) is no place called Folge. There only places the gazetteer
// knows and takes without evidence (countries, big cities) and people whose
// every word is capitalised are kept; "Sonntag Werder Bremen mit" is no person.
bool stated_in_english(const std::string& language) {
    return language.empty() || language == "en" || language == "eng" || language == "english";
}

bool capitalised_words(const std::string& name) {
    bool word_start = true;
    for (unsigned char c : name) {
        if (word_start && c < 0x80 && !std::isupper(c)) return false;
        word_start = c == ' ';
    }
    return true;
}

}  // namespace

std::vector<std::string> complete_fields(Article& article, bool extract, DateEvidence evidence) {
    std::vector<std::string> notes;

    if (!article.date.empty()) {
        if (auto date = parse_date(article.date)) {
            article.date = date->iso();
        } else {
            // "July 2024" is no date, but it says the year of a dateline's "July 4".
            if (evidence.stated_year == 0) evidence.stated_year = stated_year(article.date);
            notes.push_back("date '" + article.date + "' not understood");
            article.date.clear();
        }
    }
    if (article.date.empty() && extract) {
        if (auto date = find_dateline_date(article.body, evidence)) article.date = date->iso();
    }

    // Stated places take their canonical names, so `place:` finds "Nur-Sultan" as Astana.
    const auto& gazetteer = PlaceGazetteer::instance();
    std::vector<std::string> places;
    UniqueNames unique_places(places);
    for (const auto& place : article.places) unique_places.add(gazetteer.canonical_name(place).value_or(place));
    article.places = std::move(places);

    // What the file states comes first (its author chose it); what the text
    // names is added after it, so a front matter listing only the main person
    // does not hide the others from `people:` searches.
    if (extract) {
        const Entities found = extract_entities(article.title + "\n\n" + article.body);
        const bool english = stated_in_english(article.language);
        UniqueNames people(article.people);
        for (const auto& person : found.people) {
            if (english || capitalised_words(person)) people.add(person);
        }
        UniqueNames named_places(article.places);
        for (const auto& place : found.places) {
            const bool known = gazetteer.canonical_name(place).has_value() && !gazetteer.needs_evidence(place);
            if (english || known) named_places.add(place);
        }
    }
    return notes;
}

}  // namespace newsdex
