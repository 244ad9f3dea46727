// query_bench: one-process query measurements for scripts/bench-query and
// scripts/eval-relevance, over three systems with the same queries:
//   newsdex  the library's Searcher (query rules, snippets), top 10
//   xapian   bare Xapian: QueryParser (English stemmer, STEM_SOME, default OR,
//            title: as S) + Enquire::get_mset(0, 10), no snippets, no document reads
//   fts5     SQLite FTS5: MATCH, ORDER BY bm25(), snippet() of the body, LIMIT 10
//
// usage:
//   query_bench latency --queries TSV [--newsdex DB] [--xapian DB] [--fts5 FILE]
//                       [--reps N] [--warmup N]
//     TSV lines: class <TAB> mode(relevance|newest|facets) <TAB> newsdex query <TAB> xapian query <TAB> fts5 query
//     Prints one JSON object: per system, per class and "all": n, p50, p95, p99, mean (ms),
//     mean hits and queries with no hits.
//   query_bench run --system newsdex|xapian|fts5 --db PATH --queries TSV [--limit N]
//     TSV lines: qid <TAB> query. Prints "qid <TAB> rank <TAB> document path <TAB> score".
//   query_bench threads --newsdex DB --queries TSV [--threads 1,2,4] [--searches N]
//     TSV as for latency (the newsdex column). For each thread count, that many threads
//     share ONE Searcher and run N searches in all; prints one JSON object with
//     searches/s per thread count and its ratio to one thread.
#include <newsdex/error.h>
#include <newsdex/search.h>

#include <sqlite3.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return fields;
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        rows.push_back(split_tabs(line));
    }
    return rows;
}

struct Result {
    std::string doc;
    double score;
};

// One system behind a common call: run `query`, return up to `limit` results.
class System {
public:
    virtual ~System() = default;
    // mode: "relevance", "newest" (sort by date where the system can) or "facets" (also count facets).
    virtual std::vector<Result> search(const std::string& query, const std::string& mode, std::size_t limit) = 0;
};

class NewsdexSystem : public System {
public:
    // collapse: fold near-identical copies, as newsdex-query does; relevance
    // evaluation turns it off, since every judged document counts on its own.
    explicit NewsdexSystem(const std::string& db, bool collapse = true) : searcher_(db), collapse_(collapse) {}
    std::vector<Result> search(const std::string& query, const std::string& mode, std::size_t limit) override {
        newsdex::SearchRequest request;
        request.query = query;
        request.limit = limit;
        request.sort = mode == "newest" ? newsdex::SortOrder::Newest : newsdex::SortOrder::Relevance;
        request.facets = mode == "facets";
        request.collapse_duplicates = collapse_;
        std::vector<Result> out;
        for (const auto& hit : searcher_.search(request).hits) {
            if (hit.snippet.text.empty() && hit.article.path.empty()) continue;  // keeps the snippet "used"
            out.push_back({hit.article.path, hit.score});
        }
        return out;
    }

private:
    newsdex::Searcher searcher_;
    bool collapse_;
};

class XapianSystem : public System {
public:
    XapianSystem(const std::string& db, bool fetch_paths) : db_(db), fetch_paths_(fetch_paths) {
        parser_.set_database(db_);
        parser_.set_stemmer(Xapian::Stem("english"));
        parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser_.set_default_op(Xapian::Query::OP_OR);
        parser_.add_prefix("title", "S");
    }
    std::vector<Result> search(const std::string& query, const std::string&, std::size_t limit) override {
        Xapian::Enquire enquire(db_);
        enquire.set_query(parser_.parse_query(query));
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
        std::vector<Result> out;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.push_back({fetch_paths_ ? it.get_document().get_value(0) : std::string(), it.get_weight()});
        }
        return out;
    }

private:
    Xapian::Database db_;
    Xapian::QueryParser parser_;
    bool fetch_paths_;
};

class Fts5System : public System {
public:
    Fts5System(const std::string& path, bool with_snippets) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path);
        }
        const char* sql = with_snippets
                              ? "SELECT path, bm25(articles), snippet(articles, 2, '[', ']', '...', 40) FROM articles "
                                "WHERE articles MATCH ?1 ORDER BY bm25(articles) LIMIT ?2"
                              : "SELECT path, bm25(articles) FROM articles WHERE articles MATCH ?1 "
                                "ORDER BY bm25(articles) LIMIT ?2";
        if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_));
        }
    }
    ~Fts5System() override {
        sqlite3_finalize(stmt_);
        sqlite3_close(db_);
    }
    std::vector<Result> search(const std::string& query, const std::string&, std::size_t limit) override {
        sqlite3_reset(stmt_);
        sqlite3_bind_text(stmt_, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int(stmt_, 2, static_cast<int>(limit));
        std::vector<Result> out;
        int rc;
        while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
            const auto* path = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, 0));
            // bm25() is negative, better is lower; flip it so higher is better like the others.
            out.push_back({path ? path : "", -sqlite3_column_double(stmt_, 1)});
        }
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("fts5: ") + sqlite3_errmsg(db_));
        return out;
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct Samples {
    std::vector<double> ms;
    double hits = 0;
    std::size_t queries = 0, empty = 0, errors = 0;
};

