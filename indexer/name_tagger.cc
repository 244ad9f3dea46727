// NameTagger: features, greedy decoding and the compiled-in weights.
//
// Every feature is a string (template id + words) hashed with FNV-1a into one of
// 2^18 buckets, each holding one weight per tag; collisions cost a little
// accuracy and save a dictionary. The weights file (indexer/data/
// name_tagger.weights, written by scripts/train-ner) is embedded with the
// assembler's .incbin, so the library needs no file at run time.
#include "indexer/name_tagger.h"

#include "core/fnv1a.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

#ifdef NEWSDEX_TAGGER_WEIGHTS_FILE
// The build passes the file's checksum too (NEWSDEX_TAGGER_WEIGHTS_MD5), so a
// compiler cache does not serve an object built from older weights.
asm(".section .rodata\n"
    ".balign 16\n"
    ".hidden newsdex_name_tagger_weights\n"
    ".global newsdex_name_tagger_weights\n"
    "newsdex_name_tagger_weights:\n"
    ".incbin \"" NEWSDEX_TAGGER_WEIGHTS_FILE "\"\n"
    ".hidden newsdex_name_tagger_weights_end\n"
    ".global newsdex_name_tagger_weights_end\n"
    "newsdex_name_tagger_weights_end:\n"
    ".byte 0\n"
    ".previous\n");
extern "C" const unsigned char newsdex_name_tagger_weights[];
extern "C" const unsigned char newsdex_name_tagger_weights_end[];
#endif

