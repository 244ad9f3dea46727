// Text the tools print, made safe and faithful: control characters in titles,
// paths and snippets are shown escaped instead of reaching the terminal (where
// "\x1b]0;pwned\x07" would retitle the window), and a file name that is not
// valid UTF-8 keeps its exact bytes in JSON. Also the start and end every
// tool's main shares: --version, --help, and errors as one line each.
#pragma once

#include <newsdex/error.h>

#include <cxxopts.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace newsdex::cli {

// The exit status of every tool for an error: bad usage, an index it cannot use.
inline constexpr int kExitError = 2;

// --version prints "TOOL VERSION", --help the options then `more_help`, on
// standard output. True if either was asked for: the run ends there, with status 0.
bool answered_version_or_help(const cxxopts::ParseResult& args, const cxxopts::Options& cli, std::string_view version,
                              std::string_view more_help);

// cli.parse(argc, argv), except that a value a numeric option cannot take is said with
// the option's name ("--limit takes a whole number, 0 or more, not '-1'"), not as
// cxxopts says it ("Argument '-1' failed to parse"). Throws cxxopts' exceptions.
cxxopts::ParseResult parse_command_line(cxxopts::Options& cli, int argc, char** argv);

// args[name], a count no larger than `max`; a usage error naming the option otherwise
// (a few zeros too many must not start millions of threads or folders).
template <typename Count>
Count at_most(const cxxopts::ParseResult& args, const std::string& name, Count max) {
    const Count value = args[name].as<Count>();
    if (value > max) {
        throw cxxopts::exceptions::parsing("--" + name + " takes at most " + std::to_string(max) + ", not " +
                                           std::to_string(value));
    }
    return value;
}

// Runs a tool's work and returns its exit status; what the work throws becomes
// one line on standard error, "TOOL: ..." with the message escaped
// (terminal_text), and kExitError: a bad command line says "(see --help)", a
// library Error is followed by the tool's `advice` for it (the library's
// messages name no options), anything else is called unexpected.
int run_tool(std::string_view tool, const std::function<int()>& work,
             const std::function<std::string(const Error&)>& advice = nullptr);

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

// `text` fit for HTML and XML 1.0 pages: every byte that does not start a UTF-8
// sequence becomes U+FFFD, and what XML 1.0 forbids or HTML calls a parse error
// (controls other than tab, newline and carriage return; U+FFFE, U+FFFF) is left
// out. Markup is not escaped.
std::string markup_text(std::string_view text);

// Standard base64 (RFC 4648, with '=' padding) of `bytes`.
std::string base64(std::string_view bytes);

// The time --since names, in seconds since 1970 UTC: "2026-12-01", "2026-12-01T08:30[:00][Z]"
// (UTC; a space may stand for the T), or a span before `now`: "45m", "12h", "1d", "2w".
// Throws std::invalid_argument saying which forms are accepted.
std::int64_t parse_since(const std::string& text, std::int64_t now);

}  // namespace newsdex::cli