void print_stats(const std::string& name, const Samples& s, bool last) {
    double mean = 0;
    for (double x : s.ms) mean += x;
    if (!s.ms.empty()) mean /= static_cast<double>(s.ms.size());
    std::printf("    \"%s\": {\"n\": %zu, \"p50\": %.4f, \"p95\": %.4f, \"p99\": %.4f, \"mean\": %.4f, "
                "\"queries\": %zu, \"mean_hits\": %.2f, \"no_hits\": %zu, \"errors\": %zu}%s\n",
                name.c_str(), s.ms.size(), percentile(s.ms, 0.50), percentile(s.ms, 0.95), percentile(s.ms, 0.99), mean,
                s.queries, s.queries ? s.hits / static_cast<double>(s.queries) : 0.0, s.empty, s.errors,
                last ? "" : ",");
}

int latency(const std::map<std::string, std::string>& opt) {
    const auto rows = read_tsv(opt.at("queries"));
    const int reps = opt.count("reps") ? std::atoi(opt.at("reps").c_str()) : 20;
    const int warmup = opt.count("warmup") ? std::atoi(opt.at("warmup").c_str()) : 2;
    struct Entry {
        std::string name;
        std::size_t column;
        std::function<std::unique_ptr<System>()> open;
    };
    std::vector<Entry> systems;
    if (opt.count("newsdex")) systems.push_back({"newsdex", 2, [&] { return std::make_unique<NewsdexSystem>(opt.at("newsdex")); }});
    if (opt.count("xapian")) systems.push_back({"xapian", 3, [&] { return std::make_unique<XapianSystem>(opt.at("xapian"), false); }});
    if (opt.count("fts5")) systems.push_back({"fts5", 4, [&] { return std::make_unique<Fts5System>(opt.at("fts5"), true); }});

    std::printf("{\n");
    for (std::size_t si = 0; si < systems.size(); ++si) {
        auto system = systems[si].open();
        std::map<std::string, Samples> by_class;
        Samples all;
        for (int rep = -warmup; rep < reps; ++rep) {
            for (const auto& row : rows) {
                if (row.size() < 5) throw std::runtime_error("query file: need 5 tab-separated fields");
                const std::string& query = row[systems[si].column];
                std::size_t hits = 0;
                bool error = false;
                const auto t0 = Clock::now();
                try {
                    hits = system->search(query, row[1], 10).size();
                } catch (const std::exception& e) {
                    error = true;
                    if (rep == 0) std::cerr << systems[si].name << ": " << query << ": " << e.what() << '\n';
                } catch (const Xapian::Error& e) {
                    error = true;
                    if (rep == 0) std::cerr << systems[si].name << ": " << query << ": " << e.get_description() << '\n';
                }
                const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                if (rep < 0) continue;
                for (Samples* s : {&by_class[row[0]], &all}) {
                    s->ms.push_back(ms);
                    if (rep == 0) {
                        ++s->queries;
                        s->hits += static_cast<double>(hits);
                        s->empty += hits == 0;
                        s->errors += error;
                    }
                }
            }
        }
        std::printf("  \"%s\": {\n", systems[si].name.c_str());
        for (const auto& [name, samples] : by_class) print_stats(name, samples, false);
        print_stats("all", all, true);
        std::printf("  }%s\n", si + 1 == systems.size() ? "" : ",");
    }
    std::printf("}\n");
    return 0;
}

