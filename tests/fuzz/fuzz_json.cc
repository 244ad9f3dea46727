// JSON and JSON Lines exports. The first byte chooses JSON Lines (odd) or a
// .json file (even) and whether field overrides are in force.
#include "article_check.h"
#include "indexer/article_formats.h"

#include <newsdex/error.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const bool json_lines = data[0] & 1;
    const bool with_overrides = data[0] & 2;
    const std::string text = newsdex::fuzz::text_of(data + 1, size - 1);
    static const newsdex::FieldOverrides overrides =
        newsdex::parse_field_overrides("body=story,date=meta.published,title=headline");
    std::vector<std::string> notes;
    try {
        for (const auto& one : newsdex::read_json_articles(text, json_lines, with_overrides ? overrides
                                                                                            : newsdex::FieldOverrides{},
                                                           notes)) {
            newsdex::fuzz::check_article(one.article);
        }
    } catch (const newsdex::Error&) {
        // A malformed .json file is reported to the user: the documented outcome.
    }
    try {
        newsdex::parse_field_overrides(text);
    } catch (const newsdex::Error&) {
    }
    return 0;
}
