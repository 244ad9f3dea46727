// Publication dates: every metadata form parse_date accepts, the ones it must
// refuse, and datelines at the head of a body versus dates later in the text.
#include <doctest/doctest.h>

#include "indexer/publication_date.h"

#include <string>

using newsdex::CalendarDate;
using newsdex::DateEvidence;
using newsdex::find_dateline_date;
using newsdex::stated_year;
using newsdex::parse_date;

namespace {

// "YYYY-MM-DD" of the parsed date, or "none".
std::string parsed(std::string_view text) {
    auto date = parse_date(text);
    return date ? date->iso() : "none";
}

std::string dateline(std::string_view body, int year_if_missing = 0) {
    auto date = find_dateline_date(body, year_if_missing);
    return date ? date->iso() : "none";
}

}  // namespace

TEST_CASE("CalendarDate prints ISO and the compact form the value slot holds") {
    CalendarDate date{2024, 7, 4};
    CHECK(date.iso() == "2024-07-04");
    CHECK(date.compact() == "20240704");
    CHECK(CalendarDate{1987, 12, 31}.compact() == "19871231");
}

TEST_CASE("ISO 8601 dates, with times and zones ignored") {
    CHECK(parsed("2024-07-04") == "2024-07-04");
    CHECK(parsed("2024-07-04T09:30:00Z") == "2024-07-04");
    CHECK(parsed("2024-07-04T09:30:00+05:00") == "2024-07-04");
    CHECK(parsed("2024-07-04T23:30:00-05:00") == "2024-07-04");
    CHECK(parsed("2024-07-04T09:30:00.123Z") == "2024-07-04");
    CHECK(parsed("2024-07-04 09:30") == "2024-07-04");
    CHECK(parsed("20240704") == "2024-07-04");
    CHECK(parsed("20240704T093000Z") == "2024-07-04");
    CHECK(parsed("2024/07/04") == "2024-07-04");
    CHECK(parsed("2024.07.04") == "2024-07-04");
}

TEST_CASE("surrounding white space is allowed") {
    CHECK(parsed("  2024-07-04\n") == "2024-07-04");
    CHECK(parsed("\t July 4, 2024  ") == "2024-07-04");
}

TEST_CASE("RFC 2822 dates, weekday optional") {
    CHECK(parsed("Thu, 04 Jul 2024 10:15:00 +0000") == "2024-07-04");
    CHECK(parsed("04 Jul 2024 10:15:00 +0000") == "2024-07-04");
    CHECK(parsed("Thu, 4 Jul 2024 10:15:00 GMT") == "2024-07-04");
    CHECK(parsed("Thursday, 4 July 2024 10:15 -0700 (PDT)") == "2024-07-04");
    CHECK(parsed("Thu, 04 Jul 2024") == "2024-07-04");
}

TEST_CASE("month name before the day") {
    CHECK(parsed("July 4, 2024") == "2024-07-04");
    CHECK(parsed("Jul. 4, 2024") == "2024-07-04");
    CHECK(parsed("Jul 4 2024") == "2024-07-04");
    CHECK(parsed("July 4th, 2024") == "2024-07-04");
    CHECK(parsed("Sept. 30, 2024") == "2024-09-30");
    CHECK(parsed("Sept 3, 2024") == "2024-09-03");
    CHECK(parsed("JULY 4, 2024") == "2024-07-04");
    CHECK(parsed("july 4, 2024 9:30 p.m. EDT") == "2024-07-04");
    CHECK(parsed("Thursday, July 4, 2024") == "2024-07-04");
    CHECK(parsed("July 4, 2024 at 9:30 am") == "2024-07-04");
    CHECK(parsed("July 4, 2024, 10:15 AM") == "2024-07-04");
    CHECK(parsed("July 4, 2024 at noon") == "none");
}

