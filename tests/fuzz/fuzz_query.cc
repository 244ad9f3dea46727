// The query side end to end over a small real index (the sample corpus):
// query text -> QueryBuilder -> Xapian match -> snippets, through Searcher.
// The query is given as raw bytes, as the shell passes argv to newsdex-query.
#include "fuzz_input.h"

#include <newsdex/error.h>
#include <newsdex/index.h>
#include <newsdex/search.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

namespace {

std::filesystem::path index_dir;
std::unique_ptr<newsdex::Searcher> searcher;

void remove_index() {
    searcher.reset();
    std::error_code ignored;
    std::filesystem::remove_all(index_dir, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char pattern[] = "/tmp/newsdex-fuzz-query-XXXXXX";
    if (!mkdtemp(pattern)) std::abort();
    index_dir = pattern;
    {
        newsdex::IndexOptions options;
        options.threads = 1;
        newsdex::Indexer indexer((index_dir / "index").string(), options);
        indexer.index_paths({std::string(NEWSDEX_SOURCE_DIR) + "/sample_corpus"});
    }
    searcher = std::make_unique<newsdex::Searcher>((index_dir / "index").string());
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    newsdex::SearchRequest request;
    request.sort = static_cast<newsdex::SortOrder>(data[0] % 3);
    request.facets = data[0] & 4;
    request.offset = (data[0] >> 3) & 3;
    request.limit = 3;
    request.snippet_chars = 40 + 8 * (data[0] >> 5);
    request.query.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const newsdex::SearchResults results = searcher->search(request);
        NEWSDEX_FUZZ_CHECK(results.hits.size() <= request.limit);
        for (const auto& hit : results.hits) {
            NEWSDEX_FUZZ_CHECK(newsdex::fuzz::is_valid_utf8(hit.snippet.text));
            for (const auto& highlight : hit.snippet.highlights) {
                NEWSDEX_FUZZ_CHECK(highlight.begin < highlight.end && highlight.end <= hit.snippet.text.size());
            }
        }
    } catch (const newsdex::QuerySyntaxError&) {
        // A query that cannot be parsed is reported to the user: the documented outcome.
    }
    return 0;
}
