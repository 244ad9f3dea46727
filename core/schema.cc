#include <newsdex/schema.h>

namespace newsdex {

// Prefixes follow Xapian Omega's conventions (S title, A author, D/M/Y dates,
// P path, Q unique id); fields Omega has no letter for use X-prefixes.
const std::vector<Field>& schema() {
    static const std::vector<Field> fields = {
        {"title",  "S",       FieldKind::FreeText, kNoValueSlot, "words of the headline"},
        {"body",   "",        FieldKind::FreeText, kNoValueSlot, "words of the article text (the default field)"},
        {"date",   "D",       FieldKind::Boolean,  0,            "publication date: YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO"},
        {"month",  "M",       FieldKind::Boolean,  kNoValueSlot, "publication month: YYYY-MM (or YYYYMM)"},
        {"year",   "Y",       FieldKind::Boolean,  kNoValueSlot, "publication year: YYYY"},
        {"place",  "XPLACE",  FieldKind::FreeText, 2,            "places the article names (a city also counts for its country)"},
        {"people", "XPERSON", FieldKind::FreeText, 3,            "people the article names"},
        {"source", "XSOURCE", FieldKind::FreeText, 1,            "outlet or site name"},
        {"author", "A",       FieldKind::FreeText, kNoValueSlot, "byline"},
        {"path",   "P",       FieldKind::Boolean,  kNoValueSlot, "the file's path or a folder above it: its path, name or last names (path:sport, path:bbc/sport)"},
        {"id",     "Q",       FieldKind::Boolean,  kNoValueSlot, "unique id of the article (internal)"},
    };
    return fields;
}

const Field* find_field(std::string_view name) {
    for (const Field& field : schema()) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

}  // namespace newsdex
