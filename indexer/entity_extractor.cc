// extract_entities: the gazetteer's places, PersonFinder's people and
// NameTagger's names, merged.
//
// Places are found first and handed to PersonFinder as context, because a span
// can be both ("Jordan", "Washington", "Paris Hilton") and only the words around
// it decide; PersonFinder says which place matches its context keeps. The tagger
// sees both and adds what they missed, under the rules' vetoes
// (add_tagged_names); then names shown to be works or firms go, and surnames
// fold into the article's full names. People win every overlap that survives.
// A seat of power ("the Kremlin said") is no place of its own: it only implies
// its city and that city's country. The lists are ordered by mention count,
// then by first mention, so the article's main subjects come first.
#include <newsdex/extract.h>

#include "indexer/name_tagger.h"
#include "indexer/person_finder.h"
#include "indexer/place_gazetteer.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace newsdex {

namespace {

// Distinct names, most mentioned first; ties keep the order of first mention.
std::vector<std::string> by_mentions(const std::vector<std::string>& in_order) {
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> stats;  // count, first
    std::vector<std::string_view> distinct;
    for (std::size_t i = 0; i < in_order.size(); ++i) {
        auto [it, fresh] = stats.try_emplace(in_order[i], 0, i);
        if (fresh) distinct.emplace_back(in_order[i]);
        ++it->second.first;
    }
    std::stable_sort(distinct.begin(), distinct.end(), [&](std::string_view a, std::string_view b) {
        return stats[a].first > stats[b].first;
    });
    return {distinct.begin(), distinct.end()};
}

bool overlaps(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) { return b1 < e2 && b2 < e1; }

// True when [begin, end) has no lower-case letter and its line is mostly capitals:
// a headline or wire slug, where capitals say nothing about names.
bool in_capitals_line(std::string_view text, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
        if (text[i] >= 'a' && text[i] <= 'z') return false;
    std::size_t from = text.rfind('\n', begin);
    from = from == std::string_view::npos ? 0 : from + 1;
    std::size_t to = text.find('\n', end);
    if (to == std::string_view::npos) to = text.size();
    int upper = 0, lower = 0;
    for (std::size_t i = from; i < to; ++i) {
        upper += text[i] >= 'A' && text[i] <= 'Z';
        lower += text[i] >= 'a' && text[i] <= 'z';
    }
    return upper >= 2 * lower;
}

std::string folded(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The last words of a name after its first word: "Reagan" and "Lula da Silva"
// for "Ronald Reagan" and "Luiz Lula da Silva" (folded).
std::vector<std::string> surname_forms(const std::string& name) {
    std::vector<std::string> out;
    for (std::size_t sp = name.find(' '); sp != std::string::npos; sp = name.find(' ', sp + 1))
        out.push_back(folded(std::string_view(name).substr(sp + 1)));
    return out;
}

// The word next to [begin, end) in the given direction, folded; empty at a
// line break or punctuation other than a possessive 's.
std::string neighbour_word(std::string_view text, std::size_t begin, std::size_t end, bool after) {
    std::size_t i = after ? end : begin;
    if (after && text.compare(i, 2, "'s") == 0) i += 2;
    if (after) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
        return folded(text.substr(i, j - i));
    }
    while (i > 0 && text[i - 1] == ' ') --i;
    std::size_t j = i;
    while (j > 0 && std::isalpha(static_cast<unsigned char>(text[j - 1]))) --j;
    return folded(text.substr(j, i - j));
}

// "ASTANA, July 4 (Steppe Wire) -": a news agency's credit in a dateline.
bool agency_credit(std::string_view text, std::size_t begin, std::size_t end) {
    if (begin == 0 || text[begin - 1] != '(' || end >= text.size() || text[end] != ')') return false;
    std::size_t i = end + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    return i < text.size() && (text[i] == '-' || text.compare(i, 3, "\u2014") == 0 || text.compare(i, 3, "\u2013") == 0);
}

// Whether the one word `surface` is a word of a company the rules found in the
// same text: "Poor's said" after "Standard & Poor's" is the agency.
bool word_of_company(std::string_view text, std::string_view surface,
                     const std::vector<std::pair<std::size_t, std::size_t>>& companies) {
    for (const auto& [begin, end] : companies) {
        const std::string_view org = text.substr(begin, end - begin);
        for (std::size_t at = org.find(surface); at != std::string_view::npos; at = org.find(surface, at + 1)) {
            const std::size_t after = at + surface.size();
            const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(org[at - 1]));
            if (starts && (after == org.size() || !std::isalnum(static_cast<unsigned char>(org[after])))) return true;
        }
    }
    return false;
}

