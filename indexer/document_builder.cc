#include "indexer/document_builder.h"

#include "core/fnv1a.h"
#include "core/index_layout.h"
#include "core/text.h"
#include "indexer/near_duplicate_bands.h"
#include "indexer/place_gazetteer.h"

#include <newsdex/error.h>

#include <algorithm>
#include <climits>
#include <optional>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unordered_map>

namespace newsdex {

namespace {

// Gap left between separately indexed pieces so a phrase cannot span them.
constexpr Xapian::termpos kPieceGap = 100;

std::string prefix_of(std::string_view field_name) { return std::string(layout::field(field_name).term_prefix); }

// Near-duplicates: a MinHash signature of the body's 3-word shingles. Copies
// of one wire story with small edits share most shingles (a syndicated pair in
// sample_corpus: 83%); different stories on one topic share a few percent.
// (kMinHashes and kHashesPerBand: indexer/near_duplicate_bands.h.)
constexpr std::size_t kShingleWords = 3;
constexpr std::size_t kMinNearDuplicateWords = 30;  // shorter bodies (briefs, captions) are never folded
constexpr std::size_t kMinSharedHashes = 8;         // of kMinHashes: estimated Jaccard similarity >= 0.5
constexpr std::size_t kMaxCandidatesPerBand = 8;

// SplitMix64's finaliser: one well-mixed hash function per seed.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// `value` in lower-case hex, zero-padded to `digits`, as std::hex with
// setfill('0') and setw writes it: by hand, since an ostringstream cost 3,300
// instructions a call (and band terms, when articles had them, made eight an article).
std::string hex(std::uint64_t value, int digits) {
    char reversed[16];
    int n = 0;
    do {
        reversed[n++] = "0123456789abcdef"[value & 0xF];
        value >>= 4;
    } while (value != 0);
    std::string out(static_cast<std::size_t>(digits > n ? digits - n : 0), '0');
    while (n > 0) out += reversed[--n];
    return out;
}

// The signature (kMinHashes 32-bit minimums, big-endian) of a word sequence, or
// empty for a body too short to compare.
std::string minhash_signature(const std::vector<std::uint64_t>& words) {
    if (words.size() < kMinNearDuplicateWords) return {};
    std::uint32_t minimum[kMinHashes];
    std::fill(std::begin(minimum), std::end(minimum), UINT32_MAX);
    for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
        std::uint64_t shingle = 0;
        for (std::size_t w = 0; w < kShingleWords; ++w) shingle = mix(shingle ^ words[i + w]);
        for (std::size_t h = 0; h < kMinHashes; ++h) {
            const auto value = static_cast<std::uint32_t>(mix(shingle + h * 0x632BE59BD9B4E019ull) >> 32);
            minimum[h] = std::min(minimum[h], value);
        }
    }
    std::string signature;
    for (std::uint32_t m : minimum) {
        for (int shift = 24; shift >= 0; shift -= 8) signature += static_cast<char>((m >> shift) & 0xFF);
    }
    return signature;
}

std::size_t shared_hashes(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return 0;
    std::size_t shared = 0;
    for (std::size_t i = 0; i + 4 <= a.size(); i += 4) shared += a.compare(i, 4, b, i, 4) == 0;
    return shared;
}

// A band's hash as band terms compared it: an index with layout::kShortBandTermsKey
// (every index made since) on its low 32 bits, an older one on all 64.
std::uint64_t compared_band_hash(std::uint64_t hash, bool short_form) { return short_form ? hash & 0xFFFFFFFFu : hash; }

// Each band's hash of `signature` as compared, or nothing for a signature too short to have bands.
std::optional<std::array<std::uint64_t, kNearDuplicateBands>> compared_bands(std::string_view signature, bool short_form) {
    auto hashes = band_hashes(signature);
    if (hashes) {
        for (std::uint64_t& hash : *hashes) hash = compared_band_hash(hash, short_form);
    }
    return hashes;
}

// Whether the article with `signature`, found in a band by the low 32 bits of its hash
// (NearDuplicateBands), held that band's term: in an index of long terms, a different
// hash that agrees on 32 bits did not share the term.
bool in_band(std::string_view signature, std::size_t band, std::uint64_t hash, bool short_form) {
    const auto bands = compared_bands(signature, short_form);
    return bands && (*bands)[band] == hash;
}

// The candidates of a band to fetch from NearDuplicateBands, which compares 32 bits: an
// index of long band terms may have to pass over some, sharing them but not the term.
std::size_t candidates_wanted(bool short_form) { return short_form ? kMaxCandidatesPerBand : SIZE_MAX; }

// Spelling suggestions come from words of 3 to 30 characters with a letter and no digit.
bool is_spelling_word(const std::string& term) {
    std::size_t chars = 0;
    for (unsigned char c : term) {
        if (c >= '0' && c <= '9') return false;
        chars += (c & 0xC0) != 0x80;
    }
    return chars >= 3 && chars <= 30 && text::has_letter(term);
}

bool is_prefixed(const std::string& term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

// Each word's frequency moved by its change: above zero added, below taken away
// (Xapian drops a word whose frequency reaches zero).
void apply_spelling_changes(Xapian::WritableDatabase& dictionary, const std::vector<std::pair<std::string, long long>>& changes) {
    for (const auto& [word, change] : changes) {
        if (change > 0) {
            dictionary.add_spelling(word, static_cast<Xapian::termcount>(change));
        } else if (change < 0) {
            dictionary.remove_spelling(word, static_cast<Xapian::termcount>(-change));
        }
    }
}

}  // namespace

DocumentBuilder::DocumentBuilder(Xapian::Stem stemmer) : stemmer_(std::move(stemmer)) {}

std::uint32_t DocumentBuilder::stem_id(const std::string& key) {
    const auto [id, fresh] = stemmed_words_.insert(key);
    if (fresh) {
        stems_.push_back(stemmer_(key));
        stem_wdf_.push_back(0);
    }
    return id;
}

void DocumentBuilder::add_text(Xapian::Document& doc, std::string_view text, std::string_view prefix,
                               Xapian::termcount wdf, Xapian::termpos& position, Stems stems,
                               std::vector<std::uint64_t>* word_hashes) {
    constexpr std::size_t kMaxCachedStems = 200000;  // bounds memory on huge vocabularies
    if (stems_.size() > kMaxCachedStems) {
        stemmed_words_.clear();
        stems_.clear();
        stem_wdf_.clear();
    }
    auto& breaker = text::thread_word_breaker();
    std::string term(prefix);
    for (const text::WordSpan& span : breaker.words(text)) {
        const std::string key = text::term_key(text.substr(span.begin, span.end - span.begin));
        if (key.empty() || key.size() > layout::kMaxWordBytes) continue;
        term.resize(prefix.size());
        term += key;
        doc.add_posting(term, ++position, wdf);
        if (word_hashes) word_hashes->push_back(fnv1a(key));
        if (stems == Stems::Added && !span.ideographic && text::has_letter(key)) {
            const std::uint32_t id = stem_id(key);
            if (stem_wdf_[id] == 0) stems_seen_.push_back(id);
            stem_wdf_[id] += wdf;
        }
    }
    std::string stemmed(layout::kStemmedPrefix);
    stemmed += prefix;
    for (const std::uint32_t id : stems_seen_) {
        stemmed.resize(layout::kStemmedPrefix.size() + prefix.size());
        stemmed += stems_[id];
        doc.add_term(stemmed, stem_wdf_[id]);
        stem_wdf_[id] = 0;
    }
    stems_seen_.clear();
    position += kPieceGap;
}

void DocumentBuilder::add_path_terms(Xapian::Document& doc, std::string_view path) {
    // The path and every folder above it, so `path:archive/2024` filters a subtree;
    // and each folder's last few names, so `path:sport` and `path:bbc/sport` find
    // ../corpora/bbc/sport/001.txt however the folder was named when indexed.
    constexpr std::size_t kFolderSuffixNames = 3;
    const std::string path_prefix = prefix_of("path");
    auto add = [&](std::string_view value) {
        if (!value.empty() && value.size() + path_prefix.size() <= 240) doc.add_boolean_term(path_prefix + std::string(value));
    };
    bool is_file = true;
    while (!path.empty()) {
        add(path);
        if (!is_file) {
            std::size_t start = path.size();
            for (std::size_t names = 0; names < kFolderSuffixNames && start > 0; ++names) {
                const auto slash = path.find_last_of('/', start - 1);
                start = slash == std::string_view::npos ? 0 : slash + 1;
                const std::string_view suffix = path.substr(start);
                const std::string_view first_name = suffix.substr(0, suffix.find('/'));
                if (first_name == "." || first_name == ".." || first_name.empty()) break;
                add(suffix);
                if (start == 0) break;
                --start;  // before the slash, for the next name
                if (start == 0) break;
            }
        }
        is_file = false;
        const auto slash = path.find_last_of('/');
        if (slash == std::string_view::npos || slash == 0) break;
        path = path.substr(0, slash);
    }
}

void DocumentBuilder::add_words(Xapian::Document& doc, const schema_table::Row& row, const std::string& text,
                                Xapian::termpos& default_position, std::vector<std::uint64_t>& default_words) {
    if (row.term_prefix.empty()) {  // the default field; its words also make the near-duplicate signature
        add_text(doc, text, "", row.wdf, default_position, Stems::Added, &default_words);
        return;
    }
    Xapian::termpos position = 0;
    add_text(doc, text, row.term_prefix, row.wdf, position, Stems::Added);
    // Headline words count in the default field too, with extra weight.
    if (row.default_field_wdf > 0) add_text(doc, text, "", row.default_field_wdf, default_position, Stems::Added);
}

void DocumentBuilder::add_names(Xapian::Document& doc, const schema_table::Row& row,
                                const std::vector<std::string>& names) {
    // Names get no stems: "Osborn" is not a form of "Osborne", and the query side
    // searches a name's words as typed (resolve_name_clauses in query/query_builder.cc).
    Xapian::termpos position = 0;
    for (const auto& name : names) add_text(doc, name, row.term_prefix, row.wdf, position, Stems::Left);
    if (row.implied_country_wdf == 0) return;
    // A named place counts more than a country implied by one of its cities, so
    // `place:kazakhstan` ranks an article naming Kazakhstan above one that only says Astana.
    const auto& gazetteer = PlaceGazetteer::instance();
    std::vector<std::string> implied;
    for (const auto& name : names) {
        auto country = gazetteer.country_of(name);
        if (country && std::find(names.begin(), names.end(), *country) == names.end() &&
            std::find(implied.begin(), implied.end(), *country) == implied.end()) {
            implied.push_back(*country);
            add_text(doc, *country, row.term_prefix, row.implied_country_wdf, position, Stems::Left);
        }
    }
}

void DocumentBuilder::add_people_terms(Xapian::Document& doc, const std::vector<std::string>& people) {
    add_names(doc, schema_table::row("people"), people);
}

namespace {

// "YYYYMMDD" for a date "YYYY-MM-DD" (validated by the reader), else empty.
std::string compact_date(const std::string& date) {
    if (date.size() != 10) return {};
    return date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
}

void add_value(Xapian::Document& doc, const schema_table::Row& row, const Article& article) {
    using schema_table::Value;
    std::string value;
    switch (row.value) {
        case Value::None: return;
        case Value::Text: value = article.*row.text; break;
        case Value::JoinedNames: value = layout::join_names(article.*row.names); break;
        case Value::CompactDate: value = compact_date(article.*row.text); break;
        case Value::IsoMonth: value = compact_date(article.*row.text).empty() ? "" : (article.*row.text).substr(0, 7); break;
    }
    if (!value.empty()) doc.add_value(row.value_slot, value);
}

// Near-duplicate candidates meet in the bands of this value (indexer/near_duplicate_bands.h).
void add_near_duplicate_signature(Xapian::Document& doc, const std::string& signature) {
    if (signature.empty()) return;
    // No collapse key until SearchAids finds a near-identical article: Xapian reads
    // the key of every candidate result, and an empty slot is the cheapest to read.
    doc.add_value(layout::kNearDuplicateSignatureSlot, signature);
}

}  // namespace

Xapian::Document DocumentBuilder::build(const Article& article, const std::string& id,
                                        const std::string& file_signature) {
    using schema_table::Terms;
    Xapian::Document doc;
    // Shared by the default field and the words other fields copy into it, so
    // that a phrase cannot span two fields (add_text leaves a gap after each).
    Xapian::termpos default_position = 0;
    std::vector<std::uint64_t> default_words;
    for (const schema_table::Row& row : schema_table::rows()) {
        switch (row.terms) {
            case Terms::None: break;
            case Terms::Words: add_words(doc, row, article.*row.text, default_position, default_words); break;
            case Terms::Names: add_names(doc, row, article.*row.names); break;
            case Terms::DatePart: {
                const std::string compact = compact_date(article.*row.text);
                if (!compact.empty()) doc.add_boolean_term(std::string(row.term_prefix) + compact.substr(0, row.date_digits));
                break;
            }
            case Terms::PathFolders: add_path_terms(doc, article.*row.text); break;
            case Terms::UniqueId: doc.add_boolean_term(layout::id_term(id)); break;
        }
        add_value(doc, row, article);
    }
    const std::string compact = compact_date(article.date);
    doc.add_value(layout::kOldestFirstSlot, compact.empty() ? std::string(layout::kUndatedOldestFirst) : compact);
    add_near_duplicate_signature(doc, minhash_signature(default_words));
    doc.add_value(layout::kFileSignatureSlot, file_signature);
    doc.add_value(layout::kIndexedAtSlot, Xapian::sortable_serialise(static_cast<double>(std::time(nullptr))));
    doc.set_data(layout::encode_record(article));
    return doc;
}

SearchAids::SearchAids(const std::string& synonyms_file) {
    if (!synonyms_file.empty()) {
        std::ifstream in(synonyms_file, std::ios::binary);
        if (!in) throw Error("cannot read the synonyms file " + synonyms_file);
        std::ostringstream text;
        text << in.rdbuf();
        user_synonyms_ = text.str();
        user_file_given_ = true;
    }
}

void SearchAids::store_synonyms(Xapian::WritableDatabase& db) {
    // Without a file, the user's list stored by an earlier run stays in effect.
    if (!user_file_given_) user_synonyms_ = db.get_metadata(layout::kUserSynonymsKey);
    groups_ = parse_synonym_groups(default_synonyms_text());
    for (auto& group : parse_synonym_groups(user_synonyms_)) groups_.push_back(std::move(group));
    for (const SynonymGroup& group : groups_) {
        for (const SynonymName& name : group) {
            if (name.size() > 1) phrases_by_first_word_[name[0]].push_back(name);
        }
    }
    const std::string fingerprint =
        hex(fnv1a(std::string(default_synonyms_text()) + "\n\f\n" + user_synonyms_), 16);
    if (db.get_metadata(layout::kSynonymsKey) == fingerprint) return;
    newsdex::store_synonyms(db, groups_);
    db.set_metadata(layout::kSynonymsKey, fingerprint);
    db.set_metadata(layout::kUserSynonymsKey, user_synonyms_);
}

void SearchAids::add(Xapian::WritableDatabase& db, Xapian::Document& doc) {
    expand(doc);
    resolve_near_duplicate(db, doc);
}

void SearchAids::expand(Xapian::Document& doc) {
    std::vector<std::string> first_words;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (is_prefixed(term)) continue;
        if (is_spelling_word(term)) {
            const auto [number, fresh] = spelling_words_.insert(term);
            if (fresh) spelling_counts_.push_back(0);
            ++spelling_counts_[number];
        }
        if (phrases_by_first_word_.count(term)) first_words.push_back(term);
    }
    if (!first_words.empty()) add_phrase_terms(doc, first_words);
}

