#include "indexer/surname_folding.h"

#include "core/fnv1a.h"
#include "core/index_layout.h"
#include "core/text.h"
#include "indexer/document_builder.h"
#include "indexer/person_finder.h"

#include <algorithm>
#include <cstdlib>
#include <cstdint>
#include <ctime>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// The family-name list PersonFinder uses (names written family name first:
// "Xi Jinping" is Mr Xi). Its constants have internal linkage.
#include "person_names.inc"

namespace newsdex {

namespace {

// Titles that may stand before a stated name ("Mr Reagan", "President Xi"); the
// finder cuts them from names it finds, but a file's own People line may keep them.
const std::unordered_set<std::string_view>& neutral_titles() {
    static const std::unordered_set<std::string_view> titles = {
        "mr", "dr", "prof", "professor", "president", "senator", "sen", "gov", "governor",
        "chancellor", "premier", "judge", "general", "gen"};
    return titles;
}

// "Mrs Reagan" is not Ronald Reagan: a surname with a woman's title is never
// folded, because nothing tells which full names are women's.
const std::unordered_set<std::string_view>& womens_titles() {
    static const std::unordered_set<std::string_view> titles = {"mrs", "ms", "miss", "mme", "madame", "lady", "dame"};
    return titles;
}

const std::unordered_set<std::string>& family_first_names() {
    static const std::unordered_set<std::string> names = [] {
        std::unordered_set<std::string> folded;
        std::string_view rest(person_data::kFamilyNames);
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
            if (!line.empty() && line.front() != '#') folded.insert(text::fold(line));
        }
        return folded;
    }();
    return names;
}

std::vector<std::string_view> words_of(std::string_view name) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < name.size()) {
        while (i < name.size() && name[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < name.size() && name[i] != ' ') ++i;
        if (i > start) words.push_back(name.substr(start, i - start));
    }
    return words;
}

std::string title_key(std::string_view word) {
    std::string key = text::fold(word);
    if (!key.empty() && key.back() == '.') key.pop_back();
    return key;
}

// The people term every article naming this word in a person's name holds:
// the prefix and the key of the word's last piece ("Haji-Ioannou" -> "ioannou").
std::string people_term_of(std::string_view word) {
    const auto spans = text::thread_word_breaker().words(word);
    if (spans.empty()) return {};
    const std::string key = text::term_key(word.substr(spans.back().begin, spans.back().end - spans.back().begin));
    if (key.empty()) return {};
    return std::string(layout::field("people").term_prefix) + key;
}

// "REAGAN" -> "Reagan" (ASCII capitals only), the form the given-name list holds.
std::string capitalised(std::string_view word) {
    std::string out(word);
    const bool all_capitals = std::none_of(out.begin(), out.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!all_capitals) return out;
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i] >= 'A' && out[i] <= 'Z' && out[i - 1] != '-' && out[i - 1] != '\'') out[i] = static_cast<char>(out[i] - 'A' + 'a');
    }
    return out;
}

// What a stored person's name is, for folding.
struct NameShape {
    enum class Kind { Other, Surname, Full } kind = Kind::Other;
    std::vector<std::string> surnames;  // folded: the one word of a bare surname; the words a full name goes by alone
    std::string given;                  // a full name's folded given name ("ronald"), empty for "Xi Jinping"
    bool recognised = false;            // a full name that opens with a known given name, an initial or a family name
    bool capitals = false;              // written in capitals only ("RONALD REAGAN", a headline's)
    std::vector<std::string_view> surname_words;  // as written, for the people term
};

// "J" or "J.": an initial, never a surname ("Xi" and "Wu" are).
bool is_initial(std::string_view word) { return word.size() == 1 || (word.size() == 2 && word.back() == '.'); }

NameShape shape_of(std::string_view name) {
    NameShape shape;
    shape.capitals = std::none_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    std::vector<std::string_view> words = words_of(name);
    bool womans_title = false;
    while (words.size() > 1) {
        const std::string key = title_key(words.front());
        if (womens_titles().count(key)) {
            womans_title = true;
        } else if (!neutral_titles().count(key)) {
            break;
        }
        words.erase(words.begin());
    }
    if (words.size() == 1) {
        if (womans_title || is_initial(words[0]) || !text::has_letter(words[0])) return shape;
        shape.kind = NameShape::Kind::Surname;
        shape.surnames.push_back(text::fold(words[0]));
        shape.surname_words.push_back(words[0]);
        return shape;
    }
    if (words.size() < 2) return shape;
    shape.kind = NameShape::Kind::Full;
    shape.surnames.push_back(text::fold(words.back()));
    shape.surname_words.push_back(words.back());
    const std::string first = text::fold(words.front());
    if (words.size() <= 3 && family_first_names().count(first)) {
        shape.surnames.push_back(first);
        shape.surname_words.push_back(words.front());
        shape.recognised = true;
    } else if (is_initial(words.front())) {
        shape.recognised = true;
    } else {
        shape.given = first;
        shape.recognised = PersonFinder::instance().is_given_name(capitalised(words.front()));
    }
    return shape;
}

