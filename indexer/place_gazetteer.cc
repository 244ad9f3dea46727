// PlaceGazetteer: longest-match lookup of capitalised word sequences in the
// tables generated at build time (indexer/data/make_place_table.cc), then the
// false-positive guards described in place_gazetteer.h.
#include "indexer/place_gazetteer.h"

#include "indexer/data/place_table.h"
#include "indexer/data/place_text.h"
#include "indexer/word_numbers.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace newsdex {

namespace {

namespace pt = place_table;
namespace tx = place_text;
using tx::Word;

// Cities below this population are "weak" names, like common words: too many
// small towns share a name with a person or a thing ("Dole", "Clinton").
constexpr std::uint32_t kSmallCity = 100000;

bool in_sorted_list(const pt::WordList& list, const std::string& w) {
    auto end = list.items + list.count;
    auto it = std::lower_bound(list.items, end, w,
                               [](const char* a, const std::string& b) { return std::strcmp(a, b.c_str()) < 0; });
    return it != end && w == *it;
}

// The word lists the matcher asks about for nearly every word, in WordNumbers'
// flat table (one slot read) instead of a binary search of strcmp calls. A
// list not sorted as the binary search needs keeps being searched that way, so
// that the answer is the same.
const WordNumbers* table_of(const pt::WordList& list) {
    static const auto tables = [] {
        std::vector<std::pair<const pt::WordList*, WordNumbers>> made;
        for (const pt::WordList* l : {&pt::kOrgAfter, &pt::kOrgBefore, &pt::kFreeBefore, &pt::kFreeAfter, &pt::kPlaceCues,
                                      &pt::kLooseCues, &pt::kDirections, &pt::kMonths, &pt::kSportsWords, &pt::kGivenNames}) {
            const bool sorted = std::is_sorted(l->items, l->items + l->count,
                                               [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
            if (!sorted) continue;
            WordNumbers words;
            for (std::uint32_t i = 0; i < l->count; ++i) words.insert(l->items[i]);
            made.emplace_back(l, std::move(words));
        }
        return made;
    }();
    for (const auto& [l, words] : tables)
        if (l == &list) return &words;
    return nullptr;
}

bool in_list(const pt::WordList& list, const std::string& w) {
    const WordNumbers* words = table_of(list);
    return words ? words->find(w) != WordNumbers::kNone : in_sorted_list(list, w);
}

// std::string_view(key) < k, without measuring `key` first (strlen at every
// step of the binary search was a third of its cost): bytes compare unsigned, as
// char_traits<char>::compare does, and a key that ends first is the smaller.
bool key_before(const char* key, std::string_view k) {
    for (std::size_t i = 0; i < k.size(); ++i) {
        const auto a = static_cast<unsigned char>(key[i]), b = static_cast<unsigned char>(k[i]);
        if (a == 0) return true;
        if (a != b) return a < b;
    }
    return false;
}

// The name table's keys in WordNumbers' flat tables, made once: the matcher
// asks for every capitalised word, and two binary searches of the table's
// rows (one with a strcmp at each step) were a quarter of
// PlaceGazetteer::find (callgrind, BBC). Unless the table is sorted, as the
// binary searches need, they stay (so that the answer is the same).
struct NameIndex {
    bool sorted = false;
    WordNumbers keys;                                       // the distinct keys
    std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;  // by key number: its rows [first, last)
    WordNumbers beginnings;  // each key's beginnings that a space follows: "new" and "new york" of "new york city"
};

const NameIndex& name_index() {
    static const NameIndex index = [] {
        NameIndex made;
        made.sorted = std::is_sorted(pt::kNames, pt::kNames + pt::kNameCount,
                                     [](const pt::NameRow& a, const pt::NameRow& b) { return std::strcmp(a.key, b.key) < 0; });
        if (!made.sorted) return made;
        for (std::uint32_t i = 0; i < pt::kNameCount; ++i) {
            const std::string_view key = pt::kNames[i].key;
            const auto [number, fresh] = made.keys.insert(key);
            if (fresh) made.rows.emplace_back(i, i);
            made.rows[number].second = i + 1;  // equal keys lie together in a sorted table
            for (std::size_t space = key.find(' '); space != std::string_view::npos; space = key.find(' ', space + 1))
                made.beginnings.insert(key.substr(0, space));
        }
        return made;
    }();
    return index;
}

// The rows whose key is exactly `key`, as [first, last).
std::pair<const pt::NameRow*, const pt::NameRow*> rows_for(std::string_view key) {
    const pt::NameRow* begin = pt::kNames;
    const pt::NameRow* end = pt::kNames + pt::kNameCount;
    if (const NameIndex& index = name_index(); index.sorted) {
        const std::uint32_t number = index.keys.find(key);
        if (number == WordNumbers::kNone) return {end, end};
        return {begin + index.rows[number].first, begin + index.rows[number].second};
    }
    auto lo = std::lower_bound(begin, end, key, [](const pt::NameRow& r, std::string_view k) {
        return key_before(r.key, k);
    });
    auto hi = lo;
    while (hi != end && std::string_view(hi->key) == key) ++hi;
    return {lo, hi};
}

// Whether some key starts with `prefix` + " " (a longer name may follow).
bool has_longer(const std::string& prefix) {
    // (strcmp below would read a key with a zero byte only up to it: such keys keep that answer.)
    if (const NameIndex& index = name_index(); index.sorted && prefix.find('\0') == std::string::npos)
        return index.beginnings.find(prefix) != WordNumbers::kNone;
    std::string p = prefix + ' ';
    const pt::NameRow* end = pt::kNames + pt::kNameCount;
    auto it = std::lower_bound(pt::kNames, end, p, [](const pt::NameRow& r, const std::string& k) {
        return std::strcmp(r.key, k.c_str()) < 0;
    });
    return it != end && std::strncmp(it->key, p.c_str(), p.size()) == 0;
}

bool is_capitalised(const Word& w) { return w.first_upper; }

// What lies in the text between two words.
struct Gap {
    bool spaces_only = true;  // nothing but spaces and tabs
    bool comma = false;       // exactly one comma plus spaces
    bool newline = false;
};

Gap gap_between(std::string_view text, std::size_t from, std::size_t to) {
    Gap g;
    int commas = 0;
    for (std::size_t k = from; k < to; ++k) {
        char c = text[k];
        if (c == ' ' || c == '\t') continue;
        g.spaces_only = false;
        if (c == '\n' || c == '\r') g.newline = true;
        else if (c == ',') ++commas;
        else commas = 100;
    }
    g.comma = !g.newline && commas == 1;
    return g;
}

struct Candidate {
    std::size_t first, last;  // word range [first, last)
    const pt::NameRow* row;
};

class Matcher {
public:
    Matcher(std::string_view text, const std::vector<text::Token>& tokens)
        : text_(text), words_(tx::split_words(text, tokens)) {
        folded_.reserve(words_.size());
        for (const Word& w : words_) folded_.push_back(tx::fold_word(surface(w)));
        sports_ = looks_like_sports();
    }

    std::vector<PlaceMatch> run() {
        std::vector<PlaceMatch> out;
        std::vector<Candidate> weak_rejected, needs_country;
        std::set<std::uint32_t> accepted_places;
        int prev_country = -1;       // country of the previous accepted city/region
        std::size_t prev_end_word = 0;
        for (std::size_t i = 0; i < words_.size();) {
            int ctx_country = -1;
            if (!out.empty() && prev_end_word == i && i > 0 &&
                gap_between(text_, words_[i - 1].end, words_[i].begin).comma)
                ctx_country = prev_country;
            // "between Rome and Florence": the second place of a pair.
            if (!out.empty() && i >= 2 && prev_end_word == i - 1 && (folded_[i - 1] == "and" || folded_[i - 1] == "or") &&
                adjacent(i - 2, i - 1) && adjacent(i - 1, i))
                ctx_country = prev_country;
            after_place_comma_ = ctx_country >= 0;
            ctx_country_ = ctx_country;
            Candidate c;
            if (!longest_match(i, ctx_country, &c)) {
                ++i;
                continue;
            }
            Verdict v = judge(c);
            if (v == Verdict::Accept || v == Verdict::AcceptShown || v == Verdict::AcceptOnce) {
                out.push_back(make_match(c));
                out.back().shown = v == Verdict::AcceptShown;
                if (v != Verdict::AcceptOnce) accepted_places.insert(c.row->place);
                const pt::Place& p = pt::kPlaces[c.row->place];
                prev_country = p.kind == pt::kCountry ? static_cast<int>(c.row->place)
                               : p.kind == pt::kSeat  ? -1
                                                      : p.country;
                prev_end_word = c.last;
            } else if (v == Verdict::Weak) {
                weak_rejected.push_back(c);
            } else if (v == Verdict::NeedsCountry) {
                needs_country.push_back(c);
            }
            i = c.last;
        }
        // A weak name the article has already used as a place is that place again.
        bool added = false;
        for (const Candidate& c : weak_rejected) {
            if (accepted_places.count(c.row->place)) {
                out.push_back(make_match(c));
                added = true;
            }
        }
        auto country_named = [&](int country) {  // the country, or a place in it
            return std::any_of(accepted_places.begin(), accepted_places.end(), [&](std::uint32_t id) {
                return static_cast<int>(id) == country || pt::kPlaces[id].country == country;
            });
        };
        for (const Candidate& c : needs_country) {
            if (country_named(pt::kPlaces[c.row->place].country)) {
                out.push_back(make_match(c));
                out.back().shown = true;
                added = true;
            }
        }
        if (added)
            std::sort(out.begin(), out.end(),
                      [](const PlaceMatch& a, const PlaceMatch& b) { return a.begin < b.begin; });
        return out;
    }

private:
    // AcceptShown: accepted on explicit place evidence (dateline, "in X", ", <country>").
    // NeedsCountry: a small town named like a word or a person after "in": a place
    // only if the article also names its country ("believe in God" names no town).
    enum class Verdict { Accept, AcceptShown, AcceptOnce, Reject, Weak, NeedsCountry };

    std::string_view surface(const Word& w) const { return text_.substr(w.begin, w.end - w.begin); }

    bool adjacent(std::size_t a, std::size_t b) const {  // words a and b = a+1
        if (words_[a].possessive) return false;
        return gap_between(text_, words_[a].end, words_[b].begin).spaces_only;
    }

    // Words a and b = a+1 may be two words of one name: adjacent, or "St. Petersburg",
    // "S. Korea" (a short capitalised abbreviation, its dot, a space).
    bool joined(std::size_t a, std::size_t b) const {
        if (adjacent(a, b)) return true;
        const Word& w = words_[a];
        if (w.possessive || !w.first_upper || w.end - w.begin > 3 || text_[w.end] != '.') return false;
        return gap_between(text_, w.end + 1, words_[b].begin).spaces_only && words_[b].begin > w.end + 1;
    }

    bool case_fits(const pt::NameRow& r, std::size_t first) const {
        for (std::size_t k = 0; k < r.words; ++k) {
            const Word& w = words_[first + k];
            if ((r.upper_mask >> k & 1u) && !w.first_upper) return false;
            if ((r.acronym_mask >> k & 1u) && !w.all_upper) return false;
        }
        return true;
    }

    // Longest name starting at word i whose words touch (spaces only) and whose
    // capitalisation fits; among its places, one in ctx_country if any.
    bool longest_match(std::size_t i, int ctx_country, Candidate* out) const {
        if (!is_capitalised(words_[i])) return false;
        std::string key;
        bool found = false;
        for (std::size_t j = i; j < words_.size() && j - i < pt::kMaxNameWords; ++j) {
            if (j > i) {
                if (!joined(j - 1, j)) break;
                key += ' ';
            }
            key += folded_[j];
            auto [lo, hi] = rows_for(key);
            const pt::NameRow* pick = nullptr;
            for (auto r = lo; r != hi; ++r) {
                if (!case_fits(*r, i)) continue;
                if (!pick) pick = r;
                if (ctx_country >= 0) {
                    const pt::Place& p = pt::kPlaces[r->place];
                    if (p.country == ctx_country || static_cast<int>(r->place) == ctx_country) {
                        pick = r;
                        break;
                    }
                } else {
                    break;
                }
            }
            if (pick) {
                *out = {i, j + 1, pick};
                found = true;
            }
            if (words_[j].possessive || !has_longer(key)) break;
        }
        return found;
    }

    static bool c_is_landmark(const Candidate& c) { return c.row->flags & pt::kLandmark; }

    bool headline_caps(const Candidate& c) const {
        for (std::size_t k = c.first; k < c.last; ++k)
            if (!words_[k].all_upper) return false;
        return true;
    }

    bool line_start(std::size_t i) const {
        std::size_t b = words_[i].begin;
        while (b > 0 && (text_[b - 1] == ' ' || text_[b - 1] == '\t')) --b;
        return b == 0 || text_[b - 1] == '\n';
    }

    // "LONDON 1996-08-22", "NICE, France 1996-08-22", "MOSCOW, Aug 22 (Reuters) -":
    // a capitalised place opening a line, then within a few words a date.
    bool dateline(const Candidate& c) const {
        if (!line_start(c.first) || !headline_caps(c)) return false;
        for (std::size_t k = c.last; k < words_.size() && k < c.last + 5; ++k) {
            if (gap_between(text_, words_[k - 1].end, words_[k].begin).newline) return false;
            std::string_view w = surface(words_[k]);
            if (w.size() == 10 && w[4] == '-' && w[7] == '-' && std::isdigit(static_cast<unsigned char>(w[0])))
                return true;
            if (in_list(pt::kMonths, folded_[k]) && k + 1 < words_.size() && words_[k + 1].digits_only)
                return true;
        }
        return false;
    }

    bool cue_before(const Candidate& c) const {
        if (c.first == 0) return false;
        std::size_t p = c.first - 1;
        if (gap_between(text_, words_[p].end, words_[c.first].begin).newline) return false;
        // "in Reading", "In Reading", "AT COLORADO" in a capitals-only line.
        if (words_[p].first_upper && !line_start(p) && !(words_[p].all_upper && headline_caps(c)))
            return false;
        return in_list(pt::kPlaceCues, folded_[p]) || in_list(pt::kLooseCues, folded_[p]);
    }

    // "in Reading", "near Bath": cues strong enough to make the name a place for
    // the rest of the article.
    bool strong_cue_before(const Candidate& c) const {
        return cue_before(c) && in_list(pt::kPlaceCues, folded_[c.first - 1]);
    }

    // A short all-capitals "UN" or "OB" is an acronym, not the town "Un" or "Ob", unless
    // the line around it is in capitals too (headline, dateline, schedule).
    bool caps_fit(const Candidate& c) const {
        bool shouted = false;
        if (c.last - c.first == 1)
            for (std::size_t k = c.first; k < c.last; ++k) {
            const Word& w = words_[k];
            if (w.all_upper && w.end - w.begin >= 2 && w.end - w.begin <= 4 &&
                !(c.row->acronym_mask >> (k - c.first) & 1u))
                shouted = true;
        }
        if (!shouted) return true;
        if (dateline(c)) return true;
        auto caps_word = [&](std::size_t k) { return words_[k].all_upper && words_[k].has_letter; };
        if (c.first > 0 && !gap_between(text_, words_[c.first - 1].end, words_[c.first].begin).newline &&
            caps_word(c.first - 1))
            return true;
        if (c.last < words_.size() && !gap_between(text_, words_[c.last - 1].end, words_[c.last].begin).newline &&
            caps_word(c.last))
            return true;
        return false;
    }

    // "Zagreb, Split", "Atlanta, Georgia": right after "<place>, " of the same country.
    bool same_country_before(const Candidate& c) const {
        if (c.first == 0 || ctx_country_ < 0) return false;
        const pt::Place& self = pt::kPlaces[c.row->place];
        return self.country == ctx_country_ || static_cast<int>(c.row->place) == ctx_country_;
    }

    // "Reading, England", "Mobile, Alabama": followed by a place of its own country.
    bool country_after(const Candidate& c) const {
        if (c.last >= words_.size()) return false;
        if (!gap_between(text_, words_[c.last - 1].end, words_[c.last].begin).comma) return false;
        const pt::Place& self = pt::kPlaces[c.row->place];
        Candidate n;
        if (!longest_match(c.last, self.country, &n)) return false;
        const pt::Place& p = pt::kPlaces[n.row->place];
        return static_cast<int>(n.row->place) == self.country ||
               (p.country == self.country && p.kind == pt::kRegion);
    }

    Verdict judge(const Candidate& c) const {
        const pt::Place& place = pt::kPlaces[c.row->place];
        const bool local = place.kind == pt::kCity || place.kind == pt::kRegion;
        const bool caps = headline_caps(c);
        const bool has_prev = c.first > 0 && adjacent(c.first - 1, c.first);
        const bool has_next = c.last < words_.size() && adjacent(c.last - 1, c.last);
        const Word* prev = has_prev ? &words_[c.first - 1] : nullptr;
        const Word* next = has_next ? &words_[c.last] : nullptr;
        const std::string* prev_f = has_prev ? &folded_[c.first - 1] : nullptr;
        const std::string* next_f = has_next ? &folded_[c.last] : nullptr;

        if (!caps_fit(c)) return Verdict::Reject;
        // "U.S.-led", "US$": a modifier or a currency, not a mention of the place.
        const std::size_t end_byte = words_[c.last - 1].end;
        if (end_byte < text_.size() && !words_[c.last - 1].possessive) {
            char after = text_[end_byte];
            if (after == '$') return Verdict::Reject;
            if (after == '-' && end_byte + 1 < text_.size() &&
                std::isalpha(static_cast<unsigned char>(text_[end_byte + 1])))
                return Verdict::Reject;
        }
        // "Calif." only with its dot and after a comma: "SAN MATEO, Calif.";
        // not "Glenview, Ill.-based".
        if (c.row->flags & pt::kNeedsDot) {
            if (end_byte >= text_.size() || text_[end_byte] != '.') return Verdict::Reject;
            if (end_byte + 1 < text_.size() && text_[end_byte + 1] == '-') return Verdict::Reject;
            if (c.first == 0 || !gap_between(text_, words_[c.first - 1].end, words_[c.first].begin).comma)
                return Verdict::Reject;
        }

        // Part of an organisation, team, title or event name.
        if (next && next->first_upper && in_list(pt::kOrgAfter, *next_f)) return Verdict::Reject;
        if (prev && prev->first_upper && in_list(pt::kOrgBefore, *prev_f)) return Verdict::Reject;
        if (prev && *prev_f == "of" && c.first >= 2 && adjacent(c.first - 2, c.first - 1) &&
            words_[c.first - 2].first_upper && in_list(pt::kOrgBefore, folded_[c.first - 2]))
            return Verdict::Reject;

        // Part of a longer proper name: "Michael Jordan", "Paris Hilton".
        if (prev && prev->first_upper && !(caps && prev->all_upper) &&
            !in_list(pt::kFreeBefore, *prev_f))
            return Verdict::Reject;
        if (next && next->first_upper && !(caps && next->all_upper) &&
            !in_list(pt::kFreeAfter, *next_f))
            return Verdict::Reject;

        const bool is_dateline = dateline(c);
        const bool after_comma = c.first > 0 && after_place_comma_;
        if (local && sports_ && !is_dateline && !after_comma && !c_is_landmark(c) &&
            !strong_cue_before(c) && !(cue_before(c) && headline_caps(c))) {
            // In a sports report a bare city name is its team: "Leeds beat Arsenal",
            // "Leeds 2 Arsenal 1". National sides stay places (CoNLL and news agree).
            return Verdict::Reject;
        }

        // "ROBERTO DURAN FIGHTS": in a line of capitals a given name before the
        // place makes it a surname, as a capitalised word does in running text.
        if (caps && prev && prev->all_upper && in_list(pt::kGivenNames, *prev_f)) return Verdict::Reject;

        // Evidence that the name is a place here, whatever else it may be: a
        // dateline, its country after it ("Split, Croatia"), a place of the same
        // country before it ("Zagreb, Split"), or "in Split" in running text; a
        // small town named like a word or a person ("in God", "in Tom") needs its
        // country named in the article too. In a line of capitals (headline, wire
        // slug) every word is capitalised and "TO", "IN" are no evidence: "UNIT TO
        // BUY BACK BONDS" is no story from Buy.
        if (is_dateline || country_after(c) || same_country_before(c)) return Verdict::AcceptShown;
        const bool small_town =
            place.kind == pt::kCity && place.population < kSmallCity && !(c.row->flags & pt::kAlias);
        const bool ordinary_name = c.row->flags & (pt::kCommonWord | pt::kPersonName);
        if (!caps && strong_cue_before(c))
            return ordinary_name && small_town ? Verdict::NeedsCountry : Verdict::AcceptShown;
        // "Clinton said": a town named like a person is a place only when the text
        // says so unmistakably.
        if (c.row->flags & pt::kPersonName) return Verdict::Reject;
        const bool weak = (c.row->flags & pt::kCommonWord) || small_town;
        // A weak name without evidence may still be a place the copy names
        // elsewhere ("weak_rejected" in run()).
        if (!weak) return Verdict::Accept;
        // After a loose cue ("from Split") this mention only; the name stays weak.
        return cue_before(c) && !caps ? Verdict::AcceptOnce : Verdict::Weak;
    }

    // Sports copy: sports words ("striker", "innings", "league"), backed by scores
    // ("2-1", "6-4") or results-table lines when there are few of them.
    bool looks_like_sports() const {
        int hits = 0;
        for (const std::string& f : folded_)
            if (in_list(pt::kSportsWords, f)) ++hits;
        if (hits == 0) return false;
        if (hits >= 3) return true;
        int scores = 0, table_lines = 0;
        for (std::size_t k = 0; k + 2 < text_.size(); ++k) {
            unsigned char a = text_[k], b = text_[k + 1];
            if (std::isdigit(a) && b == '-' && std::isdigit(static_cast<unsigned char>(text_[k + 2])) &&
                (k == 0 || !std::isdigit(static_cast<unsigned char>(text_[k - 1]))) &&
                (k + 3 >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[k + 3]))))
                ++scores;
        }
        std::size_t pos = 0;
        while (pos < text_.size()) {
            std::size_t nl = text_.find('\n', pos);
            if (nl == std::string_view::npos) nl = text_.size();
            std::string_view line = text_.substr(pos, nl - pos);
            int nums = 0;
            bool in_num = false;
            for (char ch : line) {
                bool d = std::isdigit(static_cast<unsigned char>(ch));
                if (d && !in_num) ++nums;
                in_num = d;
            }
            if (nums >= 2 && line.size() < 80) ++table_lines;
            pos = nl + 1;
        }
        return scores >= 2 || table_lines >= 4;
    }

    PlaceMatch make_match(const Candidate& c) const {
        const pt::Place& p = pt::kPlaces[c.row->place];
        PlaceMatch m;
        m.begin = words_[c.first].begin;
        m.end = words_[c.last - 1].end;
        // The dot belongs to the abbreviation, unless it also ends the line or text,
        // where it is the sentence's full stop ("RICHMOND, Va.").
        if ((c.row->flags & pt::kNeedsDot) && m.end + 1 < text_.size() && text_[m.end + 1] != '\n' &&
            text_[m.end + 1] != '\r')
            ++m.end;
        // "East Jerusalem", "Northern Iraq": a capitalised direction is part of the name.
        if (c.first > 0 && adjacent(c.first - 1, c.first) && words_[c.first - 1].first_upper &&
            in_list(pt::kDirections, folded_[c.first - 1]))
            m.begin = words_[c.first - 1].begin;
        m.canonical = p.canonical;
        m.kind = static_cast<PlaceKind>(p.kind);
        if (p.country >= 0) m.country = pt::kPlaces[p.country].canonical;
        return m;
    }

    std::string_view text_;
    std::vector<Word> words_;
    std::vector<std::string> folded_;
    bool sports_ = false;
    bool after_place_comma_ = false;  // the candidate follows "<place>, "
    int ctx_country_ = -1;            // then the country of that place (or the place, a country)
};

}  // namespace