std::map<std::pair<std::size_t, Xapian::docid>, std::string> SearchAids::near_duplicate_keys(
    const std::vector<Xapian::Database>& sources, std::size_t first_new, std::size_t batch_size, bool short_band_terms) {
    using Where = std::pair<std::size_t, Xapian::docid>;
    std::map<Where, std::string> keys;
    // New documents in merge order: their signatures, and where each source's run starts.
    std::vector<std::size_t> start_of(sources.size(), 0);
    std::map<Where, std::string> signatures;
    std::size_t count = 0;
    for (std::size_t source = first_new; source < sources.size(); ++source) {
        start_of[source] = count;
        const Xapian::Database& db = sources[source];
        for (auto v = db.valuestream_begin(layout::kNearDuplicateSignatureSlot); v != db.valuestream_end(layout::kNearDuplicateSignatureSlot); ++v) {
            signatures[{source, v.get_docid()}] = *v;
        }
        count += db.get_lastdocid();  // a build database numbers its documents from 1 without gaps
    }
    auto sequence = [&](const Where& w) { return start_of[w.first] + w.second - 1; };
    auto key_for = [&](const Where& other, const std::string& other_signature) {
        auto known = keys.find(other);
        std::string key = known != keys.end() ? known->second
                                              : sources[other.first].get_document(other.second).get_value(layout::kNearDuplicateKeySlot);
        if (key.empty()) key = keys[other] = hex(fnv1a(other_signature), 16);
        return key;
    };
    // The new articles by band, in merge order, from their signatures.
    std::array<std::unordered_map<std::uint64_t, std::vector<Where>>, kNearDuplicateBands> new_by_band;
    for (const auto& [where, signature] : signatures) {
        const auto bands = compared_bands(signature, short_band_terms);
        if (!bands) continue;
        for (std::size_t band = 0; band < kNearDuplicateBands; ++band) new_by_band[band][(*bands)[band]].push_back(where);
    }
    // The articles merged before, by band: one pass over each database's signatures
    // (none for a first build's empty index).
    std::vector<NearDuplicateBands> indexed_bands(first_new);
    for (std::size_t source = 0; source < first_new; ++source) {
        if (sources[source].get_doccount() > 0) indexed_bands[source] = NearDuplicateBands::of(sources[source]);
    }
    std::vector<Xapian::docid> candidates;
    for (const auto& entry : signatures) {
        // Named, not bound: a lambda below uses them (C++17 lambdas cannot capture structured bindings).
        const Where& me = entry.first;
        const std::string& signature = entry.second;
        // As the single writer meets them, a batch of batch_size at a time: first the
        // earlier articles of this one's batch, then kMaxCandidatesPerBand committed before it.
        const std::size_t batch_start = sequence(me) / batch_size * batch_size;
        std::string key;
        const auto bands = compared_bands(signature, short_band_terms);
        if (!bands) continue;
        for (std::size_t band = 0; band < kNearDuplicateBands; ++band) {
            const std::uint64_t hash = (*bands)[band];
            std::vector<Where> recent;
            std::optional<std::pair<Where, std::string>> committed;  // the first committed match
            std::size_t committed_looked_at = 0;
            auto consider_committed = [&](const Where& there, std::string other_signature) {
                if (committed || committed_looked_at++ >= kMaxCandidatesPerBand) return;
                if (shared_hashes(signature, other_signature) >= kMinSharedHashes) committed.emplace(there, std::move(other_signature));
            };
            for (std::size_t other = 0; other < first_new && other <= me.first; ++other) {
                indexed_bands[other].find(band, hash, candidates_wanted(short_band_terms), candidates);
                for (Xapian::docid docid : candidates) {
                    const Where there{other, docid};
                    if (there >= me) break;
                    if (committed || committed_looked_at >= kMaxCandidatesPerBand) break;
                    std::string other_signature =
                        sources[other].get_document(docid).get_value(layout::kNearDuplicateSignatureSlot);
                    if (!in_band(other_signature, band, hash, short_band_terms)) continue;
                    consider_committed(there, std::move(other_signature));
                }
            }
            for (const Where& there : new_by_band[band].at(hash)) {
                if (there >= me) break;
                if (sequence(there) >= batch_start) {
                    recent.push_back(there);
                } else {
                    consider_committed(there, signatures[there]);
                }
            }
            // The batch's own candidates first, in order; then the committed one found, if any.
            for (const Where& there : recent) {
                if (shared_hashes(signature, signatures[there]) >= kMinSharedHashes) {
                    key = key_for(there, signatures[there]);
                    break;
                }
            }
            if (key.empty() && committed) key = key_for(committed->first, committed->second);
            if (!key.empty()) break;
        }
        if (!key.empty()) keys[me] = key;
    }
    return keys;
}

