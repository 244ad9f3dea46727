// Markdown articles: YAML front matter between `---` lines, then Markdown.
#include "article_check.h"
#include "indexer/article_formats.h"

#include <newsdex/error.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = newsdex::fuzz::text_of(data, size);
    try {
        newsdex::fuzz::check_article(newsdex::read_markdown(text));
    } catch (const newsdex::Error&) {
        // Malformed front matter is reported to the user: the documented outcome.
    }
    NEWSDEX_FUZZ_CHECK(newsdex::fuzz::is_valid_utf8(newsdex::markdown_to_text(text)));
    return 0;
}