// Inside a short quotation ("Hands of Stone", "Schindler's List"): a title or a
// nickname, whose capitals say nothing about places.
bool in_quoted_title(std::string_view text, std::size_t begin, std::size_t end) {
    constexpr std::size_t kTitleReach = 40;  // bytes searched for the quotes either side
    const std::size_t line_begin = text.rfind('\n', begin) == std::string_view::npos ? 0 : text.rfind('\n', begin) + 1;
    const std::size_t from = begin > line_begin + kTitleReach ? begin - kTitleReach : line_begin;
    const std::size_t open = text.substr(from, begin - from).rfind('"');
    if (open == std::string_view::npos) return false;
    std::size_t quotes_before = 0;  // an even number before `begin` on the line: the quote is closed
    for (std::size_t i = line_begin; i < begin; ++i) quotes_before += text[i] == '"';
    if (quotes_before % 2 == 0) return false;
    const std::size_t close = text.find('"', end);
    return close != std::string_view::npos && close - end <= kTitleReach && text.find('\n', end) > close;
}

// "The Sunday Telegraph": right after a capitalised word, not a possessive, on the same line.
bool after_capitalised_word(std::string_view text, std::size_t begin) {
    if (begin < 2 || text[begin - 1] != ' ') return false;
    std::size_t j = begin - 1;
    while (j > 0 && std::isalpha(static_cast<unsigned char>(text[j - 1]))) --j;
    if (j == begin - 1 || !std::isupper(static_cast<unsigned char>(text[j]))) return false;
    std::size_t p = j;  // a sentence's first word is capitalised for the sentence
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '"')) --p;
    return p > 0 && text[p - 1] != '\n' && text[p - 1] != '.' && text[p - 1] != '!' && text[p - 1] != '?';
}

// A place the gazetteer does not know, found by the tagger alone: not one word
// opening a sentence ("Heads of state ...") or after "the", no word in it that the
// gazetteer knows but did not take here (it rejected "Rome" in "Rome Statute" for
// a reason), and no word the rules say is never part of a name.
// "Tesla, the electric car company", "Acme, a chipmaker", "Nvidia became the most
// valuable company": an appositive or a copula that calls the name a firm.
// kAppositiveWords bounds how far "the ... company" runs. After a person's name
// an appositive may start the next clause ("dissident Wang Donghai, the New
// York-based pressure group ... said"), so there only the copula counts.
constexpr int kAppositiveWords = 5;

bool described_as_firm(std::string_view text, std::size_t end, bool appositive_counts) {
    if (end >= text.size()) return false;
    std::size_t i = end + 1;
    if (text[end] == ',' && !appositive_counts) return false;
    if (text[end] != ',') {  // "Nvidia became the most valuable listed company"
        if (text.compare(end, 2, "'s") == 0) return false;  // "Nvidia's revenue": no copula follows the name
        const std::string verb = neighbour_word(text, end, end, true);
        if (verb != "is" && verb != "was" && verb != "became" && verb != "becomes" && verb != "remains") return false;
        // Past the verb: the spaces, then its letters (it may be capitalised: "WAS").
        i = end;
        while (i < text.size() && text[i] == ' ') ++i;
        i += verb.size();
    }
    for (int word = 0; word <= kAppositiveWords; ++word) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '-')) ++j;
        if (j == i) return false;
        const std::string w = folded(text.substr(i, j - i));
        if (word == 0 && w != "the" && w != "a" && w != "an") return false;
        const bool possessive = j < text.size() && (text[j] == '\'' || text.compare(j, 3, "\xE2\x80\x99") == 0);
        if (word > 0 && !possessive && (w == "company" || w == "firm" || w == "group" || w == "maker" || w == "carmaker" ||
                         w == "chipmaker" || w == "brand" || w == "retailer" || w == "conglomerate" ||
                         (w.size() > 5 && w.compare(w.size() - 5, 5, "maker") == 0)))
            return true;
        i = j;
    }
    return false;
}

