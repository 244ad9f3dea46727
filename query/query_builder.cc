#include "query/query_builder.h"

#include "core/index_layout.h"
#include "core/schema_table.h"
#include "core/text.h"
#include "query/date_filter.h"
#include "query/query_syntax.h"
#include "query/search_limits.h"

#include <newsdex/error.h>
#include <newsdex/extract.h>
#include <newsdex/schema.h>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <optional>
#include <cctype>
#include <cstring>
#include <utility>
#include <vector>

namespace newsdex {

namespace {

// A word the index knows only by its stem (another form, or a misspelling that
// stems like a rare word) is corrected only to a close word found in this many
// times as many articles: "goverment" matched one article about a governess
// through the stem "gover", while "government" is in hundreds.
constexpr Xapian::doccount kMuchMoreFrequent = 20;

// A wildcard (summ*) stands for at most this many words, the most frequent
// ones: "a* OR b* ... z*" expanded to every word of a 2,000-article index and
// took a second, a denial of service for a server's search threads.
constexpr Xapian::termcount kMaxWildcardWords = 200;

// Larger than any BM25 sum of a keyword query, so each extra word present
// moves an article up a whole tier.
constexpr double kCoordinationWeight = 1000.0;

// Extra weight scale for exact word forms of keyword queries, on top of the
// stemmed match. 0.25 measured best of 0, 0.25, 0.5, 1 by scripts/eval-relevance.
constexpr double kExactFormBoost = 0.25;

// Common English words that carry no topic, dropped from queries (kept in the
// index so that phrases still match).
const char* const kEnglishStopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
    "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
};

bool is_operator_word(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ";
}

// Splits a stemmed query term "Z<PREFIX><stem>" or an exact "<PREFIX><key>"
// into its field prefix and the rest. Prefixes are upper case; keys are folded.
std::pair<std::string, std::string> split_prefix(const std::string& term) {
    std::size_t i = 0;
    while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;
    return {term.substr(0, i), term.substr(i)};
}

}  // namespace

namespace {

// Byte ranges of boolean filter values (`path:"a/B.txt"`, `date:2024-07`):
// they are matched exactly, so folding must leave them alone.
std::vector<std::pair<std::size_t, std::size_t>> boolean_values(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const Field& field : schema()) {
        if (field.kind != FieldKind::Boolean) continue;
        const std::string prefix = std::string(field.name) + ":";
        for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
            if (at > 0 && !std::isspace(static_cast<unsigned char>(text[at - 1])) && !std::strchr("(+-", text[at - 1])) continue;
            std::size_t begin = at + prefix.size(), end = begin;
            if (begin < text.size() && text[begin] == '"') {
                end = text.find('"', begin + 1);
                end = end == std::string::npos ? text.size() : end + 1;
            } else {
                while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != ')') ++end;
            }
            ranges.emplace_back(begin, end);
        }
    }
    return ranges;
}

// The words of a name clause (`people:putin`, `place:"new york"`, `place:(paris OR lyon)`)
// as the index holds names:
// - A place under its canonical name, also where the article or its header wrote an
//   alias ("Britain", "U.S.", "Kiev"): "place:britain" is searched as place:"united
//   kingdom". A name whose words are part of its canonical name ("washington" for
//   "Washington D.C.") already matches it and is left as typed, as are names newsdex
//   does not know and wildcards.
// - Names are indexed as written, without stems (DocumentBuilder::add_names), and
//   Xapian's parser stems a word that starts with a lower-case letter or a letter of a
//   script without case: each bare word starts with a capital instead ("Putin", which
//   the parser still folds, expands by its synonyms and reads with +, - and NEAR as
//   before), or, in a script without case, is quoted.
// Phrases elsewhere, wildcards and operators are left as they are.
// `word` (folded, so lower case) as Xapian's parser reads without stemming it.
std::string unstemmed_word(const std::string& word) {
    std::int32_t at = 0;
    UChar32 first = 0;
    U8_NEXT(word.data(), at, static_cast<std::int32_t>(word.size()), first);
    if (first < 0) return word;
    const UChar32 capital = u_toupper(first);
    if (capital != first && u_tolower(capital) == first) {
        std::string out;
        icu::UnicodeString(capital).toUTF8String(out);
        return out + word.substr(static_cast<std::size_t>(at));
    }
    switch (u_charType(first)) {
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER:
        case U_OTHER_LETTER: return '"' + word + '"';  // stemmed unless quoted
        default: return word;                          // digits, symbols: never stemmed
    }
}

