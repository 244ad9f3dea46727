#include "query/snippet.h"

#include "core/text.h"

#include <bitset>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsdex {

namespace {

struct Word {
    std::size_t begin;  // byte offsets
    std::size_t end;
    int match = -1;           // index of the matched key, -1 if not a match
    std::size_t char_begin = 0;  // offsets in characters, for window lengths
    std::size_t char_end = 0;
};

bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool is_char_start(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::vector<Word> find_words(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer) {
    std::vector<Word> words;
    std::unordered_map<std::string, int> match_ids;
    // Stemming every word of every shown article is most of a snippet's cost; a
    // Snowball stem keeps the word's first letters, so only words starting like
    // a query stem can match one and are worth stemming.
    constexpr std::size_t kPrefixBytes = 3;
    std::unordered_set<std::string> stem_prefixes;
    for (const auto& stem : keys.stems) stem_prefixes.insert(stem.substr(0, kPrefixBytes));
    auto may_match_stem = [&](const std::string& key) {
        for (std::size_t length = 1; length <= kPrefixBytes && length <= key.size(); ++length) {
            if (stem_prefixes.count(key.substr(0, length))) return true;
        }
        return false;
    };
    // Folding keeps an ASCII first letter (lower-cased), so a word starting with
    // an ASCII character no key starts with cannot match: most words of a text.
    std::bitset<128> key_starts;
    for (const auto* set : {&keys.exact, &keys.stems}) {
        for (const auto& key : *set) {
            if (!key.empty() && static_cast<unsigned char>(key[0]) < 0x80) key_starts.set(static_cast<unsigned char>(key[0]));
        }
    }
    auto may_match = [&](unsigned char first) {
        if (first >= 0x80) return true;  // "É" folds to "e": always look
        if (first >= 'A' && first <= 'Z') first = static_cast<unsigned char>(first - 'A' + 'a');
        return key_starts.test(first);
    };
    std::size_t byte = 0, chars = 0;
    auto advance_to = [&](std::size_t target) {
        for (; byte < target; ++byte) chars += is_char_start(text[byte]);
        return chars;
    };
    const std::vector<text::WordSpan> spans = text::thread_word_breaker().words(text);
    words.reserve(spans.size());
    for (const auto& span : spans) {
        Word word{span.begin, span.end};
        word.char_begin = advance_to(span.begin);
        word.char_end = advance_to(span.end);
        if (!may_match(static_cast<unsigned char>(text[span.begin]))) {
            words.push_back(word);
            continue;
        }
        const std::string key = text::term_key(text.substr(span.begin, span.end - span.begin));
        if (!key.empty()) {
            std::string matched;
            if (keys.exact.count(key)) {
                matched = key;
            } else if (!keys.stems.empty() && may_match_stem(key) && text::has_letter(key)) {
                std::string stem = stemmer(key);
                if (keys.stems.count(stem)) matched = std::move(stem);
            }
            if (!matched.empty()) word.match = match_ids.emplace(matched, static_cast<int>(match_ids.size())).first->second;
        }
        words.push_back(word);
    }
    return words;
}

// Copies text[begin, end) collapsing whitespace, marking the matched words.
Snippet render(std::string_view text, const std::vector<Word>& words, std::size_t first, std::size_t last,
               bool cut_before, bool cut_after) {
    Snippet snippet;
    if (cut_before) snippet.text = "… ";
    std::size_t pos = words[first].begin;
    for (std::size_t w = first; w <= last; ++w) {
        bool pending_space = false;
        for (; pos < words[w].begin; ++pos) {
            if (is_space(static_cast<unsigned char>(text[pos]))) {
                pending_space = true;
            } else {
                if (pending_space) snippet.text += ' ';
                pending_space = false;
                snippet.text += text[pos];
            }
        }
        if (pending_space) snippet.text += ' ';
        const std::size_t start = snippet.text.size();
        snippet.text.append(text.substr(words[w].begin, words[w].end - words[w].begin));
        if (words[w].match >= 0) snippet.highlights.push_back({start, snippet.text.size()});
        pos = words[w].end;
    }
    // Keep closing punctuation that directly follows the last word ("Astana.").
    while (pos < text.size() && !is_space(static_cast<unsigned char>(text[pos])) && pos - words[last].end < 3) {
        snippet.text += text[pos++];
    }
    // ... without cutting a character in two ("」" is three bytes): found by fuzz_snippet.
    while (pos < text.size() && !is_char_start(text[pos])) snippet.text += text[pos++];
    if (cut_after) snippet.text += " …";
    return snippet;
}

}  // namespace

Snippet make_snippet(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer,
                     std::size_t max_chars) {
    const std::vector<Word> words = find_words(text, keys, stemmer);
    if (words.empty()) return {};

    // Try a window starting a few words before each match; keep the one with
    // the most distinct matched words, then the most matches, then the earliest.
    constexpr std::size_t kLeadWords = 4;
    std::size_t best_first = 0, best_last = 0;
    long best_score = -1;
    auto window_end = [&](std::size_t first) {
        std::size_t last = first;
        while (last + 1 < words.size() && words[last + 1].char_end - words[first].char_begin <= max_chars) ++last;
        return last;
    };
    for (std::size_t anchor = 0; anchor < words.size(); ++anchor) {
        if (words[anchor].match < 0 && !(anchor == 0 && best_score < 0)) continue;
        const std::size_t first = anchor >= kLeadWords ? anchor - kLeadWords : 0;
        const std::size_t last = window_end(first);
        std::vector<bool> seen;
        long distinct = 0, total = 0;
        for (std::size_t w = first; w <= last; ++w) {
            const int m = words[w].match;
            if (m < 0) continue;
            ++total;
            if (static_cast<std::size_t>(m) >= seen.size()) seen.resize(m + 1, false);
            if (!seen[m]) {
                seen[m] = true;
                ++distinct;
            }
        }
        const long score = distinct * 1000 + total;
        if (score > best_score) {
            best_score = score;
            best_first = first;
            best_last = last;
        }
    }
    // Prefer starting at the beginning of the sentence when it is close by.
    if (best_first > 0) {
        for (std::size_t w = best_first; w > 0 && best_first - w < 8; --w) {
            std::string_view between = text.substr(words[w - 1].end, words[w].begin - words[w - 1].end);
            if (between.find_first_of(".!?\n") != std::string_view::npos) {
                const std::size_t last = window_end(w);
                if (last >= best_last || w == 0) {
                    best_first = w;
                    best_last = last;
                }
                break;
            }
        }
    }
    return render(text, words, best_first, best_last, best_first > 0, best_last + 1 < words.size());
}

Snippet highlight_all(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer) {
    const std::vector<Word> words = find_words(text, keys, stemmer);
    if (words.empty()) return {std::string(text), {}};
    Snippet snippet = render(text, words, 0, words.size() - 1, false, false);
    // render() drops what precedes the first word and follows the last; keep the headline whole.
    const std::string head(text.substr(0, words.front().begin));
    for (auto& h : snippet.highlights) {
        h.begin += head.size();
        h.end += head.size();
    }
    snippet.text = head + snippet.text;
    return snippet;
}

}  // namespace newsdex
