#include "indexer/publication_date.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace newsdex {

std::string CalendarDate::iso() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

std::string CalendarDate::compact() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
    return buffer;
}

namespace {

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2100;

// A dateline sits in the first line or two of the body; looking further only
// invites sentences that happen to start with a place and a date.
constexpr std::size_t kDatelineWindow = 200;

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

std::optional<CalendarDate> valid_date(int year, int month, int day) {
    if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return CalendarDate{year, month, day};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Day, month and year as written; year 0 when the text gives none.
struct WrittenDate {
    int year = 0;
    int month = 0;
    int day = 0;
};

// A position in UTF-8 text with the small steps the date grammars need.
// Every reader either consumes what it recognises or leaves `pos` unchanged.
struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    bool at_end() const { return pos >= text.size(); }
    char peek(std::size_t ahead = 0) const { return pos + ahead < text.size() ? text[pos + ahead] : '\0'; }

    bool eat(char c) {
        if (at_end() || text[pos] != c) return false;
        ++pos;
        return true;
    }

    bool eat(std::string_view s) {
        if (text.substr(pos, s.size()) != s) return false;
        pos += s.size();
        return true;
    }

    // The code point at `at` (U_SENTINEL for bad UTF-8 or the end) and its length.
    UChar32 code_point(std::size_t at, std::size_t* length = nullptr) const {
        if (at >= text.size()) {
            if (length) *length = 0;
            return U_SENTINEL;
        }
        int32_t i = static_cast<int32_t>(at);
        const int32_t size = static_cast<int32_t>(text.size());
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, size, c);
        if (length) *length = static_cast<std::size_t>(i) - at;
        return c;
    }

    bool letter_at(std::size_t at) const {
        UChar32 c = code_point(at);
        return c >= 0 && (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0);
    }

    // Skips a run of white space holding at most one line break, so a date or
    // dateline may wrap but never reaches across a blank line. Returns the bytes skipped.
    std::size_t skip_space() {
        const std::size_t start = pos;
        int line_breaks = 0;
        while (!at_end()) {
            std::size_t length = 0;
            UChar32 c = code_point(pos, &length);
            if (c < 0 || !(u_isUWhiteSpace(c) || c == 0xFEFF)) break;
            if (c == '\n' && ++line_breaks > 1) break;
            pos += length;
        }
        return pos - start;
    }

    std::size_t digit_run() const {
        std::size_t n = 0;
        while (is_digit(peek(n))) ++n;
        return n;
    }

    // A number of `min_digits` to `max_digits` digits, not followed by another digit.
    std::optional<int> number(std::size_t min_digits, std::size_t max_digits) {
        const std::size_t n = digit_run();
        if (n < min_digits || n > max_digits) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < n; ++i) value = value * 10 + (text[pos + i] - '0');
        pos += n;
        return value;
    }

    // The run of ASCII letters at pos, lower-cased, if it is a whole word (not
    // followed by more letters of any script). Does not consume.
    std::string ascii_word() const {
        std::string word;
        std::size_t n = 0;
        while (is_ascii_letter(peek(n))) word += ascii_lower(peek(n++));
        if (letter_at(pos + n)) return {};
        return word;
    }
};

// English month names, full or three letters ("Sept" too), any case, an
// optional trailing period: "July", "JUL", "Jul.", "Sept.". Returns 1-12 or 0.
int read_month_name(Cursor& c) {
    static constexpr std::array<std::string_view, 12> names = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    const std::string word = c.ascii_word();
    if (word.size() < 3) return 0;
    int month = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (word == names[i] || word == names[i].substr(0, 3)) month = static_cast<int>(i) + 1;
    }
    if (word == "sept") month = 9;
    if (month == 0) return 0;
    c.pos += word.size();
    c.eat('.');
    return month;
}