std::string resolve_name_clauses(const std::string& folded) {
    struct Clause {
        std::string opening;  // "people:"
        bool places;
    };
    static const std::vector<Clause> clauses = [] {
        std::vector<Clause> found;
        for (const schema_table::Row& field : schema_table::rows()) {
            if (field.description.empty() || field.terms != schema_table::Terms::Names) continue;
            found.push_back({std::string(field.name) + ":", field.names == &Article::places});
        }
        return found;
    }();
    auto canonical_place = [](const std::string& value) -> std::optional<std::string> {
        if (value.empty() || value.find('*') != std::string::npos) return std::nullopt;
        const std::string canonical = text::fold(canonical_place_name(value));
        if (canonical.empty() || (" " + canonical + " ").find(" " + value + " ") != std::string::npos) return std::nullopt;
        return canonical;
    };
    std::string out;
    // One value at `i`: a phrase or a bare word (up to a space or bracket).
    auto value = [&](std::size_t& i, bool places, bool in_group) {
        const bool quoted = folded[i] == '"';
        std::size_t end;
        if (quoted) {
            const std::size_t close = folded.find('"', i + 1);
            end = close == std::string::npos ? folded.size() : close + 1;
        } else {
            end = i;
            while (end < folded.size() && !std::isspace(static_cast<unsigned char>(folded[end])) && folded[end] != ')' &&
                   folded[end] != '(')
                ++end;
        }
        if (end == i) return;  // `people:)`: no value
        std::string_view as_typed(folded.data() + i, end - i);
        i = end;
        if (!quoted && (as_typed.front() == '+' || as_typed.front() == '-')) {  // a sign stays outside
            out += as_typed.front();
            as_typed.remove_prefix(1);
        }
        const std::string words(quoted ? as_typed.substr(1, as_typed.size() - (as_typed.back() == '"' && as_typed.size() > 1 ? 2 : 1))
                                       : as_typed);
        if (places) {
            if (auto canonical = canonical_place(words)) return void(out += '"' + *canonical + '"');
        }
        if (quoted || words.find_first_of("*\"") != std::string::npos) return void(out += as_typed);
        // The clause's field takes the first word alone, a group's every word
        // (`people:(putin|xi)` is two): so in a group, each word after a separator.
        std::size_t done = 0;
        for (std::size_t at = 0; at <= words.size(); ++at) {
            const bool separator = at == words.size() || (static_cast<unsigned char>(words[at]) < 0x80 &&
                                                           !std::isalnum(static_cast<unsigned char>(words[at])) && words[at] != '\'');
            if (!separator) continue;
            const std::string word = words.substr(done, at - done);
            out += word.empty() || (done > 0 && !in_group) ? word : unstemmed_word(word);
            if (at < words.size()) out += words[at];
            done = at + 1;
        }
    };
    for (std::size_t i = 0; i < folded.size();) {
        const bool clause_start = i == 0 || std::strchr(" \t+-(", folded[i - 1]) != nullptr;
        const auto clause = std::find_if(clauses.begin(), clauses.end(), [&](const Clause& c) {
            return folded.compare(i, c.opening.size(), c.opening) == 0;
        });
        if (folded[i] == '"') {  // a phrase of the default field: left whole
            const std::size_t close = folded.find('"', i + 1);
            const std::size_t end = close == std::string::npos ? folded.size() : close + 1;
            out.append(folded, i, end - i);
            i = end;
        } else if (!clause_start || clause == clauses.end()) {
            out += folded[i++];
        } else {
            out += clause->opening;
            i += clause->opening.size();
            if (i >= folded.size() || std::isspace(static_cast<unsigned char>(folded[i]))) continue;
            if (folded[i] != '(') {
                value(i, clause->places, false);
                continue;
            }
            // A group: each value in it, to its closing bracket.
            for (int depth = 0; i < folded.size();) {
                const char c = folded[i];
                if (c == '(' || c == ')' || std::isspace(static_cast<unsigned char>(c))) {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    out += folded[i++];
                    if (depth == 0) break;
                } else {
                    value(i, clause->places, true);
                }
            }
        }
    }
    return out;
}

