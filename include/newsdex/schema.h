// newsdex/schema.h — the fields of a newsdex index, in one table.
//
// The indexer writes each field as the table says and the query parser
// accepts each field's name as a `name:` prefix, so adding a field is one row.
#pragma once

#include <newsdex/export.h>

#include <string_view>
#include <vector>

namespace newsdex {

enum class FieldKind {
    FreeText,  // words are tokenised, folded and stemmed: `title:summit`
    Boolean,   // the whole value is one exact term, used as a filter: `source:"steppe wire"`
};

inline constexpr unsigned kNoValueSlot = static_cast<unsigned>(-1);

struct Field {
    std::string_view name;         // user-facing name, also the query prefix (`people:`)
    std::string_view term_prefix;  // Xapian term prefix (Omega conventions where they exist)
    FieldKind kind;
    unsigned value_slot;           // Xapian value slot, or kNoValueSlot
    std::string_view description;  // one line for --help
};

// Every field of the index, in display order.
NEWSDEX_API const std::vector<Field>& schema();

// The field called `name`, or nullptr.
NEWSDEX_API const Field* find_field(std::string_view name);

}  // namespace newsdex
