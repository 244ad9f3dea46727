// newsdex-serve under load while the index is written: tens of concurrent
// clients on loopback, an indexer committing batches meanwhile. No request
// may fail, and no search may see part of a batch.
#include "serve_process.h"
#include "test_support.h"

#include <newsdex/index.h>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

using newsdex::testing::ServeProcess;

namespace {

constexpr std::size_t kClients = 24;
constexpr std::size_t kBatches = 12;          // commits while the clients run
constexpr std::size_t kBatchArticles = 25;    // articles per commit
constexpr std::size_t kRequestsPerClient = 40;  // at least, and until the indexer is done

// A word only batch k's articles have: "loadmark" and k in letters.
std::string batch_word(std::size_t k) {
    std::string word = "loadmark";
    do {
        word += static_cast<char>('a' + k % 26);
        k /= 26;
    } while (k > 0);
    return word;
}

void add_batch(newsdex::Indexer& indexer, std::size_t k) {
    static const char* const topics[] = {"harbour", "grain", "railway", "election", "drought"};
    for (std::size_t i = 0; i < kBatchArticles; ++i) {
        newsdex::Article a;
        a.path = "batch-" + std::to_string(k) + "/article-" + std::to_string(i) + ".txt";
        a.title = "Report " + std::to_string(i) + " on the " + topics[i % 5];
        a.body = "The " + std::string(topics[(i + k) % 5]) + " story " + batch_word(k) + " number " + std::to_string(i) +
                 " of batch " + std::to_string(k) + ", filed with the " + topics[i % 5] + " desk.";
        a.date = "2024-0" + std::to_string(1 + k % 9) + "-1" + std::to_string(i % 10);
        indexer.add(a);
    }
    indexer.commit();
}

}  // namespace

TEST_CASE("tens of clients while the indexer commits: no failed request, no half-committed batch") {
    TempDir dir;
    const std::string db = dir / "index";
    newsdex::IndexOptions options;
    options.batch_size = 1000000;  // commit only when the test says so
    options.extract_fields = false;
    newsdex::Indexer indexer(db, options);
    add_batch(indexer, 0);
    ServeProcess server({"--db", db, "--threads", "2", "--connections", "64"});

    std::atomic<std::size_t> committed{0};  // batches 1..committed are in the index
    std::atomic<bool> indexing_done{false};
    std::atomic<std::size_t> requests{0}, failures{0}, partial_batches{0}, whole_batches_seen{0}, uneven_totals{0};
    std::mutex failure_mutex;
    std::string first_failure;
    auto fail = [&](const std::string& what) {
        ++failures;
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (first_failure.empty()) first_failure = what;
    };

    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            std::mt19937 random(static_cast<unsigned>(c));
            httplib::Client client("127.0.0.1", server.port());
            client.set_read_timeout(30, 0);
            for (std::size_t n = 0; n < kRequestsPerClient || !indexing_done; ++n) {
                ++requests;
                if (n % 8 == 7) {
                    const auto page = client.Get("/?q=harbour");
                    if (!page || page->status != 200) fail("page: " + (page ? std::to_string(page->status) : "no answer"));
                    continue;
                }
                if (n % 8 == 3) {
                    const auto stats = client.Get("/api/stats");
                    if (!stats || stats->status != 200) {
                        fail("stats: " + (stats ? std::to_string(stats->status) : "no answer"));
                        continue;
                    }
                    const auto articles = nlohmann::json::parse(stats->body)["articles"].get<std::size_t>();
                    if (articles % kBatchArticles != 0) ++uneven_totals;
                    continue;
                }
                // A batch already committed, or the one being written: all of it or nothing.
                const std::size_t k = 1 + random() % (committed + 1);
                const auto result = client.Get("/api/search?q=" + batch_word(k) + "&collapse=0&facets=1&limit=5");
                if (!result || result->status != 200) {
                    fail("search: " + (result ? std::to_string(result->status) + " " + result->body : "no answer"));
                    continue;
                }
                const auto total = nlohmann::json::parse(result->body)["estimated_total"].get<std::size_t>();
                if (total == kBatchArticles) ++whole_batches_seen;
                else if (total != 0) ++partial_batches;
            }
        });
    }
    for (std::size_t k = 1; k <= kBatches; ++k) {
        add_batch(indexer, k);
        committed = k;
    }
    indexing_done = true;
    for (auto& client : clients) client.join();

    INFO("first failure: " << first_failure);
    INFO("server log: " << server.log());
    CHECK(failures == 0);
    CHECK(partial_batches == 0);
    CHECK(uneven_totals == 0);
    CHECK(whole_batches_seen > 0);  // not vacuous: searches did see committed batches
    CHECK(requests >= kClients * kRequestsPerClient);
    MESSAGE(requests.load() << " requests from " << kClients << " clients during " << kBatches << " commits");
}