// "summit people:putin" means summit articles in which Putin appears: a field
// clause restricts. Xapian's default OR would instead return every Putin
// article, so such clauses are made required, unless the query spells out
// its own logic with operators or parentheses.
std::string require_field_clauses(const std::string& folded) {
    for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        const std::size_t at = folded.find(op);
        if (at != std::string::npos) {
            const bool word_start = at == 0 || !std::isalnum(static_cast<unsigned char>(folded[at - 1]));
            const std::size_t after = at + op.size();
            const bool word_end = after >= folded.size() || !std::isalnum(static_cast<unsigned char>(folded[after]));
            if (word_start && word_end) return folded;
        }
    }
    if (folded.find('(') != std::string::npos) return folded;
    std::string out;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const bool word_start = i == 0 || std::isspace(static_cast<unsigned char>(folded[i - 1]));
        if (word_start) {
            for (const schema_table::Row& field : schema_table::rows()) {
                if (field.description.empty() || field.kind != FieldKind::FreeText || field.term_prefix.empty()) continue;
                const std::string prefix = std::string(field.name) + ":";
                if (folded.compare(i, prefix.size(), prefix) == 0) {
                    out += '+';
                    break;
                }
            }
        }
        out += folded[i];
    }
    return out;
}

// True for a query that is words and nothing else: terms under OR (the
// default operator) and synonym nodes only.
bool is_word_list(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: return true;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                if (!is_word_list(query.get_subquery(i))) return false;
            }
            return true;
        default: return false;
    }
}

// kCoordinationWeight once if any term of `word` (a term, or an OR of it and its
// synonyms) is in the article. Each term has its own branch, for articles
// without the terms before it, so at most one fires: a filter on an OR of the
// terms (the plain way to say it) made Xapian 1.4 drop matches over local
// shards while pruning (tests/remote_equivalence_test.cc found it with OPEC's
// synonyms; one index and remote shards were right).
Xapian::Query word_present(const Xapian::Query& word) {
    Xapian::Query present, earlier;
    for (auto term = word.get_terms_begin(); term != word.get_terms_end(); ++term) {
        const Xapian::Query this_term(*term);
        const Xapian::Query only_this =
            earlier.empty() ? this_term : Xapian::Query(Xapian::Query::OP_AND_NOT, this_term, earlier);
        auto* constant = new Xapian::FixedWeightPostingSource(kCoordinationWeight);
        present = Xapian::Query(Xapian::Query::OP_OR, present,
                                Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(constant->release()), only_this));
        earlier = Xapian::Query(Xapian::Query::OP_OR, earlier, this_term);
    }
    return present;
}

// Where a name's mentions show how central it is: the default field and the
// fields whose words count in it too (the headline).
const std::vector<std::string>& mention_prefixes() {
    static const std::vector<std::string> prefixes = [] {
        std::vector<std::string> found;
        for (const schema_table::Row& field : schema_table::rows()) {
            if (field.terms != schema_table::Terms::Words) continue;
            if (field.term_prefix.empty()) found.emplace(found.begin());
            if (field.default_field_wdf > 0) found.emplace_back(field.term_prefix);
        }
        return found;
    }();
    return prefixes;
}

}  // namespace

