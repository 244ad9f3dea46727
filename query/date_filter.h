// The `date:` filter of the query language: turns "2024", "2024-07",
// "2024-07-04" or "FROM..TO" into a Xapian query on the publication date.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>

namespace newsdex {

// The query for the text after `date:`, on the terms and the value slot the
// schema gives the date's day (8 digits), month (6) and year (4):
//   2024-07-04, 20240704, 2024/07/04   that day          (its day term)
//   2024-07, 2024/07                    that month        (its month term)
//   2024                                that year         (its year term)
//   FROM..TO                            inclusive range   (the fewest year, month and day terms covering it)
//   FROM.., ..TO                        open range        (value range on the day's value slot)
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