// Days since 1970-01-01 of a compact "YYYYMMDD" date (Howard Hinnant's days_from_civil).
std::optional<long> day_number(const std::string& compact) {
    if (compact.size() != 8 || !std::all_of(compact.begin(), compact.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    long y = std::stol(compact.substr(0, 4));
    const long m = std::stol(compact.substr(4, 2)), d = std::stol(compact.substr(6, 2));
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool within_period(const std::optional<long>& article_day, const std::optional<long>& evidence_day) {
    if (!article_day) return true;  // an undated article's period is the whole index
    return evidence_day && std::labs(*evidence_day - *article_day) <= kSamePeriodDays;
}

struct ArticlePeople {
    std::vector<std::string> extracted;  // as the finder and the file gave them
    std::vector<std::string> stored;     // as the index has them now
    std::optional<long> day;
    // Worked out once per article: an article naming thousands of people is
    // read for each of their surnames, and shaping its every name each time
    // made the pass quadratic in the people of one article.
    std::vector<NameShape> shapes;  // shapes[i] is extracted[i]'s; its views point into `extracted`
    std::unordered_map<std::string, std::vector<std::size_t>> bearers;     // folded surname -> names bearing it
    std::unordered_map<std::string, std::vector<std::size_t>> given_uses;  // folded given name -> full names opening with it
    bool shaped = false;  // shapes, bearers and given_uses worked out (or being worked out)
};

// What the index says about one surname: who bears it in full, and when.
struct SurnameEvidence {
    struct FullName {
        std::string folded, display;
        std::optional<long> day;
        Xapian::docid docid;
        bool recognised;
        bool capitals;
    };
    std::vector<FullName> full_names;
    std::vector<std::pair<std::optional<long>, Xapian::docid>> given_name_uses;  // "Howard" in "Howard Archer"
    std::vector<Xapian::docid> bare_mentions;  // articles naming the surname alone, or a bearer in capitals only
};

// Runs work(task) once for every task of some size (`size_of[task]`), the
// largest first, in at most `threads` threads (0: one per core), no more than
// such tasks (the calling thread being one of them). Rethrows the first exception a task
// threw, once every thread has finished; `failed` is set as soon as one
// throws, for the others to stop early.
void run_in_threads(const std::vector<std::size_t>& size_of, const std::function<void(std::size_t)>& work,
                    std::atomic<bool>& failed, unsigned threads) {
    std::vector<std::size_t> tasks;
    for (std::size_t task = 0; task < size_of.size(); ++task) {
        if (size_of[task] > 0) tasks.push_back(task);
    }
    std::stable_sort(tasks.begin(), tasks.end(), [&](std::size_t a, std::size_t b) { return size_of[a] > size_of[b]; });
    std::atomic<std::size_t> next{0};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto run = [&] {
        for (std::size_t i = next++; i < tasks.size() && !failed; i = next++) {
            try {
                work(tasks[i]);
            } catch (...) {
                failed = true;
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!first_error) first_error = std::current_exception();
            }
        }
    };
    if (threads == 0) threads = std::thread::hardware_concurrency();
    const std::size_t running = std::min<std::size_t>(std::max(1U, threads), tasks.size());
    std::vector<std::thread> helpers;
    for (std::size_t i = 1; i < running; ++i) helpers.emplace_back(run);
    run();
    for (std::thread& helper : helpers) helper.join();
    if (first_error) std::rethrow_exception(first_error);
}

// The databases a pass reads as one. Xapian interleaves their docids (docid d
// of the whole is document (d-1)/n+1 of database (d-1)%n); each database is
// also reachable on its own, so that a thread can work in each: separate
// Xapian databases share no state, one database must stay in one thread.
class SubDatabases {
public:
    // `whole` is `shards` added together; when a shard is itself made of
    // several databases its docids cannot be mapped, and `whole` is the only part.
    // `threads`: at most this many work at once (0: one per core).
    SubDatabases(std::vector<Xapian::WritableDatabase>& shards, Xapian::WritableDatabase& whole, unsigned threads)
        : threads_(threads) {
        const bool mappable = std::all_of(shards.begin(), shards.end(), [](const auto& shard) { return shard.size() == 1; });
        if (mappable) {
            for (Xapian::WritableDatabase& shard : shards) parts_.push_back(&shard);
        } else {
            parts_.push_back(&whole);
        }
    }
    std::size_t size() const { return parts_.size(); }
    std::size_t part_of(Xapian::docid docid) const { return (docid - 1) % parts_.size(); }
    Xapian::docid local(Xapian::docid docid) const { return (docid - 1) / parts_.size() + 1; }
    Xapian::WritableDatabase& operator[](std::size_t part) { return *parts_[part]; }

    // Runs work(part) for every part with work (`work_of[part]` items), in threads (run_in_threads).
    void for_each_part(const std::vector<std::size_t>& work_of, const std::function<void(std::size_t)>& work,
                       std::atomic<bool>& failed) {
        run_in_threads(work_of, work, failed, threads_);
    }
    unsigned threads() const { return threads_; }

private:
    std::vector<Xapian::WritableDatabase*> parts_;
    unsigned threads_;
};

// A term DocumentBuilder gave a list of names, as plain data: a thread can
// add it to a document of its own database without sharing the builder (its
// stemmer and caches are not thread-safe).
struct BuiltTerm {
    std::string name;
    Xapian::termcount wdf;
    std::vector<Xapian::termpos> positions;
};

// One article's new people, worked out whole before any database is written.
struct Rewrite {
    Xapian::docid docid;
    std::vector<std::string> people;
    std::vector<BuiltTerm> people_terms;
    std::string people_value;     // the facet value; empty: none
    std::string extracted_value;  // kPeopleAsExtractedSlot; empty: none
    std::size_t folds;
    bool done = false;  // written (set by the thread writing its database)
};

class FoldingPass {
public:
    FoldingPass(SubDatabases& parts, DocumentBuilder& builder, const std::atomic<bool>* stop_requested,
                std::size_t& names_shaped)
        : parts_(parts), builder_(builder), stop_requested_(stop_requested), names_shaped_(names_shaped) {}

    // Reads the people of those of `docids` not read yet, each database's in a
    // thread, and shapes their names unless `shaped` is false.
    void read_articles(const std::vector<Xapian::docid>& docids, bool shaped = true);
    // An article read by read_articles.
    const ArticlePeople& article(Xapian::docid docid) const { return articles_.at(docid); }
    // Weighs each of `surnames` (folded surname -> its people term): reads every
    // article whose people hold its term. False when stopped on request first.
    bool gather(const std::vector<const std::pair<const std::string, std::string>*>& surnames);
    std::optional<std::string> full_name_for(const std::string& surname, Xapian::docid docid);
    std::optional<std::string> written_form(const std::string& surname, const std::string& capitals);
    std::vector<std::string> folded(Xapian::docid docid, std::size_t& folds);
    Rewrite rewrite_of(Xapian::docid docid, std::vector<std::string> people, std::size_t folds);
    // Writes `rewrites` in their databases, one thread per database (as many
    // as there are cores); each stops between two articles once a stop is requested.
    void store(std::vector<Rewrite>& rewrites);

    std::map<std::string, SurnameEvidence> evidence;  // by folded surname

private:
    bool stop_requested() const { return stop_requested_ && *stop_requested_; }
    void weigh(SurnameEvidence& found, const std::string& surname, const std::vector<Xapian::docid>& bearers) const;

    SubDatabases& parts_;
    DocumentBuilder& builder_;
    const std::atomic<bool>* stop_requested_;
    std::size_t& names_shaped_;
    std::unordered_map<Xapian::docid, ArticlePeople> articles_;
};

// Shapes the names of an article whose names are read; returns how many.
std::size_t shape_names(ArticlePeople& known) {
    known.shapes.reserve(known.extracted.size());
    for (std::size_t i = 0; i < known.extracted.size(); ++i) {
        known.shapes.push_back(shape_of(known.extracted[i]));
        const NameShape& shape = known.shapes.back();
        if (shape.kind == NameShape::Kind::Other) continue;
        for (const std::string& surname : shape.surnames) {
            auto& names = known.bearers[surname];
            if (names.empty() || names.back() != i) names.push_back(i);
        }
        if (shape.kind == NameShape::Kind::Full && !shape.given.empty()) known.given_uses[shape.given].push_back(i);
    }
    return known.extracted.size();
}

// The values are read along value streams, a database's articles in docid
// order: a stream reads a chunk of neighbouring articles' values at once,
// where Document::get_value looked up each article's chunk again. A first BBC
// pass reads all 2,227 articles: 480 perf samples that way, 262 this way
// (split between two threads).
void FoldingPass::read_articles(const std::vector<Xapian::docid>& docids, bool shaped) {
    // Each entry is made here and filled in place by one thread (the shapes'
    // views point into its names, so it must not move once filled).
    std::vector<std::vector<std::pair<Xapian::docid, ArticlePeople*>>> to_read(parts_.size());
    std::vector<std::vector<ArticlePeople*>> to_shape(parts_.size());
    for (Xapian::docid docid : docids) {
        const auto [entry, fresh] = articles_.try_emplace(docid);
        if (fresh) to_read[parts_.part_of(docid)].emplace_back(parts_.local(docid), &entry->second);
        if (shaped && !entry->second.shaped) {
            entry->second.shaped = true;
            to_shape[parts_.part_of(docid)].push_back(&entry->second);
        }
    }
    std::vector<std::size_t> work_of, shaped_names(parts_.size());
    for (std::size_t part = 0; part < parts_.size(); ++part) {
        std::sort(to_read[part].begin(), to_read[part].end());
        work_of.push_back(to_read[part].size() + to_shape[part].size());
    }
    std::atomic<bool> failed{false};
    parts_.for_each_part(work_of, [&](std::size_t part) {
        Xapian::WritableDatabase& db = parts_[part];
        auto& articles = to_read[part];
        auto read_slot = [&](Xapian::valueno slot, auto&& use) {
            if (articles.empty()) return;
            auto value = db.valuestream_begin(slot);
            for (auto& [docid, people] : articles) {
                if (failed) return;
                value.skip_to(docid);
                if (value == db.valuestream_end(slot)) return;
                if (value.get_docid() == docid) use(*people, *value);
            }
        };
        std::vector<ArticlePeople*> with_extracted;
        read_slot(layout::field("people").value_slot,
                  [](ArticlePeople& people, const std::string& value) { people.stored = layout::split_names(value); });
        read_slot(kPeopleAsExtractedSlot, [&](ArticlePeople& people, const std::string& value) {
            people.extracted = layout::split_names(value);
            with_extracted.push_back(&people);
        });
        read_slot(layout::field("date").value_slot,
                  [](ArticlePeople& people, const std::string& value) { people.day = day_number(value); });
        std::sort(with_extracted.begin(), with_extracted.end());
        for (auto& [docid, people] : articles) {
            if (!std::binary_search(with_extracted.begin(), with_extracted.end(), people)) people->extracted = people->stored;
        }
        for (ArticlePeople* people : to_shape[part]) {
            if (failed) return;
            shaped_names[part] += shape_names(*people);
        }
    }, failed);
    for (std::size_t count : shaped_names) names_shaped_ += count;
}

// Postings are read in each database apart, in a thread each; the articles
// they name are read together, then each surname is weighed in docid order
// (the order of the databases' postings taken as one).
bool FoldingPass::gather(const std::vector<const std::pair<const std::string, std::string>*>& surnames) {
    if (surnames.empty()) return true;
    std::vector<std::vector<Xapian::docid>> bearers(surnames.size());
    std::vector<std::vector<std::vector<Xapian::docid>>> bearers_in(parts_.size());
    std::vector<std::size_t> work_of;
    for (std::size_t part = 0; part < parts_.size(); ++part)
        work_of.push_back(parts_[part].get_doccount() == 0 ? 0 : surnames.size());
    std::atomic<bool> failed{false};
    parts_.for_each_part(work_of, [&](std::size_t part) {
        Xapian::WritableDatabase& db = parts_[part];
        auto& found = bearers_in[part];
        found.resize(surnames.size());
        for (std::size_t i = 0; i < surnames.size(); ++i) {
            if (failed || stop_requested()) return;
            const std::string& term = surnames[i]->second;
            for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting)
                found[i].push_back((*posting - 1) * parts_.size() + part + 1);
        }
    }, failed);
    if (stop_requested()) return false;
    std::vector<Xapian::docid> to_read;
    for (std::size_t i = 0; i < surnames.size(); ++i) {
        for (const auto& found : bearers_in) {
            if (!found.empty()) bearers[i].insert(bearers[i].end(), found[i].begin(), found[i].end());
        }
        std::sort(bearers[i].begin(), bearers[i].end());
        to_read.insert(to_read.end(), bearers[i].begin(), bearers[i].end());
    }
    read_articles(to_read);
    // Each surname's evidence is its own, read from articles no longer
    // changing: surnames are weighed in threads, a share of them each.
    std::vector<SurnameEvidence*> found;
    for (const auto* surname : surnames) found.push_back(&evidence[surname->first]);
    constexpr std::size_t kShares = 16;
    const std::size_t share = (surnames.size() + kShares - 1) / kShares;
    std::vector<std::size_t> share_sizes(kShares);
    for (std::size_t i = 0; i < surnames.size(); ++i) ++share_sizes[i / share];
    run_in_threads(share_sizes, [&](std::size_t of) {
        for (std::size_t i = of * share; i < std::min(surnames.size(), (of + 1) * share); ++i)
            weigh(*found[i], surnames[i]->first, bearers[i]);
    }, failed, parts_.threads());
    return true;
}

void FoldingPass::weigh(SurnameEvidence& found, const std::string& surname, const std::vector<Xapian::docid>& bearers) const {
    for (const Xapian::docid docid : bearers) {
        const ArticlePeople& people = article(docid);
        bool mentioned = false;
        // Only the names bearing the surname or opening with it are read, in
        // the article's order, so the cost is the mentions, not the article's people.
        std::vector<std::size_t> names;
        if (auto bearing = people.bearers.find(surname); bearing != people.bearers.end()) names = bearing->second;
        if (auto given = people.given_uses.find(surname); given != people.given_uses.end())
            names.insert(names.end(), given->second.begin(), given->second.end());
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (std::size_t i : names) {
            const std::string& name = people.extracted[i];
            const NameShape& shape = people.shapes[i];
            const bool bears = std::find(shape.surnames.begin(), shape.surnames.end(), surname) != shape.surnames.end();
            if (shape.kind == NameShape::Kind::Full && bears) {
                found.full_names.push_back({text::fold(name), name, people.day, docid, shape.recognised, shape.capitals});
                mentioned = mentioned || shape.capitals;
            } else if (shape.kind == NameShape::Kind::Full && shape.given == surname) {
                found.given_name_uses.emplace_back(people.day, docid);
            } else if (shape.kind == NameShape::Kind::Surname && bears) {
                mentioned = true;
            }
        }
        if (mentioned) found.bare_mentions.push_back(docid);
    }
}

// The one full name the period knows for `surname`, seen from article `docid`;
// none when it knows none or several, when someone in it has the surname as a
// given name, or when the article names a bearer in full itself (the finder's call).
std::optional<std::string> FoldingPass::full_name_for(const std::string& surname, Xapian::docid docid) {
    const SurnameEvidence& found = evidence.at(surname);
    const std::optional<long> day = article(docid).day;
    for (const auto& [use_day, use_docid] : found.given_name_uses) {
        if (use_docid == docid || within_period(day, use_day)) return std::nullopt;
    }
    std::map<std::string, std::map<std::string, std::size_t>> displays;  // folded -> display -> articles
    bool recognised = false;
    for (const auto& name : found.full_names) {
        if (name.docid == docid) return std::nullopt;
        if (!within_period(day, name.day)) continue;
        ++displays[name.folded][name.display];
        recognised = recognised || name.recognised;
    }
    // A full name the rules may have taken from a firm or a title ("Bookmakers
    // Ladbrokes", "Daily Telegraph") still makes a surname ambiguous, but one
    // article is too little to file many others under it: the target must open
    // with a known given name, an initial or a family name.
    if (displays.size() != 1 || !recognised) return std::nullopt;
    // The form most articles write, a headline's capitals last; the first in
    // byte order on a tie, so the outcome does not depend on the order articles were indexed in.
    const auto& forms = displays.begin()->second;
    auto has_lower_case = [](const std::string& name) {
        return std::any_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    return std::max_element(forms.begin(), forms.end(), [&](const auto& a, const auto& b) {
               if (has_lower_case(a.first) != has_lower_case(b.first)) return has_lower_case(b.first);
               return a.second != b.second ? a.second < b.second : a.first > b.first;
           })->first;
}

// How articles write a name found in capitals only ("RONALD REAGAN"): the most
// common form with small letters, from any period (a name's spelling has none).
std::optional<std::string> FoldingPass::written_form(const std::string& surname, const std::string& capitals) {
    const std::string folded_name = text::fold(capitals);
    std::map<std::string, std::size_t> forms;
    for (const auto& name : evidence.at(surname).full_names) {
        if (name.folded == folded_name && !name.capitals) ++forms[name.display];
    }
    if (forms.empty()) return std::nullopt;
    return std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
               return a.second != b.second ? a.second < b.second : a.first > b.first;
           })->first;
}