std::string fold_query_text(const std::string& text) {
    const std::string valid = text::repair_utf8(text);
    const auto verbatim = boolean_values(valid);
    auto is_verbatim = [&](std::size_t pos) {
        for (const auto& [begin, end] : verbatim) {
            if (pos >= begin && pos < end) return true;
        }
        return false;
    };
    std::string out;
    std::size_t done = 0;
    bool previous_ideographic = false;
    bool in_phrase = false;
    const auto spans = text::thread_word_breaker().words(valid);
    for (std::size_t k = 0; k < spans.size(); ++k) {
        const text::WordSpan& span = spans[k];
        const std::string_view gap(valid.data() + done, span.begin - done);
        out.append(gap);
        for (char c : gap) in_phrase ^= c == '"';
        const std::string_view word(valid.data() + span.begin, span.end - span.begin);
        if (is_verbatim(span.begin)) {
            out.append(word);
            done = span.end;
            previous_ideographic = false;
            continue;
        }
        // Adjacent CJK characters: a hyphen between them makes the query parser
        // read the run as a phrase.
        const bool joined_before = gap.empty() && span.ideographic && previous_ideographic;
        if (joined_before) out += '-';
        if (is_operator_word(word)) {
            out.append(word);
        } else {
            const std::string key = text::term_key(word);
            // One CJK character alone (中) would be stemmed, and the index holds characters
            // unstemmed, as phrases want them: quoted, it is searched as written.
            const bool joined_after = k + 1 < spans.size() && spans[k + 1].ideographic && spans[k + 1].begin == span.end;
            const bool next_is_wildcard = span.end < valid.size() && valid[span.end] == '*';
            if (span.ideographic && !joined_before && !joined_after && !in_phrase && !next_is_wildcard && !key.empty()) {
                out += '"' + key + '"';
            } else {
                out += key.empty() ? std::string(" ") : key;
            }
        }
        previous_ideographic = span.ideographic;
        done = span.end;
    }
    out.append(valid, done, std::string::npos);
    return out;
}

// The date: filter as the parser calls it. An exception thrown through Xapian
// 1.4's QueryParser::parse_query corrupts the parser (a bad free after
// `+date:2024-13-45`, found by fuzz_query; a leak otherwise), so here a bad
// date matches nothing and build() throws its QuerySyntaxError after parsing.
class DateFilterForParser : public Xapian::FieldProcessor {
public:
    explicit DateFilterForParser(std::string_view field_name) : field_name_(field_name) {}

    Xapian::Query operator()(const std::string& text) override {
        try {
            return date_filter_query(text, field_name_);
        } catch (const QuerySyntaxError& e) {
            if (error.empty()) error = e.what();
            return Xapian::Query(Xapian::Query::MatchNothing);
        }
    }

    std::string error;  // the first bad date's message since build() last looked

private:
    std::string field_name_;
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, Xapian::Stem stemmer, const std::string& language)
    : db_(db), stemmer_(std::move(stemmer)) {
    parser_.set_database(db_);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_OR);
    parser_.set_max_expansion(kMaxWildcardWords, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (language == "english" || language == "en") {
        for (const char* word : kEnglishStopwords) stopper_.add(word);
        parser_.set_stopper(&stopper_);
        english_ = true;
    }
    has_synonyms_ = db_.synonym_keys_begin() != db_.synonym_keys_end();
    for (const schema_table::Row& field : schema_table::rows()) {
        if (field.description.empty()) continue;  // not searchable
        const std::string name(field.name), prefix(field.term_prefix);
        if (field.date_ranges) {
            date_filter_ = new DateFilterForParser(field.name);
            parser_.add_boolean_prefix(name, date_filter_->release());
        } else if (field.kind == FieldKind::FreeText) {
            parser_.add_prefix(name, prefix);
        } else {
            parser_.add_boolean_prefix(name, prefix);
        }
    }
}

bool QueryBuilder::is_stopword(const std::string& key) const { return english_ && stopper_(key); }

