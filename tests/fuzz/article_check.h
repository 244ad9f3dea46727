// The invariants every reader's Article must keep, whatever the input.
#pragma once

#include "fuzz_input.h"

#include <newsdex/article.h>

namespace newsdex::fuzz {

inline void check_article(const Article& article) {
    for (const std::string* field : {&article.title, &article.body, &article.date, &article.source,
                                     &article.author, &article.url, &article.language}) {
        NEWSDEX_FUZZ_CHECK(is_valid_utf8(*field));
    }
    for (const auto& list : {article.places, article.people}) {
        for (const auto& name : list) NEWSDEX_FUZZ_CHECK(is_valid_utf8(name));
    }
}

}  // namespace newsdex::fuzz