namespace newsdex {

namespace {

// Weights file: "NDXTAG2\n", u32 bucket bits, u32 tags, f32 scale, u32 count,
// then `count` non-zero weights of the [bucket][tag] table, each the gap from the
// previous one's index (LEB128) and an int16 (weight = value * scale); little-endian.
constexpr char kMagic[8] = {'N', 'D', 'X', 'T', 'A', 'G', '2', '\n'};

// std::isalnum's ASCII answer, without a call per byte (the tokenizer asks for
// nearly every byte twice); every UTF-8 byte of a non-ASCII letter counts too.
// Answered from a table made once: the tokenizer's most frequent question.
bool is_word_byte(unsigned char c) {
    static constexpr auto kWordBytes = [] {
        std::array<bool, 256> table{};
        for (int b = 0; b < 256; ++b)
            table[b] = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b >= 0x80;
        return table;
    }();
    return kWordBytes[c];
}

// Curly quotes and dashes (U+2010..U+201F) are punctuation, not letters.
bool punct_sequence_at(std::string_view s, std::size_t i) {
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
           (static_cast<unsigned char>(s[i + 2]) & 0xF0) == 0x90;
}

bool word_at(std::string_view s, std::size_t i) {
    return i < s.size() && is_word_byte(static_cast<unsigned char>(s[i])) && !punct_sequence_at(s, i);
}

std::size_t char_len(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

// Abbreviations that keep their period, as in the training data ("Mr.", "Corp.").
bool keeps_period(std::string_view w) {
    static const char* const kAbbrev[] = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt", "Col", "Capt",
                                          "Sgt", "Rev", "Prof", "Sen", "Rep", "Gov", "Maj", "Corp", "Inc", "Co",
                                          "Ltd", "Bros", "No", "Mt", "Ft", "vs", "Jan", "Feb", "Aug", "Sept",
                                          "Sep", "Oct", "Nov", "Dec"};
    for (const char* a : kAbbrev)
        if (w == a) return true;
    // Initials and dotted abbreviations: "J", "U.S", "U.N".
    for (std::size_t i = 0; i < w.size(); ++i) {
        const bool letter_slot = i % 2 == 0;
        if (letter_slot != (std::isalpha(static_cast<unsigned char>(w[i])) != 0)) return false;
        if (!letter_slot && w[i] != '.') return false;
    }
    return w.size() % 2 == 1;
}

struct Hasher {
    std::uint32_t h = Fnv1a32::kOffset;
    Hasher& byte(unsigned char b) {
        h = Fnv1a32::step(h, b);
        return *this;
    }
    Hasher& str(std::string_view s) {
        for (char c : s) byte(static_cast<unsigned char>(c));
        return byte(0x1F);
    }
    Hasher& lower(std::string_view s) {
        for (char c : s) byte(static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        return byte(0x1F);
    }
    Hasher& num(unsigned n) {
        if (n < 256) {  // the usual small number: its three zero bytes are three multiplications in one
            h = (h ^ n) * kPrimeToTheFourth;
            return *this;
        }
        for (int k = 0; k < 4; ++k) byte(static_cast<unsigned char>(n >> (8 * k)));
        return *this;
    }
    static constexpr std::uint32_t kPrimeToTheFourth =
        Fnv1a32::kPrime * Fnv1a32::kPrime * Fnv1a32::kPrime * Fnv1a32::kPrime;
};

Hasher feature(unsigned template_id) {
    Hasher h;
    h.byte(static_cast<unsigned char>(template_id));
    return h;
}

// "Putin" -> "Xx", "U.S." -> "X.X.", "1996-08-22" -> "d-d-d", "McDonald" -> "XxXx".
std::string shape_of(std::string_view w) {
    std::string out;
    for (std::size_t i = 0; i < w.size();) {
        const unsigned char c = static_cast<unsigned char>(w[i]);
        char k;
        if (c >= 'A' && c <= 'Z') k = 'X';
        else if (c >= 'a' && c <= 'z') k = 'x';
        else if (c >= '0' && c <= '9') k = 'd';
        else if (c >= 0x80) k = 'u';
        else k = static_cast<char>(c);
        i += char_len(c);
        if (out.empty() || out.back() != k) out += k;
    }
    return out;
}

std::string lower_ascii(std::string_view w) {
    std::string out(w);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

constexpr const char* kBoundary = "<s>";

}  // namespace

std::vector<TaggerToken> NameTagger::tokenize(std::string_view s) {
    std::vector<TaggerToken> out;
    out.reserve(s.size() / 5);
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
            ++i;
            continue;
        }
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
            i += 2;
            continue;
        }
        if (!word_at(s, i)) {
            const std::size_t n = std::min(char_len(c), s.size() - i);
            // "'s" after a word is its own token, as in the training data.
            if ((c == '\'' || punct_sequence_at(s, i)) && !out.empty() && out.back().end == i) {
                const std::size_t after = i + n;
                if (after < s.size() && (s[after] == 's' || s[after] == 'S') && !word_at(s, after + 1)) {
                    out.push_back({i, after + 1});
                    i = after + 1;
                    continue;
                }
            }
            out.push_back({i, i + n});
            i += n;
            continue;
        }
        std::size_t j = i;
        while (j < s.size()) {
            const unsigned char b = static_cast<unsigned char>(s[j]);
            if (b < 0x80 && is_word_byte(b)) {  // the common case, without word_at's call
                ++j;
                continue;
            }
            if (word_at(s, j)) {
                j += char_len(static_cast<unsigned char>(s[j]));
                continue;
            }
            const char d = s[j];
            // Joiners inside a word: "Jean-Pierre", "O'Brien", "U.S", "AT&T".
            if ((d == '-' || d == '.' || d == '&' || d == '\'') && word_at(s, j + 1)) {
                if (d == '\'' && (s[j + 1] == 's' || s[j + 1] == 'S') && !word_at(s, j + 2)) break;  // possessive
                ++j;
                continue;
            }
            break;
        }
        if (j < s.size() && s[j] == '.' && keeps_period(s.substr(i, j - i))) ++j;
        out.push_back({i, std::min(j, s.size())});
        i = j;
    }
    return out;
}