std::vector<std::string> FoldingPass::folded(Xapian::docid docid, std::size_t& folds) {
    const ArticlePeople& people = article(docid);
    std::vector<std::string> result;
    for (std::size_t i = 0; i < people.extracted.size(); ++i) {
        const std::string& name = people.extracted[i];
        std::string stored = name;
        const NameShape& shape = people.shapes[i];
        if (shape.kind == NameShape::Kind::Full && shape.capitals && evidence.count(shape.surnames.front())) {
            if (auto written = written_form(shape.surnames.front(), name)) {
                stored = *written;
                ++folds;
                if (std::find(result.begin(), result.end(), stored) != result.end()) continue;
            }
        } else if (shape.kind == NameShape::Kind::Surname && evidence.count(shape.surnames.front())) {
            if (auto full = full_name_for(shape.surnames.front(), docid)) {
                stored = *full;
                ++folds;
                // "Reagan" and "REAGAN" in one article are one person.
                if (std::find(result.begin(), result.end(), stored) != result.end()) continue;
            }
        }
        result.push_back(std::move(stored));
    }
    return result;
}

// The new people of one article: its people terms (exact and stemmed, as
// DocumentBuilder makes them), the facet value, and the as-extracted list.
Rewrite FoldingPass::rewrite_of(Xapian::docid docid, std::vector<std::string> people, std::size_t folds) {
    Rewrite rewrite{docid, std::move(people), {}, {}, {}, folds};
    Xapian::Document built;
    builder_.add_people_terms(built, rewrite.people);
    for (auto term = built.termlist_begin(); term != built.termlist_end(); ++term)
        rewrite.people_terms.push_back({*term, term.get_wdf(), {term.positionlist_begin(), term.positionlist_end()}});
    if (!rewrite.people.empty()) rewrite.people_value = layout::join_names(rewrite.people);
    const ArticlePeople& known = articles_.at(docid);
    if (rewrite.people != known.extracted) rewrite.extracted_value = layout::join_names(known.extracted);
    return rewrite;
}

