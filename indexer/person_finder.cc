// PersonFinder: rules over capitalised word sequences, in stages.
//
// The text is cut into name tokens (indexer/name_tokens.h); maximal runs of
// capitalised words (with name particles such as "von der" or "bin" inside) are
// the candidates. Organisations are recognised by their first or last word or
// the firm list, titles are cut off the front, and each remaining name gathers
// its evidence (a given name, an initial, a title or role before it, a reporting
// verb after it, an apposition or an age). One judge turns the evidence into a
// verdict. Accepted full names then lend their parts as aliases, so "Mr Xi",
// "President Putin" and a headline's "PUTIN" resolve. Last, the places the
// gazetteer found are weighed against the same context.
//
// The word lists the rules consult are data: indexer/data/person_word_lists.txt
// and the other lists people.cmake embeds.
#include "indexer/person_finder.h"

#include "indexer/name_tokens.h"
#include "indexer/word_numbers.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

// The word lists, generated at build time by indexer/data/people.cmake from the
// files in indexer/data/.
#include "person_names.inc"

namespace newsdex {

namespace {

// A word list: looked up for nearly every word of every article, so in
// WordNumbers' flat table rather than a node-based std::unordered_set.
class WordSet {
public:
    void insert(std::string_view word) { words_.insert(word); }
    std::size_t count(std::string_view word) const { return words_.find(word) != WordNumbers::kNone; }
    auto begin() const { return words_.words().begin(); }
    auto end() const { return words_.words().end(); }

private:
    WordNumbers words_;
};
using Token = NameToken;

// One word list per line of a list file; "#" starts a comment line.
void add_lines(WordSet& set, const char* text) {
    std::string_view rest(text);
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (!line.empty() && line.front() != '#') set.insert(line);
    }
}

// The lists of person_word_lists.txt by name: "[name]" starts a list, words
// follow separated by spaces or line breaks, "#" starts a comment line.
std::unordered_map<std::string_view, WordSet> read_word_lists(std::string_view text) {
    std::unordered_map<std::string_view, WordSet> lists;
    WordSet* current = nullptr;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (!line.empty() && line.front() == '#') continue;
        if (!line.empty() && line.front() == '[' && line.back() == ']') {
            current = &lists[line.substr(1, line.size() - 2)];
            continue;
        }
        for (std::size_t i = 0; i < line.size();) {
            const auto space = line.find_first_of(" \t\r", i);
            const std::size_t end = space == std::string_view::npos ? line.size() : space;
            if (end > i) {
                if (!current) throw std::logic_error("person_word_lists.txt: a word before the first [list]");
                current->insert(line.substr(i, end - i));
            }
            i = end + 1;
        }
    }
    return lists;
}

}  // namespace

// ---------------------------------------------------------------- tables

struct PersonFinder::Tables {
    WordSet given, family, offices, non_person_before, non_person_after, plural_verbs;
    // From person_word_lists.txt; the file's comments say what each list is for.
    WordSet titles, honorifics, royal_titles, roles, adjective_roles, speech, strong_speech, action,
        person_modifiers, club_verbs, compass, particles, org_ends, org_starts, company_words, never, sentence_words;
    // Firm names (firms.txt) as folded word keys: "morgan stanley", "moody 's".
    std::unordered_set<std::string> firms;
    // Every firm key and each of its beginnings that ends before a space ("morgan"
    // for "morgan stanley"): a run of words that is none of these begins no firm.
    WordSet firm_beginnings;
    WordNumbers cue_words;
    std::vector<unsigned> cues;  // by the word's number in cue_words: its WordCue bits, from the lists above
    std::size_t firm_words = 0;  // the most words in one firm name
};

namespace {

// The key of a run of words for the firm table: folded words joined by spaces,
// a possessive as its own word "'s"; "&" and "and" between words are left out.
void append_firm_word(std::string& key, const Token& t) {
    if (!key.empty()) key += ' ';
    key += t.lower_text;
    if (t.possessive) key += " 's";
}

void add_firms(PersonFinder::Tables& t, const char* text) {
    WordSet lines;
    add_lines(lines, text);
    for (std::string_view line : lines) {
        std::string key;
        std::size_t words = 0;
        for (const Token& tok : name_tokens(line)) {
            if (!tok.word || tok.lower_text == "and") continue;
            append_firm_word(key, tok);
            ++words;
        }
        if (key.empty()) continue;
        t.firms.insert(key);
        for (std::size_t space = key.find(' '); space != std::string::npos; space = key.find(' ', space + 1))
            t.firm_beginnings.insert(std::string_view(key).substr(0, space));
        t.firm_beginnings.insert(key);
        t.firm_words = std::max(t.firm_words, words);
    }
}

void add_contexts(PersonFinder::Tables& t, const char* text) {
    WordSet lines;
    add_lines(lines, text);
    for (std::string_view line : lines) {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        const std::string_view kind = line.substr(0, tab);
        (kind == "before" ? t.non_person_before : kind == "after" ? t.non_person_after : t.plural_verbs)
            .insert(line.substr(tab + 1));
    }
}

void add_word_lists(PersonFinder::Tables& t, const char* text) {
    auto lists = read_word_lists(text);
    auto take = [&](std::string_view name, WordSet& into) {
        const auto it = lists.find(name);
        if (it == lists.end()) throw std::logic_error("person_word_lists.txt has no [" + std::string(name) + "]");
        into = std::move(it->second);
    };
    take("titles", t.titles);
    take("honorifics", t.honorifics);
    take("royal_titles", t.royal_titles);
    take("role_nouns", t.roles);
    take("adjective_roles", t.adjective_roles);
    take("speech_verbs", t.speech);
    take("strong_speech_verbs", t.strong_speech);
    take("action_verbs", t.action);
    take("person_modifiers", t.person_modifiers);
    take("club_verbs", t.club_verbs);
    take("compass_words", t.compass);
    take("name_particles", t.particles);
    take("organisation_ends", t.org_ends);
    take("organisation_starts", t.org_starts);
    take("company_words", t.company_words);
    take("never_names", t.never);
    take("sentence_words", t.sentence_words);
}

}  // namespace

PersonFinder::PersonFinder() : tables_(nullptr) {
    auto* t = new Tables();
    add_lines(t->given, person_data::kFirstNames);
    add_lines(t->family, person_data::kFamilyNames);
    add_lines(t->offices, person_data::kOfficeWords);
    add_firms(*t, person_data::kFirms);
    add_contexts(*t, person_data::kNotPersonContexts);
    add_word_lists(*t, person_data::kWordLists);
    for (const auto& [set, cue] : {std::pair{&t->titles, kTitleCue}, {&t->roles, kRoleCue}, {&t->speech, kSpeechCue},
                                   {&t->org_ends, kOrgEndCue}, {&t->offices, kOfficeCue}, {&t->never, kNeverCue}})
        for (std::string_view w : *set) {
            const auto [number, fresh] = t->cue_words.insert(w);
            if (fresh) t->cues.push_back(0);
            t->cues[number] |= cue;
        }
    tables_ = t;  // lives as long as the process, like the instance
}

