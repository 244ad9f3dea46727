// Publication dates: parsing dates stated in metadata, and finding the
// dateline date at the head of an article body.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

struct CalendarDate {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31

    std::string iso() const;       // "YYYY-MM-DD"
    std::string compact() const;   // "YYYYMMDD", what the date value slot holds
};

// The date a metadata value states ("2024-07-04", "Thu, 04 Jul 2024 10:15:00 +0000",
// "July 4, 2024", "4 July 2024", "04/07/2024", "26-FEB-1987 15:01:01.79", ...),
// or nothing if it is not a valid calendar date in the years 1800-2100 or has no day
// ("July 2024"). A time and zone after the date are accepted and ignored: the date
// as written is the publication date.
//
// Day/month rule for two numbers before the year ("04/07/2024", "4.7.2024",
// "04-07-2024"): day first, as in most of the world, so 04/07/2024 is 4 July.
// If the first number is over 12 it can only be the day; if the second is over
// 12 the writer must mean month/day/year, so 07/24/2024 is 24 July. Year-first
// dates ("2024/07/04") are always year/month/day.
std::optional<CalendarDate> parse_date(std::string_view text);

// The publication date given by a dateline at the start of `body`
// ("ASTANA, July 4 (Reuters) -", "Astana, 4 July 2024 —"), or nothing.
// A dateline without a year takes `year_if_missing` (0: no date).
// Dates mentioned later in the text are never returned.
std::optional<CalendarDate> find_dateline_date(std::string_view body, int year_if_missing = 0);

// What else a file says about when it was written, for a dateline without a
// year ("ASTANA, July 4 (Reuters) -", the usual wire form).
struct DateEvidence {
    int stated_year = 0;                        // a year the file states without a full date ("Date: July 2024"); 0: none
    std::optional<CalendarDate> file_modified;  // the file's modification date (UTC)
};

// find_dateline_date, with a missing year taken from the evidence: the stated
// year; else the latest date with the dateline's month and day that is not
// after the file's modification date (so within the year before it: a wire
// story saved the day it ran gets its year; one saved years later cannot be
// told apart and gets the wrong year, which is why a stated year wins).
std::optional<CalendarDate> find_dateline_date(std::string_view body, const DateEvidence& evidence);

// The one year from 1800 to 2100 written as four digits in `text` ("July 2024",
// "2024-07", "Summer 2024"), or 0 when there is none or more than one.
int stated_year(std::string_view text);

}  // namespace newsdex