namespace {

// What the static features read about each token of a text.
struct TokenContext {
    std::vector<std::string_view> word;     // as written
    std::vector<std::string> lower, shape;  // only for tokens near a scored one
    // Flags as bytes: std::vector<bool>'s bit arithmetic was 4% of the tagger's instructions.
    std::vector<std::uint8_t> scored, line_start, sentence_start, caps_line;
    // The rules' findings per token: 1 + kind*4 (+1 inside, +2 kept) for a
    // place; 1 first, 2 inside for a person mention and an organisation.
    std::vector<unsigned> place_code, person_code, org_code;
};

bool capital_at(std::string_view text, const TaggerToken& token) {
    const unsigned char c = static_cast<unsigned char>(text[token.begin]);
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    // "Ångström", "Łódź" are capitals; Cyrillic lower case and Chinese are not
    // (the tagger learned English capitals; other scripts are left to the rules).
    UChar32 cp;
    int32_t at = static_cast<int32_t>(token.begin);
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()), cp);
    return cp >= 0 && (u_isupper(cp) || u_istitle(cp));
}

// Only words with a capital, and the two after each, are scored (see
// kScoredAfterCapital). A capitalised word that is never part of a name ("The",
// "But") counts only before another capital ("The Hague").
std::vector<std::uint8_t> scored_tokens(std::string_view text, const std::vector<TaggerToken>& toks) {
    const std::size_t n = toks.size();
    const PersonFinder& finder = PersonFinder::instance();
    std::vector<std::uint8_t> scored(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        if (!capital_at(text, toks[i])) continue;
        const std::string_view w = text.substr(toks[i].begin, toks[i].end - toks[i].begin);
        if (w.size() <= 12 && !(i + 1 < n && capital_at(text, toks[i + 1])) &&
            (finder.cues_of(lower_ascii(w)) & PersonFinder::kNeverCue))
            continue;
        for (std::size_t q = i; q < n && q <= i + NameTagger::kScoredAfterCapital; ++q) scored[q] = true;
    }
    return scored;
}

// The words, their folded forms and shapes (made only near scored tokens), line
// and sentence starts.
void read_words(std::string_view text, const std::vector<TaggerToken>& toks, TokenContext* cx) {
    const std::size_t n = toks.size();
    const auto& scored = cx->scored;
    for (std::size_t i = 0; i < n; ++i) {
        cx->word[i] = text.substr(toks[i].begin, toks[i].end - toks[i].begin);
        const bool near_scored = scored[i] || (i >= 1 && scored[i - 1]) || (i >= 2 && scored[i - 2]) ||
                                 (i + 1 < n && scored[i + 1]) || (i + 2 < n && scored[i + 2]);
        if (near_scored) {
            cx->lower[i] = lower_ascii(cx->word[i]);
            cx->shape[i] = shape_of(cx->word[i]);
        }
        const std::size_t gap_from = i ? toks[i - 1].end : 0;
        cx->line_start[i] =
            i == 0 || text.substr(gap_from, toks[i].begin - gap_from).find('\n') != std::string_view::npos;
        const char p = i ? text[toks[i - 1].begin] : '.';
        cx->sentence_start[i] = cx->line_start[i] || p == '.' || p == '!' || p == '?' || p == ':' || p == '"';
    }
}

// Lines mostly in capitals: headlines, slugs, tables.
void mark_caps_lines(TokenContext* cx) {
    const std::size_t n = cx->word.size();
    for (std::size_t a = 0; a < n;) {
        std::size_t b = a + 1;
        while (b < n && !cx->line_start[b]) ++b;
        int words = 0, upper = 0;
        for (std::size_t q = a; q < b; ++q) {
            bool has_lower = false, has_letter = false;
            for (char c : cx->word[q]) {
                has_lower |= c >= 'a' && c <= 'z';
                has_letter |= std::isalpha(static_cast<unsigned char>(c)) != 0;
            }
            if (!has_letter) continue;
            ++words;
            upper += !has_lower;
        }
        const bool caps = words >= 2 && upper * 10 >= words * 6;
        for (std::size_t q = a; q < b; ++q) cx->caps_line[q] = caps;
        a = b;
    }
}