TEST_CASE("day before the month name") {
    CHECK(parsed("4 July 2024") == "2024-07-04");
    CHECK(parsed("4th July 2024") == "2024-07-04");
    CHECK(parsed("1st January 2000") == "2000-01-01");
    CHECK(parsed("22nd Feb 2024") == "2024-02-22");
    CHECK(parsed("3rd of March, 2024") == "2024-03-03");
    CHECK(parsed("04 jul 2024") == "2024-07-04");
    CHECK(parsed("4 SEPT 2024") == "2024-09-04");
}

TEST_CASE("Reuters style day-MON-year with a time") {
    CHECK(parsed("26-FEB-1987 15:01:01.79") == "1987-02-26");
    CHECK(parsed(" 3-MAR-1987 09:18:21.26") == "1987-03-03");
    CHECK(parsed("26-Feb-1987") == "1987-02-26");
}

TEST_CASE("numeric day/month/year follows the documented rule") {
    // Day first by default.
    CHECK(parsed("04/07/2024") == "2024-07-04");
    CHECK(parsed("4.7.2024") == "2024-07-04");
    CHECK(parsed("04-07-2024") == "2024-07-04");
    // A first number over 12 is obviously the day.
    CHECK(parsed("24/07/2024") == "2024-07-24");
    CHECK(parsed("31.12.1999") == "1999-12-31");
    // A second number over 12 means month/day/year.
    CHECK(parsed("07/24/2024") == "2024-07-24");
    CHECK(parsed("2/29/2024") == "2024-02-29");
    // Both over 12 is no date at all.
    CHECK(parsed("24/24/2024") == "none");
    // Mixed separators are not a date.
    CHECK(parsed("04/07.2024") == "none");
}

TEST_CASE("calendar validation: leap years and month lengths") {
    CHECK(parsed("2024-02-29") == "2024-02-29");
    CHECK(parsed("2000-02-29") == "2000-02-29");
    CHECK(parsed("2023-02-29") == "none");
    CHECK(parsed("1900-02-29") == "none");
    CHECK(parsed("2024-02-30") == "none");
    CHECK(parsed("30 February 2024") == "none");
    CHECK(parsed("2024-04-31") == "none");
    CHECK(parsed("2024-13-01") == "none");
    CHECK(parsed("2024-00-10") == "none");
    CHECK(parsed("2024-07-00") == "none");
    CHECK(parsed("July 32, 2024") == "none");
}

TEST_CASE("years outside 1800-2100 are refused") {
    CHECK(parsed("1800-01-01") == "1800-01-01");
    CHECK(parsed("2100-12-31") == "2100-12-31");
    CHECK(parsed("1799-12-31") == "none");
    CHECK(parsed("2101-01-01") == "none");
    CHECK(parsed("July 4, 1776") == "none");
}

TEST_CASE("text without a full date is not a date") {
    CHECK(parsed("") == "none");
    CHECK(parsed("   ") == "none");
    CHECK(parsed("July 2024") == "none");
    CHECK(parsed("2024-07") == "none");
    CHECK(parsed("2024") == "none");
    CHECK(parsed("July 4") == "none");
    CHECK(parsed("yesterday") == "none");
    CHECK(parsed("Thu,") == "none");
    CHECK(parsed("04/07/24") == "none");
    CHECK(parsed("2024-07-04 and more words") == "none");
    CHECK(parsed("2024-07-04 foo") == "none");
    CHECK(parsed("2024-07-04T") == "none");
    CHECK(parsed("2024-07-04T25:00") == "none");
    CHECK(parsed("Julember 4, 2024") == "none");
    CHECK(parsed("Ju 4, 2024") == "none");
    CHECK(parsed("202407041") == "none");
    CHECK(parsed("4July 2024") == "none");
}