void QueryBuilder::add_synonyms(const std::string& key_term, const std::string& prefix, Xapian::Query& word_query,
                                MatchKeys& keys) const {
    for (auto it = db_.synonyms_begin(key_term); it != db_.synonyms_end(key_term); ++it) {
        const std::string synonym = *it;
        // A synonym no article has matches nothing; left in the word's query it
        // made Xapian 1.4 drop matches over local shards (see word_present).
        if (db_.term_exists(synonym)) word_query = Xapian::Query(Xapian::Query::OP_OR, word_query, Xapian::Query(synonym));
        std::string words = synonym.substr(synonym.rfind(layout::kPhraseTermPrefix, 0) == 0
                                               ? layout::kPhraseTermPrefix.size()
                                               : std::min(prefix.size(), synonym.size()));
        for (std::size_t start = 0; start < words.size();) {
            std::size_t end = words.find(' ', start);
            if (end == std::string::npos) end = words.size();
            const std::string word = words.substr(start, end - start);
            keys.exact.insert(word);
            if (text::has_letter(word)) keys.stems.insert(stemmer_(word));
            start = end + 1;
        }
    }
}

namespace {

// The wildcards (`summ*`) in a folded query: words ending in '*'.
Xapian::termcount count_wildcards(const std::string& folded) {
    Xapian::termcount wildcards = 0;
    for (std::size_t star = folded.find('*'); star != std::string::npos; star = folded.find('*', star + 1)) {
        if (star > 0 && !std::isspace(static_cast<unsigned char>(folded[star - 1]))) ++wildcards;
    }
    return wildcards;
}

}  // namespace

