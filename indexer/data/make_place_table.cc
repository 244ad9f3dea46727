// make_place_table — writes generated/place_table.cc, the gazetteer tables.
//
//   make_place_table OUT.cc place_aliases.tsv place_stop_contexts.tsv
//                    place_common_words.txt first_names.txt
//   make_place_table --list-common-words DICT OUT.txt place_aliases.tsv
//     (development time, scripts/make-place-common-words: writes the one-word
//     place names that DICT, a word list such as Debian's wamerican, holds in
//     lower case: "buy", "split", "god")
//
// Sources, in order (a later source can add names to an earlier place, or rename it):
//   1. ICU: every ISO country with its English display name, its short name
//      ("UK", "Bosnia") as an alias, and the UN M.49 continents and
//      sub-continents ("Europe", "Central Asia") plus a few groupings
//      ("Latin America", "Sub-Saharan Africa").
//   2. libgeonames: 24,361 cities with population, state and country code. Each
//      distinct (state, country) becomes a Region; admin suffixes are dropped
//      from its name when that does not clash ("Yunnan Province" -> "Yunnan").
//   2b. ICU's time zone data: the English exemplar city of every African, Asian
//      and European zone ("Africa/Nouakchott" -> Nouakchott, Mauritania) that
//      libgeonames lacks. Zone cities
//      are capitals and regional centres; libgeonames misses some (Nouakchott,
//      Lomé), and a reader expects a capital to be a place.
//   3. place_aliases.tsv: hand-written aliases, renames and extra places.
//   4. place_stop_contexts.tsv: words that turn a place into another name, and
//      place names that are also common English words.
//   5. place_common_words.txt (generated from a dictionary, see above) and the
//      person finder's first_names.txt: a city or region below kCommonNameBigCity
//      people named like an English word or a given name needs place evidence.
// Runs at build time only; the library never links libgeonames.
#include "indexer/data/place_table.h"
#include "indexer/data/place_text.h"

#include <geonames.h>
#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using newsdex::place_table::Kind;
namespace pt = newsdex::place_table;
namespace tx = newsdex::place_text;

struct PlaceRec {
    std::string canonical;
    Kind kind;
    int country = -1;
    unsigned long population = 0;
    std::string country_code;  // countries only
};

struct NameRec {
    std::string key;
    std::string spelling;
    int place;
    bool alias;
};

std::vector<PlaceRec> places;
std::vector<NameRec> names;
std::map<std::string, int> country_by_code;

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    std::size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) out.push_back(trim(f));
    return out;
}

void add_name(int place, const std::string& spelling, bool alias = false) {
    std::string key = tx::fold_name(spelling);
    if (key.empty()) return;
    names.push_back({key, spelling, place, alias});
}

// libgeonames transliterates a Russian soft sign or an Arabic hamza at the end of
// a name as an apostrophe ("Kazan’", "Tver'", "Karbalāʼ"); English writes
// neither, so a canonical name never ends in one. The key is the same either way
// (a trailing apostrophe is not part of a word), so the text still matches.
std::string without_trailing_apostrophes(std::string name) {
    for (;;) {
        if (!name.empty() && name.back() == '\'') {
            name.pop_back();
        } else if (name.size() >= 3 && name.compare(name.size() - 3, 3, "\xE2\x80\x99") == 0) {  // ’
            name.resize(name.size() - 3);
        } else if (name.size() >= 2 && name.compare(name.size() - 2, 2, "\xCA\xBC") == 0) {  // ʼ
            name.resize(name.size() - 2);
        } else {
            return name;
        }
    }
}

int add_place(const std::string& name, Kind kind, int country, unsigned long pop) {
    const std::string canonical = without_trailing_apostrophes(name);
    places.push_back({canonical, kind, country, pop, ""});
    int id = static_cast<int>(places.size()) - 1;
    add_name(id, canonical);
    if (canonical != name) add_name(id, name);
    return id;
}

// "Bosnia & Herzegovina" is also "Bosnia and Herzegovina"; "Myanmar (Burma)" is
// "Myanmar" and "Burma"; "St. Lucia" is also "Saint Lucia".
void add_spelling_variants(int place, const std::string& name) {
    std::size_t amp = name.find(" & ");
    if (amp != std::string::npos)
        add_name(place, name.substr(0, amp) + " and " + name.substr(amp + 3));
    std::size_t paren = name.find(" (");
    if (paren != std::string::npos && name.back() == ')') {
        add_name(place, name.substr(0, paren));
        add_name(place, name.substr(paren + 2, name.size() - paren - 3));
    }
    if (name.rfind("St. ", 0) == 0) add_name(place, "Saint " + name.substr(4));
}