TEST_CASE("datelines from the agencies") {
    CHECK(dateline("ASTANA, July 4 (Reuters) - Leaders of the ...", 2024) == "2024-07-04");
    CHECK(dateline("ASTANA, Kazakhstan, July 4 (AP) \u2014 Leaders met", 2024) == "2024-07-04");
    CHECK(dateline("Astana, 4 July 2024 \u2014 Leaders met", 0) == "2024-07-04");
    CHECK(dateline("BERLIN (dpa) 12 March 2024 - Die Regierung", 0) == "2024-03-12");
    CHECK(dateline("LONDON, Jan 5 - Shares fell", 2023) == "2023-01-05");
    CHECK(dateline("Moscow, 2024-07-04: Officials said", 0) == "2024-07-04");
    CHECK(dateline("WASHINGTON, June 3, 2024 /PRNewswire/ -- Acme Corp", 0) == "2024-06-03");
    CHECK(dateline("NEW YORK, Feb 26 \u2013 Wall Street", 1987) == "1987-02-26");
    CHECK(dateline("BAHIA BLANCA, Argentina, Feb 26 - Grain", 1987) == "1987-02-26");
    CHECK(dateline("WASHINGTON, D.C., Sept. 3, 2024 -- The", 0) == "2024-09-03");
    CHECK(dateline("ST. LOUIS, Oct 1 - A", 2024) == "2024-10-01");
}

TEST_CASE("datelines with places in other scripts and accents") {
    CHECK(dateline("S\u00c3O PAULO, 4 July 2024 - A", 0) == "2024-07-04");
    CHECK(dateline("Z\u00fcrich, July 4 (SDA) - Die", 2024) == "2024-07-04");
    CHECK(dateline("\u041c\u041e\u0421\u041a\u0412\u0410, 2024-07-04: \u2026", 0) == "2024-07-04");
    CHECK(dateline("Port-au-Prince, Haiti, July 4 (AP) \u2014 A", 2024) == "2024-07-04");
    CHECK(dateline("N\u2019Djamena, 4 July 2024 - A", 0) == "2024-07-04");
    CHECK(dateline("Dar es Salaam, July 4 (Reuters) - A", 2024) == "2024-07-04");
}

TEST_CASE("leading blank lines and white space before the dateline are skipped") {
    CHECK(dateline("\n\n   ASTANA, July 4 (Reuters) - Leaders", 2024) == "2024-07-04");
    CHECK(dateline("\xef\xbb\xbf\r\n\tLONDON, Jan 5 - A", 2023) == "2023-01-05");
}

TEST_CASE("a dateline without a year takes year_if_missing, or gives nothing") {
    CHECK(dateline("ASTANA, July 4 (Reuters) - Leaders") == "none");
    CHECK(dateline("ASTANA, July 4 (Reuters) - Leaders", 0) == "none");
    CHECK(dateline("ASTANA, July 4 (Reuters) - Leaders", 2021) == "2021-07-04");
    // The year stated in the dateline wins over the fallback.
    CHECK(dateline("Astana, 4 July 2024 - A", 1999) == "2024-07-04");
    // Feb 29 needs a leap year.
    CHECK(dateline("LONDON, Feb 29 - A", 2023) == "none");
    CHECK(dateline("LONDON, Feb 29 - A", 2024) == "2024-02-29");
}

TEST_CASE("dates later in the body are not datelines") {
    CHECK(dateline("Leaders met in Astana on July 4, 2023 to discuss trade.", 2024) == "none");
    CHECK(dateline("The talks resumed in May, officials said.", 2024) == "none");
    CHECK(dateline("Officials said last week that the talks would resume.", 2024) == "none");
    std::string late = std::string(300, 'x') + " ASTANA, July 4 (Reuters) - A";
    CHECK(dateline(late, 2024) == "none");
    CHECK(dateline("Prices rose.\n\nASTANA, July 4 (Reuters) - A", 2024) == "none");
}