// A weekday name as RFC 2822 and many feeds put before the date ("Thu, ", "Thursday ").
bool skip_weekday(Cursor& c) {
    static constexpr std::array<std::string_view, 7> names = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    const std::string word = c.ascii_word();
    bool is_weekday = word == "tues" || word == "thur" || word == "thurs" || word == "weds";
    for (std::string_view name : names) {
        if (word == name || (word.size() == 3 && word == name.substr(0, 3))) is_weekday = true;
    }
    if (!is_weekday) return false;
    Cursor after = c;
    after.pos += word.size();
    after.eat('.');
    const bool comma = after.eat(',');
    if (after.skip_space() == 0 && !comma) return false;
    c = after;
    return true;
}

// "st", "nd", "rd" or "th" after a day number, not followed by a letter.
void skip_ordinal_suffix(Cursor& c) {
    const std::string word = c.ascii_word();
    if (word == "st" || word == "nd" || word == "rd" || word == "th") c.pos += 2;
}

std::optional<int> read_year(Cursor& c) {
    Cursor attempt = c;
    auto year = attempt.number(4, 4);
    if (!year) return std::nullopt;
    c = attempt;
    return year;
}

// Two numbers before a year, as in "04/07/2024": see the rule beside parse_date.
std::optional<WrittenDate> day_month_from_numbers(int first, int second, int year) {
    if (first > 12 && second > 12) return std::nullopt;
    if (second > 12) return WrittenDate{year, first, second};
    return WrittenDate{year, second, first};
}

// All-numeric dates: "20240704", "2024-07-04", "2024/07/04", "2024.07.04",
// "04/07/2024", "4.7.2024", "07-24-2024".
std::optional<WrittenDate> read_numeric_date(Cursor& c) {
    Cursor at = c;
    const std::size_t run = at.digit_run();
    if (run == 8) {
        const std::string_view digits = at.text.substr(at.pos, 8);
        auto value = [&](std::size_t from, std::size_t count) {
            int v = 0;
            for (std::size_t i = from; i < from + count; ++i) v = v * 10 + (digits[i] - '0');
            return v;
        };
        at.pos += 8;
        c = at;
        return WrittenDate{value(0, 4), value(4, 2), value(6, 2)};
    }
    if (run == 4) {
        const int year = *at.number(4, 4);
        const char separator = at.peek();
        if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
        at.pos++;
        auto month = at.number(1, 2);
        if (!month || !at.eat(separator)) return std::nullopt;
        auto day = at.number(1, 2);
        if (!day) return std::nullopt;
        c = at;
        return WrittenDate{year, *month, *day};
    }
    if (run == 1 || run == 2) {
        const int first = *at.number(1, 2);
        const char separator = at.peek();
        if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
        at.pos++;
        auto second = at.number(1, 2);
        if (!second || !at.eat(separator)) return std::nullopt;
        auto year = at.number(4, 4);
        if (!year) return std::nullopt;
        auto date = day_month_from_numbers(first, *second, *year);
        if (date) c = at;
        return date;
    }
    return std::nullopt;
}

// Day before month name: "4 July 2024", "4th July 2024", "4th of July, 2024",
// "04 Jul 2024", "26-FEB-1987", "4. July 2024", and without a year "4 July".
std::optional<WrittenDate> read_day_month_year(Cursor& c, bool year_optional) {
    Cursor at = c;
    auto day = at.number(1, 2);
    if (!day) return std::nullopt;
    skip_ordinal_suffix(at);
    char separator = ' ';
    if (at.eat('-')) {
        separator = '-';
    } else if (at.eat('/')) {
        separator = '/';
    } else {
        at.eat('.');
        if (at.skip_space() == 0) return std::nullopt;
        Cursor of = at;
        if (of.ascii_word() == "of") {
            of.pos += 2;
            if (of.skip_space() > 0) at = of;
        }
    }
    const int month = read_month_name(at);
    if (month == 0) return std::nullopt;
    WrittenDate date{0, month, *day};
    Cursor before_year = at;
    bool year_separated = false;
    if (separator == ' ') {
        const bool comma = at.eat(',');
        year_separated = at.skip_space() > 0 || comma;
    } else {
        year_separated = at.eat(separator);
    }
    auto year = year_separated ? read_year(at) : std::nullopt;
    if (year) {
        date.year = *year;
    } else {
        if (!year_optional) return std::nullopt;
        at = before_year;
    }
    c = at;
    return date;
}

