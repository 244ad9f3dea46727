// FNV-1a, the hash newsdex keeps in indexes and files: the same on every build
// and machine, unlike std::hash, so terms, keys and feature ids outlive the process.
#pragma once

#include <cstdint>
#include <string_view>

namespace newsdex {

template <typename Hash>
struct Fnv1a {
    static constexpr Hash kOffset = sizeof(Hash) == 8 ? static_cast<Hash>(1469598103934665603ull) : 2166136261u;
    static constexpr Hash kPrime = sizeof(Hash) == 8 ? static_cast<Hash>(1099511628211ull) : 16777619u;

    static constexpr Hash step(Hash hash, unsigned char byte) { return static_cast<Hash>((hash ^ byte) * kPrime); }

    // The hash of `bytes`, continuing from `hash` (to hash a stream in pieces).
    static constexpr Hash of(std::string_view bytes, Hash hash = kOffset) {
        for (char c : bytes) hash = step(hash, static_cast<unsigned char>(c));
        return hash;
    }
};

using Fnv1a64 = Fnv1a<std::uint64_t>;
using Fnv1a32 = Fnv1a<std::uint32_t>;

inline std::uint64_t fnv1a(std::string_view bytes) { return Fnv1a64::of(bytes); }

}  // namespace newsdex
