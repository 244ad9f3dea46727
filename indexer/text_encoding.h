// Turning the bytes of a file into UTF-8: byte-order marks, UTF-16 with or
// without them, a charset an HTML page declares, and legacy single- and
// multi-byte encodings recognised by ICU's charset detector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex {

// True if `bytes` start with a UTF-16 byte-order mark or show UTF-16's pattern
// of NULs beside ASCII. Such text is not binary although it is full of NULs.
bool looks_like_utf16(std::string_view bytes);

// The charset an HTML page declares in an XML declaration, <meta charset> or an
// http-equiv Content-Type within its first 4096 bytes, lower-case ("windows-1251");
// empty if none.
std::string declared_html_charset(std::string_view bytes);

struct DecodedText {
    std::string text;          // valid UTF-8, without byte-order mark
    std::string charset;       // "UTF-8", "UTF-16LE", "windows-1252", "KOI8-R"...
    std::size_t replaced = 0;  // undecodable sequences and NULs replaced by U+FFFD
    std::size_t nul_bytes = 0; // how many of `replaced` were NUL bytes (binary damage, not an encoding problem)
    bool guessed = false;      // charset found by the detector, not stated or plain UTF-8
};

// Decodes `bytes`, trying in order: a UTF-8/UTF-16 byte-order mark, BOM-less
// UTF-16, UTF-8 (a few damaged sequences among valid ones are repaired, not a
// sign of another charset), `declared_charset` when ICU knows it, and the
// charset ICU's detector finds (windows-1252 in place of ISO-8859-1, and when
// the detector finds nothing). Never throws for bad input.
DecodedText decode_text(std::string_view bytes, std::string_view declared_charset = {});

// decode_text(bytes).text, with the charset's name in `charset_out`.
std::string to_utf8(std::string_view bytes, std::string& charset_out);

}  // namespace newsdex