const PersonFinder& PersonFinder::instance() {
    static const PersonFinder finder;
    return finder;
}

bool PersonFinder::is_given_name(std::string_view word) const { return tables_->given.count(word) > 0; }

bool PersonFinder::marks_non_person_before(std::string_view w) const { return tables_->non_person_before.count(w) > 0; }
bool PersonFinder::marks_non_person_after(std::string_view w) const { return tables_->non_person_after.count(w) > 0; }
bool PersonFinder::is_plural_verb(std::string_view w) const { return tables_->plural_verbs.count(w) > 0; }

unsigned PersonFinder::cues_of(std::string_view w) const {
    const std::uint32_t number = tables_->cue_words.find(w);
    return number == WordNumbers::kNone ? 0 : tables_->cues[number];
}

// ---------------------------------------------------------------- finding

namespace {

struct Candidate {
    std::size_t first;      // token index of the first name word
    std::size_t last;       // token index of the last name word (inclusive)
    std::size_t seq_first;  // the whole capitalised run, titles included
    std::size_t seq_last;
    bool titled = false;    // a title or role stood before the name
    bool honorific = false; // a capitalised honorific ("Mr", "President") did: outranks a place
    bool given = false;     // begins with a given name or an initial
    bool family = false;    // family-name-first form ("Xi Jinping")
    bool speech = false;    // a reporting verb follows ("X said") or precedes ("said X")
    bool strong_speech = false;  // one of said/told/added/... (not "was", "has")
    bool action = false;    // an action verb follows
    bool apposition = false;// ", the Russian president," / ", 45,"
    bool age = false;       // ", 45,": only people have an age, even when a place shares the name
    bool country_paren = false;  // "Goran Ivanisevic (Croatia)"
    bool sport = false;     // a sports-table pattern: bowler, scorer, pitcher
    bool modifier = false;  // "the Clinton administration"
    bool listed = false;    // in a comma list of accepted people
    bool place = false;     // exactly a gazetteer place
    bool place_inside = false;   // contains a gazetteer place
    bool headline = false;  // in an all-caps or title-case headline line
    bool common = false;    // single ordinary word
    bool office = false;    // single title, role or office word ("Chairman", "Treasury"): never a person alone
    bool organisation_word = false;  // single word of an organisation the article names ("Moody" beside "Moody's")
    bool accepted = false;
    std::string known_as;   // "Prince Harry" for a royal title and a lone name; else empty
    std::size_t name_words = 0;  // capitalised words in the name
    std::string text;       // the name as written, title excluded
};

// The words one article writes in lower case: a flat open-addressing table of
// views, sized once for the article's tokens. A std::unordered_set allocated a
// node per word and was 40% of PersonMatcher's set-up (callgrind, BBC); the
// rules ask it only about a few candidate words.
class LowerWords {
public:
    explicit LowerWords(std::size_t most_words) {
        std::size_t slots = 16;
        while (slots < most_words * 2) slots *= 2;
        for (std::size_t n = slots; n > 1; n >>= 1) --shift_;
        slots_.resize(slots);  // a null view is an empty slot (a word's view never is)
    }
    void insert(std::string_view word) {
        std::size_t at = slot_of(word);
        while (slots_[at].data() && slots_[at] != word) at = (at + 1) & (slots_.size() - 1);
        slots_[at] = word;
    }
    std::size_t count(std::string_view word) const {
        for (std::size_t at = slot_of(word); slots_[at].data(); at = (at + 1) & (slots_.size() - 1))
            if (slots_[at] == word) return 1;
        return 0;
    }

private:
    std::size_t slot_of(std::string_view word) const {
        return static_cast<std::size_t>((fnv1a(word) * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    std::vector<std::string_view> slots_;  // a power of two, at most half full
    unsigned shift_ = 64;
};

struct Doc {
    std::string_view text;
    const std::vector<Token>& toks;
    const PersonFinder::Tables& lists;
    LowerWords lower_words;  // views into toks


    std::string_view word(std::size_t k) const { return text.substr(toks[k].begin, toks[k].end - toks[k].begin); }
    bool is(std::size_t k, const WordSet& set) const { return toks[k].word && set.count(toks[k].lower_text) > 0; }
    bool punct(std::size_t k, char c) const { return !toks[k].word && text[toks[k].begin] == c; }
    bool same_line_adjacent(std::size_t a, std::size_t b) const {
        // b directly follows a, separated only by spaces (no line break).
        return !toks[b].newline_before && toks[b].begin >= toks[a].end &&
               toks[b].begin - toks[a].end <= 2;
    }
};

bool name_word(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    if (!t.word || t.digit) return false;
    if (t.cap) {
        if (t.all_caps && !t.initial) return false;  // headline capitals, acronyms, "U.S."
        // An acronym's plural: "MPs", "CDs", "NGOs".
        const std::string_view w = d.word(k);
        if (w.size() >= 3 && w.back() == 's' &&
            std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; }))
            return false;

        return true;
    }
    // "al-Assad", "el-Sisi", "bin-Laden": a lower-case prefix joined to a capital.
    const std::string_view w = d.word(k);
    const auto dash = w.find('-');
    if (dash != std::string_view::npos && dash <= 3 && dash + 1 < w.size() &&
        d.lists.particles.count(w.substr(0, dash)) && std::isupper(static_cast<unsigned char>(w[dash + 1])))
        return true;
    return false;
}

bool headline_word(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    return t.word && t.all_caps && !t.dotted;
}

// "Director-General" -> "general"? No: the head of a hyphenated title is its first part
// when that is a title ("Secretary-General" is listed whole; "Vice-Premier" -> "vice").
std::string_view title_head(std::string_view w) {
    const auto dash = w.find('-');
    return dash == std::string_view::npos ? w : w.substr(0, dash);
}

bool is_title(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    if (!t.word || d.lists.given.count(d.word(k))) return false;
    if (d.lists.titles.count(t.lower_text)) return true;
    const auto dash = t.lower_text.find('-');
    if (dash == std::string::npos) return false;
    return d.lists.titles.count(std::string_view(t.lower_text).substr(0, dash)) ||
           d.lists.titles.count(std::string_view(t.lower_text).substr(dash + 1));
}

// Whether the role noun at `p` heads its phrase ("the Russian president,", "a
// lawyer who", "composer best known for") rather than modifying the word that
// ends the phrase ("international law and", "official figures."), where it says
// nothing about a person.
bool role_heads_phrase(const Doc& d, std::size_t p) {
    const auto& toks = d.toks;
    const std::size_t n = p + 1;
    if (n >= toks.size() || !toks[n].word || toks[n].cap || toks[n].newline_before) return true;
    if (d.lists.never.count(toks[n].lower_text) || d.lists.speech.count(toks[n].lower_text)) return true;
    if (d.lists.adjective_roles.count(toks[p].lower_text)) return false;  // "official data showed"
    const std::size_t after = n + 1;
    const bool phrase_ends = after >= toks.size() || !toks[after].word || toks[after].newline_before ||
                             toks[after].lower_text == "and" || toks[after].lower_text == "or";
    return !phrase_ends;
}

// Is `k` the start of an apposition: ", the Russian president," / ", 45," / ", who".
// Is `k` the start of an age: ", 45," / ", 45)".
bool age_after(const Doc& d, std::size_t k) {
    const auto& toks = d.toks;
    if (k + 2 >= toks.size() || !d.punct(k, ',')) return false;
    const std::size_t p = k + 1;
    return toks[p].digit && (d.punct(p + 1, ',') || d.punct(p + 1, ')')) && d.word(p).size() <= 3;
}

bool apposition_after(const Doc& d, std::size_t k) {
    const auto& toks = d.toks;
    if (k >= toks.size() || !d.punct(k, ',')) return false;
    std::size_t p = k + 1;
    if (p >= toks.size()) return false;
    if (age_after(d, k)) return true;
    if (toks[p].word && (toks[p].lower_text == "who" || toks[p].lower_text == "whose")) return true;
    // Up to six words, the first maybe an article, one of them a role noun, all before the next comma.
    for (int n = 0; n < 7 && p < toks.size(); ++n, ++p) {
        if (!toks[p].word) {
            if (d.text[toks[p].begin] == '-') continue;
            return false;
        }
        if (d.lists.roles.count(toks[p].lower_text) && !toks[p].cap && role_heads_phrase(d, p)) return true;
        if (toks[p].lower_text == "of" || toks[p].lower_text == "and") return false;
    }
    return false;
}

// The last token of a firm name (firms.txt) that starts at token `a`, or `a` - 1
// when none does: "Morgan Stanley", "Standard & Poor's", "Moody's".
std::size_t firm_end(const Doc& d, std::size_t a) {
    const auto& toks = d.toks;
    std::string key;
    std::size_t found = a - 1, words = 0;
    for (std::size_t q = a; q < toks.size() && words < d.lists.firm_words; ++q) {
        if (q > a && toks[q].newline_before) break;
        if (!toks[q].word) {
            if (d.punct(q, '&') || d.punct(q, '.')) continue;
            break;
        }
        if (q > a && toks[q].lower_text == "and") continue;
        append_firm_word(key, toks[q]);
        ++words;
        if (d.lists.firms.count(key)) found = q;
        if (toks[q].possessive) {
            key.resize(key.size() - 3);  // "Moody's Investors Service": the key goes on without 's
            if (d.lists.firms.count(key) && found != q) found = q;
            key += " 's";
        }
        // Every key from here on begins with this one. Most runs stop at their
        // first word: firm_end was a third of find_candidates' instructions.
        if (!d.lists.firm_beginnings.count(key)) break;
    }
    return found;
}

// A candidate's judgement: Person is accepted; the others differ only in why not
// (a later stage may still take an Unproven name in a list of people, and any
// candidate may resolve to a full name the article gives).
enum class Verdict { Person, NotPerson, Unproven };

// Where the name lies in a run of capitalised words once titles and ordinary
// words are cut: "Russian President [Vladimir Putin]".
struct NameSpan {
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t title_word = 0;  // the last title cut off, if any
    bool titled = false;
    bool honorific = false;
};

// Case-insensitive key; keeps non-ASCII letters (ICU case folding is not needed
// for the headline capitals of the names seen in running text: "PUTIN").
std::string fold_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        UChar32 c;
        int32_t pos = static_cast<int32_t>(i);
        U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
        const UChar32 l = c >= 0 ? u_tolower(c) : c;
        if (l >= 0) {
            char buf[4];
            int32_t n = 0;
            UBool err = false;
            (void)err;
            U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, l, err);
            out.append(buf, static_cast<std::size_t>(n));
        }
        i = static_cast<std::size_t>(pos);
    }
    return out;
}