static_assert(static_cast<int>(PlaceKind::Country) == pt::kCountry &&
                  static_cast<int>(PlaceKind::WorldRegion) == pt::kWorldRegion &&
                  static_cast<int>(PlaceKind::Region) == pt::kRegion &&
                  static_cast<int>(PlaceKind::City) == pt::kCity &&
                  static_cast<int>(PlaceKind::Seat) == pt::kSeat,
              "PlaceKind and the generated table agree");

PlaceGazetteer::PlaceGazetteer() = default;

const PlaceGazetteer& PlaceGazetteer::instance() {
    static const PlaceGazetteer gazetteer;
    return gazetteer;
}

std::vector<PlaceMatch> PlaceGazetteer::find(std::string_view text) const {
    return find(text, text::tokenize(text));
}

std::vector<PlaceMatch> PlaceGazetteer::find(std::string_view text, const std::vector<text::Token>& tokens) const {
    return Matcher(text, tokens).run();
}

std::optional<std::string> PlaceGazetteer::canonical_name(std::string_view name) const {
    auto [lo, hi] = rows_for(tx::fold_name(name));
    if (lo == hi) return std::nullopt;
    return std::string(pt::kPlaces[lo->place].canonical);
}

bool PlaceGazetteer::is_place_cue(std::string_view lower_word) const {
    const std::string w(lower_word);
    return in_list(pt::kPlaceCues, w) || in_list(pt::kLooseCues, w);
}

bool PlaceGazetteer::needs_evidence(std::string_view name) const {
    auto [lo, hi] = rows_for(tx::fold_name(name));
    if (lo == hi || (lo->flags & pt::kAlias)) return false;
    const pt::Place& p = pt::kPlaces[lo->place];
    return (lo->flags & (pt::kCommonWord | pt::kPersonName)) || (p.kind == pt::kCity && p.population < kSmallCity);
}

std::optional<std::string> PlaceGazetteer::country_of(std::string_view canonical) const {
    auto [lo, hi] = rows_for(tx::fold_name(canonical));
    for (int exact = 1; exact >= 0; --exact) {
        for (auto r = lo; r != hi; ++r) {
            const pt::Place& p = pt::kPlaces[r->place];
            if (exact && canonical != p.canonical) continue;
            if (p.kind == pt::kCountry || p.kind == pt::kWorldRegion || p.kind == pt::kSeat) return std::nullopt;
            if (p.country >= 0) return std::string(pt::kPlaces[p.country].canonical);
        }
    }
    return std::nullopt;
}

}  // namespace newsdex
