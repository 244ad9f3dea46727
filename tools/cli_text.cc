#include "tools/cli_text.h"

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <typeinfo>
#include <vector>
#include <ctime>

namespace newsdex::cli {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] and its code point,
// or 0 if the byte there does not start one (RFC 3629's table).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& code_point) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const unsigned char next = byte(i + k);
        if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return 0;
        code_point = (code_point << 6) | (next & 0x3F);
    }
    return length;
}

// What to print for the code point, or empty to print it as it is.
std::string escape_of(char32_t c) {
    char buffer[16];
    if (c == '\t') return "\\t";
    if (c == '\n') return "\\n";
    if (c == '\r') return "\\r";
    if (c < 0x20 || c == 0x7F) {
        std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
        return buffer;
    }
    if ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
        std::snprintf(buffer, sizeof buffer, "\\u{%04X}", static_cast<unsigned>(c));
        return buffer;
    }
    return {};
}

// Walks `text` as terminal_text writes it, calling emit(source_offset, piece).
template <typename Emit>
void walk_escaped(std::string_view text, Emit&& emit) {
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const std::size_t length = utf8_sequence(text, i, c);
        if (length == 0) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
            emit(i, std::string_view(buffer));
            ++i;
            continue;
        }
        const std::string escaped = escape_of(c);
        emit(i, escaped.empty() ? text.substr(i, length) : std::string_view(escaped));
        i += length;
    }
}

}  // namespace

std::string terminal_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    walk_escaped(text, [&](std::size_t, std::string_view piece) { out += piece; });
    return out;
}

std::size_t terminal_offset(std::string_view text, std::size_t offset) {
    std::size_t written = 0;
    bool found = false;
    walk_escaped(text, [&](std::size_t at, std::string_view piece) {
        if (at >= offset) found = true;
        if (!found) written += piece.size();
    });
    return written;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const std::size_t length = utf8_sequence(text, i, c);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string markup_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const std::size_t length = utf8_sequence(text, i, c);
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        const bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
        const bool forbidden = control || c == 0xFFFE || c == 0xFFFF;
        if (!forbidden) out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out += k <= n ? digits[(group >> (18 - 6 * k)) & 0x3F] : '=';
        }
    }
    return out;
}

std::int64_t parse_since(const std::string& text, std::int64_t now) {
    const std::string forms = "--since takes a date or time in UTC (2026-12-01, 2026-12-01T08:30, 2026-12-01T08:30:00Z) "
                              "or a span back from now (45m, 12h, 1d, 2w), not '" + text + "'";
    if (text.size() >= 2 && text.find_first_not_of("0123456789") == text.size() - 1) {
        const char unit = text.back();
        const std::int64_t seconds = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400
                                   : unit == 'w' ? 604800 : 0;
        if (seconds == 0 || text.size() > 10) throw std::invalid_argument(forms);
        return now - std::stoll(text.substr(0, text.size() - 1)) * seconds;
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    std::string rest = text;
    if (!rest.empty() && (rest.back() == 'Z' || rest.back() == 'z')) rest.pop_back();
    if (std::sscanf(rest.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &used) != 3 || used != 10) {
        throw std::invalid_argument(forms);
    }
    if (rest.size() > 10) {
        int more = 0;
        const char separator = rest[10];
        if ((separator != 'T' && separator != 't' && separator != ' ') ||
            (std::sscanf(rest.c_str() + 11, "%2d:%2d%n", &hour, &minute, &more) != 2 || more != 5)) {
            throw std::invalid_argument(forms);
        }
        if (rest.size() > 16) {
            if (std::sscanf(rest.c_str() + 16, ":%2d%n", &second, &more) != 1 || more != 3 || rest.size() != 19) {
                throw std::invalid_argument(forms);
            }
        }
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        throw std::invalid_argument(forms);
    }
    std::tm utc{};
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    return static_cast<std::int64_t>(timegm(&utc));
}

bool answered_version_or_help(const cxxopts::ParseResult& args, const cxxopts::Options& cli, std::string_view version,
                              std::string_view more_help) {
    if (args.count("version")) {
        std::cout << cli.program() << ' ' << version << '\n';
        return true;
    }
    if (!args.count("help")) return false;
    std::cout << cli.help() << more_help;
    return true;
}

cxxopts::ParseResult parse_command_line(cxxopts::Options& cli, int argc, char** argv) {
    try {
        cxxopts::ParseResult args = cli.parse(argc, argv);
        // cxxopts reads "0x10" as sixteen; a count typed that way is a slip, not a wish.
        for (const cxxopts::KeyValue& given : args.arguments()) {
            std::string_view digits = given.value();
            if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
            if (digits.size() < 2 || digits[0] != '0' || (digits[1] != 'x' && digits[1] != 'X')) continue;
            bool text = true;  // a string or strings (the query's words): any value is theirs
            try {
                (void)args[given.key()].as<std::string>();
            } catch (const std::bad_cast&) {
                try {
                    (void)args[given.key()].as<std::vector<std::string>>();
                } catch (const std::bad_cast&) {
                    text = false;
                }
            }
            if (!text) {
                throw cxxopts::exceptions::parsing("--" + given.key() + " takes a whole number, 0 or more, not '" +
                                                   given.value() + "'");
            }
        }
        return args;
    } catch (const cxxopts::exceptions::incorrect_argument_type& e) {
        // Every option of the tools with a typed value is a count or a size.
        const std::string message = e.what();
        const auto names_value = [&](const std::string& value) {
            return message.find("'" + value + "'") != std::string::npos ||
                   message.find("\u2018" + value + "\u2019") != std::string::npos;
        };
        for (int i = 1; i < argc; ++i) {
            const std::string word = argv[i];
            if (word == "--") break;
            if (word.rfind("--", 0) != 0 && (word.size() < 2 || word[0] != '-')) continue;
            const auto equals = word.find('=');
            std::string option = word.substr(0, equals), value;
            if (equals != std::string::npos) {
                value = word.substr(equals + 1);
            } else if (i + 1 < argc) {
                value = argv[i + 1];
            } else {
                continue;
            }
            if (names_value(value)) {
                throw cxxopts::exceptions::parsing(option + " takes a whole number, 0 or more, not '" + value + "'");
            }
        }
        throw;
    }
}

int run_tool(std::string_view tool, const std::function<int()>& work,
             const std::function<std::string(const Error&)>& advice) {
    try {
        return work();
    } catch (const cxxopts::exceptions::exception& e) {
        std::cerr << tool << ": " << terminal_text(e.what()) << " (see --help)\n";
    } catch (const Error& e) {
        std::cerr << tool << ": " << terminal_text(e.what()) << (advice ? advice(e) : std::string()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << tool << ": unexpected error: " << terminal_text(e.what()) << '\n';
    } catch (...) {  // a Xapian::Error the library let through: still a message, never std::terminate
        std::cerr << tool << ": unexpected error from the search engine; if the index is damaged, delete it and index again\n";
    }
    return kExitError;
}

}  // namespace newsdex::cli