TEST_CASE("an ordinary first sentence with a date is not a dateline") {
    CHECK(dateline("On July 4, 2024 leaders met in Astana.", 0) == "none");
    CHECK(dateline("On July 4 - the day of the summit - leaders met.", 2024) == "none");
    CHECK(dateline("In March 2024 - amid protests - the law passed.", 2024) == "none");
    CHECK(dateline("Talks on July 4-5 in Astana ended.", 2024) == "none");
    CHECK(dateline("ASTANA hosted talks on July 4 - and again later.", 2024) == "none");
    CHECK(dateline("Leaders Met Today July 4 2024 Briefly Said - no", 0) == "none");
    CHECK(dateline("astana, July 4 (Reuters) - lower-case place", 2024) == "none");
    CHECK(dateline("July 4 (Reuters) - no place", 2024) == "none");
    CHECK(dateline("ASTANA, July 4 leaders met", 2024) == "none");
    CHECK(dateline("WASHINGTON (Reuters) - The Senate voted", 2024) == "none");
    CHECK(dateline("NEW YORK CITY PUBLIC SCHOOLS, July 4 - A", 2024) == "none");
    CHECK(dateline("", 2024) == "none");
    CHECK(dateline("   \n\n  ", 2024) == "none");
}

TEST_CASE("a dateline must separate the date from the text") {
    CHECK(dateline("ASTANA, July 4, 2024 Leaders met", 0) == "none");
    CHECK(dateline("ASTANA, July 4 (Reuters) Leaders met", 2024) == "none");
    CHECK(dateline("ASTANA, July 4 -- Leaders met", 2024) == "2024-07-04");
    CHECK(dateline("ASTANA, July 4 \u2013 Leaders met", 2024) == "2024-07-04");
    CHECK(dateline("ASTANA, July 4: Leaders met", 2024) == "2024-07-04");
}

namespace {

std::string dateline_with(std::string_view body, DateEvidence evidence) {
    auto date = find_dateline_date(body, evidence);
    return date ? date->iso() : "none";
}

DateEvidence modified_on(int year, int month, int day) {
    DateEvidence evidence;
    evidence.file_modified = CalendarDate{year, month, day};
    return evidence;
}

}  // namespace

TEST_CASE("a dateline without a year takes the latest such day not after the file was modified") {
    const std::string body = "ASTANA, July 4 (Reuters) - Leaders met.";
    CHECK(dateline_with(body, modified_on(2024, 7, 4)) == "2024-07-04");   // saved the day it ran
    CHECK(dateline_with(body, modified_on(2024, 7, 9)) == "2024-07-04");
    CHECK(dateline_with(body, modified_on(2025, 3, 1)) == "2024-07-04");   // within the year before
    CHECK(dateline_with(body, modified_on(2024, 7, 3)) == "2023-07-04");   // never after the file existed
    CHECK(dateline_with("LONDON, Dec 31 - A", modified_on(2025, 1, 2)) == "2024-12-31");
    CHECK(dateline_with("LONDON, Feb 29 - A", modified_on(2025, 3, 1)) == "none");  // 2025 has no Feb 29
    CHECK(dateline_with("LONDON, Feb 29 - A", modified_on(2024, 3, 1)) == "2024-02-29");
    CHECK(dateline_with(body, DateEvidence{}) == "none");  // no evidence, no date
}

TEST_CASE("a year the file states wins over its modification date, and the dateline's own year over both") {
    DateEvidence evidence = modified_on(2026, 12, 2);
    evidence.stated_year = 2024;
    CHECK(dateline_with("ASTANA, July 4 (Reuters) - A", evidence) == "2024-07-04");
    CHECK(dateline_with("Astana, 4 July 2019 - A", evidence) == "2019-07-04");
    CHECK(dateline_with("Leaders met in Astana on July 4.", evidence) == "none");  // not a dateline
}

TEST_CASE("stated_year finds the one year a partial date states") {
    CHECK(stated_year("July 2024") == 2024);
    CHECK(stated_year("2024-07") == 2024);
    CHECK(stated_year("Summer 2024") == 2024);
    CHECK(stated_year("soon") == 0);
    CHECK(stated_year("2023 or 2024") == 0);
    CHECK(stated_year("12345") == 0);
    CHECK(stated_year("1700") == 0);
}