void code_rule_findings(const std::vector<TaggerToken>& toks, const RuleFindings& rules, TokenContext* cx) {
    const std::size_t n = toks.size();
    std::size_t k = 0;
    for (std::size_t p = 0; p < rules.places.size(); ++p) {
        const PlaceMatch& m = rules.places[p];
        while (k < n && toks[k].end <= m.begin) ++k;
        const bool kept = p < rules.people.place_kept.size() && rules.people.place_kept[p];
        for (std::size_t q = k; q < n && toks[q].begin < m.end; ++q)
            cx->place_code[q] = 1 + static_cast<unsigned>(m.kind) * 4 + (q > k ? 1 : 0) + (kept ? 2 : 0);
    }
    k = 0;
    for (const auto& [begin, end] : rules.people.organisations) {
        while (k < n && toks[k].end <= begin) ++k;
        for (std::size_t q = k; q < n && toks[q].begin < end; ++q) cx->org_code[q] = q > k ? 2 : 1;
    }
    k = 0;
    for (const PersonMention& m : rules.people.people) {
        while (k < n && toks[k].end <= m.begin) ++k;
        for (std::size_t q = k; q < n && toks[q].begin < m.end; ++q) cx->person_code[q] = q > k ? 2 : 1;
    }
}

}  // namespace

TokenFeatures NameTagger::static_features(std::string_view text, const std::vector<TaggerToken>& toks,
                                          const RuleFindings& rules) {
    const std::size_t n = toks.size();
    const PersonFinder& finder = PersonFinder::instance();
    TokenContext cx;
    cx.scored = scored_tokens(text, toks);
    cx.word.resize(n);
    cx.lower.resize(n);
    cx.shape.resize(n);
    cx.line_start.resize(n);
    cx.sentence_start.resize(n);
    cx.caps_line.resize(n);
    cx.place_code.assign(n, 0);
    cx.person_code.assign(n, 0);
    cx.org_code.assign(n, 0);
    read_words(text, toks, &cx);
    mark_caps_lines(&cx);
    code_rule_findings(toks, rules, &cx);
    const auto& lower = cx.lower;
    const auto& shape = cx.shape;
    const auto& place_code = cx.place_code;
    const auto& person_code = cx.person_code;
    std::vector<int> cue_memo(n, -1), given_memo(n, -1);
    auto cues = [&](std::size_t i) {
        if (cue_memo[i] < 0) cue_memo[i] = static_cast<int>(finder.cues_of(lower[i]));
        return static_cast<unsigned>(cue_memo[i]);
    };
    auto given_at = [&](std::size_t i) {
        if (given_memo[i] < 0) given_memo[i] = finder.is_given_name(cx.word[i]);
        return given_memo[i] == 1;
    };
    auto w_at = [&](std::ptrdiff_t i) -> std::string_view {
        return i < 0 || i >= static_cast<std::ptrdiff_t>(n) ? std::string_view(kBoundary) : std::string_view(lower[i]);
    };
    auto sh_at = [&](std::ptrdiff_t i) -> std::string_view {
        return i < 0 || i >= static_cast<std::ptrdiff_t>(n) ? std::string_view(kBoundary) : std::string_view(shape[i]);
    };
    TokenFeatures out;
    out.first.resize(n + 1);
    auto& f = out.hashes;
    f.reserve(n * 16);
    for (std::size_t i = 0; i < n; ++i) {
        out.first[i] = static_cast<std::uint32_t>(f.size());
        if (!cx.scored[i]) continue;
        const auto si = static_cast<std::ptrdiff_t>(i);
        const std::string_view w = lower[i];
        const unsigned line_kind = cx.caps_line[i] * 2 + cx.sentence_start[i];
        f.push_back(feature(0).h);
        f.push_back(feature(1).str(w).h);
        f.push_back(feature(2).str(shape[i]).h);
        f.push_back(feature(3).str(w.substr(0, 3)).h);
        f.push_back(feature(4).str(w.size() > 3 ? w.substr(w.size() - 3) : w).h);
        f.push_back(feature(5).str(w.size() > 2 ? w.substr(w.size() - 2) : w).h);
        f.push_back(feature(6).str(w_at(si - 1)).h);
        f.push_back(feature(7).str(w_at(si + 1)).h);
        f.push_back(feature(8).str(w_at(si - 2)).h);
        f.push_back(feature(9).str(w_at(si + 2)).h);
        f.push_back(feature(10).str(sh_at(si - 1)).str(shape[i]).h);
        f.push_back(feature(11).str(shape[i]).str(sh_at(si + 1)).h);
        f.push_back(feature(12).str(w_at(si - 1)).str(w).h);
        f.push_back(feature(13).str(w).str(w_at(si + 1)).h);
        f.push_back(feature(14).num(line_kind).str(shape[i]).h);
        f.push_back(feature(15).num(line_kind).str(w).h);
        f.push_back(feature(16).num(place_code[i]).h);
        f.push_back(feature(17).num(i ? place_code[i - 1] : 99).num(i + 1 < n ? place_code[i + 1] : 99).h);
        f.push_back(feature(18).num(given_at(i)).str(shape[i]).h);
        f.push_back(feature(19).num(i + 1 < n && given_at(i + 1)).num(i ? given_at(i - 1) : 0).h);
        f.push_back(feature(20).num(cues(i)).h);
        f.push_back(feature(21).num(i ? cues(i - 1) : 0).str(shape[i]).h);
        f.push_back(feature(22).num(i + 1 < n ? cues(i + 1) : 0).h);
        f.push_back(feature(23).num(person_code[i]).h);
        f.push_back(feature(24).num(person_code[i]).num(place_code[i]).str(shape[i]).h);
        f.push_back(feature(25).num(i ? person_code[i - 1] : 9).num(i + 1 < n ? person_code[i + 1] : 9).h);
        f.push_back(feature(26).num(std::min<std::size_t>(cx.word[i].size(), 12)).str(shape[i]).h);
        f.push_back(feature(27).str(cx.word[i]).h);  // the word as written: "Bush" vs "bush"
        f.push_back(feature(28).num(cx.org_code[i]).num(i + 1 < n ? cx.org_code[i + 1] : 9).h);
    }
    out.first[n] = static_cast<std::uint32_t>(f.size());
    return out;
}