bool plausible_new_place(std::string_view text, std::size_t begin, std::size_t end, const PlaceGazetteer& gazetteer) {
    const std::string_view surface = text.substr(begin, end - begin);
    if (in_quoted_title(text, begin, end) || after_capitalised_word(text, begin) ||
        described_as_firm(text, end, true))
        return false;
    // "JP McManus", "Halo 2": the start of a longer name or of a product's.
    if (end + 1 < text.size() && text[end] == ' ' &&
        (std::isupper(static_cast<unsigned char>(text[end + 1])) || std::isdigit(static_cast<unsigned char>(text[end + 1]))))
        return false;
    if (surface.find(' ') == std::string_view::npos) {
        if (PersonFinder::instance().is_given_name(surface)) return false;  // "(Tom) Seaver"
        if (begin >= 4 && (text.compare(begin - 4, 4, "the ") == 0 || text.compare(begin - 4, 4, "The ") == 0))
            return false;  // "the Premiership": a league, a programme, a period
        std::size_t p = begin;
        while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '"' || text[p - 1] == '*' || text[p - 1] == '\'')) --p;
        if (p == 0 || text[p - 1] == '\n' || text[p - 1] == '.' || text[p - 1] == '!' || text[p - 1] == '?') return false;
    }
    for (std::size_t from = 0; from < surface.size();) {
        std::size_t to = surface.find(' ', from);
        if (to == std::string_view::npos) to = surface.size();
        if (to > from && gazetteer.canonical_name(surface.substr(from, to - from))) return false;
        // A word never part of a name ("Middle Corridor", "Western" anything) makes it
        // a description or a term, unless the gazetteer knows the whole.
        if (to > from && (PersonFinder::instance().cues_of(folded(surface.substr(from, to - from))) & PersonFinder::kNeverCue))
            return false;
        from = to + 1;
    }
    return true;
}