// Rewrites the people of document `docid` of `db` as `rewrite` says: its
// people terms, the facet value, the stored record and the as-extracted list.
// Everything else in the document stays as it is.
void store_in(Xapian::WritableDatabase& db, Xapian::docid docid, const Rewrite& rewrite) {
    Xapian::Document doc = db.get_document(docid, Xapian::DOC_ASSUME_VALID);
    const auto& field = layout::field("people");
    const std::string exact(field.term_prefix), stemmed = std::string(layout::kStemmedPrefix) + exact;
    std::vector<std::string> old_terms;
    for (const std::string& prefix : {exact, stemmed}) {
        auto term = doc.termlist_begin();
        for (term.skip_to(prefix); term != doc.termlist_end() && (*term).rfind(prefix, 0) == 0; ++term)
            old_terms.push_back(*term);
    }
    for (const std::string& term : old_terms) doc.remove_term(term);
    // As DocumentBuilder::add_people_terms adds them: the same wdf and positions (older
    // indexes also had stemmed forms, removed above).
    for (const BuiltTerm& term : rewrite.people_terms) {
        if (term.positions.empty()) {
            doc.add_term(term.name, term.wdf);
            continue;
        }
        doc.add_posting(term.name, term.positions.front(), term.wdf);
        for (std::size_t i = 1; i < term.positions.size(); ++i) doc.add_posting(term.name, term.positions[i], 0);
    }
    if (rewrite.people_value.empty()) {
        doc.remove_value(field.value_slot);
    } else {
        doc.add_value(field.value_slot, rewrite.people_value);
    }
    if (rewrite.extracted_value.empty()) {
        doc.remove_value(kPeopleAsExtractedSlot);
    } else {
        doc.add_value(kPeopleAsExtractedSlot, rewrite.extracted_value);
    }
    Article record = layout::decode_record(doc.get_data());
    record.people = rewrite.people;
    doc.set_data(layout::encode_record(record));
    db.replace_document(docid, doc);
}

