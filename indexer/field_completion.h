// Completing an article's fields: the stated date normalised to YYYY-MM-DD
// (else taken from a dateline), stated places under their canonical names,
// and the people and places the text names added after the stated ones.
#pragma once

#include "indexer/publication_date.h"

#include <newsdex/article.h>

#include <string>
#include <vector>

namespace newsdex {

// Normalises stated fields and, if `extract`, adds what the text says.
// Returns notes about what could not be understood ("date 'soon' not understood").
// `evidence` gives a dateline without a year its year (see find_dateline_date).
std::vector<std::string> complete_fields(Article& article, bool extract, DateEvidence evidence = {});

}  // namespace newsdex