// The tagger's people and places beside the rules': the rules' mentions stand
// (their precision is measured higher); the tagger adds names the rules missed
// ("Danius Gleveckas said"), but never by capitals alone, for an office word,
// inside what the rules call an organisation ("Dean Witter"), or as a place
// around a place name the rules rejected ("Rome Statute").
void add_tagged_names(std::string_view text, const std::vector<TaggedName>& tagged, const PlaceGazetteer& gazetteer,
                      const std::vector<PlaceMatch>& places, const PersonFinderResult& rules,
                      std::vector<bool>& place_kept, std::vector<PersonMention>& people,
                      std::vector<EntityMention>& tagged_places, std::vector<std::size_t>& lone_words) {
    const PersonFinder& finder = PersonFinder::instance();
    constexpr unsigned kNotAName = PersonFinder::kTitleCue | PersonFinder::kRoleCue | PersonFinder::kOfficeCue |
                                   PersonFinder::kOrgEndCue | PersonFinder::kNeverCue;
    std::vector<PersonMention> added;
    for (const TaggedName& t : tagged) {
        if (t.type != NameType::Person && t.type != NameType::Place) continue;
        if (in_capitals_line(text, t.begin, t.end)) continue;
        const std::string_view surface = text.substr(t.begin, t.end - t.begin);
        const bool one_word = surface.find(' ') == std::string_view::npos;
        if (one_word && (finder.cues_of(folded(surface)) & kNotAName)) continue;
        // A lone given name is no facet value, and often no person: "Oscar", "Chelsea".
        if (one_word && t.type == NameType::Person && finder.is_given_name(surface)) continue;
        const bool person_overlap = std::any_of(people.begin(), people.end(), [&](const PersonMention& m) {
            return overlaps(m.begin, m.end, t.begin, t.end);
        });
        if (person_overlap) continue;
        const bool in_organisation = std::any_of(rules.organisations.begin(), rules.organisations.end(),
                                                 [&](const auto& o) { return overlaps(o.first, o.second, t.begin, t.end); });
        if (in_organisation) continue;
        if (one_word && t.type == NameType::Person && word_of_company(text, surface, rules.companies)) continue;
        bool rejected_place = false;
        for (std::size_t p = 0; p < places.size(); ++p)
            rejected_place |= !place_kept[p] && overlaps(places[p].begin, places[p].end, t.begin, t.end);
        if (t.type == NameType::Place && rejected_place) continue;
        // A lone word the gazetteer matched and the rules rejected is a team or a
        // firm, not a person: "catching Chelsea in the title race".
        if (t.type == NameType::Person && one_word && rejected_place) continue;
        if (agency_credit(text, t.begin, t.end)) continue;
        bool inside_place = false;  // within (or equal to) a kept place
        std::vector<std::size_t> covered;  // kept places inside a longer tagged name
        for (std::size_t p = 0; p < places.size(); ++p) {
            if (!place_kept[p] || !overlaps(places[p].begin, places[p].end, t.begin, t.end)) continue;
            if (t.begin >= places[p].begin && t.end <= places[p].end) inside_place = true;
            else covered.push_back(p);
        }
        if (inside_place) continue;
        if (t.type == NameType::Person) {
            // A lone word the rules did not take needs a person's context of its
            // own (a title or role before, a reporting verb after), or a full name
            // in the article to stand for (fold_surnames): "Nintendo said" is a firm.
            if (one_word) {
                const unsigned before = finder.cues_of(neighbour_word(text, t.begin, t.end, false));
                const unsigned after = finder.cues_of(neighbour_word(text, t.begin, t.end, true));
                if (!(before & (PersonFinder::kTitleCue | PersonFinder::kRoleCue)) &&
                    !(after & PersonFinder::kSpeechCue))
                    lone_words.emplace_back(t.begin);
            }
            for (std::size_t p : covered) place_kept[p] = false;  // "Paris Hilton"
            added.push_back({t.begin, t.end, std::string(surface)});
        } else if (covered.empty()) {
            // A town named like a word or a person that the gazetteer did not take
            // here lacked evidence ("Leo" the given name, "believe in God"); the
            // tagger's guess from capitals is none. Other rejections (a place before
            // a capitalised word, a team in sports copy) the tagger may overrule.
            const auto canonical = gazetteer.canonical_name(surface);
            if (canonical ? gazetteer.needs_evidence(surface) : !plausible_new_place(text, t.begin, t.end, gazetteer))
                continue;
            tagged_places.push_back({t.begin, t.end, EntityType::Place, canonical ? *canonical : std::string(surface)});
        }
    }
    people.insert(people.end(), added.begin(), added.end());
    std::sort(people.begin(), people.end(),
              [](const PersonMention& a, const PersonMention& b) { return a.begin < b.begin; });
}

// The word before the word that ends at `end` (spaces skipped): its byte range, or empty.
std::string_view word_before(std::string_view text, std::size_t end) {
    std::size_t i = end;
    while (i > 0 && text[i - 1] == ' ') --i;
    std::size_t j = i;
    while (j > 0 && std::isalpha(static_cast<unsigned char>(text[j - 1]))) --j;
    return text.substr(j, i - j);
}

// "Centres for Disease Control", "Institute of Fiscal Studies": a name right
// after "for" or "of" that follows an organisation's head word is the rest of
// the organisation's name.
bool continues_organisation(std::string_view text, std::size_t begin, const PersonFinder& finder) {
    const std::string_view joiner = word_before(text, begin);
    if (joiner != "for" && joiner != "of") return false;
    std::size_t joiner_begin = begin;
    while (joiner_begin > 0 && text[joiner_begin - 1] == ' ') --joiner_begin;
    joiner_begin -= joiner.size();
    const std::string_view head = word_before(text, joiner_begin);
    if (head.empty() || !std::isupper(static_cast<unsigned char>(head[0]))) return false;
    std::string word = folded(head);
    if (finder.cues_of(word) & PersonFinder::kOrgEndCue) return true;
    if (word.size() > 3 && word.back() == 's') word.pop_back();  // a plural head: "Centres"
    return (finder.cues_of(word) & PersonFinder::kOrgEndCue) != 0;
}