void SearchAids::add_phrase_terms(Xapian::Document& doc, const std::vector<std::string>& first_words) {
    // A document's term list seeks by walking from where it stands (skip_to in
    // Xapian's in-memory term list is linear, 20k instructions a look-up on a BBC
    // article), so the words the phrases need are read in one walk, in term order.
    std::vector<std::string> wanted;
    for (const std::string& first : first_words) {
        wanted.push_back(first);
        for (const SynonymName& name : phrases_by_first_word_.at(first)) wanted.insert(wanted.end(), name.begin() + 1, name.end());
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::map<std::string, std::vector<Xapian::termpos>> positions;  // of the wanted words the document has
    auto t = doc.termlist_begin();
    for (const std::string& word : wanted) {
        t.skip_to(word);
        if (t == doc.termlist_end()) break;
        if (*t == word) positions[word].assign(t.positionlist_begin(), t.positionlist_end());
    }
    const std::vector<Xapian::termpos> none;
    auto positions_of = [&](const std::string& word) -> const std::vector<Xapian::termpos>& {
        const auto at = positions.find(word);
        return at == positions.end() ? none : at->second;
    };
    std::vector<std::pair<std::string, Xapian::termcount>> found;
    for (const std::string& first : first_words) {
        const std::vector<Xapian::termpos>& starts = positions_of(first);
        for (const SynonymName& name : phrases_by_first_word_.at(first)) {
            std::vector<const std::vector<Xapian::termpos>*> rest;
            for (std::size_t i = 1; i < name.size(); ++i) rest.push_back(&positions_of(name[i]));
            Xapian::termcount occurrences = 0;
            for (Xapian::termpos start : starts) {
                bool whole = true;
                for (std::size_t i = 0; i < rest.size() && whole; ++i) {
                    whole = std::binary_search(rest[i]->begin(), rest[i]->end(), start + i + 1);
                }
                occurrences += whole;
            }
            if (occurrences > 0) found.emplace_back(synonym_term(name), occurrences);
        }
    }
    for (const auto& [term, wdf] : found) doc.add_term(term, wdf);
}

std::string SearchAids::shared_key(Xapian::WritableDatabase& db, Xapian::docid docid, const std::string& signature) {
    Xapian::Document other = db.get_document(docid);
    std::string key = other.get_value(layout::kNearDuplicateKeySlot);
    if (key.empty()) {
        // Its first copy: the pair's key goes on the article already indexed too
        // (values only, which Xapian rewrites without touching the postings).
        key = hex(fnv1a(signature), 16);
        other.add_value(layout::kNearDuplicateKeySlot, key);
        db.replace_document(docid, other);
    }
    return key;
}

void SearchAids::resolve_near_duplicate(Xapian::WritableDatabase& db, Xapian::Document& doc) {
    const std::string signature = doc.get_value(layout::kNearDuplicateSignatureSlot);
    const auto compared = compared_bands(signature, short_band_terms_);
    if (!compared) return;
    const std::array<std::uint64_t, kNearDuplicateBands>& bands = *compared;
    std::string id_term;
    auto id = doc.termlist_begin();
    id.skip_to(std::string(layout::field("id").term_prefix));
    if (id != doc.termlist_end() && (*id).rfind(layout::field("id").term_prefix, 0) == 0) id_term = *id;

    // Candidates meet in a band: first this batch's documents, then the committed index.
    std::string key;
    const NearDuplicateBands& indexed = indexed_bands(db);
    std::vector<Xapian::docid> candidates;
    for (std::size_t band = 0; band < kNearDuplicateBands; ++band) {
        auto recent = recent_by_band_[band].find(bands[band]);
        if (recent != recent_by_band_[band].end()) {
            for (std::size_t i : recent->second) {
                Recent& other = recent_[i];
                if (shared_hashes(signature, other.signature) < kMinSharedHashes) continue;
                if (other.key.empty()) {
                    auto posting = other.db->postlist_begin(other.id_term);
                    if (other.id_term.empty() || posting == other.db->postlist_end(other.id_term)) continue;
                    other.key = shared_key(*other.db, *posting, other.signature);
                }
                key = other.key;
                break;
            }
        }
        if (!key.empty()) break;
        indexed.find(band, bands[band], candidates_wanted(short_band_terms_), candidates);
        std::size_t looked_at = 0;
        for (auto other = candidates.begin(); other != candidates.end() && looked_at < kMaxCandidatesPerBand; ++other) {
            const std::string other_signature = db.get_document(*other).get_value(layout::kNearDuplicateSignatureSlot);
            if (!in_band(other_signature, band, bands[band], short_band_terms_)) continue;
            ++looked_at;
            if (shared_hashes(signature, other_signature) >= kMinSharedHashes) {
                key = shared_key(db, *other, other_signature);
                break;
            }
        }
        if (!key.empty()) break;
    }
    if (!key.empty()) doc.add_value(layout::kNearDuplicateKeySlot, key);
    recent_.push_back({signature, key, id_term, &db});
    for (std::size_t band = 0; band < kNearDuplicateBands; ++band)
        recent_by_band_[band][bands[band]].push_back(recent_.size() - 1);
}

const NearDuplicateBands& SearchAids::indexed_bands(Xapian::WritableDatabase& db) {
    const auto [at, fresh] = indexed_bands_.try_emplace(&db);
    // A new index has nothing to read; a first look-up in another reads every signature once.
    if (fresh && db.get_doccount() > 0) at->second = NearDuplicateBands::of(db);
    return at->second;
}

void SearchAids::article_written(Xapian::WritableDatabase& db, Xapian::docid docid, const Xapian::Document& doc) {
    const auto bands = indexed_bands_.find(&db);
    if (bands != indexed_bands_.end()) bands->second.add(docid, doc.get_value(layout::kNearDuplicateSignatureSlot));
}

void SearchAids::article_leaving(Xapian::WritableDatabase& db, Xapian::docid docid, const Xapian::Document& doc) {
    const auto bands = indexed_bands_.find(&db);
    if (bands != indexed_bands_.end()) bands->second.remove(docid, doc.get_value(layout::kNearDuplicateSignatureSlot));
}

void SearchAids::forget_articles(const Xapian::WritableDatabase& db) {
    indexed_bands_.erase(&db);
}

void SearchAids::uncount(const Xapian::Document& doc) {
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!is_prefixed(term) && is_spelling_word(term)) ++uncounted_[term];
    }
}

