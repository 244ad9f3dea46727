// What every fuzz target shares: the input as text the way the indexer hands
// it to a parser (valid UTF-8, as after decoding a file), and splitting one
// input into parts.
#pragma once

#include "core/text.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex::fuzz {

inline std::string_view bytes_of(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Readers are specified on valid UTF-8: the indexer decodes and repairs every
// file before parsing it, so the fuzzers do the same.
inline std::string text_of(const uint8_t* data, size_t size) { return text::repair_utf8(bytes_of(data, size)); }

// The part before the first newline and the rest (a query and a text, say).
inline std::pair<std::string, std::string> first_line_and_rest(const std::string& text) {
    const size_t newline = text.find('\n');
    if (newline == std::string::npos) return {text, {}};
    return {text.substr(0, newline), text.substr(newline + 1)};
}

// Aborts (which libFuzzer reports as a crash) when an invariant does not hold.
#define NEWSDEX_FUZZ_CHECK(condition)                                                                  \
    do {                                                                                               \
        if (!(condition)) {                                                                            \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                              \
        }                                                                                              \
    } while (0)

// True if `text` is valid UTF-8, as every string of an Article must be.
// (repair_utf8 also counts NULs, which are valid UTF-8, so they are left out.)
inline bool is_valid_utf8(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
    size_t replaced = 0;
    text::repair_utf8(text, &replaced);
    return replaced == 0;
}

}  // namespace newsdex::fuzz
