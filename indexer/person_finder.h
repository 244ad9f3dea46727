// PersonFinder: the people an article names, found by rules over capitalised
// word sequences (titles and roles, reporting verbs, apposition, a list of given
// names) and resolved within the article ("Mr Xi" -> "Xi Jinping").
// Thread-safe: instance() builds the word tables once; find() keeps no state.
#pragma once

#include "indexer/place_gazetteer.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

struct PersonMention {
    std::size_t begin;      // byte offsets of the name (never its title) in the text
    std::size_t end;
    std::string canonical;  // the fullest form of the name in the article: "Vladimir Putin";
                            // a royal known by title and one name keeps the title: "Prince Harry"
};

struct PersonFinderResult {
    std::vector<PersonMention> people;  // in text order, not overlapping
    // One flag per place match passed in: false when the context shows the span is
    // not a place here (part of a person's or an organisation's name, a sports
    // club in a results table, a sentence-initial common word).
    std::vector<bool> place_kept;
    // One per place match: where the place really begins — earlier than the match
    // when a compass word belongs to it ("East Jerusalem", "Northern Iraq").
    std::vector<std::size_t> place_begin;
    // Byte ranges the rules judged organisations, clubs or events ("Morgan Stanley",
    // "Bank of England", "Rome Statute"), in text order: no person or place inside.
    std::vector<std::pair<std::size_t, std::size_t>> organisations;
    // Of those, the companies: a name in the firm list, names joined by "&", a
    // name ending in a company word ("Inc", "Group", "Securities"). A lone word of
    // one elsewhere in the text is the company ("Moody said", "Poor's said").
    std::vector<std::pair<std::size_t, std::size_t>> companies;
};

class PersonFinder {
public:
    static const PersonFinder& instance();

    // Finds the people in `text`. `places` are the gazetteer's matches in the same
    // text (in order); they are context: a span both a place and a name is decided
    // here ("Michael Jordan" vs "in Jordan", "Washington said" vs "George Washington").
    PersonFinderResult find(std::string_view text, const std::vector<PlaceMatch>& places) const;
    // The same, given text::tokenize(text) (as the gazetteer read it).
    PersonFinderResult find(std::string_view text, const std::vector<PlaceMatch>& places,
                            const std::vector<text::Token>& tokens) const;

    // True when `word` is in the shipped list of given names (case-sensitive, "Vladimir").
    bool is_given_name(std::string_view word) const;

    // What the rules' word lists say about a lower-case word: a bit set of WordCue
    // (features for NameTagger, which learns how much each cue counts).
    enum WordCue : unsigned {
        kTitleCue = 1,     // "president", "mr", "coach": stands before a name
        kRoleCue = 2,      // "spokesman", "striker": a person's role noun
        kSpeechCue = 4,    // "said", "told": a reporting verb
        kOrgEndCue = 8,    // "inc", "bank", "united": ends an organisation's name
        kOfficeCue = 16,   // "treasury", "commission": never a person alone
        kNeverCue = 32,    // "the", "monday", "russian": never part of a name
    };
    unsigned cues_of(std::string_view lower_word) const;

    // True when the lower-case word right before (or after) a name shows the name
    // is a work, band, firm or team: "film", "giant" before; "chief", "shares" after.
    bool marks_non_person_before(std::string_view lower_word) const;
    bool marks_non_person_after(std::string_view lower_word) const;
    // "were", "are": right after a name that ends no list, a group ("Franz Ferdinand were").
    bool is_plural_verb(std::string_view lower_word) const;

    struct Tables;

private:
    PersonFinder();
    const Tables* tables_;
};

}  // namespace newsdex