// Writing is most of a pass's time (Xapian 1.4 reads every term and position
// of a document it changes, and again to compare them when it is replaced):
// the databases of a parallel build are written at once, one thread each.
void FoldingPass::store(std::vector<Rewrite>& rewrites) {
    std::vector<std::vector<Rewrite*>> rewrites_of(parts_.size());
    for (Rewrite& rewrite : rewrites) rewrites_of[parts_.part_of(rewrite.docid)].push_back(&rewrite);
    std::vector<std::size_t> work_of;
    for (const auto& part : rewrites_of) work_of.push_back(part.size());
    std::atomic<bool> failed{false};
    parts_.for_each_part(work_of, [&](std::size_t part) {
        for (Rewrite* rewrite : rewrites_of[part]) {
            if (failed || stop_requested()) return;
            store_in(parts_[part], parts_.local(rewrite->docid), *rewrite);
            rewrite->done = true;
        }
    }, failed);
    for (const Rewrite& rewrite : rewrites) {
        if (rewrite.done) articles_.at(rewrite.docid).stored = rewrite.people;
    }
}

// Articles that entered the index at or after `since` (every article when 0).
std::vector<Xapian::docid> articles_since(Xapian::Database& db, std::time_t since) {
    std::vector<Xapian::docid> found;
    if (since == 0) {
        for (auto posting = db.postlist_begin(""); posting != db.postlist_end(""); ++posting) found.push_back(*posting);
        return found;
    }
    for (auto value = db.valuestream_begin(layout::kIndexedAtSlot); value != db.valuestream_end(layout::kIndexedAtSlot);
         ++value) {
        if (Xapian::sortable_unserialise(*value) >= static_cast<double>(since)) found.push_back(value.get_docid());
    }
    return found;
}