// "Economists said", "Seismologists warned": a plural of a trade opening a
// sentence is a group of people, not one. English surnames do not end so.
bool plural_trade_opening_sentence(std::string_view text, const PersonMention& m) {
    if (m.canonical.find(' ') != std::string::npos) return false;
    const std::string& w = m.canonical;
    auto ends_with = [&](std::string_view suffix) {
        return w.size() > suffix.size() + 2 && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!ends_with("ists") && !ends_with("ysts") && !ends_with("ians")) return false;
    std::size_t p = m.begin;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '"')) --p;
    return p == 0 || text[p - 1] == '\n' || text[p - 1] == '.' || text[p - 1] == '!' || text[p - 1] == '?';
}

// "Notre-Dame de Paris": a name that opens with a lower-case particle right after
// a capitalised word (not a title: "President de Gaulle") ends a longer name.
bool particle_ending_longer_name(std::string_view text, const PersonMention& m, const PersonFinder& finder) {
    if (m.begin >= text.size() || !std::islower(static_cast<unsigned char>(text[m.begin]))) return false;
    std::size_t p = m.begin;
    while (p > 0 && text[p - 1] == ' ') --p;
    if (p == m.begin) return false;
    std::size_t word_begin = p;
    while (word_begin > 0 && !std::isspace(static_cast<unsigned char>(text[word_begin - 1]))) --word_begin;
    const std::string_view previous = text.substr(word_begin, p - word_begin);
    if (previous.empty() || !std::isupper(static_cast<unsigned char>(previous[0]))) return false;
    return (finder.cues_of(folded(previous)) & PersonFinder::kTitleCue) == 0;
}

// Names that are not people after all: a rule's lone word the tagger reads as an
// organisation or other name ("Yukos said"), and a name that one mention in the
// article shows to be a work, band, firm or team ("the film Vera Drake", "oil
// giant Yukos", "Yukos chief"): then none of its mentions is a person.
void drop_non_people(std::string_view text, const std::vector<TaggedName>& tagged, std::vector<PersonMention>& people) {
    const PersonFinder& finder = PersonFinder::instance();
    std::unordered_set<std::string> not_people;
    std::vector<std::size_t> organisation_ends;  // where a name found to continue an organisation ends
    for (const auto& m : people) {
        if (m.canonical.find(' ') == std::string::npos) {
            bool tagged_person = false;
            for (const TaggedName& t : tagged)
                tagged_person |= t.type == NameType::Person && t.begin <= m.begin && m.end <= t.end;
            if (!tagged_person) not_people.insert(m.canonical);
        }
        const std::string before = neighbour_word(text, m.begin, m.end, false);
        const std::string after = neighbour_word(text, m.begin, m.end, true);
        const bool possessive = text.compare(m.end, 2, "'s") == 0;  // "Leigh's film" is his
        if (finder.marks_non_person_before(before) || (!possessive && finder.marks_non_person_after(after)))
            not_people.insert(m.canonical);
        // "Franz Ferdinand were": a plural verb, unless the name ends a list.
        std::size_t p = m.begin;
        while (p > 0 && text[p - 1] == ' ') --p;
        const bool ends_list = before == "and" || before == "or" || (p > 0 && (text[p - 1] == ',' || text[p - 1] == '&'));
        if (finder.is_plural_verb(after) && !ends_list && !possessive) not_people.insert(m.canonical);
        if (plural_trade_opening_sentence(text, m) || particle_ending_longer_name(text, m, finder) ||
            described_as_firm(text, m.end, false))
            not_people.insert(m.canonical);
        // "Disease Control and Prevention": "and" carries on the organisation's name.
        if (continues_organisation(text, m.begin, finder)) {
            not_people.insert(m.canonical);
            organisation_ends.push_back(m.end);
        } else if (before == "and") {
            std::size_t p = m.begin;
            while (p > 0 && text[p - 1] == ' ') --p;
            p -= std::min<std::size_t>(p, 3);
            while (p > 0 && text[p - 1] == ' ') --p;
            if (std::find(organisation_ends.begin(), organisation_ends.end(), p) != organisation_ends.end())
                not_people.insert(m.canonical);
        }
        // "Harry Potter and the Prisoner of Azkaban": the name begins a title.
        if (text.compare(m.end, 9, " and the ") == 0 && m.end + 9 < text.size() &&
            std::isupper(static_cast<unsigned char>(text[m.end + 9])))
            not_people.insert(m.canonical);
    }
    if (not_people.empty()) return;
    people.erase(std::remove_if(people.begin(), people.end(),
                                [&](const PersonMention& m) { return not_people.count(m.canonical) > 0; }),
                 people.end());
}

