// NameTagger: a statistical sequence tagger for names (people, places,
// organisations, other names) — an averaged perceptron with greedy left-to-right
// decoding over hashed features: the word, its shape and affixes, the words
// around it, the gazetteer's matches, the given-name list, the rules' word cues
// and PersonFinder's own verdicts. It finds names no list holds ("Danius
// Gleveckas said"); extract_entities combines it with the rules.
//
// The weights are learned at development time by scripts/train-ner from the
// CoNLL-2003 English training split (research use only; see README) and compiled
// into the library from indexer/data/name_tagger.weights; nothing is read at run
// time. Thread-safe: instance() loads the weights once; tag() keeps no state.
#pragma once

#include "indexer/person_finder.h"
#include "indexer/place_gazetteer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class NameType : std::uint8_t { Person, Place, Organisation, Other };

struct TaggedName {
    std::size_t begin;  // byte offsets in the text
    std::size_t end;
    NameType type;
};

// What the rules found in the same text: the tagger's context.
struct RuleFindings {
    const std::vector<PlaceMatch>& places;
    const PersonFinderResult& people;
};

// One word or punctuation mark as the tagger sees it.
struct TaggerToken {
    std::size_t begin;
    std::size_t end;
};

// The hashed features of a text's tokens that do not depend on the tags before
// them, in one flat array: token i's are hashes[first[i], first[i + 1]), none
// for a token that is not scored (always tagged O).
struct TokenFeatures {
    std::vector<std::uint32_t> hashes;
    std::vector<std::uint32_t> first;  // one per token, and one past the last
    bool scored(std::size_t i) const { return first[i + 1] > first[i]; }
    const std::uint32_t* begin(std::size_t i) const { return hashes.data() + first[i]; }
    const std::uint32_t* end(std::size_t i) const { return hashes.data() + first[i + 1]; }
};

class NameTagger {
public:
    // The tagger with the compiled-in weights.
    static const NameTagger& instance();

    // The names in `text`, in order, not overlapping.
    std::vector<TaggedName> tag(std::string_view text, const RuleFindings& rules) const;

    // --- for scripts/train-ner (the trainer), not for callers
    static constexpr int kTags = 9;               // O, B-/I- of person, place, organisation, other
    static constexpr unsigned kBucketBits = 18;   // 2^18 hashed feature buckets
    static constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;
    // Only a word with a capital and the words up to this far after it are tagged:
    // the rest is outside any name ("von der" inside "Ursula von der Leyen"). Four
    // times fewer words to score, for no loss measured on the training data.
    static constexpr std::size_t kScoredAfterCapital = 2;
    static std::vector<TaggerToken> tokenize(std::string_view text);
    static TokenFeatures static_features(std::string_view text, const std::vector<TaggerToken>& tokens,
                                         const RuleFindings& rules);
    // The features of token `i` given the two tags before it.
    static void tag_features(std::string_view text, const std::vector<TaggerToken>& tokens, std::size_t i,
                             int prev, int prev2, std::vector<std::uint32_t>* out);
    // Tag 0 is O; 1 + 2*type is B-type, 2 + 2*type is I-type.
    static bool allowed(int prev, int tag) { return tag == 0 || tag % 2 == 1 || prev == tag || prev == tag - 1; }
    // Builds a tagger from quantised weights laid out as [bucket][tag].
    explicit NameTagger(std::vector<std::int16_t> weights);
    std::vector<int> decode(std::string_view text, const std::vector<TaggerToken>& tokens,
                            const TokenFeatures& features) const;

private:
    NameTagger();
    std::vector<std::int16_t> weights_;  // kBuckets * kTags, quantised (one scale for all)
};

}  // namespace newsdex
