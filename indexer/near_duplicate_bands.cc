#include "indexer/near_duplicate_bands.h"

#include "core/fnv1a.h"
#include "core/index_layout.h"

#include <algorithm>

namespace newsdex {

std::optional<std::array<std::uint64_t, kNearDuplicateBands>> band_hashes(std::string_view signature) {
    if (signature.size() < kMinHashes * 4) return std::nullopt;
    std::array<std::uint64_t, kNearDuplicateBands> hashes;
    for (std::size_t band = 0; band < kNearDuplicateBands; ++band)
        hashes[band] = fnv1a(signature.substr(band * kHashesPerBand * 4, kHashesPerBand * 4));
    return hashes;
}

namespace {

constexpr std::size_t kMinSlots = 16;

std::uint64_t entry_of(std::uint64_t hash, Xapian::docid docid) { return (hash << 32) | docid; }
std::uint32_t hash_of(std::uint64_t entry) { return static_cast<std::uint32_t>(entry >> 32); }
Xapian::docid docid_of(std::uint64_t entry) { return static_cast<Xapian::docid>(entry & 0xFFFFFFFFu); }

}  // namespace

NearDuplicateBands NearDuplicateBands::of(const Xapian::Database& db) {
    NearDuplicateBands bands;
    for (Table& table : bands.tables_) table.reserve(db.get_doccount());
    const Xapian::valueno slot = layout::kNearDuplicateSignatureSlot;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) bands.add(v.get_docid(), *v);
    return bands;
}

void NearDuplicateBands::add(Xapian::docid docid, std::string_view signature) {
    const auto hashes = band_hashes(signature);
    if (!hashes) return;
    for (std::size_t band = 0; band < kNearDuplicateBands; ++band) tables_[band].insert(entry_of((*hashes)[band], docid));
}

void NearDuplicateBands::remove(Xapian::docid docid, std::string_view signature) {
    const auto hashes = band_hashes(signature);
    if (!hashes) return;
    for (std::size_t band = 0; band < kNearDuplicateBands; ++band) tables_[band].erase(entry_of((*hashes)[band], docid));
}

void NearDuplicateBands::find(std::size_t band, std::uint64_t hash, std::size_t limit,
                              std::vector<Xapian::docid>& docids) const {
    docids.clear();
    const Table& table = tables_[band];
    if (table.slots.empty()) return;
    const auto wanted = static_cast<std::uint32_t>(hash);
    const std::size_t mask = table.slots.size() - 1;
    // Every entry of a hash lies in the run of used slots that starts at its home.
    for (std::size_t at = table.home(wanted); table.slots[at] != 0; at = (at + 1) & mask) {
        if (hash_of(table.slots[at]) == wanted) docids.push_back(docid_of(table.slots[at]));
    }
    // Thousands of exact copies (a site's error page) share every band: only the first few are sorted.
    if (docids.size() > limit) {
        std::nth_element(docids.begin(), docids.begin() + static_cast<std::ptrdiff_t>(limit), docids.end());
        docids.resize(limit);
    }
    std::sort(docids.begin(), docids.end());
}

std::size_t NearDuplicateBands::memory_bytes() const {
    std::size_t bytes = sizeof(*this);
    for (const Table& table : tables_) bytes += table.slots.capacity() * sizeof(std::uint64_t);
    return bytes;
}

std::size_t NearDuplicateBands::Table::home(std::uint32_t hash) const {
    // Fibonacci hashing: FNV-1a's low bits alone cluster.
    return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> 32) & (slots.size() - 1);
}

void NearDuplicateBands::Table::reserve(std::size_t entries) {
    std::size_t size = kMinSlots;
    while (size * 3 < entries * 4) size *= 2;  // at most 3/4 full
    if (size <= slots.size()) return;
    std::vector<std::uint64_t> old(size, 0);
    old.swap(slots);
    used = 0;
    for (std::uint64_t entry : old) {
        if (entry != 0) insert(entry);
    }
}

void NearDuplicateBands::Table::insert(std::uint64_t entry) {
    if (slots.empty() || (used + 1) * 4 > slots.size() * 3) reserve(std::max(kMinSlots, slots.size()));
    const std::size_t mask = slots.size() - 1;
    std::size_t at = home(hash_of(entry));
    for (; slots[at] != 0; at = (at + 1) & mask) {
        if (slots[at] == entry) return;
    }
    slots[at] = entry;
    ++used;
}

void NearDuplicateBands::Table::erase(std::uint64_t entry) {
    if (slots.empty()) return;
    const std::size_t mask = slots.size() - 1;
    std::size_t hole = home(hash_of(entry));
    for (; slots[hole] != entry; hole = (hole + 1) & mask) {
        if (slots[hole] == 0) return;
    }
    // Backward-shift deletion (no tombstones): later entries of the run whose home is
    // not between the hole and them move into the hole, so no run is cut short.
    for (std::size_t next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
        const std::size_t wanted = home(hash_of(slots[next]));
        const bool stays = hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
        if (stays) continue;
        slots[hole] = slots[next];
        hole = next;
    }
    slots[hole] = 0;
    --used;
}

}  // namespace newsdex
