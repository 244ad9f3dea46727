// The `date:` filter of the query language: turns "2024", "2024-07",
// "2024-07-04" or "FROM..TO" into a Xapian query on the publication date.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>

namespace newsdex {

// Where the index keeps the publication date, after Xapian Omega's conventions.
// The schema table will own these; until then the indexer and the query side share them here.
inline constexpr Xapian::valueno kDateValueSlot = 0;   // "YYYYMMDD", 8 ASCII digits
inline constexpr std::string_view kDayTermPrefix = "D";    // D20240704
inline constexpr std::string_view kMonthTermPrefix = "M";  // M202407
inline constexpr std::string_view kYearTermPrefix = "Y";   // Y2024

// The query for the text after `date:`:
//   2024-07-04, 20240704, 2024/07/04   that day          (term D20240704)
//   2024-07, 2024/07                    that month        (term M202407)
//   2024                                that year         (term Y2024)
//   FROM..TO                            inclusive range   (the fewest Y, M and D terms covering it)
//   FROM.., ..TO                        open range        (value range on kDateValueSlot)
// where FROM and TO take any of the forms above; a partial FROM starts at the
// first day of its month or year and a partial TO ends at the last day, so
// 2024-06..2024-07 is 1 June to 31 July. Throws QuerySyntaxError, naming the
// field as `field_name`, for anything else, impossible dates and reversed ranges.
Xapian::Query date_filter_query(std::string_view text, std::string_view field_name = "date");

// date_filter_query as a Xapian::FieldProcessor, for
// `parser.add_boolean_prefix("date", (new DateFilter)->release())`.
// Holds no state beyond the field name; safe to share between threads.
// Its QuerySyntaxError passes through QueryParser::parse_query unchanged, but
// Xapian 1.4's parser then leaks a few dozen bytes of parse state (seen with
// LeakSanitizer); harmless for one query per process, worth knowing in a server.
class DateFilter : public Xapian::FieldProcessor {
public:
    explicit DateFilter(std::string field_name = "date") : field_name_(std::move(field_name)) {}

    Xapian::Query operator()(const std::string& text) override;

private:
    std::string field_name_;
};

}  // namespace newsdex
