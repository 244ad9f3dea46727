#include "indexer/text_encoding.h"

#include "core/text.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace newsdex {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Which half of each 16-bit unit is NUL in the first few KB: ASCII in UTF-16LE
// leaves NUL high bytes at odd offsets, in UTF-16BE at even ones. Cyrillic or
// Greek text has few NULs (only spaces and punctuation), so a tenth is enough,
// provided the other half has (almost) none and the units are not control codes.
const char* utf16_by_pattern(std::string_view bytes) {
    const std::size_t units = std::min<std::size_t>(bytes.size(), 8192) / 2;
    if (units < 2) return nullptr;
    std::size_t nul_even = 0, nul_odd = 0;
    for (std::size_t i = 0; i < units; ++i) {
        nul_even += bytes[2 * i] == '\0';
        nul_odd += bytes[2 * i + 1] == '\0';
    }
    const char* name = nullptr;
    bool little_endian = false;
    if (nul_odd * 10 >= units && nul_even * 100 <= units) {
        name = "UTF-16LE";
        little_endian = true;
    } else if (nul_even * 10 >= units && nul_odd * 100 <= units) {
        name = "UTF-16BE";
    } else {
        return nullptr;
    }
    std::size_t controls = 0;
    for (std::size_t i = 0; i < units; ++i) {
        const auto lo = static_cast<unsigned char>(bytes[2 * i + (little_endian ? 0 : 1)]);
        const auto hi = static_cast<unsigned char>(bytes[2 * i + (little_endian ? 1 : 0)]);
        if (hi == 0 && lo < 0x20 && lo != '\t' && lo != '\n' && lo != '\r') ++controls;
    }
    return controls * 20 <= units ? name : nullptr;
}

// Valid multi-byte sequences and invalid bytes: the evidence for and against UTF-8.
struct Utf8Evidence {
    std::size_t multibyte = 0;
    std::size_t invalid = 0;
};

Utf8Evidence utf8_evidence(std::string_view bytes) {
    Utf8Evidence evidence;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX));
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) ++evidence.invalid;
        else if (i - start > 1) ++evidence.multibyte;
    }
    return evidence;
}

// WHATWG treats these labels as their Windows supersets; so do we, since a
// C1 control code in a news article is always meant as a Windows character.
std::string windows_superset(const std::string& charset) {
    const std::string name = lower_ascii(charset);
    if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
        name == "us-ascii" || name == "ascii" || name == "iso_8859-1") {
        return "windows-1252";
    }
    if (name == "iso-8859-9" || name == "latin5") return "windows-1254";
    if (name == "tis-620" || name == "iso-8859-11") return "windows-874";
    return charset;
}

bool icu_knows(const std::string& charset) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(charset.c_str(), &status);
    if (converter) ucnv_close(converter);
    return U_SUCCESS(status);
}

// The IANA name of a charset label ("koi8-r" -> "KOI8-R"), or the label itself.
std::string standard_name(const std::string& label) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(label.c_str(), "IANA", &status);
    return U_SUCCESS(status) && name ? std::string(name) : label;
}

// Substitutes U+FFFD for every undecodable sequence, and counts them.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* status) {
    if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
    ++*static_cast<std::size_t*>(const_cast<void*>(context));
    *status = U_ZERO_ERROR;
    const UChar replacement = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, status);
}

// `bytes` in `charset` as UTF-8, or false if ICU has no such converter.
bool convert(std::string_view bytes, const std::string& charset, std::string& out, std::size_t& replaced) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, void (*)(UConverter*)> converter(ucnv_open(charset.c_str(), &status), ucnv_close);
    if (U_FAILURE(status)) return false;
    ucnv_setToUCallBack(converter.get(), count_and_substitute, &replaced, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return false;

    const auto length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX / 2 - 1));
    std::vector<UChar> units(static_cast<std::size_t>(length) * 2 + 2);
    int32_t produced = ucnv_toUChars(converter.get(), units.data(), static_cast<int32_t>(units.size()),
                                     bytes.data(), length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        replaced = 0;
        units.resize(static_cast<std::size_t>(produced) + 1);
        produced = ucnv_toUChars(converter.get(), units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                                 length, &status);
    }
    if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) return false;
    out.clear();
    icu::UnicodeString(false, units.data(), produced).toUTF8String(out);
    return true;
}

// The detector's best legacy charset, or windows-1252 when it has no good idea.
// It is asked only after UTF-8 and UTF-16 were ruled out, so it may not answer those.
std::string detect_legacy_charset(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> detector(ucsdet_open(&status), ucsdet_close);
    if (U_FAILURE(status)) return "windows-1252";
    ucsdet_enableInputFilter(detector.get(), true);  // judge an HTML page by its text, not its tags
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX)),
                   &status);
    int32_t found = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
    if (U_FAILURE(status)) return "windows-1252";
    for (int32_t i = 0; i < found; ++i) {
        const char* name = ucsdet_getName(matches[i], &status);
        const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
        if (U_FAILURE(status) || !name) break;
        const std::string_view candidate(name);
        if (candidate.substr(0, 4) == "UTF-" || candidate.substr(0, 3) == "IBM") continue;
        if (confidence < 10) break;
        return windows_superset(std::string(candidate));
    }
    return "windows-1252";
}