std::vector<SearchAids::SpellingCount> SearchAids::take_spelling_counts() {
    std::vector<SpellingCount> counts;
    counts.reserve(spelling_words_.size() + uncounted_.size());
    for (std::uint32_t number = 0; number < spelling_words_.size(); ++number)
        counts.push_back({spelling_words_.word(number), spelling_counts_[number], 0});
    std::sort(counts.begin(), counts.end(), [](const SpellingCount& a, const SpellingCount& b) { return a.word < b.word; });
    const auto counted_in = static_cast<std::ptrdiff_t>(counts.size());  // the sorted part, searched below
    for (auto& [word, removed] : uncounted_) {
        const auto at = std::lower_bound(counts.begin(), counts.begin() + counted_in, word,
                                         [](const SpellingCount& count, const std::string& w) { return count.word < w; });
        if (at != counts.begin() + counted_in && at->word == word) {
            at->removed = removed;
        } else {
            counts.push_back({word, 0, removed});
        }
    }
    spelling_words_.clear();
    spelling_counts_.clear();
    uncounted_.clear();
    counts_are_totals_ = false;
    return counts;
}

void SearchAids::write_spelling(std::vector<SpellingCount> counts, Xapian::WritableDatabase& dictionary,
                                const Xapian::Database& counted, const Xapian::Database& index, bool counts_are_totals) {
    // In word order, one walk over the spelling table's words (Xapian 1.4 has no look-up
    // of one word's frequency); written after the walk, so the table is not changed under it.
    std::sort(counts.begin(), counts.end(), [](const SpellingCount& a, const SpellingCount& b) { return a.word < b.word; });
    std::vector<std::pair<std::string, long long>> changes;  // word, frequency to add (or, below zero, take away)
    auto known = counted.spellings_begin();
    for (SpellingCount& count : counts) {
        if (known != counted.spellings_end()) known.skip_to(count.word);
        if (known != counted.spellings_end() && *known == count.word) {
            const long long was = known.get_termfreq();
            const long long now = was + count.added - count.removed;
            if (now < static_cast<long long>(kMinSpellingArticles)) {
                changes.emplace_back(std::move(count.word), -was);
            } else if (now != was) {
                changes.emplace_back(std::move(count.word), now - was);
            }
            continue;
        }
        if (count.added == 0) continue;
        // New to the table: earlier runs may have met it in one article each, uncounted.
        // A look-up per word in every database of the index (0.1 s of a single-writer BBC build).
        const Xapian::doccount holding = !counts_are_totals ? index.get_termfreq(count.word)
                                         : count.added > count.removed ? count.added - count.removed
                                                                        : 0;
        if (holding >= kMinSpellingArticles) changes.emplace_back(std::move(count.word), holding);
    }
    apply_spelling_changes(dictionary, changes);
}

