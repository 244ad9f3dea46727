// newsdex-serve's HTTP side: routes, access control, limits and the
// connection pool, over cpp-httplib. Searching is the library's; shaping JSON
// is tools/result_json's; HTML is serve/page's.
#pragma once

#include <newsdex/search.h>

#include <chrono>
#include <functional>
#include <string>

namespace newsdex::serve {

// Limits on what one request may ask for (beyond them: 400).
inline constexpr std::size_t kMaxQueryBytes = 1000;    // q= (the URL itself is capped at 8 KiB by cpp-httplib: 414)
inline constexpr std::size_t kMaxLimit = 100;          // limit=
inline constexpr std::size_t kMaxOffset = 10000;       // offset= (deep pages cost a match of offset+limit results)
inline constexpr std::size_t kMaxPathBytes = 4096;     // path=
inline constexpr std::size_t kMaxFormBytes = 4096;     // the login form

struct ServeOptions {
    std::string db;                    // index to serve
    std::string host = "127.0.0.1";
    int port = 8080;                   // 0: any free port (printed at start)
    unsigned threads = 2;              // searches running at once (one Searcher each)
    unsigned connections = 64;         // connections served at once; as many more may wait, the rest get 503
    std::chrono::milliseconds queue_wait{2000};  // longest wait for a search thread before 503
    std::string token;                 // empty: no authentication
    bool log_requests = false;         // one line per request on stderr (401s and 5xx are always logged)
    SearcherOptions searcher;          // remote shard timeout, partial results
};

// Opens the index, listens and serves until stop_server() (or SIGINT/SIGTERM via main).
// `on_listening` gets the port once requests are accepted. Throws Error if
// the index cannot be opened or the address cannot be bound.
void run_server(const ServeOptions& options, const std::function<void(int port)>& on_listening);

// Makes run_server return (from any thread).
void stop_server();

}  // namespace newsdex::serve
