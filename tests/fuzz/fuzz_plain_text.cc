// Plain-text articles: the `Key: value` header block and the first-line title.
#include "article_check.h"
#include "indexer/article_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = newsdex::fuzz::text_of(data, size);
    newsdex::fuzz::check_article(newsdex::read_plain_text(text));
    newsdex::split_name_list(text);
    return 0;
}
