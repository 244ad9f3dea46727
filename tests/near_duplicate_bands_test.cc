// NearDuplicateBands, the indexer's in-memory stand-in for the band terms' posting lists.
#include "indexer/near_duplicate_bands.h"

#include "core/fnv1a.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace newsdex;

namespace {

// What a band other than the one a test sets holds: the same in every article.
std::string filler(std::size_t band) { return "filler-" + std::to_string(band); }

// A signature whose band `band` holds `bytes` (8 of them) and whose other bands hold their filler.
std::string signature_with(std::size_t band, const std::string& bytes) {
    std::string signature;
    for (std::size_t b = 0; b < kNearDuplicateBands; ++b) signature += b == band ? bytes : filler(b);
    return signature;
}

std::vector<Xapian::docid> found(const NearDuplicateBands& bands, std::size_t band, const std::string& bytes) {
    std::vector<Xapian::docid> docids;
    bands.find(band, fnv1a(bytes), SIZE_MAX, docids);
    return docids;
}

}  // namespace

TEST_CASE("a band's articles come in docid order, whatever order they came in; removed ones are gone") {
    NearDuplicateBands bands;
    const std::string story = signature_with(3, "harbour!");
    for (Xapian::docid docid : {5u, 2u, 9u}) bands.add(docid, story);
    bands.add(7, signature_with(3, "railway!"));
    CHECK(found(bands, 3, "harbour!") == std::vector<Xapian::docid>{2, 5, 9});
    CHECK(found(bands, 3, "railway!") == std::vector<Xapian::docid>{7});
    CHECK(found(bands, 0, filler(0)) == std::vector<Xapian::docid>{2, 5, 7, 9});  // every article's other bands agree
    CHECK(found(bands, 2, "harbour!").empty());
    std::vector<Xapian::docid> first_two;
    bands.find(0, fnv1a(filler(0)), 2, first_two);
    CHECK(first_two == std::vector<Xapian::docid>{2, 5});

    bands.remove(5, story);
    bands.add(2, story);     // already there: once
    bands.remove(8, story);  // never there: nothing
    CHECK(found(bands, 3, "harbour!") == std::vector<Xapian::docid>{2, 9});
    CHECK(found(bands, 0, filler(0)) == std::vector<Xapian::docid>{2, 7, 9});
}

TEST_CASE("an article without a signature long enough has no bands") {
    NearDuplicateBands bands;
    bands.add(1, "");
    bands.add(2, signature_with(0, filler(0)).substr(1));
    CHECK(found(bands, 0, filler(0)).empty());
    CHECK(!band_hashes(std::string(63, '.')));
}

TEST_CASE("bands meet on the low 32 bits of their hash, as short band terms did") {
    // Two band values whose FNV-1a hashes differ and agree on their low 32 bits (found by search).
    const std::string a = "00305081", b = "00951190";
    REQUIRE(fnv1a(a) != fnv1a(b));
    REQUIRE((fnv1a(a) & 0xFFFFFFFFu) == (fnv1a(b) & 0xFFFFFFFFu));
    NearDuplicateBands bands;
    bands.add(1, signature_with(0, a));
    bands.add(2, signature_with(0, b));
    CHECK(found(bands, 0, a) == std::vector<Xapian::docid>{1, 2});
    CHECK(band_hashes(signature_with(0, b))->at(0) == fnv1a(b));  // what a caller comparing 64 bits checks
}

TEST_CASE("a table grown and shrunk by thousands of articles answers as a plain map would") {
    // Band 5 takes one of many values, some shared; the other bands one value each, so that
    // runs of used slots are long, wrap around the table's end, and removals shift entries back across them.
    std::mt19937 random(16);
    const std::size_t kValues = 5000;
    auto bytes_of = [](std::size_t value) { return "band" + std::to_string(1000 + value); };
    NearDuplicateBands bands;
    std::map<Xapian::docid, std::size_t> value_of;  // the articles in the table, and their band value
    for (int step = 0; step < 30000; ++step) {
        const Xapian::docid docid = 1 + random() % 3000;
        const std::size_t value = random() % kValues;
        auto there = value_of.find(docid);
        if (there != value_of.end() && random() % 4 == 0) {
            bands.remove(docid, signature_with(5, bytes_of(there->second)));
            value_of.erase(there);
        } else if (there == value_of.end()) {
            bands.add(docid, signature_with(5, bytes_of(value)));
            value_of[docid] = value;
        }
        if (step % 2999 != 0 && step != 29999) continue;
        std::map<std::size_t, std::vector<Xapian::docid>> expected;
        std::vector<Xapian::docid> all;
        for (const auto& [d, held] : value_of) {
            expected[held].push_back(d);
            all.push_back(d);
        }
        for (std::size_t v = 0; v < kValues; ++v) REQUIRE(found(bands, 5, bytes_of(v)) == expected[v]);
        // Seven runs of one hash each, over half of their table: most wrap around its end.
        for (std::size_t band = 0; band < kNearDuplicateBands; ++band) {
            if (band != 5) REQUIRE(found(bands, band, filler(band)) == all);
        }
    }
    CHECK(value_of.size() > 2000);
}