void SearchAids::end_batch() {
    recent_.clear();
    for (auto& by_hash : recent_by_band_) by_hash.clear();
}

void SearchAids::recount_spelling(const Xapian::Database& index, Xapian::WritableDatabase& dictionary) {
    // Both lists are sorted: one pass over each. Written after the pass, so the
    // spelling list is not changed under its iterator.
    std::vector<std::pair<std::string, long long>> changes;  // word, frequency to add (or, below zero, take away)
    auto counted = dictionary.spellings_begin();
    auto settle = [&](const std::string& word, long long was, long long holding) {
        const long long now = holding >= static_cast<long long>(kMinSpellingArticles) ? holding : 0;
        if (now != was) changes.emplace_back(word, now - was);
    };
    for (auto t = index.allterms_begin(); t != index.allterms_end(); ++t) {
        const std::string term = *t;
        if (is_prefixed(term) || !is_spelling_word(term)) continue;
        for (; counted != dictionary.spellings_end() && *counted < term; ++counted) settle(*counted, counted.get_termfreq(), 0);
        const bool known = counted != dictionary.spellings_end() && *counted == term;
        settle(term, known ? counted.get_termfreq() : 0, t.get_termfreq());
        if (known) ++counted;
    }
    for (; counted != dictionary.spellings_end(); ++counted) settle(*counted, counted.get_termfreq(), 0);
    apply_spelling_changes(dictionary, changes);
}

}  // namespace newsdex
