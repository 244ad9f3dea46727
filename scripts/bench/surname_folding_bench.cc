// The cost of the surname-folding pass (indexer/surname_folding.h) on an index
// built by newsdex-index:
//   surname_folding_bench INDEX [REPEAT]
// times the pass as a first run does it (every article looked at), as a run
// that wrote only the newest articles (those that entered the index in its
// last second) does it, and as a run with nothing new does it, each REPEAT
// times (default 3), inside a transaction that is cancelled: the index is left as it was.
#include "core/index_folder.h"
#include "core/index_layout.h"
#include "indexer/document_builder.h"
#include "indexer/surname_folding.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Timed {
    double seconds;
    newsdex::SurnameFoldingReport report;
};

enum class Mode { Everything, Newest, NothingNew };

// When the newest article entered the index (seconds since 1970).
std::string newest_entry(Xapian::Database& db) {
    double newest = 0;
    for (auto v = db.valuestream_begin(newsdex::layout::kIndexedAtSlot); v != db.valuestream_end(newsdex::layout::kIndexedAtSlot); ++v)
        newest = std::max(newest, Xapian::sortable_unserialise(*v));
    return std::to_string(static_cast<long long>(newest));
}

Timed time_pass(const std::string& generation, Mode mode) {
    std::vector<Xapian::WritableDatabase> shards{Xapian::WritableDatabase(generation, Xapian::DB_OPEN)};
    Xapian::WritableDatabase& db = shards.front();
    newsdex::DocumentBuilder builder(newsdex::layout::make_stemmer(db.get_metadata(newsdex::layout::kLanguageKey)));
    db.begin_transaction(false);
    if (mode == Mode::Everything) db.set_metadata(newsdex::kSurnameFoldingThroughKey, "");
    if (mode == Mode::Newest) db.set_metadata(newsdex::kSurnameFoldingThroughKey, newest_entry(db));
    const auto start = std::chrono::steady_clock::now();
    Timed timed{0, newsdex::fold_surnames_across_articles(shards, builder)};
    timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    db.cancel_transaction();
    return timed;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::fprintf(stderr, "usage: surname_folding_bench INDEX [REPEAT]\n");
        return 2;
    }
    const std::string generation = newsdex::index_folder::current_generation(argv[1]);
    const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    for (const Mode mode : {Mode::Everything, Mode::Newest, Mode::NothingNew}) {
        std::vector<double> seconds;
        newsdex::SurnameFoldingReport report;
        for (int i = 0; i < repeat; ++i) {
            const Timed timed = time_pass(generation.empty() ? argv[1] : generation, mode);
            seconds.push_back(timed.seconds);
            report = timed.report;
        }
        std::sort(seconds.begin(), seconds.end());
        std::printf("%s: median %.3f s (min %.3f, max %.3f) over %d; looked at %zu articles, %zu surnames; "
                    "%zu rewritten, %zu names folded, %zu unfolded\n",
                    mode == Mode::Everything ? "pass over every article (first run)"
                    : mode == Mode::Newest   ? "pass over the newest articles"
                                             : "pass with nothing new",
                    seconds[seconds.size() / 2],
                    seconds.front(), seconds.back(), repeat, report.articles_looked_at, report.surnames_checked,
                    report.articles_rewritten, report.names_folded, report.articles_unfolded);
    }
    return 0;
} catch (const Xapian::Error& e) {
    std::fprintf(stderr, "surname_folding_bench: %s\n", e.get_description().c_str());
    return 2;
} catch (const std::exception& e) {
    std::fprintf(stderr, "surname_folding_bench: %s\n", e.what());
    return 2;
}