void NameTagger::tag_features(std::string_view text, const std::vector<TaggerToken>& toks, std::size_t i, int prev,
                              int prev2, std::vector<std::uint32_t>* out) {
    const std::string_view w = text.substr(toks[i].begin, toks[i].end - toks[i].begin);
    out->push_back(feature(40).num(static_cast<unsigned>(prev)).h);
    out->push_back(feature(41).num(static_cast<unsigned>(prev)).num(static_cast<unsigned>(prev2)).h);
    Hasher shape = feature(42).num(static_cast<unsigned>(prev));  // as shape_of, without a string
    char last = 0;
    for (std::size_t k = 0; k < w.size();) {
        const unsigned char c = static_cast<unsigned char>(w[k]);
        const char kind = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd'
                          : c >= 0x80 ? 'u' : static_cast<char>(c);
        k += char_len(c);
        if (kind != last) shape.byte(static_cast<unsigned char>(kind));
        last = kind;
    }
    out->push_back(shape.byte(0x1F).h);
    out->push_back(feature(43).num(static_cast<unsigned>(prev)).lower(w).h);
}

NameTagger::NameTagger(std::vector<std::int16_t> weights) : weights_(std::move(weights)) {
    if (weights_.size() != kBuckets * kTags) throw std::invalid_argument("NameTagger: wrong number of weights");
}

NameTagger::NameTagger() : weights_(kBuckets * kTags, 0) {
#ifdef NEWSDEX_TAGGER_WEIGHTS_FILE
    const unsigned char* p = newsdex_name_tagger_weights;
    const unsigned char* const end = newsdex_name_tagger_weights_end;
    std::uint32_t bits = 0, tags = 0, count = 0;
    const std::size_t header = sizeof kMagic + 16;
    if (static_cast<std::size_t>(end - p) < header || std::memcmp(p, kMagic, sizeof kMagic) != 0)
        return;  // no weights: the tagger finds nothing
    std::memcpy(&bits, p + 8, 4);
    std::memcpy(&tags, p + 12, 4);
    std::memcpy(&count, p + 20, 4);
    if (bits != kBucketBits || tags != kTags) return;
    p += header;
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::size_t gap = 0;
        for (int shift = 0; p < end; shift += 7) {
            const unsigned char b = *p++;
            gap |= static_cast<std::size_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) break;
        }
        k += gap;
        if (k >= weights_.size() || end - p < 2) break;
        std::int16_t v;
        std::memcpy(&v, p, 2);
        p += 2;
        weights_[k] = v;  // the scale is the same for all: scores compare without it
    }
