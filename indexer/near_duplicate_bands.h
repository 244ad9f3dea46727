// NearDuplicateBands: the articles of one database by near-duplicate band, in memory.
// Articles once carried a boolean term per band ("XDUP<band><hash>") only so that the
// indexer could find the candidates of a near-duplicate in the band's posting list:
// eight postings an article for Xapian's writer to buffer and write (576 KB of a 22 MB
// BBC index), and a posting-list read per band of each new article (5,000 of the 18,000
// pread64 calls of a single-writer build of the Reuters stories). This table answers
// what those posting lists did, from the signatures alone (layout::kNearDuplicateSignatureSlot).
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace newsdex {

// A MinHash signature (DocumentBuilder) is kMinHashes 32-bit minimums, big-endian;
// its bands are runs of kHashesPerBand of them.
inline constexpr std::size_t kMinHashes = 16;
inline constexpr std::size_t kHashesPerBand = 2;  // 8 bands: a pair sharing 50% of shingles meets in one with p = 0.9
inline constexpr std::size_t kNearDuplicateBands = kMinHashes / kHashesPerBand;

// The hash of each band of `signature` (FNV-1a of its bytes, as band terms held it),
// or nothing for a signature too short to have bands (an article too short to compare).
std::optional<std::array<std::uint64_t, kNearDuplicateBands>> band_hashes(std::string_view signature);

// Not thread-safe. Band hashes are kept to their low 32 bits (what the short band
// terms held), so an article costs 8 slots of 8 bytes: about 120 bytes at the
// table's average load. A caller comparing full 64-bit hashes (an index with the
// older long band terms) checks each candidate's signature.
class NearDuplicateBands {
public:
    NearDuplicateBands() = default;

    // Every article of `db` that has a signature: one pass over the signature values.
    static NearDuplicateBands of(const Xapian::Database& db);

    // The article `docid` with `signature` enters the table, or leaves it. Adding an
    // article twice, or removing one that is not there, changes nothing.
    void add(Xapian::docid docid, std::string_view signature);
    void remove(Xapian::docid docid, std::string_view signature);

    // The first `limit` articles whose band `band` hashes to `hash` (low 32 bits compared),
    // in docid order: what the band term's posting list began with. Fills `docids` (cleared first).
    void find(std::size_t band, std::uint64_t hash, std::size_t limit, std::vector<Xapian::docid>& docids) const;

    std::size_t memory_bytes() const;

private:
    // Linear probing over (hash << 32 | docid); 0 is an empty slot (Xapian's docids start at 1).
    struct Table {
        std::vector<std::uint64_t> slots;
        std::size_t used = 0;

        std::size_t home(std::uint32_t hash) const;
        void reserve(std::size_t entries);
        void insert(std::uint64_t entry);
        void erase(std::uint64_t entry);
    };
    std::array<Table, kNearDuplicateBands> tables_;
};

}  // namespace newsdex