// The full names of an article and the shorter forms that point at them:
// "Putin", "Lula da Silva", "Xi" (a family name written first).
class AliasTable {
public:
    bool empty() const { return aliases_.empty(); }

    void add(const std::string& key, std::size_t pos, const std::string* canonical) {
        auto& targets = aliases_[key];
        for (const auto& x : targets)
            if (*x.canonical == *canonical) return;
        targets.push_back({pos, canonical});
    }

    // Registers a full name; false when it is a shorter form of a longer name
    // already registered (then it points at that one).
    bool add_full_name(const std::string& key, const std::string* canonical) {
        const auto it = aliases_.find(key);
        if (it != aliases_.end()) {
            canonical_of_.emplace(key, it->second.front().canonical);
            return false;
        }
        canonical_of_.emplace(key, canonical);
        return true;
    }

    // The canonical name of a full name as written, or null.
    const std::string* canonical_of(std::string_view surface) const {
        const auto it = canonical_of_.find(fold_key(surface));
        return it == canonical_of_.end() ? nullptr : it->second;
    }

    // The full name a surface form at byte `pos` stands for: the nearest one given
    // before it; else the first one; null when none.
    const std::string* resolve(std::string_view surface, std::size_t pos) const {
        const auto it = aliases_.find(fold_key(surface));
        if (it == aliases_.end()) return nullptr;
        const std::string* best = nullptr;
        std::size_t best_pos = 0;
        for (const auto& x : it->second)
            if (x.pos <= pos && (!best || x.pos >= best_pos)) {
                best = x.canonical;
                best_pos = x.pos;
            }
        return best ? best : it->second.front().canonical;
    }

private:
    struct Target {
        std::size_t pos;  // where the full name is first given
        const std::string* canonical;
    };
    std::unordered_map<std::string, std::vector<Target>> aliases_;
    std::unordered_map<std::string, const std::string*> canonical_of_;  // folded full name -> canonical
};

// One article's search for people: the stages run in order by run().
class PersonMatcher {
public:
    PersonMatcher(std::string_view text, const std::vector<PlaceMatch>& places, const PersonFinder::Tables& tables,
                  const std::vector<text::Token>& tokens);
    PersonFinderResult run();

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    // Context of the whole text.
    void map_places();
    void mark_headline_lines();

    // Stage 1, candidates: runs of name words, organisations set aside, titles cut.
    void find_candidates();
    std::size_t run_end(std::size_t a) const;
    bool titled_person_ends_run(std::size_t a, std::size_t b) const;
    std::size_t organisation_end(std::size_t a, std::size_t b) const;
    bool is_company(std::size_t a, std::size_t b, std::size_t org_last) const;
    NameSpan cut_titles(std::size_t a, std::size_t b) const;
    bool trim_to_name(std::size_t a, std::size_t b, NameSpan* span) const;
    Candidate make_candidate(std::size_t a, std::size_t b, const NameSpan& span) const;

    // Stage 2, evidence about each candidate.
    void mark_organisation_words();
    void weigh_words_before(Candidate& c) const;
    void weigh_words_after(Candidate& c) const;
    void weigh_sports_context(Candidate& c) const;
    void weigh_places(Candidate& c) const;

