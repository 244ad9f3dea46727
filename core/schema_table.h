// The schema behind include/newsdex/schema.h: for every field, where its value
// comes from, how the index stores it (terms, weight, value slot), how queries
// reach it and how the tools print it. The indexer, the query parser, the
// stored record and the JSON output all loop over this one table, so a field
// is added by adding a row (and the reader that fills its Article member).
// Private: prefixes and slots are the index format, not API.
#pragma once

#include <newsdex/article.h>
#include <newsdex/schema.h>

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::schema_table {

// The terms a field puts in the index.
enum class Terms {
    None,         // stored and printed only
    Words,        // the text's words: positional exact forms and stems
    Names,        // each name of a list: its words' positional exact forms, no stems
    DatePart,     // one boolean term: the first date_digits digits of YYYYMMDD
    PathFolders,  // the path and the folders above it (DocumentBuilder::add_path_terms)
    UniqueId,     // the article's id, which is not an Article member
};

// What the field keeps in its value slot.
enum class Value {
    None,
    Text,         // the text as it is
    JoinedNames,  // the names joined by newlines (layout::join_names)
    CompactDate,  // YYYYMMDD, which sorts
    IsoMonth,     // YYYY-MM, the month facet's label
};

inline constexpr unsigned kNoSlot = static_cast<unsigned>(-1);
inline constexpr int kNotStored = -1;

struct Row {
    std::string_view name;         // the query prefix (`title:`) and the facet's name
    std::string_view description;  // one line for --help; empty: not searchable
    FieldKind kind;                // free text or a boolean filter
    std::string Article::*text;                // the member it comes from, or nullptr
    std::vector<std::string> Article::*names;  // or a list member, or nullptr
    std::string_view term_prefix;  // Xapian term prefix, Omega's conventions where they exist
    Terms terms;
    Xapian::termcount wdf;                // per occurrence
    Xapian::termcount default_field_wdf;  // its words also count in the default field with this wdf; 0: not
    Xapian::termcount implied_country_wdf;  // Names: a city's country counts too, with this wdf; 0: not
    unsigned date_digits;                 // DatePart: 8 day, 6 month, 4 year
    bool date_ranges;                     // the query side reads FROM..TO dates for it
    unsigned value_slot;                  // or kNoSlot
    Value value;
    int facet_order;          // position in the facet lists (1 first); 0: not a facet
    int record_position;      // place in the stored record (never changes: index format); or kNotStored
    std::string_view json_key;  // key in --json and the API; empty: not printed
    bool in_hits;               // printed with each search result (not only with the whole article)
    bool long_text;             // printed only with the whole article, not in listings
};

// Every row, in display order.
const std::vector<Row>& rows();

// The row named `name`; throws Error if there is none (a programming error).
const Row& row(std::string_view name);

// The row whose terms are the `digits` first digits of the date (8, 6 or 4).
const Row& date_row(unsigned digits);

// The row whose term prefix is `prefix` among searchable rows, or nullptr.
const Row* row_with_prefix(std::string_view prefix);

// The facet rows, in facet order.
const std::vector<const Row*>& facet_rows();

// The stored rows, in record order.
const std::vector<const Row*>& record_rows();

}  // namespace newsdex::schema_table
