// Snippets and headline highlighting. The first line of the input holds the
// query words, the rest is the article text; the first byte sets the length.
#include "fuzz_input.h"

#include "core/index_layout.h"
#include "query/snippet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace newsdex;
    if (size == 0) return 0;
    const std::size_t max_chars = data[0];
    const auto [query, body] = fuzz::first_line_and_rest(fuzz::text_of(data + 1, size - 1));
    static const Xapian::Stem stemmer = layout::make_stemmer("english");
    MatchKeys keys;
    for (const text::WordSpan& word : text::thread_word_breaker().words(query)) {
        const std::string key = text::term_key(std::string_view(query).substr(word.begin, word.end - word.begin));
        if (key.empty()) continue;
        keys.exact.insert(key);
        keys.stems.insert(stemmer(key));
    }
    for (const Snippet& snippet : {make_snippet(body, keys, stemmer, max_chars), highlight_all(body, keys, stemmer)}) {
        NEWSDEX_FUZZ_CHECK(fuzz::is_valid_utf8(snippet.text));
        std::size_t previous_end = 0;
        for (const Highlight& highlight : snippet.highlights) {
            NEWSDEX_FUZZ_CHECK(highlight.begin >= previous_end && highlight.begin < highlight.end &&
                               highlight.end <= snippet.text.size());
            previous_end = highlight.end;
        }
    }
    return 0;
}