    // Stage 3, the verdict; and names in a list between accepted people.
    Verdict judge(const Candidate& c) const;
    void accept_names_listed_with_people();

    // Stage 4, aliases; stage 5, mentions (headline capitals too).
    AliasTable build_aliases() const;
    std::vector<PersonMention> candidate_mentions(const AliasTable& aliases) const;
    void add_headline_mentions(const AliasTable& aliases, std::vector<PersonMention>* mentions) const;

    // Last, which places survive the context.
    void weigh_places_in_context(PersonFinderResult& result) const;
    bool place_fits_context(std::size_t k, std::size_t last, const PlaceMatch& place,
                            const std::vector<PersonMention>& people) const;

    const std::string_view text_;
    const std::vector<PlaceMatch>& places_;
    const PersonFinder::Tables& lists_;
    const std::vector<Token> toks_;
    Doc d_;
    bool sports_report_ = false;            // several scores ("6-3", "2-1") in the text
    std::vector<int> place_at_token_;       // token -> index of the place covering it, or -1
    std::vector<bool> headline_;            // token -> on an all-caps or title-case line
    std::vector<Candidate> cands_;
    std::vector<std::pair<std::size_t, std::size_t>> org_runs_;  // token ranges of organisations
    std::vector<std::pair<std::size_t, std::size_t>> company_runs_;  // of those, the companies
};

PersonMatcher::PersonMatcher(std::string_view text, const std::vector<PlaceMatch>& places,
                             const PersonFinder::Tables& tables, const std::vector<text::Token>& tokens)
    : text_(text), places_(places), lists_(tables), toks_(name_tokens(text, tokens)), d_{text, toks_, tables, LowerWords(toks_.size())} {
    for (const auto& t : toks_)
        if (t.word && t.lower && !t.digit) d_.lower_words.insert(t.lower_text);
    int scores = 0;
    for (const auto& t : toks_)
        if (t.digit && t.end - t.begin <= 5 && text.substr(t.begin, t.end - t.begin).find('-') != std::string_view::npos)
            ++scores;
    sports_report_ = scores >= 3;
    map_places();
    mark_headline_lines();
}

PersonFinderResult PersonMatcher::run() {
    find_candidates();
    mark_organisation_words();
    for (auto& c : cands_) c.accepted = judge(c) == Verdict::Person;
    accept_names_listed_with_people();
    const AliasTable aliases = build_aliases();
    std::vector<PersonMention> mentions = candidate_mentions(aliases);
    add_headline_mentions(aliases, &mentions);
    std::sort(mentions.begin(), mentions.end(),
              [](const PersonMention& x, const PersonMention& y) { return x.begin < y.begin; });
    PersonFinderResult result;
    for (auto& m : mentions) {  // of overlapping mentions the earlier, longer one stays
        if (!result.people.empty() && m.begin < result.people.back().end) continue;
        result.people.push_back(std::move(m));
    }
    weigh_places_in_context(result);
    return result;
}

void PersonMatcher::map_places() {
    place_at_token_.assign(toks_.size(), -1);
    std::size_t k = 0;
    for (std::size_t p = 0; p < places_.size(); ++p) {
        while (k < toks_.size() && toks_[k].end <= places_[p].begin) ++k;
        for (std::size_t q = k; q < toks_.size() && toks_[q].begin < places_[p].end; ++q)
            place_at_token_[q] = static_cast<int>(p);
    }
}

// Headline lines: mostly capitals (all-caps or title case).
void PersonMatcher::mark_headline_lines() {
    headline_.assign(toks_.size(), false);
    std::size_t line_start = 0;
    for (std::size_t k = 0; k <= toks_.size(); ++k) {
        if (k < toks_.size() && !(k > line_start && toks_[k].newline_before)) continue;
        int words = 0, caps = 0, upper = 0;
        for (std::size_t q = line_start; q < k; ++q) {
            if (!toks_[q].word || toks_[q].digit) continue;
            ++words;
            if (toks_[q].all_caps) ++upper;
            if (toks_[q].cap && (d_.word(q).size() > 3 || toks_[q].all_caps)) ++caps;
            else if (toks_[q].lower && d_.word(q).size() > 3) --caps;
        }
        const bool is_headline = (words >= 2 && upper * 10 >= words * 6) || (words >= 5 && caps * 10 >= words * 8);
        for (std::size_t q = line_start; q < k; ++q) headline_[q] = is_headline;
        line_start = k;
    }
}

// ---------------------------------------------------------------- stage 1: candidates

void PersonMatcher::find_candidates() {
    for (std::size_t k = 0; k < toks_.size();) {
        if (!name_word(d_, k)) {
            ++k;
            continue;
        }
        const std::size_t a = k, b = run_end(k);
        k = b + 1;
        if (const std::size_t org_last = organisation_end(a, b); org_last != kNone) {
            org_runs_.emplace_back(a, org_last);
            if (is_company(a, b, org_last)) company_runs_.emplace_back(a, org_last);
            k = org_last + 1;
            continue;
        }
        NameSpan span = cut_titles(a, b);
        if (!trim_to_name(a, b, &span)) continue;
        // "Foreign Secretary", "European Community": a name never ends in an office word.
        if (span.last > span.first && lists_.offices.count(toks_[span.last].lower_text)) {
            std::size_t name_words = 0;
            for (std::size_t q = span.first; q <= span.last; ++q) name_words += name_word(d_, q);
            if (name_words >= 2) continue;
        }
        cands_.push_back(make_candidate(a, b, span));
    }
}

// The last token of the maximal run of name words from `a` (particles inside:
// "von der", "bin", "da" — only between capitalised words).
std::size_t PersonMatcher::run_end(std::size_t a) const {
    std::size_t b = a;
    while (!toks_[b].possessive && b + 1 < toks_.size()) {
        const std::size_t n = b + 1;
        if (!d_.same_line_adjacent(b, n)) break;
        if (name_word(d_, n)) {
            b = n;
            continue;
        }
        std::size_t q = n;
        while (q < toks_.size() && toks_[q].word && toks_[q].lower && lists_.particles.count(d_.word(q)) &&
               d_.same_line_adjacent(q - 1, q) && q - n < 3)
            ++q;
        if (q > n && q < toks_.size() && d_.same_line_adjacent(q - 1, q) && name_word(d_, q) &&
            !lists_.never.count(toks_[q].lower_text)) {
            b = q;
            continue;
        }
        break;
    }
    return b;
}

// "United Nations Secretary-General António Guterres": an organisation's or a
// country's name, a title, then a full name beginning with a given name is the
// person with their office, not the organisation; so is a title that is also an
// organisation's first word ("General Anatoly Shkirko", not "General Motors").
// The same after "of": "(Secretary of) State James Baker".
bool PersonMatcher::titled_person_ends_run(std::size_t a, std::size_t b) const {
    const std::string& last_word = toks_[b].lower_text;
    if (lists_.org_ends.count(last_word)) return false;
    // The run's own first word counts only as an honorific: "St Bryce Kirk",
    // "World Junior Tennis" stay names of things.
    for (std::size_t q = a; q + 2 <= b; ++q)
        if (is_title(d_, q) && lists_.given.count(d_.word(q + 1)) &&
            (q > a || lists_.honorifics.count(title_head(toks_[q].lower_text))))
            return true;
    return a > 0 && a + 2 <= b && toks_[a - 1].word && toks_[a - 1].lower_text == "of" && is_title(d_, a) &&
           lists_.given.count(d_.word(a + 1));
}