BuiltQuery QueryBuilder::build(const std::string& text) {
    const std::string folded =
        require_field_clauses(resolve_name_clauses(fold_query_text(check_query_syntax(text))));
    const Xapian::termcount wildcards = count_wildcards(folded);
    if (wildcards > kMaxWildcardsPerQuery) {
        throw QuerySyntaxError("the query has " + std::to_string(wildcards) + " wildcards; at most " +
                               std::to_string(kMaxWildcardsPerQuery) + " fit in one query: use fewer, longer ones");
    }
    const Xapian::termcount words_per_wildcard =
        wildcards == 0 ? kMaxWildcardWords
                       : std::clamp<Xapian::termcount>(kMaxWildcardWordsPerQuery / wildcards, 1, kMaxWildcardWords);
    parser_.set_max_expansion(words_per_wildcard, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                                Xapian::QueryParser::FLAG_PURE_NOT;
    Xapian::Query parsed, expanded;
    try {
        parsed = parser_.parse_query(folded, kFlags);
        // The match uses Xapian's synonym expansion; the words the query names come
        // from the plain parse, so a synonym does not count as another query word.
        expanded = has_synonyms_ ? parser_.parse_query(folded, kFlags | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS)
                                 : parsed;
    } catch (const Xapian::QueryParserError& e) {
        date_filter_->error.clear();
        throw QuerySyntaxError("cannot understand the query '" + text + "': " + explain_parser_error(e.get_msg()));
    }
    if (!date_filter_->error.empty()) throw QuerySyntaxError(std::exchange(date_filter_->error, {}));

    BuiltQuery built;
    Xapian::Query exact_forms;  // exact spellings of stemmed words, as a bonus
    Xapian::Query coordination;
    std::vector<Xapian::Query> word_queries;
    std::size_t words = 0;
    // A search for a place or person alone ranks by the name's mentions in the
    // text and the headline (see below); any other word turns that off.
    bool names_only = true;
    std::vector<Xapian::Query> mentions;
    for (auto it = parsed.get_terms_begin(); it != parsed.get_terms_end(); ++it) {
        const std::string term = *it;
        if (term.empty()) continue;
        const bool stemmed = term[0] == layout::kStemmedPrefix[0];
        const auto [prefix, rest] = split_prefix(stemmed ? term.substr(1) : term);
        // Boolean filters (dates, paths) are not words to rank or highlight.
        const schema_table::Row* field = schema_table::row_with_prefix(prefix);
        if (!prefix.empty() && (!field || field->kind != FieldKind::FreeText)) continue;
        if (field && field->terms == schema_table::Terms::Names) {
            const std::string stem = stemmed ? rest : stemmer_(rest);
            for (const std::string& mentioned_in : mention_prefixes()) {
                mentions.emplace_back(std::string(layout::kStemmedPrefix) + mentioned_in + stem);
            }
        } else {
            names_only = false;
        }
        Xapian::Query word_query(term);
        if (stemmed) {
            built.keys.stems.insert(rest);
            Xapian::Query exact;
            for (auto original = parser_.unstem_begin(term); original != parser_.unstem_end(term); ++original) {
                built.keys.exact.insert(*original);
                exact = Xapian::Query(Xapian::Query::OP_OR, exact, Xapian::Query(prefix + *original));
                if (has_synonyms_) add_synonyms(prefix + *original, prefix, word_query, built.keys);
            }
            // Every article with an exact form has its stem, so the stem alone says whether the word is present.
            exact_forms = Xapian::Query(Xapian::Query::OP_OR, exact_forms, exact);
        } else {
            built.keys.exact.insert(rest);
            if (text::has_letter(rest)) built.keys.stems.insert(stemmer_(rest));
            if (has_synonyms_) add_synonyms(term, prefix, word_query, built.keys);
        }
        ++words;
        word_queries.push_back(word_query);
        coordination = Xapian::Query(Xapian::Query::OP_OR, coordination, word_present(word_query));
    }

    // The name field says an article names the place or person, but BM25 on it
    // puts short articles first (place:iraq ranked a Lufthansa story naming Iraq
    // once above stories about Iraq). How central the name is shows in the text:
    // its mentions (BM25 on the body, where headline words count three times)
    // and the headline. Stock Xapian operators, so remote shards rank alike.
    Xapian::Query ranked = expanded;
    if (names_only && !mentions.empty()) {
        ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, expanded,
                               Xapian::Query(Xapian::Query::OP_OR, mentions.begin(), mentions.end()));
    }
    built.query = ranked;
    built.plain_query = expanded;
    const bool word_list = is_word_list(parsed);
    const bool plain_words = word_list && expanded.get_description() == parsed.get_description();  // no synonyms
    // A question of many words gets no bonus: reading every exact form's
    // postings doubled its time, for a measured 0.005 of MAP.
    if (!exact_forms.empty() && words <= kMaxKeywordQueryWords) {
        const Xapian::Query bonus(Xapian::Query::OP_SCALE_WEIGHT, exact_forms, kExactFormBoost);
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, bonus);
        if (plain_words) {
            built.exact_bonus = bonus;
            if (words == 1) built.unboosted = ranked;
        }
    }
    // Coordination ranks lists of words; a phrase, an AND or a filter already says which words must be there.
    if (words >= 2 && words <= kMaxKeywordQueryWords && word_list) {
        const Xapian::Query every_word(Xapian::Query::OP_AND, word_queries.begin(), word_queries.end());
        if (plain_words) {
            // No synonyms: the AND weighs each word as the OR does, and Xapian
            // walks only the articles having them all.
            built.all_words = built.exact_bonus.empty()
                                  ? every_word
                                  : Xapian::Query(Xapian::Query::OP_AND_MAYBE, every_word, built.exact_bonus);
            if (!built.exact_bonus.empty()) built.unboosted = every_word;
        } else {
            built.all_words = Xapian::Query(Xapian::Query::OP_FILTER, built.query, every_word);
        }
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, coordination);
        built.coordination_weight = kCoordinationWeight;
    }
    return built;
}

