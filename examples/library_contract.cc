// What a long-lived program embedding newsdex relies on (issue 14), checked
// against an installed newsdex:
//   1. reopen() after a run that compacted and swapped the index sees the new
//      index whole (as a Searcher opened afresh does);
//   2. results name the commit they came from, and say when the Searcher moved;
//   3. reopen() does not fail while an Indexer commits;
//   4. one Searcher may be shared by threads.
//   library_contract WORK_DIR SAMPLE_CORPUS_DIR
// Prints one line per promise kept; exit status 1 at the first one broken.
#include <newsdex/newsdex.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

void require(bool kept, const std::string& what) {
    if (!kept) {
        std::cerr << "library_contract: broken: " << what << "\n";
        std::exit(1);
    }
}

newsdex::SearchRequest request_for(const std::string& query) {
    newsdex::SearchRequest request;
    request.query = query;
    return request;
}

std::string answer(newsdex::Searcher& searcher, const std::string& query) {
    newsdex::SearchRequest request;
    request.query = query;
    request.limit = 50;
    const newsdex::SearchResults results = searcher.search(request);
    std::string summary = std::to_string(results.estimated_total);
    for (const newsdex::Hit& hit : results.hits) summary += "\n" + hit.article.path;
    return summary;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 3) {
        std::cerr << "usage: library_contract WORK_DIR SAMPLE_CORPUS_DIR\n";
        return 2;
    }
    const std::string db = std::string(argv[1]) + "/contract-index";
    const std::string corpus = argv[2];
    const std::vector<std::string> queries = {"putin", "SCO Astana Putin", "title:summit"};

    newsdex::Indexer(db).index_paths({corpus + "/world/sco-leaders-gather-in-astana.txt"});
    newsdex::Searcher reader(db);
    const newsdex::SearchResults first = reader.search(request_for("putin"));
    require(first.hits.size() == 1 && !first.index_version.empty(), "a one-article index finds its article");

    // 1. A compacting run swaps the index folder under the open reader.
    const newsdex::IndexReport report = newsdex::Indexer(db).index_paths({corpus});
    require(report.compacted, "the second run compacts the index");
    reader.reopen();
    newsdex::Searcher fresh(db);
    for (const std::string& query : queries) {
        require(answer(reader, query) == answer(fresh, query), "after reopen, '" + query + "' finds what a new Searcher finds");
    }
    std::cout << "1. reopen after a compacting run: same answers as a new Searcher\n";

    // 2. Results name their commit.
    const newsdex::SearchResults after = reader.search(request_for("putin"));
    require(after.index_version != first.index_version && !after.reopened, "results name the commit they came from");
    require(after.index_version == fresh.search(request_for("putin")).index_version,
            "two Searchers at the same commit name it alike");
    std::cout << "2. results name their commit (" << after.index_version << ")\n";

    // 3. reopen() while an Indexer commits, article by article.
    std::atomic<bool> writing{true};
    std::thread writer([&] {
        newsdex::IndexOptions options;
        options.batch_size = 1;
        newsdex::Indexer indexer(db, options);
        for (int n = 0; n < 60; ++n) {
            newsdex::Article article;
            article.path = std::string(argv[1]) + "/notice-" + std::to_string(n) + ".txt";
            article.title = "Harbour notice " + std::to_string(n);
            article.body = "The harbour master posted a notice about berth works.";
            indexer.add(article);
        }
        writing = false;
    });
    int reopens = 0;
    while (writing) {
        reader.reopen();
        ++reopens;
    }
    writer.join();
    reader.reopen();
    require(reader.document_count() == fresh.document_count() + 60, "reopen sees the writer's last commit");
    std::cout << "3. " << reopens << " reopens while an Indexer committed, none failed\n";

    // 4. Threads share the Searcher and get the answers one thread gets.
    std::vector<std::string> expected;
    for (const std::string& query : queries) expected.push_back(answer(reader, query));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 30; ++i) {
                const std::size_t which = static_cast<std::size_t>(t + i) % queries.size();
                if (answer(reader, queries[which]) != expected[which]) ++wrong;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    require(wrong == 0, "threads sharing one Searcher get one thread's answers");
    std::cout << "4. 4 threads x 30 searches on one Searcher: same answers as one thread\n";
    return 0;
} catch (const newsdex::Error& e) {
    std::cerr << "library_contract: " << e.what() << "\n";
    return 1;
}