// The last token of the organisation, firm, club or event the run [a, b] is (or
// begins), or kNone when it is none.
std::size_t PersonMatcher::organisation_end(std::size_t a, std::size_t b) const {
    // A firm named like a person ("Morgan Stanley", "Dean Witter"), or a name
    // joined to another by "&" ("Procter & Gamble", "Dean Witter, Discover & Co").
    if (const std::size_t firm_last = firm_end(d_, a); firm_last + 1 > a) return std::max(firm_last, b);
    if ((a > 0 && d_.punct(a - 1, '&') && d_.same_line_adjacent(a - 1, a)) ||
        (b + 1 < toks_.size() && d_.punct(b + 1, '&') && d_.same_line_adjacent(b, b + 1)))
        return b;
    const std::string& last_word = toks_[b].lower_text;
    const bool titled_person_at_end = titled_person_ends_run(a, b);
    bool org = b > a && lists_.org_ends.count(last_word);
    // An organisation's first word opening a sentence that the article also writes
    // in lower case is that common word: "As Lord Woolf said" (not "AS Roma").
    const bool common_opening = toks_[a].sentence_start && d_.lower_words.count(toks_[a].lower_text) > 0;
    if (b > a && lists_.org_starts.count(toks_[a].lower_text) && !lists_.given.count(d_.word(a)) && !titled_person_at_end &&
        !common_opening) {
        // "New Yorker Dick Morris": two or more words of an organisation or a
        // description end where a given name outside any place begins the run's
        // last two or more words ("San Francisco Ballet", "St Bryce Kirk" stay whole).
        if (!org)
            for (std::size_t q = a + 2; q < b; ++q)
                if (lists_.given.count(d_.word(q)) && !is_title(d_, q) && place_at_token_[q] < 0) return q - 1;
        org = true;
    }
    // "Bank of England", "University of Texas": an org word followed by "of".
    if (b + 2 < toks_.size() && toks_[b + 1].word && toks_[b + 1].lower_text == "of" && lists_.org_ends.count(last_word) &&
        name_word(d_, b + 2)) {
        // It ends before a title and a name: "Reserve Bank of India | Governor
        // Chakravarty Rangarajan" is an organisation, then a person.
        auto titled_name_at = [&](std::size_t q) {
            return is_title(d_, q) && q + 1 < toks_.size() && d_.same_line_adjacent(q, q + 1) && name_word(d_, q + 1);
        };
        std::size_t e = b + 2;
        while (e + 1 < toks_.size() && d_.same_line_adjacent(e, e + 1) && name_word(d_, e + 1) && !titled_name_at(e + 1))
            ++e;
        return e;
    }
    // "Washington Redskins", "New York Yankees": a place and a plural.
    if (b > a && place_at_token_[b] < 0 && place_at_token_[a] >= 0 && last_word.size() >= 4 && last_word.back() == 's' &&
        !toks_[b].possessive && !lists_.given.count(d_.word(a)) && !titled_person_at_end)
        org = true;
    return org ? b : kNone;
}

// Whether the organisation [a, org_last] found for the run [a, b] is a company:
// the firm list's, joined by "&", or ending in a company word. (Other runs may
// be wrong about a person inside: "House Speaker Newt Gingrich", "Bob Dole
// Wednesday"; their words say nothing about the article's other mentions.)
bool PersonMatcher::is_company(std::size_t a, std::size_t b, std::size_t org_last) const {
    if (firm_end(d_, a) + 1 > a) return true;
    if ((a > 0 && d_.punct(a - 1, '&')) || (b + 1 < toks_.size() && d_.punct(b + 1, '&'))) return true;
    return lists_.company_words.count(toks_[org_last].lower_text) > 0;
}

// Cuts everything up to the last title ("Russian President Vladimir Putin",
// "Lands Minister Luminzu Shimaponda").
NameSpan PersonMatcher::cut_titles(std::size_t a, std::size_t b) const {
    NameSpan span;
    span.first = a;
    span.title_word = b;
    // A role noun or a "Brazilian-born", "ex-Yankee" before a given name is a
    // title too: "Fullback Andre Joubert", "ex-Yankee Randy Velarde".
    // A "-born" word is cut before any name: "New York-born Aguilera".
    auto role_before_given = [&](std::size_t q) {
        if (q + 1 > b || lists_.given.count(d_.word(q))) return false;
        const std::string& lw = toks_[q].lower_text;
        if (lw.size() > 5 && lw.compare(lw.size() - 5, 5, "-born") == 0) return true;
        if (!lists_.given.count(d_.word(q + 1))) return false;
        return lists_.roles.count(lw) > 0 || lw.rfind("ex-", 0) == 0;
    };
    for (std::size_t q = a; q < b; ++q) {
        if (!is_title(d_, q) && !role_before_given(q)) continue;
        // A title counts only when it is not a surname ("John Major").
        if (q > a && lists_.given.count(d_.word(q - 1)) && !is_title(d_, q - 1)) continue;
        span.first = q + 1;
        span.titled = true;
        span.honorific = toks_[q].cap && lists_.honorifics.count(title_head(toks_[q].lower_text)) > 0;
        span.title_word = q;
    }
    return span;
}

// Cuts ordinary and office words off the name's ends; false when no name is left
// or an ordinary word sits inside it.
bool PersonMatcher::trim_to_name(std::size_t a, std::size_t b, NameSpan* span) const {
    auto never_word = [&](std::size_t q) { return lists_.never.count(toks_[q].lower_text) && !lists_.given.count(d_.word(q)); };
    std::size_t& first = span->first;
    while (first <= b && !lists_.given.count(d_.word(first)) &&
           (lists_.never.count(toks_[first].lower_text) ||
            (toks_[first].sentence_start && (lists_.sentence_words.count(toks_[first].lower_text) ||
                                             d_.lower_words.count(toks_[first].lower_text)))))
        ++first;  // "The", "But", nationalities, days
    while (first <= b && !name_word(d_, first)) ++first;
    // Office words before a name are a title too: "(Chancellor of the) Exchequer
    // Nigel Lawson", "Treasury Secretary ...". After "of", everything before the
    // first given name is the office: "Secretary of State James Baker".
    while (first < b && lists_.offices.count(toks_[first].lower_text) && !lists_.given.count(d_.word(first))) {
        ++first;
        span->titled = true;
    }
    std::size_t before = a;
    if (before > 0 && toks_[before - 1].word && toks_[before - 1].lower_text == "the") --before;
    if (before > 0 && toks_[before - 1].word && toks_[before - 1].lower_text == "of" && !toks_[before - 1].cap) {
        for (std::size_t q = first + 1; q < b; ++q)
            if (lists_.given.count(d_.word(q)) && name_word(d_, q + 1)) {
                first = q;
                span->titled = true;
                break;
            }
    }
    if (first > b) return false;
    // Drop never-name words at the end ("Smith Jr" is kept).
    span->last = b;
    while (span->last > first && never_word(span->last)) --span->last;
    // A run with a never-name word inside is not a name; what follows the last
    // such word may be one if it starts with a given name ("Monday Bill Clinton").
    bool ordinary_inside = false;
    for (std::size_t q = first; q <= span->last; ++q) ordinary_inside |= never_word(q);
    if (ordinary_inside) {
        std::size_t q = span->last;
        while (q > first && !never_word(q - 1)) --q;
        if (q == first || !lists_.given.count(d_.word(q))) return false;
        first = q;
    }
    return true;
}