int run(const std::map<std::string, std::string>& opt) {
    const auto rows = read_tsv(opt.at("queries"));
    const std::size_t limit = opt.count("limit") ? std::strtoul(opt.at("limit").c_str(), nullptr, 10) : 100;
    const std::string& kind = opt.at("system");
    std::unique_ptr<System> system;
    if (kind == "newsdex") system = std::make_unique<NewsdexSystem>(opt.at("db"), false);
    else if (kind == "xapian") system = std::make_unique<XapianSystem>(opt.at("db"), true);
    else if (kind == "fts5") system = std::make_unique<Fts5System>(opt.at("db"), false);
    else throw std::runtime_error("--system must be newsdex, xapian or fts5");
    int errors = 0;
    for (const auto& row : rows) {
        if (row.size() < 2) continue;
        try {
            std::size_t rank = 0;
            for (const auto& r : system->search(row[1], "relevance", limit)) {
                std::printf("%s\t%zu\t%s\t%.6f\n", row[0].c_str(), ++rank, r.doc.c_str(), r.score);
            }
        } catch (const std::exception& e) {
            ++errors;
            std::cerr << kind << ": query " << row[0] << ": " << e.what() << '\n';
        } catch (const Xapian::Error& e) {
            ++errors;
            std::cerr << kind << ": query " << row[0] << ": " << e.get_description() << '\n';
        }
    }
    return errors ? 1 : 0;
}

}  // namespace

// Searches per second of `threads` threads sharing one Searcher, `searches` in all.
double shared_searcher_rate(newsdex::Searcher& searcher, const std::vector<newsdex::SearchRequest>& requests,
                            unsigned threads, std::size_t searches) {
    std::vector<std::thread> workers;
    const Clock::time_point start = Clock::now();
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (std::size_t i = t; i < searches; i += threads) searcher.search(requests[i % requests.size()]);
        });
    }
    for (auto& worker : workers) worker.join();
    return static_cast<double>(searches) / std::chrono::duration<double>(Clock::now() - start).count();
}

int threads_mode(std::map<std::string, std::string>& opt) {
    if (!opt.count("newsdex")) throw std::runtime_error("--newsdex DB is required");
    std::vector<newsdex::SearchRequest> requests;
    for (const auto& row : read_tsv(opt["queries"])) {
        if (row.size() < 3) continue;
        newsdex::SearchRequest request;
        request.query = row[2];
        if (row[1] == "newest") request.sort = newsdex::SortOrder::Newest;
        request.facets = row[1] == "facets";
        requests.push_back(request);
    }
    if (requests.empty()) throw std::runtime_error("no queries in " + opt["queries"]);
    const std::size_t searches = opt.count("searches") ? std::stoul(opt["searches"]) : 2000;
    std::vector<unsigned> counts;
    std::istringstream list(opt.count("threads") ? opt["threads"] : "1,2,4");
    for (std::string item; std::getline(list, item, ',');) counts.push_back(static_cast<unsigned>(std::stoul(item)));
    newsdex::Searcher searcher(opt["newsdex"]);
    shared_searcher_rate(searcher, requests, 1, requests.size());  // warm caches and the handle pool
    std::cout << "{\"searches\": " << searches << ", \"hardware_threads\": " << std::thread::hardware_concurrency()
              << ", \"rates\": [";
    double one = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double rate = shared_searcher_rate(searcher, requests, counts[i], searches);
        if (counts[i] == 1) one = rate;
        // The same work with a Searcher per thread: what sharing one costs, if anything.
        std::vector<newsdex::Searcher> own;
        for (unsigned t = 0; t < counts[i]; ++t) own.emplace_back(opt["newsdex"]);
        std::vector<std::thread> workers;
        const Clock::time_point start = Clock::now();
        for (unsigned t = 0; t < counts[i]; ++t) {
            workers.emplace_back([&, t] {
                for (std::size_t k = t; k < searches; k += counts[i]) own[t].search(requests[k % requests.size()]);
            });
        }
        for (auto& worker : workers) worker.join();
        const double separate = static_cast<double>(searches) / std::chrono::duration<double>(Clock::now() - start).count();
        std::cout << (i ? ", " : "") << "{\"threads\": " << counts[i] << ", \"searches_per_s\": " << rate
                  << ", \"x_one_thread\": " << (one > 0 ? rate / one : 0)
                  << ", \"searches_per_s_searcher_per_thread\": " << separate << "}";
    }
    std::cout << "]}\n";
    return 0;
}

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: query_bench latency|run [--option value]... (see the comment at the top of query_bench.cc)\n";
        return 2;
    }
    const std::string mode = argv[1];
    std::map<std::string, std::string> opt;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument " + key);
        opt[key.substr(2)] = argv[i + 1];
    }
    if (!opt.count("queries")) throw std::runtime_error("--queries is required");
    if (mode == "latency") return latency(opt);
    if (mode == "run") return run(opt);
    if (mode == "threads") return threads_mode(opt);
    throw std::runtime_error("mode must be latency, run or threads");
} catch (const Xapian::Error& e) {
    std::cerr << "query_bench: " << e.get_description() << '\n';
    return 2;
} catch (const std::exception& e) {
    std::cerr << "query_bench: " << e.what() << '\n';
    return 2;
}