// The kSurnameFoldingSeenKey value for an index whose articles entered at or
// after the pass's time are `newest`: their count, docids and what a pass
// reads of them (people as stored and as extracted, date) stand for them. An
// article changed in nothing of these leaves a pass nothing to redo. (Their
// records were digested before: decompressing every new article's text took
// 7% of an incremental BBC pass, reading their people takes none more, as the pass reads them anyway.)
std::string seen_state(FoldingPass& pass, Xapian::Database& db, const std::vector<Xapian::docid>& newest) {
    // Unshaped: a rerun that finds nothing new never loads the finder's name lists.
    pass.read_articles(newest, false);
    std::uint64_t digest = Fnv1a64::kOffset;
    for (Xapian::docid docid : newest) {
        const ArticlePeople& people = pass.article(docid);
        std::string state = std::to_string(docid) + ":" + layout::join_names(people.stored);
        state += '\0' + layout::join_names(people.extracted) + '\0' + (people.day ? std::to_string(*people.day) : "-");
        digest = Fnv1a64::of(state, digest);
    }
    return std::to_string(db.get_doccount()) + " " + std::to_string(newest.size()) + ":" + std::to_string(digest);
}

// kSurnameFoldingCountsKey, read: folded surname -> its people term and articles.
struct SurnameCount {
    std::string term;
    Xapian::doccount articles = 0;
};
using SurnameCounts = std::map<std::string, SurnameCount>;
constexpr std::string_view kCountsVersion = "v1\n";