// Month name before day: "July 4, 2024", "Jul. 4, 2024", "July 4th 2024",
// "JUL 4,2024", and without a year "July 4".
std::optional<WrittenDate> read_month_day_year(Cursor& c, bool year_optional) {
    Cursor at = c;
    const int month = read_month_name(at);
    if (month == 0) return std::nullopt;
    const bool period = at.text[at.pos - 1] == '.';
    if (at.skip_space() == 0 && !period) return std::nullopt;
    auto day = at.number(1, 2);
    if (!day) return std::nullopt;
    skip_ordinal_suffix(at);
    if (at.letter_at(at.pos)) return std::nullopt;
    WrittenDate date{0, month, *day};
    Cursor before_year = at;
    const bool comma = at.eat(',');
    const bool space = at.skip_space() > 0;
    auto year = comma || space ? read_year(at) : std::nullopt;
    if (year) {
        date.year = *year;
    } else {
        if (!year_optional) return std::nullopt;
        at = before_year;
    }
    c = at;
    return date;
}

std::optional<WrittenDate> read_date(Cursor& c, bool year_optional) {
    if (auto date = read_numeric_date(c)) return date;
    if (auto date = read_day_month_year(c, year_optional)) return date;
    return read_month_day_year(c, year_optional);
}

// A clock time: "09:30", "09:30:00", "15:01:01.79", "9:30 p.m.", and after a
// 'T' also the basic ISO form "093000".
bool read_time(Cursor& c, bool basic_allowed) {
    Cursor at = c;
    const std::size_t run = at.digit_run();
    if (basic_allowed && (run == 4 || run == 6)) {
        at.pos += run;
    } else {
        auto hour = at.number(1, 2);
        if (!hour || *hour > 24 || !at.eat(':')) return false;
        auto minute = at.number(2, 2);
        if (!minute || *minute > 59) return false;
        if (at.eat(':')) {
            auto second = at.number(2, 2);
            if (!second || *second > 60) return false;
        }
    }
    if ((at.peek() == '.' || at.peek() == ',') && is_digit(at.peek(1))) {
        at.pos++;
        while (is_digit(at.peek())) at.pos++;
    }
    Cursor before_meridiem = at;
    before_meridiem.skip_space();
    for (std::string_view marker : {"a.m.", "p.m.", "am", "pm", "A.M.", "P.M.", "AM", "PM"}) {
        Cursor meridiem = before_meridiem;
        if (meridiem.eat(marker) && !meridiem.letter_at(meridiem.pos)) {
            at = meridiem;
            break;
        }
    }
    c = at;
    return true;
}

// A time zone: "Z", "+05:00", "-0500", "+05", "GMT", "CEST", "(UTC)".
bool read_zone(Cursor& c) {
    Cursor at = c;
    if ((at.peek() == 'Z' || at.peek() == 'z') && !at.letter_at(at.pos + 1)) {
        c.pos++;
        return true;
    }
    if (at.peek() == '+' || at.peek() == '-') {
        at.pos++;
        const std::size_t run = at.digit_run();
        if (run == 2 && at.peek(2) == ':') {
            at.pos += 3;
            if (at.digit_run() != 2) return false;
            at.pos += 2;
        } else if (run == 2 || run == 4) {
            at.pos += run;
        } else {
            return false;
        }
        c = at;
        return true;
    }
    // Bare zone names are upper case, so "2024-07-04 foo" is not a date.
    const bool parenthesised = at.eat('(');
    std::size_t letters = 0;
    auto zone_char = [&](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (parenthesised && (is_ascii_letter(ch) || (ch == ' ' && letters > 0)));
    };
    while (zone_char(at.peek())) {
        at.pos++;
        letters++;
    }
    if (letters == 0 || (!parenthesised && (letters < 2 || letters > 5))) return false;
    if (parenthesised && !at.eat(')')) return false;
    if (!parenthesised && at.letter_at(at.pos)) return false;
    c = at;
    return true;
}

