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

// Texts up to this size are searched whole for the best window. A longer body
// (a 49 MiB "article" took 3.6 s and 624 MB to show: every word of it held in
// memory at once) is read in chunks of kChunkBytes, and the search stops at the
// first chunk boundary past kEnoughScanBytes once a window with a match is
// found, or goes on to the first match; a better window further on is not
// looked for. Articles are kilobytes, so this only bounds pathological files.
constexpr std::size_t kWholeTextBytes = 256 * 1024;
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kEnoughScanBytes = 1024 * 1024;

// Windows start a few words before a match.
constexpr std::size_t kLeadWords = 4;

struct Window {
    std::size_t first = 0, last = 0;  // word indexes, inclusive
    long score = -1;                  // distinct matched words * 1000 + matches; -1: none tried
};

// The last word of the window starting at word `first`.
std::size_t window_end(const std::vector<Word>& words, std::size_t first, std::size_t max_chars) {
    std::size_t last = first;
    while (last + 1 < words.size() && words[last + 1].char_end - words[first].char_begin <= max_chars) ++last;
    return last;
}

// Tries a window starting a few words before each match anchored in
// [anchor_from, anchor_to); keeps the one with the most distinct matched words,
// then the most matches, then the earliest. With no match, the window at
// `anchor_from` when `fallback` (the start of the text).
Window best_window(const std::vector<Word>& words, std::size_t max_chars, std::size_t anchor_from,
                   std::size_t anchor_to, bool fallback) {
    Window best;
    for (std::size_t anchor = anchor_from; anchor < anchor_to; ++anchor) {
        if (words[anchor].match < 0 && !(fallback && anchor == anchor_from && best.score < 0)) continue;
        const std::size_t first = anchor >= kLeadWords ? anchor - kLeadWords : 0;
        const std::size_t last = window_end(words, first, max_chars);
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
        if (score > best.score) best = {first, last, score};
    }
    return best;
}

// Moves the window to the beginning of its sentence when that is close by.
void prefer_sentence_start(std::string_view text, const std::vector<Word>& words, std::size_t max_chars,
                           Window& window) {
    if (window.first == 0) return;
    for (std::size_t w = window.first; w > 0 && window.first - w < 8; --w) {
        std::string_view between = text.substr(words[w - 1].end, words[w].begin - words[w - 1].end);
        if (between.find_first_of(".!?\n") != std::string_view::npos) {
            const std::size_t last = window_end(words, w, max_chars);
            if (last >= window.last || w == 0) {
                window.first = w;
                window.last = last;
            }
            break;
        }
    }
}

// The first white space at or after `at` (a place to cut without splitting a
// word), or a character boundary within a few KB when a run has none (CJK).
std::size_t boundary_after(std::string_view text, std::size_t at) {
    if (at >= text.size()) return text.size();
    const std::size_t limit = std::min(text.size(), at + 4096);
    for (std::size_t i = at; i < limit; ++i) {
        if (is_space(static_cast<unsigned char>(text[i]))) return i;
    }
    std::size_t i = limit;
    while (i < text.size() && !is_char_start(text[i])) ++i;
    return i;
}

// The same, looking backwards from `at`.
std::size_t boundary_before(std::string_view text, std::size_t at) {
    if (at == 0) return 0;
    const std::size_t limit = at > 4096 ? at - 4096 : 0;
    for (std::size_t i = at; i > limit; --i) {
        if (is_space(static_cast<unsigned char>(text[i]))) return i;
    }
    std::size_t i = limit;
    while (i > 0 && !is_char_start(text[i])) --i;
    return i;
}

Snippet snippet_of_whole(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer,
                         std::size_t max_chars) {
    const std::vector<Word> words = find_words(text, keys, stemmer);
    if (words.empty()) return {};
    Window best = best_window(words, max_chars, 0, words.size(), true);
    prefer_sentence_start(text, words, max_chars, best);
    return render(text, words, best.first, best.last, best.first > 0, best.last + 1 < words.size());
}

// A long text, read a chunk at a time: the words of one chunk (and a window's
// length either side, so that windows across its edges are whole) at a time.
Snippet snippet_of_long(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer,
                        std::size_t max_chars) {
    const std::size_t margin = 4 * max_chars + 256;  // a window's bytes at most, and its lead words
    std::size_t best_begin = 0, best_end = 0;        // byte range of the best window's words
    long best_score = -1;
    for (std::size_t own_begin = 0; own_begin < text.size();) {
        const std::size_t own_end = boundary_after(text, own_begin + kChunkBytes);
        const std::size_t region_begin = boundary_before(text, own_begin > margin ? own_begin - margin : 0);
        const std::size_t region_end = boundary_after(text, own_end + margin);
        const std::string_view region = text.substr(region_begin, region_end - region_begin);
        const std::vector<Word> words = find_words(region, keys, stemmer);
        std::size_t from = 0, to = 0;
        while (from < words.size() && region_begin + words[from].begin < own_begin) ++from;
        to = from;
        while (to < words.size() && region_begin + words[to].begin < own_end) ++to;
        const Window window = best_window(words, max_chars, from, to, own_begin == 0);
        if (window.score > best_score) {
            best_score = window.score;
            best_begin = region_begin + words[window.first].begin;
            best_end = region_begin + words[window.last].end;
        }
        own_begin = own_end;
        if (own_begin >= kEnoughScanBytes && best_score >= 1000) break;
    }
    if (best_score < 0) return {};
    // The best window again, with the text around it for its sentence start and cut marks.
    const std::size_t region_begin = boundary_before(text, best_begin > margin ? best_begin - margin : 0);
    const std::size_t region_end = boundary_after(text, best_end + margin);
    const std::string_view region = text.substr(region_begin, region_end - region_begin);
    const std::vector<Word> words = find_words(region, keys, stemmer);
    Window best;
    while (best.first < words.size() && region_begin + words[best.first].begin < best_begin) ++best.first;
    best.last = best.first;
    while (best.last + 1 < words.size() && region_begin + words[best.last + 1].end <= best_end) ++best.last;
    prefer_sentence_start(region, words, max_chars, best);
    return render(region, words, best.first, best.last, best.first > 0 || region_begin > 0,
                  best.last + 1 < words.size() || region_end < text.size());
}

}  // namespace

Snippet make_snippet(std::string_view text, const MatchKeys& keys, const Xapian::Stem& stemmer,
                     std::size_t max_chars) {
    return text.size() <= kWholeTextBytes ? snippet_of_whole(text, keys, stemmer, max_chars)
                                          : snippet_of_long(text, keys, stemmer, max_chars);
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
