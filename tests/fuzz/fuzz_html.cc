// HTML pages: metadata, JSON-LD and the article text.
#include "article_check.h"
#include "indexer/article_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = newsdex::fuzz::text_of(data, size);
    newsdex::fuzz::check_article(newsdex::read_html(text));
    NEWSDEX_FUZZ_CHECK(newsdex::fuzz::is_valid_utf8(newsdex::html_to_text(text)));
    newsdex::looks_like_html(text);
    return 0;
}
