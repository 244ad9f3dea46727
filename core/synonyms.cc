#include "core/synonyms.h"

#include "core/index_layout.h"
#include "core/schema_table.h"
#include "core/text.h"

#include "synonyms.inc"

#include <map>

namespace newsdex {

namespace {

std::string join_words(const SynonymName& name) {
    std::string joined;
    for (const auto& word : name) joined += (joined.empty() ? "" : " ") + word;
    return joined;
}

SynonymName fold_name(std::string_view name) {
    SynonymName words;
    for (const text::WordSpan& span : text::thread_word_breaker().words(name)) {
        std::string key = text::term_key(name.substr(span.begin, span.end - span.begin));
        if (!key.empty() && key.size() <= layout::kMaxWordBytes) words.push_back(std::move(key));
    }
    return words;
}

// Field prefixes whose one-word names are expanded too (`place:kiev`, `title:kiev`):
// the name fields and the headline, whose words also count in the default field.
const std::vector<std::string>& expanded_prefixes() {
    static const std::vector<std::string> prefixes = [] {
        std::vector<std::string> found;
        for (const schema_table::Row& field : schema_table::rows()) {
            if (field.term_prefix.empty() || field.kind != FieldKind::FreeText) continue;
            if (field.terms == schema_table::Terms::Names || field.default_field_wdf > 0) found.emplace_back(field.term_prefix);
        }
        return found;
    }();
    return prefixes;
}

}  // namespace

std::vector<SynonymGroup> parse_synonym_groups(std::string_view text) {
    std::vector<SynonymGroup> groups;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string line = text::repair_utf8(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        SynonymGroup group;
        std::size_t from = 0;
        while (from <= line.size()) {
            std::size_t to = line.find_first_of("\t=", from);
            if (to == std::string::npos) to = line.size();
            SynonymName name = fold_name(std::string_view(line).substr(from, to - from));
            bool seen = name.empty();
            for (const auto& other : group) seen |= other == name;
            if (!seen) group.push_back(std::move(name));
            from = to + 1;
        }
        if (group.size() >= 2) groups.push_back(std::move(group));
    }
    return groups;
}

std::string_view default_synonyms_text() { return synonym_data::kDefaultSynonyms; }

std::string synonym_term(const SynonymName& name) {
    if (name.size() == 1) return name[0];
    return std::string(layout::kPhraseTermPrefix) + join_words(name);
}

void store_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymGroup>& groups) {
    std::vector<std::string> old_keys(db.synonym_keys_begin(), db.synonym_keys_end());
    for (const auto& key : old_keys) db.clear_synonyms(key);
    // Added key by key: Xapian writes a key's list out (compressed) each time the
    // key it is given changes, and a prefixed key came between every two others.
    std::map<std::string, std::vector<std::string>> synonyms;
    for (const SynonymGroup& group : groups) {
        for (const SynonymName& name : group) {
            // A name of several words is looked up by Xapian as its words joined by spaces.
            const std::string key = join_words(name);
            for (const SynonymName& other : group) {
                if (&other == &name) continue;
                synonyms[key].push_back(synonym_term(other));
                if (name.size() == 1 && other.size() == 1) {
                    for (const std::string& prefix : expanded_prefixes()) synonyms[prefix + key].push_back(prefix + other[0]);
                }
            }
        }
    }
    for (const auto& [key, terms] : synonyms)
        for (const std::string& term : terms) db.add_synonym(key, term);
}

}  // namespace newsdex
