// DocumentBuilder: turns an Article into the Xapian document the schema describes.
#pragma once

#include "core/schema_table.h"

#include <newsdex/article.h>

#include <xapian.h>

#include "core/synonyms.h"
#include "indexer/near_duplicate_bands.h"
#include "indexer/word_numbers.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsdex {

// Not thread-safe (it caches stems); use one per thread.
class DocumentBuilder {
public:
    explicit DocumentBuilder(Xapian::Stem stemmer);

    // The document for `article`, identified by `id` (its unique-id term is layout::id_term(id)).
    // `file_signature` records the file's state so unchanged files can be skipped.
    Xapian::Document build(const Article& article, const std::string& id, const std::string& file_signature);

    // Adds the path filter terms: the path and every folder above it.
    static void add_path_terms(Xapian::Document& doc, std::string_view path);

    // Adds the people terms build() gives an article naming `people` (exact forms,
    // positioned), to a document that has none: surname folding rewrites them.
    void add_people_terms(Xapian::Document& doc, const std::vector<std::string>& people);

private:
    enum class Stems { Added, Left };
    void add_text(Xapian::Document& doc, std::string_view text, std::string_view prefix, Xapian::termcount wdf,
                  Xapian::termpos& position, Stems stems, std::vector<std::uint64_t>* word_hashes = nullptr);
    void add_words(Xapian::Document& doc, const schema_table::Row& row, const std::string& text,
                   Xapian::termpos& default_position, std::vector<std::uint64_t>& default_words);
    void add_names(Xapian::Document& doc, const schema_table::Row& row, const std::vector<std::string>& names);
    // The number of `key`'s stem in stems_, stemming it on first sight.
    std::uint32_t stem_id(const std::string& key);

    Xapian::Stem stemmer_;
    WordNumbers stemmed_words_;       // word -> its stem's number
    std::vector<std::string> stems_;  // by that number
    // One add_text call's stems, summed so that each is added to the document
    // once: Xapian's Document looks a term up in a std::map at every add_term.
    std::vector<Xapian::termcount> stem_wdf_;  // by stem number; zero outside add_text
    std::vector<std::uint32_t> stems_seen_;    // in order of first sight
};

// A word is offered as a spelling correction once this many articles hold it. A word of
// one article is as often a typo or scraping debris of the corpus as a word (Solr's
// thresholdTokenFrequency serves the same end). It was 10,888 of the 27,759 words of
// BBC (2,227 articles) and 8,839 of 18,041 of the held-out Reuters stories: without
// them the spelling table shrinks 1,232 -> 768 KB and 840 -> 464 KB, and writing it
// at the end of a run 0.29 -> 0.11 s and 0.12 -> 0.06 s.
inline constexpr Xapian::doccount kMinSpellingArticles = 2;

// What the single writer adds beside each document so that queries can be
// corrected and expanded: spelling data (Xapian's spelling table, from body
// and title words), the synonym table and the phrase terms of multi-word
// synonyms, and the near-duplicate key shared by copies of one story.
// Lives as long as an Indexer; not thread-safe (the writer thread only).
class SearchAids {
public:
    // Reads the user's synonyms file (empty: keep the one the index has). Throws Error if unreadable.
    explicit SearchAids(const std::string& synonyms_file);

    // How the index written compares near-duplicate bands: as its band terms did, short or
    // long (layout::kShortBandTermsKey); long until set.
    void use_short_band_terms(bool short_form) { short_band_terms_ = short_form; }
    bool short_band_terms() const { return short_band_terms_; }

    // Stores the shipped and the user's synonyms in `db` if they differ from what it has.
    void store_synonyms(Xapian::WritableDatabase& db);

    // Completes `doc` (built by DocumentBuilder) before it is written: phrase terms of
    // multi-word synonyms, and the near-duplicate key of an indexed near-identical
    // article if there is one. Counts its words for the spelling table.
    // The first call for `db` reads the signatures of its articles (none if it has no
    // article); from then on every article written into `db` or leaving it must be
    // reported (article_written, article_leaving), until forget_articles.
    void add(Xapian::WritableDatabase& db, Xapian::Document& doc);

    // The article `docid` of `db` was written as `doc` (added, or replaced in place).
    void article_written(Xapian::WritableDatabase& db, Xapian::docid docid, const Xapian::Document& doc);
    // The article `docid` of `db`, `doc` as stored, is about to be deleted or replaced.
    void article_leaving(Xapian::WritableDatabase& db, Xapian::docid docid, const Xapian::Document& doc);
    // `db` holds other articles or numbers them otherwise (a new generation swapped in):
    // the next add() reads its signatures again.
    void forget_articles(const Xapian::WritableDatabase& db);