namespace {

// `suggestion` (folded) written the way the user wrote `original`: "ASTNA" ->
// "ASTANA", "Astna" -> "Astana", "astna" -> "astana".
std::string in_users_case(std::string_view original, const std::string& suggestion) {
    const icu::UnicodeString word = icu::UnicodeString::fromUTF8(
        icu::StringPiece(original.data(), static_cast<int32_t>(original.size())));
    bool all_upper = word.length() > 1, first_upper = false;
    for (int32_t i = 0; i < word.length();) {
        const UChar32 c = word.char32At(i);
        if (i == 0) first_upper = u_isupper(c);
        if (u_isalpha(c) && !u_isupper(c)) all_upper = false;
        i += U16_LENGTH(c);
    }
    icu::UnicodeString out = icu::UnicodeString::fromUTF8(suggestion);
    if (all_upper) {
        out.toUpper();
    } else if (first_upper && out.length() > 0) {
        const UChar32 first = out.char32At(0);
        out.replace(0, U16_LENGTH(first), static_cast<UChar32>(u_toupper(first)));
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

// True if the word at `begin` is one the query excludes (`-blar`, `NOT blar`):
// "Did you mean: -claire?" offered another word to leave out, which no one asked.
bool is_excluded_word(const std::string& text, std::size_t begin) {
    if (begin > 0 && text[begin - 1] == '-' &&
        (begin == 1 || std::isspace(static_cast<unsigned char>(text[begin - 2])) || text[begin - 2] == '(')) {
        return true;
    }
    std::size_t end = begin;
    while (end > 0 && (std::isspace(static_cast<unsigned char>(text[end - 1])) || text[end - 1] == '(')) --end;
    return end >= 3 && text.compare(end - 3, 3, "NOT") == 0 &&
           (end == 3 || std::isspace(static_cast<unsigned char>(text[end - 4])) || text[end - 4] == '(');
}

}  // namespace

std::string QueryBuilder::corrected(const std::string& text) const {
    const std::string valid = text::repair_utf8(text);
    const auto verbatim = boolean_values(valid);
    std::string out;
    std::size_t done = 0;
    bool changed = false;
    for (const text::WordSpan& span : text::thread_word_breaker().words(valid)) {
        if (span.ideographic) continue;
        const char next = span.end < valid.size() ? valid[span.end] : ' ';
        if (next == ':' || next == '*') continue;  // a field name (or `note:`) or a wildcard
        bool in_filter = false;
        for (const auto& [begin, end] : verbatim) in_filter |= span.begin >= begin && span.begin < end;
        const std::string_view word(valid.data() + span.begin, span.end - span.begin);
        if (in_filter || is_operator_word(word) || is_excluded_word(valid, span.begin)) continue;
        const std::string key = text::term_key(word);
        if (key.size() < 4 || !text::has_letter(key) || key.find_first_of("0123456789") != std::string::npos) continue;
        if (db_.term_exists(key)) continue;
        if (db_.synonyms_begin(key) != db_.synonyms_end(key)) continue;
        const std::string stem = stemmer_(key);
        const Xapian::doccount stem_matches = db_.get_termfreq(std::string(layout::kStemmedPrefix) + stem);
        // A word the index knows only by its stem may still be a misspelling ("goverment" shares
        // the stem of "governess"), unless no word could be that much more frequent.
        if (static_cast<double>(stem_matches) * kMuchMoreFrequent > db_.get_doccount()) continue;
        const std::string suggestion = db_.get_spelling_suggestion(key, key.size() <= 4 ? 1 : 2);
        if (suggestion.empty() || suggestion == key) continue;
        if (stem_matches > 0 &&
            (stemmer_(suggestion) == stem || db_.get_termfreq(suggestion) < kMuchMoreFrequent * stem_matches)) {
            continue;  // another form of a known word ("summits"), or no likelier meaning
        }
        out.append(valid, done, span.begin - done);
        out += in_users_case(word, suggestion);
        done = span.end;
        changed = true;
    }
    if (!changed) return {};
    out.append(valid, done, std::string::npos);
    return out;
}

}  // namespace newsdex