void load_icu() {
    UErrorCode err = U_ZERO_ERROR;
    UDisplayContext ctx[] = {UDISPCTX_LENGTH_SHORT};
    std::unique_ptr<icu::LocaleDisplayNames> short_names(
        icu::LocaleDisplayNames::createInstance(icu::Locale::getEnglish(), ctx, 1));
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
        icu::UnicodeString name;
        icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), name);
        std::string n = utf8(name);
        if (n.empty() || n == *code) continue;
        int id = add_place(n, pt::kCountry, -1, 0);
        places[id].country_code = *code;
        country_by_code[*code] = id;
        add_spelling_variants(id, n);
        if (short_names) {
            icu::UnicodeString s;
            short_names->regionDisplayName(*code, s);
            std::string sn = utf8(s);
            if (!sn.empty() && sn != n) add_name(id, sn);
        }
    }
    for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT, URGN_GROUPING}) {
        err = U_ZERO_ERROR;
        std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, err));
        if (U_FAILURE(err) || !regions) throw std::runtime_error("ICU region list unavailable");
        const char* id;
        while ((id = regions->next(nullptr, err)) != nullptr && U_SUCCESS(err)) {
            std::string code = id;
            // Groupings that are places; EU, EZ (eurozone) and UN are organisations.
            if (type == URGN_GROUPING && code != "419" && code != "202" && code != "003")
                continue;
            if (code == "QO") continue;  // "Outlying Oceania": not a name news uses
            icu::UnicodeString name;
            icu::Locale("", id).getDisplayCountry(icu::Locale::getEnglish(), name);
            std::string n = utf8(name);
            if (n.empty() || n == code) continue;
            add_place(n, pt::kWorldRegion, -1, 0);
        }
    }
}

// Administrative words a state's name may carry that news leaves out.
std::string strip_admin(const std::string& s) {
    static const char* suffixes[] = {" Autonomous Region", " Province", " Region", " Governorate",
                                     " Oblast", " Prefecture", " Department", " District",
                                     " Municipality", " Voivodeship", " Voivodship", " kraj",
                                     " Krai", " Emirate"};
    static const char* prefixes[] = {"Canton of ", "State of ", "City of ", "Province of ",
                                     "Region of "};
    // "Western Province" stays whole: "Western" alone is an adjective, not a place.
    static const std::set<std::string> generic = {
        "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
        "Central", "Capital", "Coast", "Littoral", "Plateaux", "Lakes", "Upper", "Lower",
        "Greater", "Islands", "Mountain", "Highlands", "Federal"};
    for (const char* suf : suffixes) {
        std::string x(suf);
        if (s.size() > x.size() + 2 && s.compare(s.size() - x.size(), x.size(), x) == 0) {
            std::string base = s.substr(0, s.size() - x.size());
            return generic.count(base) ? s : base;
        }
    }
    for (const char* pre : prefixes) {
        std::string x(pre);
        if (s.size() > x.size() + 2 && s.compare(0, x.size(), x) == 0) return s.substr(x.size());
    }
    return s;
}

