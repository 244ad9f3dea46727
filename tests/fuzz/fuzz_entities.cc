// People and places found in an article's text (PersonFinder, PlaceGazetteer).
#include "fuzz_input.h"

#include <newsdex/extract.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = newsdex::fuzz::text_of(data, size);
    const newsdex::Entities entities = newsdex::extract_entities(text);
    std::size_t previous_begin = 0;
    for (const auto& mention : entities.mentions) {
        NEWSDEX_FUZZ_CHECK(mention.begin < mention.end && mention.end <= text.size());
        NEWSDEX_FUZZ_CHECK(mention.begin >= previous_begin);
        previous_begin = mention.begin;
        NEWSDEX_FUZZ_CHECK(!mention.canonical.empty() && newsdex::fuzz::is_valid_utf8(mention.canonical));
    }
    for (const auto& list : {entities.people, entities.places, entities.implied_places}) {
        for (const auto& name : list) NEWSDEX_FUZZ_CHECK(newsdex::fuzz::is_valid_utf8(name));
    }
    return 0;
}
