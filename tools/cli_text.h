// Text the tools print, made safe and faithful: control characters in titles,
// paths and snippets are shown escaped instead of reaching the terminal (where
// "\x1b]0;pwned\x07" would retitle the window), and a file name that is not
// valid UTF-8 keeps its exact bytes in JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex::cli {

// `text` with what a terminal would act on written out visibly, as ls and
// ripgrep do: \t, \n and \r as those two characters, other C0 controls, DEL and
// bytes that are not UTF-8 as \xHH, C1 controls and bidirectional overrides
// (U+202A..U+202E, U+2066..U+2069) as \u{HHHH}. Everything else is unchanged.
std::string terminal_text(std::string_view text);

// The byte offset in terminal_text(text) where text[offset] is written.
// Lets callers move highlight offsets along with the escaping.
std::size_t terminal_offset(std::string_view text, std::size_t offset);

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Standard base64 (RFC 4648, with '=' padding) of `bytes`.
std::string base64(std::string_view bytes);

// The time --since names, in seconds since 1970 UTC: "2026-12-01", "2026-12-01T08:30[:00][Z]"
// (UTC; a space may stand for the T), or a span before `now`: "45m", "12h", "1d", "2w".
// Throws std::invalid_argument saying which forms are accepted.
std::int64_t parse_since(const std::string& text, std::int64_t now);

}  // namespace newsdex::cli
