// The text pipeline: UTF-8 repair, term keys, folding and word breaking.
#include "fuzz_input.h"

#include "indexer/text_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace newsdex;
    const std::string_view raw = fuzz::bytes_of(data, size);
    std::size_t replaced = 0;
    const std::string text = text::repair_utf8(raw, &replaced);
    std::size_t replaced_again = 0;
    NEWSDEX_FUZZ_CHECK(text::repair_utf8(text, &replaced_again) == text && replaced_again == 0);
    NEWSDEX_FUZZ_CHECK(replaced <= size);

    NEWSDEX_FUZZ_CHECK(fuzz::is_valid_utf8(text::fold(text)));
    std::size_t previous_end = 0;
    for (const text::WordSpan& word : text::thread_word_breaker().words(text)) {
        NEWSDEX_FUZZ_CHECK(word.begin >= previous_end && word.begin < word.end && word.end <= text.size());
        previous_end = word.end;
        const std::string key = text::term_key(std::string_view(text).substr(word.begin, word.end - word.begin));
        NEWSDEX_FUZZ_CHECK(fuzz::is_valid_utf8(key));
        text::has_letter(key);
    }
    NEWSDEX_FUZZ_CHECK(fuzz::is_valid_utf8(text::term_key(text)));

    // Raw file bytes go through charset detection and decoding first.
    const DecodedText decoded = decode_text(raw);
    NEWSDEX_FUZZ_CHECK(fuzz::is_valid_utf8(decoded.text));
    declared_html_charset(raw);
    looks_like_utf16(raw);
    return 0;
}
