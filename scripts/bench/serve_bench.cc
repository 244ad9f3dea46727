// serve_bench: measurements for scripts/bench-serve, the same queries two ways:
//   inprocess  the library's Searcher in this process, one query at a time
//              (the request the API makes: top 10, the sort and facets asked)
//   http       GET /api/search on a running newsdex-serve from --clients
//              threads, each with its own keep-alive connection, for --seconds
//
// usage:
//   serve_bench inprocess --db DB --queries TSV [--reps N]
//   serve_bench http --port P --queries TSV [--clients N] [--seconds S] [--reps N]
//     TSV lines: class <TAB> mode(relevance|newest|facets) <TAB> query (further fields ignored)
//     http with --reps N: each client sends the whole list N times instead of running for --seconds.
//   Prints one JSON object: n, errors, seconds, requests_per_s, p50, p95, p99, mean (ms);
//   http adds server_p50, server_p95: the answers' took_ms (time inside the server).
#include <newsdex/search.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
    std::string mode;
    std::string text;
};

std::vector<Query> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<Query> queries;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto first = line.find('\t');
        const auto second = line.find('\t', first + 1);
        if (first == std::string::npos || second == std::string::npos) throw std::runtime_error("query file: need class, mode, query");
        const auto third = line.find('\t', second + 1);
        queries.push_back({line.substr(first + 1, second - first - 1),
                           line.substr(second + 1, third == std::string::npos ? std::string::npos : third - second - 1)});
    }
    return queries;
}

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

// `server_ms`: the took_ms of each answer (time inside the server), when measured over HTTP.
void print(const std::vector<double>& ms, std::size_t errors, double seconds, const std::vector<double>& server_ms = {}) {
    double mean = 0;
    for (double x : ms) mean += x;
    if (!ms.empty()) mean /= static_cast<double>(ms.size());
    std::printf("{\"n\": %zu, \"errors\": %zu, \"seconds\": %.3f, \"requests_per_s\": %.1f, \"p50\": %.4f, "
                "\"p95\": %.4f, \"p99\": %.4f, \"mean\": %.4f",
                ms.size(), errors, seconds, seconds > 0 ? static_cast<double>(ms.size()) / seconds : 0.0,
                percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), mean);
    if (!server_ms.empty()) {
        std::printf(", \"server_p50\": %.4f, \"server_p95\": %.4f", percentile(server_ms, 0.50), percentile(server_ms, 0.95));
    }
    std::printf("}\n");
}

// The number after "took_ms": in an API answer (the last field), or -1.
double took_ms(const std::string& body) {
    const auto at = body.rfind("\"took_ms\":");
    return at == std::string::npos ? -1 : std::atof(body.c_str() + at + 10);
}

int inprocess(const std::map<std::string, std::string>& opt, const std::vector<Query>& queries) {
    const int reps = opt.count("reps") ? std::atoi(opt.at("reps").c_str()) : 10;
    newsdex::Searcher searcher(opt.at("db"));
    std::vector<double> ms;
    std::size_t errors = 0;
    auto start = Clock::now();
    for (int rep = -1; rep < reps; ++rep) {  // one warm-up pass
        if (rep == 0) start = Clock::now();
        for (const Query& q : queries) {
            newsdex::SearchRequest request;
            request.query = q.text;
            request.sort = q.mode == "newest" ? newsdex::SortOrder::Newest : newsdex::SortOrder::Relevance;
            request.facets = q.mode == "facets";
            const auto t0 = Clock::now();
            try {
                searcher.search(request);
            } catch (const std::exception& e) {
                ++errors;
                if (rep == 0) std::cerr << "inprocess: " << q.text << ": " << e.what() << '\n';
            }
            if (rep >= 0) ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
    }
    print(ms, errors, std::chrono::duration<double>(Clock::now() - start).count());
    return 0;
}

int http(const std::map<std::string, std::string>& opt, const std::vector<Query>& queries) {
    const int port = std::atoi(opt.at("port").c_str());
    const int clients = opt.count("clients") ? std::atoi(opt.at("clients").c_str()) : 1;
    const double seconds = opt.count("seconds") ? std::atof(opt.at("seconds").c_str()) : 5;
    const int reps = opt.count("reps") ? std::atoi(opt.at("reps").c_str()) : 0;
    std::vector<std::string> targets;
    for (const Query& q : queries) {
        targets.push_back("/api/search?q=" + url_encode(q.text) + (q.mode == "newest" ? "&sort=newest" : "") +
                          (q.mode == "facets" ? "&facets=1" : ""));
    }
    {  // warm-up: every query once
        httplib::Client client("127.0.0.1", port);
        for (const auto& target : targets) client.Get(target);
    }
    std::mutex mutex;
    std::vector<double> ms, server_ms;
    std::atomic<std::size_t> errors{0};
    std::atomic<bool> stop{false};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            client.set_read_timeout(60, 0);
            std::vector<double> mine, mine_server;
            const std::size_t total = reps > 0 ? static_cast<std::size_t>(reps) * targets.size() : SIZE_MAX;
            for (std::size_t i = 0; i < total && !stop; ++i) {
                const auto& target = targets[(i + static_cast<std::size_t>(c) * 7) % targets.size()];
                const auto t0 = Clock::now();
                const auto result = client.Get(target);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (result && result->status == 200) mine_server.push_back(took_ms(result->body));
                if (!result || result->status != 200) {
                    if (errors++ == 0) {
                        std::cerr << "http: " << target << ": "
                                  << (result ? std::to_string(result->status) + " " + result->body : httplib::to_string(result.error()))
                                  << '\n';
                    }
                }
            }
            std::lock_guard<std::mutex> lock(mutex);
            ms.insert(ms.end(), mine.begin(), mine.end());
            server_ms.insert(server_ms.end(), mine_server.begin(), mine_server.end());
        });
    }
    if (reps == 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        stop = true;
    }
    for (auto& t : threads) t.join();
    print(ms, errors, std::chrono::duration<double>(Clock::now() - start).count(), server_ms);
    return 0;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2 || argc % 2 != 0) {
        std::cerr << "usage: serve_bench inprocess|http --queries TSV [--option value]... (see serve_bench.cc)\n";
        return 2;
    }
    std::map<std::string, std::string> opt;
    for (int i = 2; i + 1 < argc; i += 2) opt[std::string(argv[i]).substr(2)] = argv[i + 1];
    const auto queries = read_queries(opt.at("queries"));
    const std::string mode = argv[1];
    if (mode == "inprocess") return inprocess(opt, queries);
    if (mode == "http") return http(opt, queries);
    throw std::runtime_error("mode must be inprocess or http");
} catch (const std::exception& e) {
    std::cerr << "serve_bench: " << e.what() << '\n';
    return 2;
}
