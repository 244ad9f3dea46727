// Dates in metadata and datelines at the head of a body.
#include "fuzz_input.h"
#include "indexer/publication_date.h"

namespace {

void check_date(const newsdex::CalendarDate& date) {
    NEWSDEX_FUZZ_CHECK(date.year >= 1800 && date.year <= 2100);
    NEWSDEX_FUZZ_CHECK(date.month >= 1 && date.month <= 12);
    NEWSDEX_FUZZ_CHECK(date.day >= 1 && date.day <= 31);
    NEWSDEX_FUZZ_CHECK(date.iso().size() == 10);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Metadata values reach parse_date as found in the file, before any repair.
    const std::string_view raw = newsdex::fuzz::bytes_of(data, size);
    if (auto date = newsdex::parse_date(raw)) check_date(*date);
    const std::string text = newsdex::fuzz::text_of(data, size);
    if (auto date = newsdex::parse_date(text)) check_date(*date);
    if (auto date = newsdex::find_dateline_date(text)) check_date(*date);
    if (auto date = newsdex::find_dateline_date(text, 2024)) check_date(*date);
    return 0;
}