// What may follow a date in a metadata value: a time and a zone, both ignored.
bool read_time_and_zone(Cursor& c) {
    if (c.at_end()) return true;
    Cursor at = c;
    bool after_t = false;
    if ((at.peek() == 'T' || at.peek() == 't') && is_digit(at.peek(1))) {
        at.pos++;
        after_t = true;
    } else {
        at.eat(',');
        at.skip_space();
        // "July 4, 2024 at 9:30 a.m." as web pages write it.
        Cursor word = at;
        if (word.ascii_word() == "at") {
            word.pos += 2;
            if (word.skip_space() > 0 && is_digit(word.peek())) at = word;
        }
    }
    if (is_digit(at.peek())) {
        if (!read_time(at, after_t)) return false;
    } else if (after_t) {
        return false;
    }
    for (int zones = 0; zones < 2; ++zones) {
        Cursor zone = at;
        zone.skip_space();
        if (!read_zone(zone)) break;
        at = zone;
    }
    at.skip_space();
    if (!at.at_end()) return false;
    c = at;
    return true;
}

// Words that start a sentence rather than end a place ("On July 4 ...").
bool is_sentence_word(std::string_view lower_word) {
    static constexpr std::array<std::string_view, 18> words = {
        "on",    "in",     "at",      "by",      "since", "from", "until", "till", "before",
        "after", "during", "through", "between", "of",    "for",  "to",    "as",   "last"};
    for (std::string_view word : words) {
        if (word == lower_word) return true;
    }
    return false;
}

// Lower-case words that join the capitalised parts of a place name
// ("Dar es Salaam", "Rio de Janeiro", "Stratford upon Avon").
bool is_place_connector(std::string_view lower_word) {
    static constexpr std::array<std::string_view, 16> words = {
        "es", "de", "del", "la", "le", "les", "da", "do", "dos", "du", "al", "el", "am", "an", "upon", "on"};
    for (std::string_view word : words) {
        if (word == lower_word) return true;
    }
    return false;
}

// One word of a place name: letters of any script with accents, inner hyphens,
// apostrophes and periods ("Port-au-Prince", "N'Djamena", "ST.", "D.C.").
// With `capitalised`, the first letter must not be lower case (scripts without
// case count as capitalised). Returns the ASCII lower-case form of the word.
std::optional<std::string> read_place_word(Cursor& c, bool capitalised) {
    Cursor at = c;
    std::size_t length = 0;
    const UChar32 first = at.code_point(at.pos, &length);
    if (first < 0 || !u_isalpha(first) || (capitalised && u_islower(first))) return std::nullopt;
    if (!capitalised && !u_islower(first)) return std::nullopt;
    std::string lower;
    for (;;) {
        const UChar32 ch = at.code_point(at.pos, &length);
        if (ch < 0) break;
        if (u_isalpha(ch) || (U_GET_GC_MASK(ch) & U_GC_M_MASK) != 0) {
            if (ch < 0x80) lower += ascii_lower(static_cast<char>(ch));
            at.pos += length;
            continue;
        }
        const bool joiner = ch == '-' || ch == '\'' || ch == 0x2019 || ch == 0x2010;
        if (joiner && at.letter_at(at.pos + length)) {
            lower += '-';
            at.pos += length;
            continue;
        }
        if (ch == '.') {
            at.pos += length;
            continue;
        }
        break;
    }
    c = at;
    return lower;
}

// A news agency in brackets or slashes: "(Reuters)", "(AP)", "/PRNewswire/".
bool skip_agency(Cursor& c) {
    const char open = c.peek();
    if (open != '(' && open != '/') return false;
    const char close = open == '(' ? ')' : '/';
    const std::size_t end = c.text.find(close, c.pos + 1);
    if (end == std::string_view::npos || end == c.pos + 1 || end - c.pos > 60) return false;
    if (c.text.substr(c.pos, end - c.pos).find('\n') != std::string_view::npos) return false;
    c.pos = end + 1;
    return true;
}