void load_geonames() {
    struct City { std::string name, state, cc; unsigned long pop; };
    std::vector<City> cities;
    int n = geonames_get_n_cities();
    for (int i = 0; i < n; ++i) {
        GeonamesCity* c = geonames_get_city(i);
        if (!c) continue;
        City rec{geonames_city_get_name(c) ? geonames_city_get_name(c) : "",
                 geonames_city_get_state(c) ? geonames_city_get_state(c) : "",
                 geonames_city_get_country_code(c) ? geonames_city_get_country_code(c) : "",
                 geonames_city_get_population(c)};
        geonames_city_free(c);
        if (!rec.name.empty() && country_by_code.count(rec.cc)) cities.push_back(rec);
    }
    if (cities.size() < 1000) throw std::runtime_error("libgeonames returned too few cities");

    // One city per (name, country): the most populous.
    std::map<std::pair<std::string, std::string>, City> best;
    std::map<std::pair<std::string, std::string>, unsigned long> state_pop;
    std::set<std::pair<std::string, std::string>> city_keys;  // (folded name, state|cc)
    for (const City& c : cities) {
        auto k = std::make_pair(c.name, c.cc);
        auto it = best.find(k);
        if (it == best.end() || it->second.pop < c.pop) best[k] = c;
        if (!c.state.empty()) state_pop[{c.state, c.cc}] += c.pop;
        city_keys.insert({tx::fold_name(c.name), c.state + "|" + c.cc});
    }
    std::set<std::string> taken;  // folded names of countries and cities
    for (const PlaceRec& p : places) taken.insert(tx::fold_name(p.canonical));
    for (const auto& kv : best) taken.insert(tx::fold_name(kv.first.first));

    for (const auto& kv : state_pop) {
        const std::string& state = kv.first.first;
        const std::string& cc = kv.first.second;
        int country = country_by_code[cc];
        std::string fs = tx::fold_name(state);
        // "Kabul" the province around "Kabul" the city: news means the city.
        if (city_keys.count({fs, state + "|" + cc})) continue;
        if (fs == tx::fold_name(places[country].canonical)) continue;
        std::string shortn = strip_admin(state);
        bool clash = shortn != state && taken.count(tx::fold_name(shortn));
        std::string canonical = clash ? state : shortn;
        int id = add_place(canonical, pt::kRegion, country, kv.second);
        if (canonical != state) add_name(id, state);
    }
    for (const auto& kv : best) {
        const City& c = kv.second;
        add_place(c.name, pt::kCity, country_by_code[c.cc], c.pop);
    }
}

// Levenshtein distance, for telling two spellings of one name from two names.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// A city of `country` whose name is `key` spelt another way (one edit at most,
// same first letter: two would make Busingen of Balingen), or -1.
int same_country_city_spelled_alike(const std::string& key, int country) {
    for (std::size_t i = 0; i < places.size(); ++i) {
        const PlaceRec& p = places[i];
        if (p.kind != pt::kCity || p.country != country) continue;
        const std::string other = tx::fold_name(p.canonical);
        if (!other.empty() && other[0] == key[0] && edit_distance(other, key) <= 1) return static_cast<int>(i);
    }
    return -1;
}

// Zone cities have no population in ICU. kTimeZoneCityPopulation ranks them as a
// regional centre: below any sizeable namesake, and small enough that one named
// like an English word ("Resolute", "Nome") still needs place evidence.
constexpr unsigned long kTimeZoneCityPopulation = 50000;