Candidate PersonMatcher::make_candidate(std::size_t a, std::size_t b, const NameSpan& span) const {
    Candidate c;
    c.seq_first = a;
    c.seq_last = b;
    c.first = span.first;
    c.last = span.last;
    c.titled = span.titled;
    c.honorific = span.honorific;
    for (std::size_t q = c.first; q <= c.last; ++q)
        if (name_word(d_, q)) ++c.name_words;
    c.text = std::string(text_.substr(toks_[c.first].begin, toks_[c.last].end - toks_[c.first].begin));
    if (!toks_[c.last].dotted && !c.text.empty() && c.text.back() == '.') c.text.pop_back();
    c.headline = headline_[c.first];
    if (span.titled && c.name_words == 1 && span.title_word + 1 == c.first && toks_[span.title_word].cap &&
        lists_.royal_titles.count(toks_[span.title_word].lower_text))
        c.known_as = std::string(d_.word(span.title_word)) + " " + c.text;
    weigh_words_before(c);
    weigh_words_after(c);
    weigh_sports_context(c);
    weigh_places(c);
    if (c.name_words == 1) {
        const std::string& lw = toks_[c.first].lower_text;
        c.common = d_.lower_words.count(lw) > 0 || lists_.never.count(lw) > 0 || lists_.sentence_words.count(lw) > 0;
        c.office = !lists_.given.count(d_.word(c.first)) &&
                   (lists_.offices.count(lw) || lists_.titles.count(lw) || lists_.roles.count(lw) || lists_.org_ends.count(lw));
    }
    return c;
}

// ---------------------------------------------------------------- stage 2: evidence

// A lone word that is part of an organisation the same article names is that
// organisation, wherever it stands: "Moody said" after "Moody's Investors
// Service", "Poor's said" after "Standard & Poor's", "Stanley" after "Morgan
// Stanley". (A surname of a full name the article gives still resolves to it.)
void PersonMatcher::mark_organisation_words() {
    if (company_runs_.empty()) return;
    std::unordered_set<std::string_view> words;
    for (const auto& [a, b] : company_runs_)
        for (std::size_t q = a; q <= b; ++q)
            if (name_word(d_, q)) words.insert(toks_[q].lower_text);
    for (auto& c : cands_)
        if (c.name_words == 1 && words.count(toks_[c.first].lower_text)) c.organisation_word = true;
}

// Evidence before the name: a title word or role noun (any case), given names.
void PersonMatcher::weigh_words_before(Candidate& c) const {
    if (!c.titled && c.first > 0) {
        const std::size_t p = c.first - 1;
        if (toks_[p].word && (lists_.roles.count(toks_[p].lower_text) || lists_.titles.count(toks_[p].lower_text)) &&
            !toks_[p].cap && d_.same_line_adjacent(p, c.first))
            c.titled = true;
        if (toks_[p].word && lists_.titles.count(toks_[p].lower_text) && toks_[p].cap && d_.same_line_adjacent(p, c.first))
            c.titled = true;
    }
    const std::string_view first_word = d_.word(c.first);
    c.given = lists_.given.count(first_word) > 0 || (toks_[c.first].initial && c.name_words >= 2);
    if (!c.given) {
        const auto dash = first_word.find('-');
        if (dash != std::string_view::npos && lists_.given.count(first_word.substr(0, dash)) && c.name_words >= 2)
            c.given = true;
    }
    c.family = lists_.family.count(first_word) > 0 && c.name_words >= 2 && c.name_words <= 3;
}

// Evidence after the name: a reporting or action verb, an apposition, a country
// in brackets, a word that belongs to a person ("the Clinton administration").
void PersonMatcher::weigh_words_after(Candidate& c) const {
    const std::size_t after = c.last + 1;
    if (after < toks_.size() && toks_[after].word && !toks_[after].newline_before && !toks_[after].cap) {
        const std::string& w = toks_[after].lower_text;
        c.speech = lists_.speech.count(w) > 0;
        c.strong_speech = lists_.strong_speech.count(w) > 0;
        c.action = lists_.action.count(w) > 0;
    }
    if (after < toks_.size() && apposition_after(d_, after)) c.apposition = true;
    c.age = age_after(d_, after);
    if (after + 2 < toks_.size() && d_.punct(after, '(') && place_at_token_[after + 1] >= 0) {
        std::size_t q = after + 1;
        while (q < toks_.size() && place_at_token_[q] == place_at_token_[after + 1]) ++q;
        // "Hearts (Scotland) 1": a score after it makes it a team.
        if (q < toks_.size() && d_.punct(q, ')') &&
            !(q + 1 < toks_.size() && toks_[q + 1].digit && d_.same_line_adjacent(q, q + 1)))
            c.country_paren = true;
    }
    if (after < toks_.size() && toks_[after].word && !toks_[after].cap && d_.same_line_adjacent(c.last, after) &&
        lists_.person_modifiers.count(toks_[after].lower_text))
        c.modifier = true;
    // "said Smith" at the end of a clause.
    if (c.first > 0 && toks_[c.first - 1].word && !toks_[c.first - 1].cap &&
        (toks_[c.first - 1].lower_text == "said" || toks_[c.first - 1].lower_text == "says") &&
        (after >= toks_.size() || !toks_[after].word))
        c.speech = c.strong_speech = true;
}

// Sports tables: "c Cork b Croft", "Mullally 37.1-7-97-3", "(Giuly 30th, Pires
// 35th)", "Neagle (14-6)".
void PersonMatcher::weigh_sports_context(Candidate& c) const {
    const std::size_t first = c.first, after = c.last + 1;
    if (first > 0 && toks_[first - 1].word && d_.same_line_adjacent(first - 1, first) &&
        (d_.word(first - 1) == "c" || d_.word(first - 1) == "b" || d_.word(first - 1) == "st"))
        c.sport = true;
    if (after < toks_.size() && toks_[after].digit && d_.same_line_adjacent(c.last, after)) {
        const std::string_view num = d_.word(after);
        const std::string_view suffix = num.size() >= 3 ? num.substr(num.size() - 2) : std::string_view();
        const bool ordinal = suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
        // Bowling figures "37.1-7-97-3": digits, periods and three dashes.
        int dashes = 0;
        for (std::size_t q = toks_[after].begin;
             q < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[q])) || text_[q] == '.' || text_[q] == '-');
             ++q)
            dashes += text_[q] == '-';
        const bool listed = first > 0 && (d_.punct(first - 1, '(') || d_.punct(first - 1, ',')) &&
                            after + 1 < toks_.size() && (d_.punct(after + 1, ',') || d_.punct(after + 1, ')'));
        if (ordinal || dashes >= 3 || listed) c.sport = true;
    }
    if (after + 2 < toks_.size() && d_.punct(after, '(') && toks_[after + 1].digit && d_.punct(after + 2, ')')) {
        const std::string_view record = d_.word(after + 1);
        if (std::count(record.begin(), record.end(), '-') == 1) c.sport = true;
    }
}

