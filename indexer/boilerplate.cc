#include "indexer/boilerplate.h"

#include <newsdex/error.h>

#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <locale>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

namespace newsdex {

namespace boilerplate_data {
extern const char kBuiltinRules[];  // generated from indexer/data/boilerplate_rules.txt
}

namespace {

constexpr std::size_t kLongestBoilerplate = 400;  // bytes

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Surrounding whitespace (including no-break spaces, common in scraped HTML) removed.
std::string_view trim(std::string_view s) {
    constexpr std::string_view nbsp = "\xC2\xA0";
    for (;;) {
        if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
        else if (s.substr(0, 2) == nbsp) s.remove_prefix(2);
        else break;
    }
    for (;;) {
        if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == nbsp) s.remove_suffix(2);
        else break;
    }
    return s;
}

// How lines and rule texts are compared: case-folded (any script), inner
// whitespace runs as one space.
std::string comparable(std::string_view s) {
    std::string folded;
    if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        // ASCII folds to its lower case, as ICU would fold it: without the round
        // trip through UTF-16 that cost 13,000 instructions a BBC paragraph.
        folded.assign(s);
        for (char& c : folded)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
            .foldCase()
            .toUTF8String(folded);
    }
    std::string out;
    bool space = false;
    for (char c : trim(folded)) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

// Index just past the group opening at pattern[open] ('('), or npos if it is
// never closed. Brackets and escapes inside the group are stepped over.
std::size_t past_group(std::string_view pattern, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            ++i;
        } else if (c == '[') {
            // ECMAScript: the first unescaped ']' closes a class, even right after '['.
            for (++i; i < pattern.size() && pattern[i] != ']'; ++i) {
                if (pattern[i] == '\\') ++i;
            }
            if (i >= pattern.size()) return std::string_view::npos;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// Runs of plain characters that every match of an ECMAScript `pattern` must
// contain, as written in the pattern. A line holding none of one run (compared
// as the regex's case-insensitive matching compares) cannot match, so the
// regex need not run: std::regex is slow, and nearly every line is text. Anything
// not understood (an alternation at the top, an unclosed group) gives no runs,
// which only means no shortcut; a run is never claimed that a match can lack.
std::vector<std::string> required_runs(std::string_view pattern) {
    std::vector<std::string> runs;
    std::string run;
    const auto end_run = [&] {
        if (!run.empty()) runs.push_back(std::move(run));
        run.clear();
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '|') return {};
        if (c == '*' || c == '?' || c == '{') {
            // The atom before may be absent or repeated; a run holding it ends before it.
            if (!run.empty()) run.pop_back();
            end_run();
            if (c == '{') {
                i = pattern.find('}', i);
                if (i == std::string_view::npos) return {};
            }
        } else if (c == '+') {
            end_run();  // the atom before occurs at least once, maybe more
        } else if (c == '\\') {
            if (i + 1 >= pattern.size()) return {};
            const unsigned char escaped = static_cast<unsigned char>(pattern[++i]);
            // Escaped punctuation is itself; letters and digits are classes,
            // boundaries, back-references or codes.
            if (escaped < 0x80 && std::ispunct(escaped)) run += static_cast<char>(escaped);
            else end_run();
        } else if (c == '(') {
            end_run();
            const std::size_t after = past_group(pattern, i);
            if (after == std::string_view::npos) return {};
            i = after - 1;
        } else if (c == '[') {
            end_run();
            // A class opening with ']' reads differently across regex grammars: no shortcut.
            if (pattern.substr(i + 1, 1) == "]" || pattern.substr(i + 1, 2) == "^]") return {};
            for (++i; i < pattern.size() && pattern[i] != ']'; ++i) {
                if (pattern[i] == '\\') ++i;
            }
            if (i >= pattern.size()) return {};
        } else if (c == '.' || c == '^' || c == '$' || c == ')' || c == ']' || c == '}') {
            end_run();
        } else {
            run += c;
        }
    }
    end_run();
    return runs;
}

// `text` lowered byte by byte as `ctype` lowers it: what std::regex's icase
// compares, whatever the regex's locale.
std::string lowered(std::string_view text, const std::ctype<char>& ctype) {
    std::string out(text);
    if (!out.empty()) ctype.tolower(&out[0], &out[0] + out.size());
    return out;
}

}  // namespace

struct BoilerplateRules::Rule {
    enum class Kind { Line, Prefix, Regex, Trailer } kind;
    std::string text;   // comparable() form, for Line, Prefix and Trailer
    std::regex regex;   // for Regex
    // For Regex: required_runs() of the pattern, lowered by the regex's ctype.
    std::vector<std::string> required;
    const std::ctype<char>* ctype = nullptr;