SurnameCounts read_counts(std::string_view value) {
    SurnameCounts counts;
    value.remove_prefix(std::min(value.size(), kCountsVersion.size()));
    while (!value.empty()) {
        const std::string_view line = value.substr(0, value.find('\n'));
        value.remove_prefix(std::min(value.size(), line.size() + 1));
        const auto first = line.find('\t'), second = line.find('\t', first + 1);
        if (second == std::string_view::npos) continue;
        const std::string articles(line.substr(second + 1));
        counts[std::string(line.substr(0, first))] = {std::string(line.substr(first + 1, second - first - 1)),
                                                      static_cast<Xapian::doccount>(std::strtoul(articles.c_str(), nullptr, 10))};
    }
    return counts;
}

// The counts after a pass that weighed `weighed` (surname -> people term): a
// surname no article names alone any more is dropped, a new one added, and
// every count is read again (the pass's own rewrites move some).
std::string counts_after(Xapian::Database& db, SurnameCounts counts, const std::map<std::string, std::string>& weighed,
                         const std::map<std::string, SurnameEvidence>& evidence) {
    auto separator = [](const std::string& text) { return text.find_first_of("\t\n") != std::string::npos; };
    for (const auto& [surname, term] : weighed) {
        // A name with a tab in it (a file's own People line may have one) cannot be
        // written in this format; its folds follow only the articles that name it.
        if (evidence.at(surname).bare_mentions.empty() || separator(surname) || separator(term)) {
            counts.erase(surname);
        } else {
            counts[surname].term = term;
        }
    }
    std::string value(kCountsVersion);
    for (const auto& [surname, count] : counts)
        value += surname + "\t" + count.term + "\t" + std::to_string(db.get_termfreq(count.term)) + "\n";
    return value;
}

}  // namespace