void PersonMatcher::weigh_places(Candidate& c) const {
    const int pa = place_at_token_[c.first];
    if (pa >= 0 && places_[pa].begin <= toks_[c.first].begin && places_[pa].end >= toks_[c.last].end &&
        place_at_token_[c.last] == pa)
        c.place = true;
    for (std::size_t q = c.first; q <= c.last; ++q)
        if (place_at_token_[q] >= 0) c.place_inside = true;
    // The apposition the other way round: "India's delegate, Chandni Raina, said".
    const std::size_t after = c.last + 1;
    if (!c.place_inside && c.name_words >= 2 && c.first >= 2 && d_.punct(c.first - 1, ',') &&
        toks_[c.first - 2].word && toks_[c.first - 2].lower && lists_.roles.count(toks_[c.first - 2].lower_text) &&
        after < toks_.size() && d_.punct(after, ','))
        c.apposition = true;
}

// ---------------------------------------------------------------- stage 3: verdict

Verdict PersonMatcher::judge(const Candidate& c) const {
    if (c.name_words >= 2) {
        if (c.name_words > 5) return Verdict::NotPerson;
        if (c.place && !c.honorific && !c.apposition) return Verdict::NotPerson;  // "New York", "San Francisco"
        if (c.given || c.titled || c.apposition || c.country_paren || c.sport) return Verdict::Person;
        if (c.family && !c.place_inside) return Verdict::Person;
        const bool known_lower = d_.lower_words.count(toks_[c.first].lower_text) > 0;
        if ((c.speech || c.action) && !c.place_inside && !c.headline && !known_lower) return Verdict::Person;
        return Verdict::Unproven;
    }
    // Either may still resolve to a full name ("King" after "Don King").
    if (c.office || c.organisation_word) return Verdict::NotPerson;
    if (c.common && !c.honorific) return Verdict::NotPerson;
    if (c.headline && !c.titled) return Verdict::NotPerson;
    if (c.sport || c.age) return Verdict::Person;
    if (c.titled || c.apposition || c.country_paren) return !c.place || c.honorific ? Verdict::Person : Verdict::NotPerson;
    if ((c.modifier || c.strong_speech) && !c.place) return Verdict::Person;
    return Verdict::Unproven;
}

// "Inzamam-ul-Haq, Salim Malik, Asif Mujtaba": an undecided name between
// accepted people (or a longer one beside one) is one too.
void PersonMatcher::accept_names_listed_with_people() {
    auto only_list_separators = [&](std::size_t x, std::size_t y) {  // ", " or " and " between tokens x and y
        if (y <= x) return false;
        for (std::size_t q = x + 1; q < y; ++q)
            if (!(d_.punct(q, ',') || (toks_[q].word && toks_[q].lower_text == "and"))) return false;
        return y - x <= 3;
    };
    for (std::size_t i = 0; i < cands_.size(); ++i) {
        Candidate& c = cands_[i];
        if (c.accepted || c.place || c.common || c.name_words > 4) continue;
        const bool left = i > 0 && cands_[i - 1].accepted && only_list_separators(cands_[i - 1].last, c.seq_first);
        const bool right =
            i + 1 < cands_.size() && cands_[i + 1].accepted && only_list_separators(c.last, cands_[i + 1].seq_first);
        if ((left && right) || ((left || right) && c.name_words >= 2)) c.listed = c.accepted = true;
    }
}

// ---------------------------------------------------------------- stage 4: aliases

AliasTable PersonMatcher::build_aliases() const {
    AliasTable aliases;
    // Longest names first, so "Lula da Silva" points at the full name.
    std::vector<const Candidate*> full;
    for (const auto& c : cands_)
        if (c.accepted && c.name_words >= 2) full.push_back(&c);
    std::stable_sort(full.begin(), full.end(),
                     [](const Candidate* x, const Candidate* y) { return x->name_words > y->name_words; });
    for (const Candidate* c : full) {
        const std::string key = fold_key(c->text);
        if (!aliases.add_full_name(key, &c->text)) continue;
        const std::size_t pos = toks_[c->first].begin;
        aliases.add(key, pos, &c->text);
        for (std::size_t q = c->first + 1; q <= c->last; ++q) {
            if (!name_word(d_, q)) continue;
            aliases.add(fold_key(text_.substr(toks_[q].begin, toks_[c->last].end - toks_[q].begin)), pos, &c->text);
            // "von der Leyen": the particles before the surname too.
            if (q > c->first + 1 && !toks_[q - 1].cap) {
                std::size_t r = q - 1;
                while (r > c->first + 1 && !toks_[r - 1].cap) --r;
                aliases.add(fold_key(text_.substr(toks_[r].begin, toks_[c->last].end - toks_[r].begin)), pos, &c->text);
            }
        }
        if (c->family) aliases.add(fold_key(d_.word(c->first)), pos, &c->text);
    }
    for (const auto& c : cands_)
        if (c.accepted && !c.known_as.empty()) aliases.add(fold_key(c.text), toks_[c.first].begin, &c.known_as);
    return aliases;
}

// ---------------------------------------------------------------- stage 5: mentions

std::vector<PersonMention> PersonMatcher::candidate_mentions(const AliasTable& aliases) const {
    std::vector<PersonMention> mentions;
    for (const auto& c : cands_) {
        const std::size_t pos = toks_[c.first].begin;
        const std::string* canon = nullptr;
        if (c.accepted && !c.known_as.empty()) {
            canon = &c.known_as;
        } else if (c.name_words >= 2) {
            canon = aliases.canonical_of(c.text);
            if (!canon && !c.place) canon = aliases.resolve(c.text, pos);
        } else if (!(c.common && !c.titled)) {
            canon = aliases.resolve(c.text, pos);
            // "Jordan" alone is the country unless the article's person is in a
            // sports or people context; a surname shared with a place
            // ("Washington") needs the person's first name nearby.
            if (canon && c.place && !c.titled && !c.apposition && !c.speech) canon = nullptr;
        }
        if (!canon && c.accepted) canon = &c.text;
        if (canon) mentions.push_back({pos, pos + c.text.size(), *canon});
    }
    return mentions;
}

