// How an article is laid out in a Xapian document, beyond the schema table:
// term forms, internal value slots, the stored record and index metadata.
// Shared by the indexer (which writes it) and the searcher (which reads it).
#pragma once

#include "core/schema_table.h"

#include <newsdex/article.h>

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::layout {

// Xapian's convention for stemmed terms: "Z" + field prefix + stem. Stemmed
// terms have no positions; exact forms do, so phrases match exact words.
inline constexpr std::string_view kStemmedPrefix = "Z";

// Value slots used internally, beyond the schema's public ones: every one is declared in this
// file (10-14, 16, 17, 18), so that a new one cannot take a slot already in use.
inline constexpr unsigned kFileSignatureSlot = 10;  // "size:mtime" of the file when indexed
inline constexpr unsigned kFilePathSlot = 11;       // absolute path of the file the article came from
inline constexpr unsigned kContentHashSlot = 12;    // hash of the file's bytes, to recognise renamed files
inline constexpr unsigned kNearDuplicateKeySlot = 13;        // collapse key shared by near-identical bodies (hex)
inline constexpr unsigned kNearDuplicateSignatureSlot = 14;  // MinHash signature of the body's word shingles

// Near-duplicate bands (indexer/near_duplicate_bands.h). Articles written by earlier
// versions hold a boolean term per MinHash band, which nothing reads any more:
// "XDUP<band><8 hex digits>" (13 bytes) in an index that has kShortBandTermsKey,
// "XDUP<band>:<16 hex digits>" (22 bytes) in an older one. Articles written since
// have none: the indexer finds candidates in memory, comparing bands as the index's
// terms did. Every new index gets the key: a 32-bit hash of the band's two minimums
// lets two different bands meet once in 4 billion pairs, and a meeting is checked
// against both signatures anyway.
inline constexpr std::string_view kNearDuplicateBandPrefix = "XDUP";
inline constexpr const char* kShortBandTermsKey = "newsdex.short_band_terms";  // "1"

// One term per occurrence of a multi-word synonym ("shanghai cooperation
// organisation") in the body or title, so a one-word query (SCO) can reach it
// through Xapian's synonym table: "XPHRASE" + the folded words joined by spaces.
inline constexpr std::string_view kPhraseTermPrefix = "XPHRASE";


// When the article entered the index (written or rewritten), in seconds since
// 1970 UTC, Xapian::sortable_serialise'd: newsdex-query --since, the feed's
// date of undated articles. Indexes written before it have the slot empty.
inline constexpr unsigned kIndexedAtSlot = 16;

// The order of --sort oldest: the date as the date slot holds it (YYYYMMDD), and "~",
// after every date, for an undated article, so that undated articles come last as
// they do newest first (an empty slot sorts before every value). Stored, not made
// by a Xapian::KeyMaker at search time: the remote backend sorts only by a slot.
// Searches fall back to the date slot in an index whose articles do not all have it.
inline constexpr unsigned kOldestFirstSlot = 18;

// A folded article's people as extracted (names joined by newlines), so that surname
// folding (indexer/surname_folding.h) can undo a fold when a second full name with that
// surname appears in the period. Empty when nothing was folded.
inline constexpr unsigned kPeopleAsExtractedSlot = 17;
inline constexpr std::string_view kUndatedOldestFirst = "~";

// Facets are counted from the schema's facet slots (names joined by newlines),
// at most kFacetNames names of each article.
inline constexpr unsigned kFacetNames = 12;

// Boolean term on every article of one file (absolute path), to find them all.
inline constexpr std::string_view kFileTermPrefix = "XFILE";

// Index metadata keys.
inline constexpr const char* kLanguageKey = "newsdex.language";
inline constexpr const char* kFormatKey = "newsdex.format";
inline constexpr const char* kFormatVersion = "1";
inline constexpr const char* kSynonymsKey = "newsdex.synonyms";            // fingerprint of the synonym table stored
inline constexpr const char* kUserSynonymsKey = "newsdex.user_synonyms";   // text of the user's synonyms file

// The schema row named `name`; throws if the table lacks it (a programming error).
inline const schema_table::Row& field(std::string_view name) { return schema_table::row(name); }

// Words in terms longer than this are dropped: Xapian's limit is 245 bytes
// and nobody searches for such strings.
inline constexpr std::size_t kMaxWordBytes = 64;

// The unique-id term for an article id (a file's absolute path or an export's id),
// hashed when too long for a Xapian term.
std::string id_term(std::string_view id);

// The term naming the file at `absolute_path` (hashed when too long, like id_term).
std::string file_term(std::string_view absolute_path);

// A term of `prefix` + `value`, with values too long for Xapian cut and made
// unique by a hash of the whole value. Short values keep their text, so
// prefix enumeration over folders works.
std::string bounded_term(std::string_view prefix, std::string_view value);

// Serialises the stored fields of an article (for display and snippets) and back.
std::string encode_record(const Article& article);
Article decode_record(const std::string& data);

// Places and people are kept in a value slot as names joined by newlines, for facets.
std::string join_names(const std::vector<std::string>& names);
std::vector<std::string> split_names(const std::string& joined);

// The stemmer for a language name; throws Error naming the languages Xapian knows if unknown.
Xapian::Stem make_stemmer(const std::string& language);

}  // namespace newsdex::layout