#endif
}

const NameTagger& NameTagger::instance() {
    static const NameTagger tagger;
    return tagger;
}

namespace {

// The scores of one token: the sum of its features' rows of kTags weights. The
// first eight tags are added eight at a time with SSE2 (every x86-64 has it):
// one tag at a time, this loop was 60% of decode's instructions.
class RowSum {
public:
    static_assert(NameTagger::kTags == 9, "RowSum adds eight tags at once and the ninth alone");
    void add(const std::int16_t* row) {
#if defined(__SSE2__)
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row));
        low_ = _mm_add_epi32(low_, _mm_srai_epi32(_mm_unpacklo_epi16(w, w), 16));  // sign-extended
        high_ = _mm_add_epi32(high_, _mm_srai_epi32(_mm_unpackhi_epi16(w, w), 16));
#else
        for (int t = 0; t < 8; ++t) first_eight_[t] += row[t];
#endif
        last_ += row[8];
    }
    void store(std::int32_t* score) const {
#if defined(__SSE2__)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(score), low_);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(score + 4), high_);
#else
        for (int t = 0; t < 8; ++t) score[t] = first_eight_[t];
#endif
        score[8] = last_;
    }

private:
#if defined(__SSE2__)
    __m128i low_ = _mm_setzero_si128(), high_ = _mm_setzero_si128();
#else
    std::int32_t first_eight_[8] = {};
#endif
    std::int32_t last_ = 0;
};

}  // namespace

std::vector<int> NameTagger::decode(std::string_view text, const std::vector<TaggerToken>& toks,
                                    const TokenFeatures& features) const {
    std::vector<int> tags(toks.size(), 0);
    std::vector<std::uint32_t> dynamic;
    int prev = 0, prev2 = 0;
    constexpr std::uint32_t kMask = static_cast<std::uint32_t>(kBuckets - 1);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (!features.scored(i)) {  // no capital near: outside any name
            tags[i] = 0;
            prev2 = prev;
            prev = 0;
            continue;
        }
        // The table does not fit in the cache: ask for the next word's rows now.
        if (i + 1 < toks.size())
            for (const std::uint32_t* h = features.begin(i + 1); h != features.end(i + 1); ++h)
                __builtin_prefetch(&weights_[static_cast<std::size_t>(*h & kMask) * kTags]);
        dynamic.clear();
        tag_features(text, toks, i, prev, prev2, &dynamic);
        RowSum sum;
        for (const std::uint32_t* h = features.begin(i); h != features.end(i); ++h)
            sum.add(&weights_[static_cast<std::size_t>(*h & kMask) * kTags]);
        for (std::uint32_t h : dynamic) sum.add(&weights_[static_cast<std::size_t>(h & kMask) * kTags]);
        std::int32_t score[kTags];
        sum.store(score);
        int best = 0;
        for (int t = 1; t < kTags; ++t)
            if (allowed(prev, t) && score[t] > score[best]) best = t;
        tags[i] = best;
        prev2 = prev;
        prev = best;
    }
    return tags;
}

std::vector<TaggedName> NameTagger::tag(std::string_view text, const RuleFindings& rules) const {
    const auto toks = tokenize(text);
    const auto tags = decode(text, toks, static_features(text, toks, rules));
    std::vector<TaggedName> out;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (tags[i] == 0 || tags[i] % 2 == 0) continue;  // spans start at B-
        std::size_t e = i;
        while (e + 1 < toks.size() && tags[e + 1] == tags[i] + 1) ++e;
        out.push_back({toks[i].begin, toks[e].end, static_cast<NameType>((tags[i] - 1) / 2)});
        i = e;
    }
    return out;
}

}  // namespace newsdex
