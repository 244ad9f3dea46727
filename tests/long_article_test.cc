// A very long article (a 49 MiB file once took 3.6 s and 624 MB to show):
// its snippet is built a chunk at a time, in memory that does not grow with
// the article, and still shows the matched words wherever they are.
#include "core/index_layout.h"
#include "query/snippet.h"

#include <doctest/doctest.h>

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

namespace {

// Bytes allocated through operator new now and at most since reset_peak():
// how much memory a call needed, without timing anything.
std::atomic<std::size_t> allocated{0}, peak{0};

void note_allocation(std::size_t bytes) {
    const std::size_t now = allocated += bytes;
    std::size_t seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
}

void reset_peak() { peak = allocated.load(); }

}  // namespace

// malloc knows each block's size, so delete can count what it frees.
// (GCC sees free() in a replacement operator delete as a mismatch; it is the point here.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t bytes) {
    void* block = std::malloc(bytes ? bytes : 1);
    if (!block) throw std::bad_alloc();
    note_allocation(malloc_usable_size(block));
    return block;
}

void operator delete(void* pointer) noexcept {
    if (!pointer) return;
    allocated -= malloc_usable_size(pointer);
    std::free(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept { operator delete(pointer); }
#pragma GCC diagnostic pop

namespace {

newsdex::MatchKeys keys_for(std::initializer_list<const char*> words) {
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    newsdex::MatchKeys keys;
    for (const char* word : words) {
        keys.exact.insert(word);
        keys.stems.insert(stemmer(word));
    }
    return keys;
}

// About `bytes` of ordinary English prose, none of it a query word below.
std::string long_text(std::size_t bytes) {
    const std::string sentence = "The committee met again on Tuesday and discussed the budget for the coming year. ";
    std::string text;
    text.reserve(bytes + sentence.size());
    while (text.size() < bytes) text += sentence;
    return text;
}

}  // namespace

TEST_CASE("the snippet of a 16 MiB article needs memory that does not grow with the article") {
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    std::string text = long_text(16u << 20);
    text += "At the very end the harbour reopened.";
    const newsdex::MatchKeys keys = keys_for({"harbour"});
    reset_peak();
    const std::size_t before = allocated;
    const newsdex::Snippet snippet = newsdex::make_snippet(text, keys, stemmer, 200);
    const std::size_t needed = peak - before;
    // Holding every word's offsets at once took about 10 bytes per byte of text (160 MiB here).
    CHECK_MESSAGE(needed < (4u << 20), "the snippet needed " << needed << " bytes");
    CHECK(snippet.text.find("harbour reopened.") != std::string::npos);
    REQUIRE(snippet.highlights.size() == 1);
    CHECK(snippet.text.substr(snippet.highlights[0].begin, 7) == "harbour");
    CHECK(snippet.text.rfind("… ", 0) == 0);  // cut before: there is text before the window
}

TEST_CASE("in a long article a window across a chunk's edge is found whole, and an early match is enough") {
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    // Two query words 64 KiB into the text, where the first chunk ends.
    std::string text = long_text(64u * 1024 - 20);
    text += " the harbour and the lighthouse were repaired ";
    text += long_text(2u << 20);
    text += " harbour lighthouse harbour lighthouse harbour lighthouse";  // better, but beyond what is read
    const newsdex::Snippet snippet = newsdex::make_snippet(text, keys_for({"harbour", "lighthouse"}), stemmer, 200);
    CHECK(snippet.text.find("the harbour and the lighthouse were repaired") != std::string::npos);
    CHECK(snippet.highlights.size() == 2);
}

TEST_CASE("a long article without a match shows its start") {
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    const std::string text = long_text(1u << 20);
    const newsdex::Snippet snippet = newsdex::make_snippet(text, keys_for({"harbour"}), stemmer, 100);
    CHECK(snippet.text.rfind("The committee met again", 0) == 0);
    CHECK(snippet.highlights.empty());
    CHECK(snippet.text.size() < 200);
}

TEST_CASE("a long article without spaces (Chinese) is cut between characters, never inside one") {
    const Xapian::Stem stemmer = newsdex::layout::make_stemmer("english");
    std::string text;
    while (text.size() < (1u << 20)) text += "\xE4\xBC\x9A\xE8\xAE\xAE\xE5\x9C\xA8\xE6\x98\x8E\xE5\xA4\xA9";  // 会议在明天
    text += "\xE9\x98\xBF\xE6\x96\xAF\xE5\xA1\x94\xE7\xBA\xB3";  // 阿斯塔纳 (Astana), once, at the end
    newsdex::MatchKeys keys;
    keys.exact.insert("\xE9\x98\xBF");  // 阿
    const newsdex::Snippet snippet = newsdex::make_snippet(text, keys, stemmer, 60);
    REQUIRE(snippet.highlights.size() == 1);
    CHECK(snippet.text.substr(snippet.highlights[0].begin, 3) == "\xE9\x98\xBF");
    bool valid = true;
    for (std::size_t i = 0; i < snippet.text.size();) {
        const auto lead = static_cast<unsigned char>(snippet.text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        if (length == 0 || i + length > snippet.text.size()) {
            valid = false;
            break;
        }
        i += length;
    }
    CHECK(valid);
}
