// Boilerplate that scrapers and sites leave in article text ("[ad_1]",
// "Source link", "Sign up for our newsletter"), removed before indexing so it
// neither matches searches nor fills snippets. The rules are data: a built-in
// list (indexer/data/boilerplate_rules.txt, embedded at build time) plus an
// optional file of the user's own, in the same format:
//
//   # comment
//   line: Advertisement          a paragraph that is exactly this (case-insensitive)
//   prefix: Read more:           a paragraph that starts with this (case-insensitive)
//   regex: ^\[ad_\d+\]$          a paragraph this ECMAScript regex finds (case-insensitive)
//   trailer: Source link         a paragraph that is exactly this, and everything after it
//
// Rules are judged line by line, a line being a paragraph in most bodies;
// lines over 400 bytes are text, never boilerplate.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// A set of boilerplate rules. Immutable once built; safe to share between threads.
class BoilerplateRules {
public:
    // The rules built into newsdex.
    static const BoilerplateRules& builtin();

    // Rules from text in the format above; `origin` names it in errors.
    // Throws Error naming the line of an unknown rule kind or a bad regex.
    static BoilerplateRules parse(std::string_view rules, const std::string& origin);

    // The built-in rules plus those in the file at `path` (none if `path` is
    // empty), loaded once per path and process. Throws Error if the file cannot
    // be read or parsed.
    static const BoilerplateRules& with_user_file(const std::string& path);

    BoilerplateRules();
    ~BoilerplateRules();
    BoilerplateRules(BoilerplateRules&&) noexcept;
    BoilerplateRules& operator=(BoilerplateRules&&) noexcept;

    // Adds `more`'s rules after these.
    void append(const BoilerplateRules& more);

    // Number of rules.
    std::size_t size() const;

    // `text` without the lines the rules match (and without what follows a
    // trailer), with no leading, trailing or repeated blank lines left behind.
    // `removed`, if given, receives the number of lines dropped.
    std::string strip(std::string_view text, std::size_t* removed = nullptr) const;

private:
    struct Rule;
    std::vector<std::shared_ptr<const Rule>> rules_;
};

}  // namespace newsdex