void load_time_zone_cities() {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::TimeZoneNames> zone_names(
        icu::TimeZoneNames::createInstance(icu::Locale::getEnglish(), status));
    std::unique_ptr<icu::StringEnumeration> zones(
        icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU time zone data unavailable");
    std::set<std::string> taken;
    for (const NameRec& n : names) taken.insert(n.key);
    int added = 0;
    while (const icu::UnicodeString* zone = zones->snext(status)) {
        if (U_FAILURE(status)) break;
        // Ocean and polar zones are named after islands and stations ("Easter",
        // "Christmas", "Casey"), and the Americas' missing zones are such places too.
        std::string zone_id = utf8(*zone);
        if (zone_id.rfind("Africa/", 0) != 0 && zone_id.rfind("Asia/", 0) != 0 && zone_id.rfind("Europe/", 0) != 0)
            continue;
        char region[8] = {};
        UErrorCode region_status = U_ZERO_ERROR;
        icu::TimeZone::getRegion(*zone, region, sizeof region, region_status);
        auto country = country_by_code.find(region);
        if (U_FAILURE(region_status) || country == country_by_code.end()) continue;
        icu::UnicodeString city;
        zone_names->getExemplarLocationName(*zone, city);
        const std::string name = utf8(city);
        // "Knox, Indiana", "Lower Prince's Quarter": sub-zones, not cities news names.
        if (name.empty() || name.find(',') != std::string::npos) continue;
        const std::string key = tx::fold_name(name);
        if (key.empty() || taken.count(key)) continue;
        taken.insert(key);
        // "Vatican" in "Vatican City": the country itself.
        if (tx::fold_name(places[country->second].canonical).rfind(key, 0) == 0) continue;
        // "Ndjamena", "Aqtau": ICU's spelling of a city libgeonames has as "N'Djamena", "Aktau".
        if (int same = same_country_city_spelled_alike(key, country->second); same >= 0) {
            add_name(same, name, true);
            continue;
        }
        add_place(name, pt::kCity, country->second, kTimeZoneCityPopulation);
        ++added;
    }
    if (added == 0) throw std::runtime_error("ICU time zone data gave no city");
}

int find_place(const std::string& canonical) {
    for (std::size_t i = 0; i < places.size(); ++i)
        if (places[i].canonical == canonical) return static_cast<int>(i);
    return -1;
}

int find_country(const std::string& name) {
    int id = find_place(name);
    if (id >= 0 && places[id].kind == pt::kCountry) return id;
    std::string key = tx::fold_name(name);
    for (const NameRec& n : names)
        if (n.key == key && places[n.place].kind == pt::kCountry) return n.place;
    return -1;
}

Kind parse_kind(const std::string& s) {
    if (s == "country") return pt::kCountry;
    if (s == "world-region") return pt::kWorldRegion;
    if (s == "region") return pt::kRegion;
    if (s == "city") return pt::kCity;
    if (s == "seat") return pt::kSeat;
    throw std::runtime_error("unknown place kind: " + s);
}

std::set<std::string> dropped;
std::set<int> landmarks;  // hand-added places of kind city: airports, grounds, streets

void load_aliases(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        std::vector<std::string> f = split_tabs(line);
        auto fail = [&](const std::string& why) {
            throw std::runtime_error(path + ":" + std::to_string(lineno) + ": " + why);
        };
        if (f[0] == "+") {  // +  Name  kind  Country
            if (f.size() < 3) fail("expected: +<TAB>name<TAB>kind[<TAB>country]");
            Kind k = parse_kind(f[2]);
            int country = -1;
            if (k == pt::kSeat) {  // +  Kremlin  seat  Moscow: the city it stands for
                if (f.size() < 4) fail("expected: +<TAB>name<TAB>seat<TAB>city");
                country = find_place(f[3]);
                if (country < 0 || places[country].kind != pt::kCity) fail("unknown city " + f[3]);
            } else if (f.size() > 3 && !f[3].empty()) {
                country = find_country(f[3]);
                if (country < 0) fail("unknown country " + f[3]);
            }
            int id = add_place(f[1], k, country, 0);
            // Hand-added places outrank generated places with the same name.
            for (NameRec& n : names)
                if (n.place == id) n.alias = true;
            if (k == pt::kCity || k == pt::kSeat) landmarks.insert(id);
            continue;
        }
        if (f[0] == "=") {  // =  old  new : rename a generated place
            if (f.size() < 3) fail("expected: =<TAB>old name<TAB>new name");
            int id = find_place(f[1]);
            if (id < 0) fail("unknown place " + f[1]);
            places[id].canonical = f[2];
            add_name(id, f[2], true);
            add_name(id, f[1], true);
            continue;
        }
        if (f[0] == "*") {  // *  Name  kind : a generated place is of another kind
            if (f.size() < 3) fail("expected: *<TAB>name<TAB>kind");
            int id = find_place(f[1]);
            if (id < 0) fail("unknown place " + f[1]);
            places[id].kind = parse_kind(f[2]);
            continue;
        }
        if (f[0] == "-") {  // -  Name : never match this name
            if (f.size() < 2) fail("expected: -<TAB>name");
            dropped.insert(tx::fold_name(f[1]));
            continue;
        }
        if (f.size() < 2) fail("expected: alias<TAB>canonical");
        const std::string& alias = f[0];
        const std::string& canonical = f[1];
        int id = -1;
        if (f.size() > 2) {  // alias  canonical  country [kind]: pick among same-named places
            int country = find_country(f[2]);
            if (country < 0) fail("unknown country " + f[2]);
            int kind = f.size() > 3 ? parse_kind(f[3]) : -1;
            for (std::size_t i = 0; i < places.size(); ++i)
                if (places[i].canonical == canonical && (kind < 0 || places[i].kind == kind) &&
                    (places[i].country == country || static_cast<int>(i) == country)) {
                    id = static_cast<int>(i);
                    break;
                }
        } else {
            id = find_place(canonical);
        }
        if (id < 0) fail("unknown place " + canonical);
        add_name(id, alias, true);
    }
}

std::map<std::string, std::set<std::string>> contexts;

// A city this large is what its name means in news, even when the name is also a
// word or a given name ("Shanghai", "Sydney", "Adelaide"); a smaller one needs
// place evidence ("Buy", "Split", "Florence" may be a woman, "Durham" is a name).
constexpr unsigned long kCommonNameBigCity = 1000000;

std::set<std::string> dictionary_words;  // folded one-word names, place_common_words.txt
std::set<std::string> given_names;       // folded, first_names.txt

