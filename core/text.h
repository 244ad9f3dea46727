// The text pipeline shared by indexing and querying: UTF-8 repair, folding and
// word breaking. Index and query run the same functions, so a word typed in a
// query becomes exactly the term its occurrences in articles became.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::text {

// `bytes` with every invalid UTF-8 sequence (and NUL) replaced by U+FFFD;
// `replaced` (if given) receives how many were replaced.
std::string repair_utf8(std::string_view bytes, std::size_t* replaced = nullptr);

// The search key of a word: NFKC, case-folded, accents removed ("António" ->
// "antonio", "Erdoğan" -> "erdogan", "ＡＢＣ" -> "abc"), dots inside
// abbreviations dropped ("U.S" -> "us"), a trailing possessive dropped
// ("Putin's" -> "putin"). Empty for a word that leaves nothing to index.
std::string term_key(std::string_view word);

// Folds a whole string as term_key folds a word, keeping everything that is
// not a word character (spaces, quotes, operators) as it is.
std::string fold(std::string_view text);

// True if `word` contains a letter (not only digits or marks).
bool has_letter(std::string_view word);

struct WordSpan {
    std::size_t begin;  // byte offsets into the text given to words()
    std::size_t end;
    bool ideographic;   // one Han/kana character: written without spaces
};

// Splits valid UTF-8 text into words with ICU's word-break rules. Chinese and
// Japanese come out one character per word (ideographic = true): a query turns
// them into phrases, which match whatever the dictionary segmentation would
// have been. Not thread-safe: use one per thread.
// It is the only word-boundary engine: text::tokenize (core/tokens.h), through
// which the place gazetteer, the person finder and the name tagger read text,
// starts from these words and applies the four rules tokens.h lists.
class WordBreaker {
public:
    WordBreaker();
    ~WordBreaker();
    WordBreaker(const WordBreaker&) = delete;
    WordBreaker& operator=(const WordBreaker&) = delete;

    // The words of `text`, in order (punctuation and spaces are not words).
    // Stretches of ASCII are split by a hand-written copy of the ICU rules for
    // ASCII (three times faster); everything else goes through ICU.
    std::vector<WordSpan> words(std::string_view text);

    // The same as words(), always through ICU: the reference the fast path is tested against.
    std::vector<WordSpan> icu_words(std::string_view text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A WordBreaker for the calling thread.
WordBreaker& thread_word_breaker();

}  // namespace newsdex::text