    // What add() does except the near-duplicate key: phrase terms, spelling counts.
    // For a document written where the indexed articles cannot be looked up (a
    // parallel build's temporary database); resolve_near_duplicates_from then runs on the merged index.
    void expand(Xapian::Document& doc);

    // For databases to be merged in the order given, of which those from
    // `first_new` on hold documents written with expand() only: the
    // near-duplicate keys add() would have given them, had they been added one
    // by one in merge order with a flush every `batch_size`. Returns (source, docid) -> key,
    // for new documents and for the earlier copies that get their pair's key.
    static std::map<std::pair<std::size_t, Xapian::docid>, std::string> near_duplicate_keys(
        const std::vector<Xapian::Database>& sources, std::size_t first_new, std::size_t batch_size, bool short_band_terms);

    // Takes the words of `doc`, an article about to leave the index (deleted, or
    // replaced by a new version), off the spelling counts.
    void uncount(const Xapian::Document& doc);

    // A word's articles counted in and out since the last take_spelling_counts.
    struct SpellingCount {
        std::string word;
        Xapian::termcount added = 0;
        Xapian::termcount removed = 0;
    };
    // The spelling counts since the last call, and forgets them.
    std::vector<SpellingCount> take_spelling_counts();

    // Call when the index holds no article: if no count is pending, the counts until the next
    // take_spelling_counts are the number of the index's articles holding each word, as every
    // article written or leaving is counted (write_spelling's `counts_are_totals`).
    void count_from_empty_index() { counts_are_totals_ = pending_spelling_words() == 0; }
    // True after count_from_empty_index, until the next take_spelling_counts or missed_uncount.
    bool counts_are_totals() const { return counts_are_totals_; }
    // An article left the index uncounted (replaced by one with the same id, unseen): the
    // counts are no longer totals.
    void missed_uncount() { counts_are_totals_ = false; }

    // Writes spelling `counts` (take_spelling_counts', of articles added to or gone
    // from `index`) into `dictionary`, so that each word's frequency is the number of
    // `index`'s articles holding it, and a word fewer than kMinSpellingArticles hold
    // is not there. A word already in `counted`'s spelling table (the dictionary as
    // committed, or the index a parallel build merges into) is moved by its counts;
    // any other is written as `index`'s articles holding it: its count itself when
    // `counts_are_totals` (counted from an empty index), else looked up in `index`.
    static void write_spelling(std::vector<SpellingCount> counts, Xapian::WritableDatabase& dictionary,
                               const Xapian::Database& counted, const Xapian::Database& index,
                               bool counts_are_totals = false);

    // Ends the batch of near-duplicate look-ups; call at each commit.
    void end_batch();
    std::size_t pending_spelling_words() const { return spelling_words_.size() + uncounted_.size(); }

    // Sets the spelling frequency of every word to the number of `index`'s articles
    // holding it, and leaves out words fewer than kMinSpellingArticles hold, as
    // write_spelling would have: for an index whose writer was killed after committing
    // articles (added or deleted) whose words it had not counted yet.
    static void recount_spelling(const Xapian::Database& index, Xapian::WritableDatabase& dictionary);

private:
    struct Recent {
        std::string signature;
        std::string key;  // empty until a near-identical copy turns up
        std::string id_term;
        Xapian::WritableDatabase* db;
    };

    // The collapse key of the indexed article `docid`, given it one if it had none.
    static std::string shared_key(Xapian::WritableDatabase& db, Xapian::docid docid, const std::string& signature);

    void add_phrase_terms(Xapian::Document& doc, const std::vector<std::string>& first_words);
    void resolve_near_duplicate(Xapian::WritableDatabase& db, Xapian::Document& doc);
    // The band table of `db`'s articles, read at the first call.
    const NearDuplicateBands& indexed_bands(Xapian::WritableDatabase& db);

    std::string user_synonyms_;
    bool user_file_given_ = false;
    bool short_band_terms_ = false;
    std::vector<SynonymGroup> groups_;
    std::unordered_map<std::string, std::vector<SynonymName>> phrases_by_first_word_;
    WordNumbers spelling_words_;
    std::vector<Xapian::termcount> spelling_counts_;  // by the word's number in spelling_words_
    std::unordered_map<std::string, Xapian::termcount> uncounted_;  // words of articles that left
    bool counts_are_totals_ = false;
    std::vector<Recent> recent_;  // documents of the current batch, not yet committed
    // By band, then the band's hash as compared (short or long): indices into recent_.
    std::array<std::unordered_map<std::uint64_t, std::vector<std::size_t>>, kNearDuplicateBands> recent_by_band_;
    // Each database's articles by band, committed or not: what band terms' posting lists held.
    std::unordered_map<const Xapian::WritableDatabase*, NearDuplicateBands> indexed_bands_;
};

}  // namespace newsdex
