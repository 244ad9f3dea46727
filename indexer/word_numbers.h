// WordNumbers: numbers the distinct words it is given, 0, 1, 2, ... in order of
// first sight. It replaces std::unordered_map<std::string, ...> in the two
// look-ups made for every word indexed (the stem cache and the spelling counts)
// and the person finder's word lists,
// which perf put at 5.8% of a BBC first build, nearly all of it cache misses:
// a node-based table reads a bucket, the node before, the node and maybe the
// string. Here a word of up to kInlineBytes is found in one 32-byte slot of an
// open-addressing array; a longer one (rare in news text) also reads its string.
// Not thread-safe.
#pragma once

#include "core/fnv1a.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex {

class WordNumbers {
public:
    static constexpr std::size_t kInlineBytes = 26;

    // The number of `word`, and whether it was new.
    std::pair<std::uint32_t, bool> insert(std::string_view word) {
        if ((words_.size() + 1) * 2 > slots_.size()) grow();
        const std::uint64_t hash = fnv1a(word);
        for (std::size_t at = slot_of(hash);; at = (at + 1) & (slots_.size() - 1)) {
            Slot& slot = slots_[at];
            if (slot.number == kEmpty) {
                const auto number = static_cast<std::uint32_t>(words_.size());
                words_.emplace_back(word);
                fill(slot, number, word, hash);
                return {number, true};
            }
            if (slot.check == static_cast<std::uint8_t>(hash) && same(slot, word)) return {slot.number, false};
        }
    }

    static constexpr std::uint32_t kNone = UINT32_MAX;

    // The number of `word`, or kNone if it was never inserted.
    std::uint32_t find(std::string_view word) const {
        if (slots_.empty()) return kNone;
        const std::uint64_t hash = fnv1a(word);
        for (std::size_t at = slot_of(hash);; at = (at + 1) & (slots_.size() - 1)) {
            const Slot& slot = slots_[at];
            if (slot.number == kEmpty) return kNone;
            if (slot.check == static_cast<std::uint8_t>(hash) && same(slot, word)) return slot.number;
        }
    }

    // The words, by number.
    const std::vector<std::string>& words() const { return words_; }

    // The word numbered `number` (< size()).
    const std::string& word(std::uint32_t number) const { return words_[number]; }

    std::size_t size() const { return words_.size(); }

    void clear() {
        words_.clear();
        slots_.clear();
    }

private:
    static constexpr std::uint32_t kEmpty = kNone;
    static constexpr std::uint8_t kLongWord = 0xFF;  // length mark of a word kept only in words_
    static constexpr std::size_t kFirstSlots = 1024;

    struct Slot {
        std::uint32_t number = kEmpty;
        std::uint8_t length = 0;  // the word's bytes, or kLongWord
        std::uint8_t check = 0;   // low byte of the hash: most mismatches end here
        char bytes[kInlineBytes];
    };
    static_assert(sizeof(Slot) == 32, "a slot is half a cache line");

    // Fibonacci hashing: FNV-1a's low bits are weak, its product's high bits are not.
    std::size_t slot_of(std::uint64_t hash) const {
        return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_);
    }

    bool same(const Slot& slot, std::string_view word) const {
        if (slot.length == kLongWord) return word.size() > kInlineBytes && words_[slot.number] == word;
        return slot.length == word.size() && std::memcmp(slot.bytes, word.data(), word.size()) == 0;
    }

    static void fill(Slot& slot, std::uint32_t number, std::string_view word, std::uint64_t hash) {
        slot.number = number;
        slot.check = static_cast<std::uint8_t>(hash);
        if (word.size() > kInlineBytes) {
            slot.length = kLongWord;
        } else {
            slot.length = static_cast<std::uint8_t>(word.size());
            std::memcpy(slot.bytes, word.data(), word.size());
        }
    }

    void grow() {
        const std::size_t count = slots_.empty() ? kFirstSlots : slots_.size() * 2;
        shift_ = 64;
        for (std::size_t n = count; n > 1; n >>= 1) --shift_;
        slots_.assign(count, Slot{});
        for (std::uint32_t number = 0; number < words_.size(); ++number) {
            const std::uint64_t hash = fnv1a(words_[number]);
            std::size_t at = slot_of(hash);
            while (slots_[at].number != kEmpty) at = (at + 1) & (count - 1);
            fill(slots_[at], number, words_[number], hash);
        }
    }

    std::vector<std::string> words_;  // by number
    std::vector<Slot> slots_;         // a power of two, at most half full
    unsigned shift_ = 64;
};

}  // namespace newsdex
