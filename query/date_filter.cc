#include "query/date_filter.h"

#include "core/schema_table.h"

#include <newsdex/error.h>

#include <array>
#include <cstdio>
#include <optional>
#include <vector>

namespace newsdex {

namespace {

// The date terms and slot, as the schema lays them out.
std::string date_term(unsigned digits, const std::string& compact) {
    return std::string(schema_table::date_row(digits).term_prefix) + compact.substr(0, digits);
}

Xapian::valueno date_slot() { return schema_table::date_row(8).value_slot; }

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

const char* month_name(int month) {
    static constexpr std::array<const char*, 12> names = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    return names[static_cast<std::size_t>(month - 1)];
}

enum class Precision { Year, Month, Day };

// What one date in a filter names: a year, a month or a day.
struct DateSpan {
    int year = 0;
    int month = 0;  // 0 for a whole year
    int day = 0;    // 0 for a whole month or year
    Precision precision = Precision::Year;

    // The first and last day covered, as the value slot writes them ("YYYYMMDD").
    std::string first_day() const { return compact(month ? month : 1, day ? day : 1); }
    std::string last_day() const {
        const int last_month = month ? month : 12;
        return compact(last_month, day ? day : days_in_month(year, last_month));
    }

    std::string compact(int m, int d) const {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, m, d);
        return buffer;
    }
};

// A run of `min_count` to `max_count` digits at the start of `text`, consumed.
std::optional<int> take_digits(std::string_view& text, std::size_t min_count, std::size_t max_count) {
    std::size_t n = 0;
    while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
    if (n < min_count || n > max_count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) value = value * 10 + (text[i] - '0');
    text.remove_prefix(n);
    return value;
}

// "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYYMMDD", "YYYY/MM", "YYYY/MM/DD". On a
// failure, `problem` may say what is impossible about an otherwise well-formed date.
std::optional<DateSpan> parse_span(std::string_view text, std::string& problem) {
    DateSpan span;
    std::string_view rest = text;
    if (auto compact = take_digits(rest, 8, 8)) {
        span.year = *compact / 10000;
        span.month = *compact / 100 % 100;
        span.day = *compact % 100;
        span.precision = Precision::Day;
    } else {
        auto year = take_digits(rest, 4, 4);
        if (!year) return std::nullopt;
        span.year = *year;
        if (!rest.empty()) {
            const char separator = rest.front();
            if (separator != '-' && separator != '/') return std::nullopt;
            rest.remove_prefix(1);
            auto month = take_digits(rest, 1, 2);
            if (!month) return std::nullopt;
            span.month = *month;
            span.precision = Precision::Month;
            if (!rest.empty()) {
                if (rest.front() != separator) return std::nullopt;
                rest.remove_prefix(1);
                auto day = take_digits(rest, 1, 2);
                if (!day) return std::nullopt;
                span.day = *day;
                span.precision = Precision::Day;
            }
        }
    }
    if (!rest.empty()) return std::nullopt;
    if (span.year == 0) {
        problem = "there is no year 0";
        return std::nullopt;
    }
    if (span.precision != Precision::Year && (span.month < 1 || span.month > 12)) {
        problem = "there is no month " + std::to_string(span.month);
        return std::nullopt;
    }
    if (span.precision == Precision::Day && (span.day < 1 || span.day > days_in_month(span.year, span.month))) {
        problem = std::string(month_name(span.month)) + " " + std::to_string(span.year) + " has " +
                  std::to_string(days_in_month(span.year, span.month)) + " days";
        return std::nullopt;
    }
    return span;
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string forms_hint(std::string_view field) {
    const std::string f(field);
    return "use " + f + ":YYYY, " + f + ":YYYY-MM, " + f + ":YYYY-MM-DD or a range " + f + ":FROM..TO";
}

[[noreturn]] void not_a_date(std::string_view field, std::string_view text, const std::string& problem) {
    std::string message = std::string(field) + ":" + std::string(text) + " is not a date";
    if (!problem.empty()) message += " (" + problem + ")";
    throw QuerySyntaxError(message + "; " + forms_hint(field));
}

Xapian::Query single_date_query(const DateSpan& span) {
    std::string term;
    switch (span.precision) {
        case Precision::Day:
            term = date_term(8, span.first_day());
            break;
        case Precision::Month:
            term = date_term(6, span.first_day());
            break;
        case Precision::Year:
            term = date_term(4, span.first_day());
            break;
    }
    return Xapian::Query(term);
}

// A closed range over more years than this is matched on the value slot, not
// by calendar terms: date:1000..3000 was an OR of 2,000 year terms that took a
// second on the BBC corpus (2,225 articles), so long spans would let one
// request hold a server's search thread; no news archive has centuries of dates.
constexpr int kMaxCalendarTermYears = 100;

// The days from `first` to `last` ("YYYYMMDD", inclusive) as the fewest year,
// month and day terms: a boolean OR of postings, which Xapian intersects with
// the words far faster than it checks every candidate's date value.
Xapian::Query calendar_terms(const std::string& first, const std::string& last) {
    int year = std::stoi(first.substr(0, 4)), month = std::stoi(first.substr(4, 2)), day = std::stoi(first.substr(6, 2));
    if (std::stoi(last.substr(0, 4)) - year >= kMaxCalendarTermYears) {
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, date_slot(), first, last);
    }
    auto compact = [](int y, int m, int d) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d%02d%02d", y, m, d);
        return std::string(text);
    };
    // Dates compare as numbers: as strings, the day after 9999-12-31 ("100000101")
    // sorted before it, and date:2000..9999 looped for ever, adding terms.
    const long last_day = std::stol(last);
    const auto number = [](int y, int m, int d) { return y * 10000L + m * 100L + d; };
    std::vector<Xapian::Query> terms;
    while (number(year, month, day) <= last_day) {
        if (day == 1 && month == 1 && number(year, 12, 31) <= last_day) {
            terms.emplace_back(date_term(4, compact(year, 1, 1)));
            ++year;
        } else if (day == 1 && number(year, month, days_in_month(year, month)) <= last_day) {
            terms.emplace_back(date_term(6, compact(year, month, 1)));
            if (++month > 12) month = 1, ++year;
        } else {
            terms.emplace_back(date_term(8, compact(year, month, day)));
            if (++day > days_in_month(year, month)) {
                day = 1;
                if (++month > 12) month = 1, ++year;
            }
        }
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query range_query(std::string_view field, std::string_view text, std::string_view from_text,
                          std::string_view to_text) {
    const std::string f(field);
    if (from_text.empty() && to_text.empty()) {
        throw QuerySyntaxError(f + ":.. needs a date on at least one side; " + forms_hint(field));
    }
    auto endpoint = [&](std::string_view part) {
        std::string problem;
        auto span = parse_span(part, problem);
        if (!span) {
            std::string message = f + ":" + std::string(text) + ": \"" + std::string(part) + "\" is not a date";
            if (!problem.empty()) message += " (" + problem + ")";
            throw QuerySyntaxError(message + "; a range is " + f + ":FROM..TO where FROM and TO are YYYY, " +
                                   "YYYY-MM or YYYY-MM-DD and either may be left out");
        }
        return *span;
    };
    std::optional<DateSpan> from, to;
    if (!from_text.empty()) from = endpoint(from_text);
    if (!to_text.empty()) to = endpoint(to_text);

    // "YYYYMMDD" strings compare as the dates they stand for.
    if (from && to) {
        if (from->first_day() > to->last_day()) {
            throw QuerySyntaxError(f + ":" + std::string(text) + " ends before it starts; put the earlier date first: " +
                                   f + ":" + std::string(to_text) + ".." + std::string(from_text));
        }
        return calendar_terms(from->first_day(), to->last_day());
    }
    if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, date_slot(), from->first_day());
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, date_slot(), to->last_day());
}

}  // namespace

Xapian::Query date_filter_query(std::string_view text, std::string_view field_name) {
    text = trim(text);
    const std::size_t dots = text.find("..");
    if (dots != std::string_view::npos) {
        return range_query(field_name, text, text.substr(0, dots), text.substr(dots + 2));
    }
    std::string problem;
    auto span = parse_span(text, problem);
    if (!span) not_a_date(field_name, text, problem);
    return single_date_query(*span);
}

Xapian::Query DateFilter::operator()(const std::string& text) { return date_filter_query(text, field_name_); }

}  // namespace newsdex
