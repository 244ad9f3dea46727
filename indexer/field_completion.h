// Completing an article's fields: the stated date normalised to YYYY-MM-DD,
// and the date, places and people extracted from the text when the file did
// not state them.
#pragma once

#include <newsdex/article.h>

#include <string>
#include <vector>

namespace newsdex {

// Normalises stated fields and, if `extract`, fills the missing ones from the text.
// Returns notes about what could not be understood ("date 'soon' not understood").
std::vector<std::string> complete_fields(Article& article, bool extract);

}  // namespace newsdex