std::set<std::string> read_word_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::set<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        out.insert(tx::fold_name(line));
    }
    return out;
}

// Whether a generated (not hand-written) city or region name is also a word or
// a given name, and the place too small for that reading to be rare.
bool ordinary_word_name(const NameRec& n, const std::set<std::string>& words) {
    const PlaceRec& p = places[n.place];
    if (n.alias || (p.kind != pt::kCity && p.kind != pt::kRegion)) return false;
    const unsigned long size = p.kind == pt::kRegion ? p.population / 4 : p.population;
    return size < kCommonNameBigCity && words.count(n.key) > 0;
}

// --list-common-words: one-word place names the dictionary has in lower case
// (proper nouns there are capitalised, so "Paris" is not listed, "split" is).
void list_common_words(const std::string& dictionary, const std::string& out_path) {
    std::ifstream in(dictionary);
    if (!in) throw std::runtime_error("cannot read " + dictionary);
    std::set<std::string> lower;
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || !std::islower(static_cast<unsigned char>(line[0])) ||
            line.find('\'') != std::string::npos)
            continue;
        lower.insert(line);
    }
    std::set<std::string> out;
    for (const NameRec& n : names) {
        const Kind kind = places[n.place].kind;
        if (n.alias || (kind != pt::kCity && kind != pt::kRegion)) continue;
        if (n.key.find(' ') == std::string::npos && lower.count(n.key)) out.insert(n.key);
    }
    std::ofstream f(out_path);
    f << "# place_common_words.txt — one-word city and region names that are also English words.\n"
         "# Generated by scripts/make-place-common-words from libgeonames and Debian's\n"
         "# wamerican word list (its lower-case entries); do not edit by hand: add\n"
         "# hand-picked words as 'weak' lines in place_stop_contexts.tsv instead.\n";
    for (const std::string& w : out) f << w << "\n";
    if (!f) throw std::runtime_error("cannot write " + out_path);
    std::cerr << "make_place_table: " << out.size() << " common-word place names -> " << out_path << "\n";
}

void load_contexts(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    while (std::getline(in, line)) {
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        std::vector<std::string> f = split_tabs(line);
        if (f.size() < 2) throw std::runtime_error(path + ": bad line: " + line);
        contexts[f[0]].insert(tx::fold_name(f[1]));
    }
}

std::string c_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') { out += '\\'; out += char(ch); }
        else if (ch < 0x20 || ch >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", ch);
            out += buf;
        } else out += char(ch);
    }
    return out + "\"";
}

// Which of several places a name means: hand-written names first, then
// countries, world regions, then cities and regions by population (a region
// counts a quarter of its cities' total, so New York is the city, Manchester the
// English city and not the Jamaican parish).
int rank(const NameRec& n) {
    const PlaceRec& p = places[n.place];
    if (n.alias) return 0;
    switch (p.kind) {
        case pt::kCountry: return 1;
        case pt::kWorldRegion: return 2;
        default: return 3;
    }
}

unsigned long weight(const NameRec& n) {
    const PlaceRec& p = places[n.place];
    return p.kind == pt::kRegion ? p.population / 4 : p.population;
}

void write_list(std::ostream& out, const char* var, const std::string& kind) {
    const std::set<std::string>& items = contexts[kind];
    out << "static const char* const " << var << "_items[] = {";
    for (const std::string& s : items) out << c_string(s) << ",";
    if (items.empty()) out << "nullptr";
    out << "};\nconst WordList " << var << "{" << var << "_items, " << items.size() << "};\n";
}

