#include "core/schema_table.h"

#include <newsdex/error.h>

#include <algorithm>

namespace newsdex {

namespace schema_table {

namespace {

using A = Article;
constexpr std::string Article::*kNoText = nullptr;
constexpr std::vector<std::string> Article::*kNoNames = nullptr;
constexpr FieldKind kText = FieldKind::FreeText, kFilter = FieldKind::Boolean;

}  // namespace

// Prefixes follow Xapian Omega's conventions (S title, A author, D/M/Y dates,
// P path, Q unique id); fields Omega has no letter for use X-prefixes. The
// record positions are the stored record's layout: append, never renumber.
const std::vector<Row>& rows() {
    static const std::vector<Row> table = {
        // name, description, kind, text, names, prefix, terms, wdf, default-field wdf, implied-country wdf,
        // date digits, date ranges, value slot, value, facet order, record position, JSON key, in hits, long text
        {"title", "words of the headline", kText, &A::title, kNoNames, "S", Terms::Words,
         1, 3, 0, 0, false, kNoSlot, Value::None, 0, 1, "title", true, false},
        {"date", "publication date: YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO", kFilter, &A::date, kNoNames, "D",
         Terms::DatePart, 0, 0, 0, 8, true, 0, Value::CompactDate, 0, 3, "date", true, false},
        {"month", "publication month: YYYY-MM (or YYYYMM)", kFilter, &A::date, kNoNames, "M", Terms::DatePart,
         0, 0, 0, 6, false, 15, Value::IsoMonth, 3, kNotStored, "", false, false},
        {"year", "publication year: YYYY", kFilter, &A::date, kNoNames, "Y", Terms::DatePart,
         0, 0, 0, 4, false, kNoSlot, Value::None, 0, kNotStored, "", false, false},
        {"place", "places the article names (a city also counts for its country)", kText, kNoText, &A::places,
         "XPLACE", Terms::Names, 2, 0, 1, 0, false, 2, Value::JoinedNames, 2, 8, "places", true, false},
        {"people", "people the article names", kText, kNoText, &A::people, "XPERSON", Terms::Names,
         1, 0, 0, 0, false, 3, Value::JoinedNames, 1, 9, "people", true, false},
        {"source", "outlet or site name", kText, &A::source, kNoNames, "XSOURCE", Terms::Words,
         1, 0, 0, 0, false, 1, Value::Text, 0, 4, "source", true, false},
        {"author", "byline", kText, &A::author, kNoNames, "A", Terms::Words,
         1, 0, 0, 0, false, kNoSlot, Value::None, 0, 5, "author", true, false},
        {"path", "the file's path or a folder above it: its path, name or last names (path:sport, path:bbc/sport)",
         kFilter, &A::path, kNoNames, "P", Terms::PathFolders,
         0, 0, 0, 0, false, kNoSlot, Value::None, 0, 0, "path", true, false},
        {"id", "unique id of the article (internal)", kFilter, kNoText, kNoNames, "Q", Terms::UniqueId,
         0, 0, 0, 0, false, kNoSlot, Value::None, 0, kNotStored, "", false, false},
        {"url", "", kText, &A::url, kNoNames, "", Terms::None,
         0, 0, 0, 0, false, kNoSlot, Value::None, 0, 6, "url", true, false},
        {"language", "", kText, &A::language, kNoNames, "", Terms::None,
         0, 0, 0, 0, false, kNoSlot, Value::None, 0, 7, "language", false, false},
        // The default field (no prefix): its words also make the near-duplicate signature.
        {"body", "words of the article text (the default field)", kText, &A::body, kNoNames, "", Terms::Words,
         1, 0, 0, 0, false, kNoSlot, Value::None, 0, 2, "body", false, true},
    };
    return table;
}

const Row& row(std::string_view name) {
    for (const Row& candidate : rows()) {
        if (candidate.name == name) return candidate;
    }
    throw Error("internal error: the schema has no field '" + std::string(name) + "'");
}

const Row& date_row(unsigned digits) {
    for (const Row& candidate : rows()) {
        if (candidate.terms == Terms::DatePart && candidate.date_digits == digits) return candidate;
    }
    throw Error("internal error: the schema has no date field of " + std::to_string(digits) + " digits");
}

const Row* row_with_prefix(std::string_view prefix) {
    for (const Row& candidate : rows()) {
        if (!candidate.description.empty() && candidate.term_prefix == prefix) return &candidate;
    }
    return nullptr;
}

namespace {

template <typename Key>
std::vector<const Row*> rows_ordered_by(Key key) {
    std::vector<const Row*> chosen;
    for (const Row& candidate : rows()) {
        if (key(candidate) > 0) chosen.push_back(&candidate);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [&](const Row* a, const Row* b) { return key(*a) < key(*b); });
    return chosen;
}

}  // namespace

const std::vector<const Row*>& facet_rows() {
    static const auto facets = rows_ordered_by([](const Row& r) { return r.facet_order; });
    return facets;
}

const std::vector<const Row*>& record_rows() {
    static const auto stored = rows_ordered_by([](const Row& r) { return r.record_position + 1; });
    return stored;
}

}  // namespace schema_table

const std::vector<Field>& schema() {
    static const std::vector<Field> fields = [] {
        std::vector<Field> searchable;
        for (const schema_table::Row& row : schema_table::rows()) {
            if (!row.description.empty()) searchable.push_back({row.name, row.kind, row.description});
        }
        return searchable;
    }();
    return fields;
}

const Field* find_field(std::string_view name) {
    for (const Field& field : schema()) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

const std::vector<ArticleField>& article_fields() {
    static const std::vector<ArticleField> fields = [] {
        std::vector<ArticleField> printed;
        for (const schema_table::Row& row : schema_table::rows()) {
            if (!row.json_key.empty()) printed.push_back({row.json_key, row.text, row.names, row.in_hits, row.long_text});
        }
        return printed;
    }();
    return fields;
}

std::string field_text(const Article& article, const ArticleField& field) {
    if (field.text) return article.*field.text;
    std::string joined;
    for (const auto& name : article.*field.names) joined += (joined.empty() ? "" : "; ") + name;
    return joined;
}

}  // namespace newsdex