DecodedText decode_as(std::string_view bytes, const std::string& charset, bool guessed) {
    DecodedText decoded;
    decoded.charset = charset;
    decoded.guessed = guessed;
    std::string utf8;
    if (!convert(bytes, charset, utf8, decoded.replaced)) {
        decoded.charset = "windows-1252";
        decoded.replaced = 0;
        convert(bytes, decoded.charset, utf8, decoded.replaced);
    }
    std::size_t nuls = 0;  // the converter's output is valid UTF-8: only its NULs are replaced here
    decoded.text = text::repair_utf8(utf8, &nuls);
    decoded.replaced += nuls;
    decoded.nul_bytes = nuls;
    return decoded;
}

}  // namespace

bool looks_like_utf16(std::string_view bytes) {
    return bytes.substr(0, 2) == kUtf16LeBom || bytes.substr(0, 2) == kUtf16BeBom || utf16_by_pattern(bytes);
}

std::string declared_html_charset(std::string_view bytes) {
    const std::string head = lower_ascii(bytes.substr(0, 4096));
    // An XHTML page may state it in its XML declaration instead.
    if (head.rfind("<?xml", 0) == 0) {
        const std::size_t end = head.find("?>");
        const std::size_t key = head.find("encoding", 0);
        if (key != std::string::npos && key < end) {
            std::size_t i = key + 8;
            while (i < head.size() && (head[i] == ' ' || head[i] == '=' || head[i] == '"' || head[i] == '\'')) ++i;
            std::size_t j = i;
            while (j < head.size() && (std::isalnum(static_cast<unsigned char>(head[j])) || head[j] == '-' ||
                                       head[j] == '_' || head[j] == '.' || head[j] == ':')) {
                ++j;
            }
            if (j > i) return head.substr(i, j - i);
        }
    }
    std::size_t pos = 0;
    while ((pos = head.find("<meta", pos)) != std::string::npos) {
        const std::size_t end = head.find('>', pos);
        const std::string_view tag = std::string_view(head).substr(pos, end == std::string::npos ? end : end - pos);
        pos += 5;
        const std::size_t key = tag.find("charset");
        if (key == std::string_view::npos) continue;
        std::size_t i = key + 7;
        while (i < tag.size() && (tag[i] == ' ' || tag[i] == '=' || tag[i] == '"' || tag[i] == '\'')) ++i;
        std::size_t j = i;
        while (j < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[j])) || tag[j] == '-' ||
                                  tag[j] == '_' || tag[j] == ':' || tag[j] == '.')) {
            ++j;
        }
        if (j > i) return std::string(tag.substr(i, j - i));
    }
    return {};
}

DecodedText decode_text(std::string_view bytes, std::string_view declared_charset) {
    if (bytes.substr(0, 2) == kUtf16LeBom) return decode_as(bytes.substr(2), "UTF-16LE", false);
    if (bytes.substr(0, 2) == kUtf16BeBom) return decode_as(bytes.substr(2), "UTF-16BE", false);
    const bool utf8_bom = bytes.substr(0, 3) == kUtf8Bom;
    if (utf8_bom) bytes.remove_prefix(3);
    if (!utf8_bom) {
        if (const char* utf16 = utf16_by_pattern(bytes)) return decode_as(bytes, utf16, false);
    }

    // Damaged UTF-8 (a truncated sequence, a stray Latin-1 byte in a UTF-8 file)
    // still has more valid multi-byte sequences than invalid bytes; a legacy
    // encoding has next to no valid ones.
    const Utf8Evidence evidence = utf8_evidence(bytes);
    if (utf8_bom || evidence.invalid == 0 || evidence.multibyte >= evidence.invalid) {
        DecodedText decoded;
        decoded.charset = "UTF-8";
        decoded.text = text::repair_utf8(bytes, &decoded.replaced);
        decoded.nul_bytes = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
        return decoded;
    }

    // A page that claims UTF-8 (or UTF-16, which a byte-oriented page cannot be)
    // but is not, is judged by the detector.
    std::string declared = windows_superset(std::string(declared_charset));
    const std::string declared_lower = lower_ascii(declared);
    if (!declared.empty() && declared_lower.rfind("utf-", 0) != 0 && declared_lower.rfind("utf8", 0) != 0 &&
        icu_knows(declared)) {
        return decode_as(bytes, standard_name(declared), false);
    }
    return decode_as(bytes, detect_legacy_charset(bytes), true);
}

std::string to_utf8(std::string_view bytes, std::string& charset_out) {
    DecodedText decoded = decode_text(bytes);
    charset_out = std::move(decoded.charset);
    return std::move(decoded.text);
}

}  // namespace newsdex