    // `lowered_line` caches the trimmed line lowered by `lowered_by`, shared by
    // the regex rules of one line.
    bool matches(std::string_view trimmed_line, const std::string& comparable_line, std::string& lowered_line,
                 const std::ctype<char>*& lowered_by) const {
        switch (kind) {
            case Kind::Line:
            case Kind::Trailer: return comparable_line == text;
            case Kind::Prefix: return comparable_line.compare(0, text.size(), text) == 0;
            case Kind::Regex:
                if (!required.empty()) {
                    if (lowered_by != ctype) {
                        lowered_line = lowered(trimmed_line, *ctype);
                        lowered_by = ctype;
                    }
                    for (const auto& run : required) {
                        if (lowered_line.find(run) == std::string::npos) return false;
                    }
                }
                return std::regex_search(trimmed_line.begin(), trimmed_line.end(), regex);
        }
        return false;
    }
};

BoilerplateRules::BoilerplateRules() = default;
BoilerplateRules::~BoilerplateRules() = default;
BoilerplateRules::BoilerplateRules(BoilerplateRules&&) noexcept = default;
BoilerplateRules& BoilerplateRules::operator=(BoilerplateRules&&) noexcept = default;

BoilerplateRules BoilerplateRules::parse(std::string_view rules, const std::string& origin) {
    BoilerplateRules parsed;
    const auto lines = split_lines(rules);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string_view line = trim(lines[n]);
        if (line.empty() || line.front() == '#') continue;
        const std::string where = origin + " line " + std::to_string(n + 1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            throw Error(where + ": expected 'kind: text' (kinds: line, prefix, regex, trailer)");
        }
        const std::string_view kind = trim(line.substr(0, colon));
        const std::string_view text = trim(line.substr(colon + 1));
        if (text.empty()) throw Error(where + ": the rule has no text");
        Rule rule{Rule::Kind::Line, comparable(text), {}, {}, nullptr};
        if (kind == "line") {
            rule.kind = Rule::Kind::Line;
        } else if (kind == "prefix") {
            rule.kind = Rule::Kind::Prefix;
        } else if (kind == "trailer") {
            rule.kind = Rule::Kind::Trailer;
        } else if (kind == "regex") {
            rule.kind = Rule::Kind::Regex;
            try {
                rule.regex = std::regex(std::string(text), std::regex::ECMAScript | std::regex::icase);
                rule.ctype = &std::use_facet<std::ctype<char>>(rule.regex.getloc());
                for (const auto& run : required_runs(text)) rule.required.push_back(lowered(run, *rule.ctype));
            } catch (const std::regex_error& e) {
                throw Error(where + ": bad regex '" + std::string(text) + "': " + e.what());
            }
        } else {
            throw Error(where + ": unknown rule kind '" + std::string(kind) +
                        "' (kinds: line, prefix, regex, trailer)");
        }
        parsed.rules_.push_back(std::make_shared<const Rule>(std::move(rule)));
    }
    return parsed;
}

const BoilerplateRules& BoilerplateRules::builtin() {
    static const BoilerplateRules rules = parse(boilerplate_data::kBuiltinRules, "built-in boilerplate rules");
    return rules;
}

const BoilerplateRules& BoilerplateRules::with_user_file(const std::string& path) {
    if (path.empty()) return builtin();
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<BoilerplateRules>> loaded;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& slot = loaded[path];
    if (!slot) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            loaded.erase(path);
            throw Error("cannot read the boilerplate rules file " + path);
        }
        std::ostringstream text;
        text << in.rdbuf();
        auto rules = std::make_unique<BoilerplateRules>();
        rules->append(builtin());
        try {
            rules->append(parse(text.str(), path));
        } catch (...) {
            loaded.erase(path);
            throw;
        }
        slot = std::move(rules);
    }
    return *slot;
}

void BoilerplateRules::append(const BoilerplateRules& more) {
    rules_.insert(rules_.end(), more.rules_.begin(), more.rules_.end());
}

std::size_t BoilerplateRules::size() const { return rules_.size(); }

std::string BoilerplateRules::strip(std::string_view text, std::size_t* removed) const {
    if (removed) *removed = 0;
    const auto lines = split_lines(text);
    std::vector<bool> keep(lines.size(), true);
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        // Boilerplate is a short line; a long one is text (and would make
        // std::regex recurse deeply).
        if (line.empty() || line.size() > kLongestBoilerplate) continue;
        const std::string folded = comparable(line);
        std::string lowered_line;
        const std::ctype<char>* lowered_by = nullptr;
        bool trailer = false;
        for (const auto& rule : rules_) {
            if (!rule->matches(line, folded, lowered_line, lowered_by)) continue;
            keep[i] = false;
            trailer = rule->kind == Rule::Kind::Trailer;
            break;
        }
        if (trailer) {
            for (std::size_t j = i; j < lines.size(); ++j) {
                if (!trim(lines[j]).empty()) ++dropped;
                keep[j] = false;
            }
            break;
        }
        if (!keep[i]) ++dropped;
    }
    if (removed) *removed = dropped;
    if (dropped == 0) return std::string(text);

    // Join what is left; a dropped paragraph must not leave two blank lines behind.
    std::string out;
    bool pending_blank = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!keep[i]) continue;
        if (trim(lines[i]).empty()) {
            pending_blank = !out.empty();
            continue;
        }
        if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
        pending_blank = false;
        out += lines[i];
    }
    return out;
}

}  // namespace newsdex