// One person, one name: a mention by surname ("Reagan", "REAGAN", "Mr Reagan")
// is stored under the full name the article gives ("Ronald Reagan") when the
// article gives exactly one full name ending so; else under the nearest before it.
void fold_surnames(std::vector<PersonMention>& people) {
    std::vector<std::pair<std::string, std::size_t>> full;  // full names, first mention
    for (const auto& m : people)
        if (m.canonical.find(' ') != std::string::npos &&
            std::none_of(full.begin(), full.end(), [&](const auto& f) { return f.first == m.canonical; }))
            full.emplace_back(m.canonical, m.begin);
    if (full.empty()) return;
    std::unordered_map<std::string, std::vector<std::size_t>> by_surname;  // folded surname -> indexes into full
    for (std::size_t i = 0; i < full.size(); ++i)
        for (const auto& form : surname_forms(full[i].first)) by_surname[form].push_back(i);
    for (auto& m : people) {
        auto it = by_surname.find(folded(m.canonical));
        if (it == by_surname.end()) continue;
        std::size_t pick = it->second.front();
        for (std::size_t i : it->second)
            if (full[i].second <= m.begin && full[i].second >= full[pick].second) pick = i;
        m.canonical = full[pick].first;
    }
}

// "Roberto Duran ... Duran, 45, takes on": a place named like the surname of a
// person the article names in full is that person, unless the text shows it is
// a place there ("in Duran", a dateline): Duran is also a city in Ecuador.
void surnames_are_people(std::string_view text, const std::vector<PlaceMatch>& places,
                         const std::vector<std::size_t>& place_begin, std::vector<bool>& place_kept,
                         std::vector<PersonMention>& people) {
    // "Roberto Duran" ends in " Duran", letter case aside.
    auto full_name_ending = [&](std::string_view surname) -> const std::string* {
        for (const auto& m : people) {
            const std::string& name = m.canonical;
            if (name.size() <= surname.size() + 1 || name[name.size() - surname.size() - 1] != ' ') continue;
            bool same = true;
            for (std::size_t k = 0; same && k < surname.size(); ++k)
                same = std::tolower(static_cast<unsigned char>(name[name.size() - surname.size() + k])) ==
                       std::tolower(static_cast<unsigned char>(surname[k]));
            if (same) return &name;
        }
        return nullptr;
    };
    const std::size_t people_before = people.size();
    for (std::size_t i = 0; i < places.size(); ++i) {
        const PlaceMatch& p = places[i];
        if (!place_kept[i] || p.shown || p.kind == PlaceKind::Seat || p.kind == PlaceKind::WorldRegion) continue;
        // A country after "of", "to", "from" is the country: "King Abdullah of
        // Jordan" beside "Michael Jordan"; "recognised Holland" is the person.
        if (p.kind == PlaceKind::Country &&
            PlaceGazetteer::instance().is_place_cue(neighbour_word(text, place_begin[i], p.end, false)))
            continue;
        const std::string* full = full_name_ending(text.substr(place_begin[i], p.end - place_begin[i]));
        if (!full) continue;
        place_kept[i] = false;
        people.push_back({place_begin[i], p.end, *full});
    }
    if (people.size() != people_before)
        std::sort(people.begin(), people.end(),
                  [](const PersonMention& a, const PersonMention& b) { return a.begin < b.begin; });
}

}  // namespace