SurnameFoldingReport fold_surnames_across_articles(std::vector<Xapian::WritableDatabase>& shards,
                                                   DocumentBuilder& builder, const std::atomic<bool>* stop_requested,
                                                   unsigned threads) {
    SurnameFoldingReport report;
    if (shards.empty()) return report;
    // The shards of a sharded index read and written as one: evidence from all
    // of them, each rewrite going to its own shard (Xapian maps the docids), so
    // a sharded index folds exactly as one index of the same articles.
    Xapian::WritableDatabase db;
    for (Xapian::WritableDatabase& shard : shards) db.add_database(shard);
    const std::time_t started = std::time(nullptr);
    const std::string through = db.get_metadata(kSurnameFoldingThroughKey);
    const std::string counts_value = db.get_metadata(kSurnameFoldingCountsKey);
    // Without counts a pass cannot tell which surnames lost an article: weigh all.
    const std::time_t since = through.empty() || counts_value.empty()
                                  ? 0
                                  : static_cast<std::time_t>(std::strtoll(through.c_str(), nullptr, 10));
    const std::vector<Xapian::docid> recent = articles_since(db, since);
    SubDatabases parts(shards, db, threads);
    FoldingPass pass(parts, builder, stop_requested, report.names_shaped);
    // Nothing entered, changed or left since the last pass: its outcome stands,
    // and leaving the keys as they are keeps an unchanged rerun from writing.
    if (!through.empty() && db.get_metadata(kSurnameFoldingSeenKey) == seen_state(pass, db, recent)) return report;
    report.articles_looked_at = recent.size();

    // Surnames the new articles name, alone or in full: their articles old and new are weighed again.
    auto stopping = [&] {
        report.interrupted = report.interrupted || (stop_requested && *stop_requested);
        return report.interrupted;
    };
    // Each surname is weighed once: the second round adds only surnames the first did not name.
    std::map<std::string, std::string> surnames;  // folded surname -> people term
    std::vector<const std::pair<const std::string, std::string>*> unweighed;
    auto add_surnames_of = [&](Xapian::docid docid, bool only_bare) {
        for (const NameShape& shape : pass.article(docid).shapes) {
            const bool to_fold = shape.kind == NameShape::Kind::Surname || shape.capitals;
            if (shape.kind == NameShape::Kind::Other || (only_bare && !to_fold)) continue;
            for (std::size_t i = 0; i < shape.surnames.size(); ++i) {
                if (surnames.count(shape.surnames[i])) continue;
                std::string term = people_term_of(shape.surname_words[i]);
                if (!term.empty()) unweighed.push_back(&*surnames.emplace(shape.surnames[i], std::move(term)).first);
            }
        }
    };
    auto weigh_new_surnames = [&] {
        if (!unweighed.empty() && (stopping() || !pass.gather(unweighed))) {
            report.interrupted = true;
            return false;
        }
        unweighed.clear();
        return true;
    };
    pass.read_articles(recent);
    for (Xapian::docid docid : recent) add_surnames_of(docid, false);
    // And those an article left: deleted, or changed to name them no more.
    const SurnameCounts counts = read_counts(counts_value);
    for (const auto& [surname, count] : counts) {
        if (db.get_termfreq(count.term) == count.articles) continue;
        const auto [entry, added] = surnames.emplace(surname, count.term);
        if (added) unweighed.push_back(&*entry);
    }
    if (!weigh_new_surnames()) return report;

    // The articles to decide: those naming one of these surnames alone. Their
    // other bare surnames are weighed too, so each is decided whole.
    std::set<Xapian::docid> to_decide;
    for (const auto& [surname, found] : pass.evidence) to_decide.insert(found.bare_mentions.begin(), found.bare_mentions.end());
    for (Xapian::docid docid : recent) to_decide.insert(docid);
    pass.read_articles({to_decide.begin(), to_decide.end()});
    for (Xapian::docid docid : to_decide) add_surnames_of(docid, true);
    if (!weigh_new_surnames()) return report;
    report.surnames_checked = surnames.size();

    // Stopped between two articles, never inside one: each rewrite is whole.
    // The metadata keys are left as they were, so the next run weighs these articles again.
    std::vector<Rewrite> rewrites;
    for (Xapian::docid docid : to_decide) {
        std::size_t folds = 0;
        std::vector<std::string> people = pass.folded(docid, folds);
        if (people == pass.article(docid).stored) continue;
        rewrites.push_back(pass.rewrite_of(docid, std::move(people), folds));
    }
    if (stopping()) return report;
    pass.store(rewrites);
    for (const Rewrite& rewrite : rewrites) {
        if (!rewrite.done) {
            report.interrupted = true;
            continue;
        }
        ++report.articles_rewritten;
        report.names_folded += rewrite.folds;
        report.articles_unfolded += rewrite.folds == 0;
    }
    if (report.interrupted) return report;
    db.set_metadata(kSurnameFoldingThroughKey, std::to_string(static_cast<long long>(started)));
    db.set_metadata(kSurnameFoldingSeenKey, seen_state(pass, db, articles_since(db, started)));
    db.set_metadata(kSurnameFoldingCountsKey, counts_after(db, counts, surnames, pass.evidence));
    return report;
}

}  // namespace newsdex