void write(const std::string& path) {
    std::set<std::string> common = contexts["weak"];
    std::set<std::string> personal = contexts["person"];
    // Sort rows by key, then best place first; drop duplicate (key, place) rows.
    std::stable_sort(names.begin(), names.end(), [](const NameRec& a, const NameRec& b) {
        if (a.key != b.key) return a.key < b.key;
        int ra = rank(a), rb = rank(b);
        if (ra != rb) return ra < rb;
        return weight(a) > weight(b);
    });
    std::ostringstream out;
    out << "// Generated by indexer/data/make_place_table.cc from ICU, libgeonames and\n"
           "// indexer/data/*.tsv. Do not edit.\n"
           "#include \"indexer/data/place_table.h\"\n\n"
           "namespace newsdex::place_table {\n\n";
    static const char* kind_names[] = {"kCountry", "kWorldRegion", "kRegion", "kCity", "kSeat"};
    out << "const Place kPlaces[] = {\n";
    for (const PlaceRec& p : places)
        out << "{" << c_string(p.canonical) << "," << kind_names[p.kind] << "," << p.country << ","
            << p.population << "u},\n";
    out << "};\nconst std::uint32_t kPlaceCount = " << places.size() << ";\n\n";

    out << "const NameRow kNames[] = {\n";
    std::size_t rows = 0;
    unsigned max_words = 1;
    std::set<std::pair<std::string, int>> seen;
    for (const NameRec& n : names) {
        if (dropped.count(n.key)) continue;
        std::vector<tx::Word> words = tx::split_words(n.spelling);
        if (words.empty() || words.size() > 32) continue;
        std::uint32_t upper = 0, acronym = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            const tx::Word& w = words[i];
            if (w.first_upper) upper |= 1u << i;
            std::size_t letters = 0;
            for (std::size_t k = w.begin; k < w.end; ++k)
                if (std::isalpha(static_cast<unsigned char>(n.spelling[k]))) ++letters;
            if (w.all_upper && letters >= 2) acronym |= 1u << i;
        }
        // Names in data are capitalised; a lower-case first word ("world") is not a name.
        if (!(upper & 1u)) continue;
        if (!seen.insert({n.key + "\x01" + std::to_string(upper) + "/" + std::to_string(acronym),
                          n.place}).second)
            continue;
        std::uint8_t flags = (n.alias ? pt::kAlias : 0) |
                             (common.count(n.key) || ordinary_word_name(n, dictionary_words) ? pt::kCommonWord : 0) |
                             (personal.count(n.key) || ordinary_word_name(n, given_names) ? pt::kPersonName : 0);
        // "Calif.", "Mass.": abbreviations whose bare word is something else.
        if (n.spelling.back() == '.' && n.key.back() != '.') flags |= pt::kNeedsDot;
        if (landmarks.count(n.place)) flags |= pt::kLandmark;
        out << "{" << c_string(n.key) << "," << n.place << "u," << upper << "u," << acronym << "u,"
            << static_cast<int>(flags) << "," << words.size() << "},\n";
        max_words = std::max<unsigned>(max_words, static_cast<unsigned>(words.size()));
        ++rows;
    }
    out << "};\nconst std::uint32_t kNameCount = " << rows << ";\n";
    out << "const std::uint32_t kMaxNameWords = " << max_words << ";\n\n";
    write_list(out, "kOrgAfter", "org_after");
    write_list(out, "kOrgBefore", "org_before");
    write_list(out, "kFreeBefore", "free_before");
    write_list(out, "kFreeAfter", "free_after");
    write_list(out, "kPlaceCues", "place_cue");
    write_list(out, "kLooseCues", "loose_cue");
    write_list(out, "kDirections", "direction");
    write_list(out, "kMonths", "month");
    write_list(out, "kSportsWords", "sports_word");
    contexts["given_name"] = given_names;
    write_list(out, "kGivenNames", "given_name");
    out << "\n}  // namespace newsdex::place_table\n";

    // Write only when changed, so that an unchanged table does not relink everything.
    std::string text = out.str();
    std::ifstream old(path, std::ios::binary);
    std::string prev((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>());
    if (prev == text) return;
    std::ofstream f(path, std::ios::binary);
    f << text;
    if (!f) throw std::runtime_error("cannot write " + path);
    std::cerr << "make_place_table: " << places.size() << " places, " << rows << " names -> " << path
              << "\n";
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc == 5 && std::string(argv[1]) == "--list-common-words") {
        load_icu();
        load_geonames();
        load_time_zone_cities();
        load_aliases(argv[4]);
        list_common_words(argv[2], argv[3]);
        return 0;
    }
    if (argc != 6) {
        std::cerr << "usage: make_place_table OUT.cc place_aliases.tsv place_stop_contexts.tsv "
                     "place_common_words.txt first_names.txt\n"
                     "       make_place_table --list-common-words DICT OUT.txt place_aliases.tsv\n";
        return 2;
    }
    load_icu();
    load_geonames();
    load_time_zone_cities();
    load_aliases(argv[2]);
    load_contexts(argv[3]);
    dictionary_words = read_word_list(argv[4]);
    given_names = read_word_list(argv[5]);
    write(argv[1]);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "make_place_table: " << e.what() << "\n";
    return 1;
}