Entities extract_entities(std::string_view text) {
    const PlaceGazetteer& gazetteer = PlaceGazetteer::instance();
    const std::vector<text::Token> tokens = text::tokenize(text);  // read by both, made once
    const std::vector<PlaceMatch> places = gazetteer.find(text, tokens);
    PersonFinderResult found = PersonFinder::instance().find(text, places, tokens);
    const std::vector<TaggedName> tagged = NameTagger::instance().tag(text, {places, found});
    std::vector<EntityMention> tagged_places;
    std::vector<std::size_t> lone_words;  // tagger-only one-word people without a cue of their own
    add_tagged_names(text, tagged, gazetteer, places, found, found.place_kept, found.people, tagged_places, lone_words);
    drop_non_people(text, tagged, found.people);
    fold_surnames(found.people);
    found.people.erase(std::remove_if(found.people.begin(), found.people.end(),
                                      [&](const PersonMention& m) {
                                          return m.canonical.find(' ') == std::string::npos &&
                                                 std::find(lone_words.begin(), lone_words.end(), m.begin) != lone_words.end();
                                      }),
                       found.people.end());
    surnames_are_people(text, places, found.place_begin, found.place_kept, found.people);

    Entities out;
    out.mentions.reserve(places.size() + found.people.size() + tagged_places.size());
    for (auto& person : found.people)
        out.mentions.push_back({person.begin, person.end, EntityType::Person, std::move(person.canonical)});
    std::vector<const PlaceMatch*> kept, seats;
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (!found.place_kept[i]) continue;
        const PlaceMatch& p = places[i];
        if (p.kind == PlaceKind::Seat) {
            seats.push_back(&p);
            continue;
        }
        const std::size_t begin = found.place_begin[i];
        // People win any overlap left.
        const bool person_there = std::any_of(found.people.begin(), found.people.end(), [&](const PersonMention& m) {
            return overlaps(m.begin, m.end, begin, p.end);
        });
        if (person_there) continue;
        kept.push_back(&p);
        out.mentions.push_back({begin, p.end, EntityType::Place, p.canonical});
    }
    for (auto& m : tagged_places) {
        const bool taken = std::any_of(out.mentions.begin(), out.mentions.end(), [&](const EntityMention& x) {
            return overlaps(x.begin, x.end, m.begin, m.end);
        });
        if (!taken) out.mentions.push_back(std::move(m));
    }
    std::sort(out.mentions.begin(), out.mentions.end(),
              [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });

    std::vector<std::string> people_in_order, places_in_order;
    for (const auto& m : out.mentions)
        (m.type == EntityType::Person ? people_in_order : places_in_order).push_back(m.canonical);
    out.people = by_mentions(people_in_order);
    out.places = by_mentions(places_in_order);

    // Countries of the cities and regions named, when the text does not name the
    // country; the cities of seats of power and their countries likewise.
    const std::unordered_set<std::string> named(out.places.begin(), out.places.end());
    std::unordered_set<std::string> implied;
    auto imply = [&](const std::string& place) {
        if (place.empty() || named.count(place) || !implied.insert(place).second) return;
        out.implied_places.push_back(place);
    };
    for (const PlaceMatch* p : kept)
        if (p->kind == PlaceKind::City || p->kind == PlaceKind::Region) imply(p->country);
    for (const PlaceMatch* seat : seats) {
        imply(seat->country);
        if (auto country = gazetteer.country_of(seat->country)) imply(*country);
    }
    return out;
}

std::string canonical_place_name(std::string_view name) {
    return PlaceGazetteer::instance().canonical_name(name).value_or(std::string());
}

}  // namespace newsdex