// Headline capitals: "PUTIN" or "VLADIMIR PUTIN" when the article names him.
void PersonMatcher::add_headline_mentions(const AliasTable& aliases, std::vector<PersonMention>* mentions) const {
    if (aliases.empty()) return;
    for (std::size_t k = 0; k < toks_.size(); ++k) {
        if (!headline_word(d_, k)) continue;
        std::size_t e = k;
        while (e + 1 < toks_.size() && e - k < 3 && headline_word(d_, e + 1) && d_.same_line_adjacent(e, e + 1)) ++e;
        // The longest alias inside the run.
        bool found = false;
        for (std::size_t a = k; a <= e && !found; ++a)
            for (std::size_t b = e + 1; b-- > a && !found;) {
                const std::string_view surface = text_.substr(toks_[a].begin, toks_[b].end - toks_[a].begin);
                if (surface.size() < 3) continue;
                if (const std::string* canon = aliases.resolve(surface, toks_[a].begin)) {
                    mentions->push_back({toks_[a].begin, toks_[b].end, *canon});
                    found = true;
                }
            }
        k = e;
    }
}

// ---------------------------------------------------------------- places in context

void PersonMatcher::weigh_places_in_context(PersonFinderResult& result) const {
    result.place_kept.assign(places_.size(), true);
    result.place_begin.resize(places_.size());
    for (std::size_t p = 0; p < places_.size(); ++p) result.place_begin[p] = places_[p].begin;
    // No place inside a person's name.
    std::size_t m = 0;
    for (std::size_t p = 0; p < places_.size(); ++p) {
        while (m < result.people.size() && result.people[m].end <= places_[p].begin) ++m;
        if (m < result.people.size() && result.people[m].begin < places_[p].end) result.place_kept[p] = false;
    }
    // None inside an organisation's, unless it is the whole run ("United States" is no organisation).
    for (const auto& [a, b] : org_runs_) result.organisations.emplace_back(toks_[a].begin, toks_[b].end);
    for (const auto& [a, b] : company_runs_) result.companies.emplace_back(toks_[a].begin, toks_[b].end);
    std::sort(result.companies.begin(), result.companies.end());
    std::sort(result.organisations.begin(), result.organisations.end());
    for (const auto& [a, b] : org_runs_)
        for (std::size_t q = a; q <= b; ++q) {
            if (place_at_token_[q] < 0) continue;
            const auto& place = places_[place_at_token_[q]];
            if (place.begin <= toks_[a].begin && place.end >= toks_[b].end) continue;
            result.place_kept[place_at_token_[q]] = false;
        }
    for (std::size_t k = 0; k < toks_.size(); ++k) {
        const int p = place_at_token_[k];
        if (p < 0 || !result.place_kept[p] || toks_[k].begin != places_[p].begin) continue;
        std::size_t last = k;
        while (last + 1 < toks_.size() && place_at_token_[last + 1] == p) ++last;
        if (!place_fits_context(k, last, places_[p], result.people)) result.place_kept[p] = false;
        // "East Jerusalem", "Northern Ireland": a compass word before the place belongs to it.
        if (result.place_kept[p] && k > 0 && d_.same_line_adjacent(k - 1, k) && toks_[k - 1].cap &&
            lists_.compass.count(toks_[k - 1].lower_text))
            result.place_begin[p] = toks_[k - 1].begin;
    }
}

// Whether the place on tokens [k, last] is a place here, not a sentence-initial
// common word, a sports club or part of a longer name.
bool PersonMatcher::place_fits_context(std::size_t k, std::size_t last, const PlaceMatch& place,
                                       const std::vector<PersonMention>& people) const {
    // Sentence-initial common word: "Reading is ...".
    if (last == k && toks_[k].sentence_start && !toks_[k].all_caps) {
        const std::string& lw = toks_[k].lower_text;
        const bool next_lower = k + 1 < toks_.size() && toks_[k + 1].word && toks_[k + 1].lower &&
                                d_.same_line_adjacent(k, k + 1);
        if ((lists_.sentence_words.count(lw) || d_.lower_words.count(lw)) && next_lower) return false;
    }
    const bool club_kind = place.kind == PlaceKind::City || place.kind == PlaceKind::Region;
    const bool next_adjacent = last + 1 < toks_.size() && d_.same_line_adjacent(last, last + 1);
    if (club_kind) {
        // A city as a sports club in a results line: "Leeds 2 Chelsea 1", "NEW YORK 59 69 .461".
        if (next_adjacent && toks_[last + 1].digit) {
            const std::string_view num = d_.word(last + 1);
            if (num.size() <= 3 && num.find('-') == std::string_view::npos) return false;
        }
        // Fixtures: "Norwich v Wolverhampton", "Oakland at New York" in a schedule line.
        auto is_versus = [&](std::size_t q) {
            if (q >= toks_.size() || !toks_[q].word) return false;
            const std::string_view w = d_.word(q);
            return w == "v" || w == "vs" || w == "v." || w == "vs.";
        };
        if ((k > 0 && is_versus(k - 1)) || is_versus(last + 1)) return false;
        // A club after a player: "Marco Pascolo (Cagliari)".
        if (k >= 2 && d_.punct(k - 1, '(') && last + 1 < toks_.size() && d_.punct(last + 1, ')'))
            for (const auto& person : people)
                if (person.end <= toks_[k - 1].begin && toks_[k - 1].begin - person.end <= 1) return false;
        // In sports reports, a city that wins, loses or owns players is the club.
        if (sports_report_ && last + 1 < toks_.size() && toks_[last + 1].word && !toks_[last + 1].cap &&
            lists_.club_verbs.count(toks_[last + 1].lower_text))
            return false;
        if (sports_report_ && toks_[last].possessive) return false;
    }
    // Part of a longer capitalised name that is neither a person nor a place:
    // "Bayern Munich", "Paris Newsroom", "Hong Kong Interbank", "Alarm UK".
    if (k > 0 && d_.same_line_adjacent(k - 1, k) && name_word(d_, k - 1)) {
        const std::string& before = toks_[k - 1].lower_text;
        if (place_at_token_[k - 1] < 0 && !toks_[k - 1].sentence_start && !lists_.never.count(before) &&
            !is_title(d_, k - 1) && !lists_.compass.count(before))
            return false;
        if (lists_.org_starts.count(before)) return false;
    }
    return !(!toks_[last].possessive && next_adjacent && place_at_token_[last + 1] < 0 && !is_title(d_, last + 1) &&
             ((name_word(d_, last + 1) && !lists_.never.count(toks_[last + 1].lower_text)) ||
              (toks_[last + 1].all_caps && toks_[k].all_caps && lists_.org_ends.count(toks_[last + 1].lower_text))));
}

}  // namespace

PersonFinderResult PersonFinder::find(std::string_view text, const std::vector<PlaceMatch>& places) const {
    return find(text, places, text::tokenize(text));
}

PersonFinderResult PersonFinder::find(std::string_view text, const std::vector<PlaceMatch>& places,
                                      const std::vector<text::Token>& tokens) const {
    return PersonMatcher(text, places, *tables_, tokens).run();
}

}  // namespace newsdex