// What ends a dateline: an optional agency, then "-", "--", an en or em dash, or ":".
bool read_dateline_separator(Cursor& c) {
    Cursor at = c;
    std::size_t space_before = at.skip_space();
    const bool agency = skip_agency(at);
    if (agency) space_before = at.skip_space();
    for (std::string_view dash : {"--", "\u2014", "\u2013", "\u2015", "\u2012", ":"}) {
        if (at.eat(dash)) {
            c = at;
            return true;
        }
    }
    if (at.peek() == '-') {
        at.pos++;
        // "July 4-5 talks" is a date range in a sentence, not a dateline.
        Cursor after = at;
        if (space_before == 0 && !agency && after.skip_space() == 0 && !after.at_end()) return false;
        c = at;
        return true;
    }
    return false;
}

// Defined below the public functions that use it.
std::optional<WrittenDate> find_written_dateline(std::string_view body);

}  // namespace

std::optional<CalendarDate> parse_date(std::string_view text) {
    Cursor c{text};
    c.skip_space();
    skip_weekday(c);
    auto written = read_date(c, /*year_optional=*/false);
    if (!written || !read_time_and_zone(c)) return std::nullopt;
    return valid_date(written->year, written->month, written->day);
}

std::optional<CalendarDate> find_dateline_date(std::string_view body, int year_if_missing) {
    const auto written = find_written_dateline(body);
    if (!written) return std::nullopt;
    const int year = written->year != 0 ? written->year : year_if_missing;
    if (year == 0) return std::nullopt;
    return valid_date(year, written->month, written->day);
}

std::optional<CalendarDate> find_dateline_date(std::string_view body, const DateEvidence& evidence) {
    const auto written = find_written_dateline(body);
    if (!written) return std::nullopt;
    if (written->year != 0) return valid_date(written->year, written->month, written->day);
    if (evidence.stated_year != 0) return valid_date(evidence.stated_year, written->month, written->day);
    if (!evidence.file_modified) return std::nullopt;
    const CalendarDate& modified = *evidence.file_modified;
    const bool later_in_year =
        written->month > modified.month || (written->month == modified.month && written->day > modified.day);
    return valid_date(modified.year - (later_in_year ? 1 : 0), written->month, written->day);
}

int stated_year(std::string_view text) {
    int found = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_digit(text[end])) ++end;
        if (end - i == 4) {
            const int year = std::stoi(std::string(text.substr(i, 4)));
            if (year >= kMinYear && year <= kMaxYear) {
                if (found != 0 && found != year) return 0;
                found = year;
            }
        }
        i = end;
    }
    return found;
}

namespace {

// The date of the dateline at the head of `body` as written (year 0 when it gives none).
std::optional<WrittenDate> find_written_dateline(std::string_view body) {
    std::size_t start = 0;
    for (Cursor skip{body}; !skip.at_end();) {
        // Leading blank lines count too, so skip white space without a line limit.
        const std::size_t skipped = skip.skip_space();
        if (skipped == 0) break;
        start = skip.pos;
    }
    std::size_t end = std::min(body.size(), start + kDatelineWindow);
    // Do not cut a character in half.
    while (end > start && end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;
    const std::string_view head = body.substr(start, end - start);

    Cursor c{head};
    int capitalised_words = 0;
    bool last_word_starts_sentence = false;
    bool agency_seen = false;
    while (!c.at_end()) {
        if (capitalised_words > 0 && !last_word_starts_sentence) {
            Cursor attempt = c;
            auto written = read_date(attempt, /*year_optional=*/true);
            if (written && read_dateline_separator(attempt)) return written;
        }
        if (agency_seen || capitalised_words == 4) return std::nullopt;

        std::optional<std::string> word = read_place_word(c, /*capitalised=*/true);
        if (word) {
            ++capitalised_words;
            last_word_starts_sentence = is_sentence_word(*word);
        } else if (capitalised_words > 0 && (word = read_place_word(c, /*capitalised=*/false)) &&
                   is_place_connector(*word)) {
            // A connector must be followed by another capitalised word.
            last_word_starts_sentence = true;
        } else {
            return std::nullopt;
        }

        const bool comma = c.eat(',');
        const bool space = c.skip_space() > 0;
        if (!comma && !space) return std::nullopt;
        if (!comma && skip_agency(c)) {
            agency_seen = true;
            c.skip_space();
        }
    }
    return std::nullopt;
}

}  // namespace

}  // namespace newsdex
