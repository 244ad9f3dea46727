#include "serve/server.h"

#include "tools/cli_text.h"
#include "tools/result_json.h"
#include "serve/access.h"
#include "serve/page.h"
#include "serve/feed.h"
#include "serve/searcher_pool.h"

#include <newsdex/error.h>
#include <newsdex/schema.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

namespace newsdex::serve {

namespace {

// Facet values the search page asks for: the month facet feeds the timeline,
// which wants every month (100 years of them).
constexpr std::size_t kTimelineMonths = 1200;
// Similar articles under the reading view.
constexpr std::size_t kSimilarOnArticlePage = 5;

// Set on the thread that answers a connection the pool had no room for.
thread_local bool t_refusing = false;

// cpp-httplib's own pool queues connections without limit. This one runs
// `workers` threads with as many connections waiting; any connection beyond
// that is answered at once with 503 on the accepting thread, so a flood costs
// a short reply each instead of memory and ever-growing waits.
class ConnectionPool : public httplib::TaskQueue {
public:
    ConnectionPool(std::size_t workers, std::size_t max_waiting) : max_waiting_(max_waiting) {
        for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }

    void enqueue(std::function<void()> connection) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (waiting_.size() < max_waiting_) {
                waiting_.push_back(std::move(connection));
                wake_.notify_one();
                return;
            }
        }
        t_refusing = true;
        connection();
        t_refusing = false;
    }

    void shutdown() override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& thread : threads_) thread.join();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> connection;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
                if (waiting_.empty()) return;  // stopping, nothing left
                connection = std::move(waiting_.front());
                waiting_.pop_front();
            }
            connection();
        }
    }

    std::size_t max_waiting_;
    std::vector<std::thread> threads_;
    std::deque<std::function<void()>> waiting_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

// A request the server refuses, with the status and a message saying what to do.
struct HttpError {
    int status;
    std::string message;
};

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/healthz"; }

std::string text_param(const httplib::Request& req, const char* name, std::size_t max_bytes) {
    std::string value = req.get_param_value(name);
    if (value.size() > max_bytes) {
        throw HttpError{400, std::string(name) + " is too long: " + std::to_string(value.size()) + " bytes, at most " +
                                 std::to_string(max_bytes)};
    }
    return value;
}

std::size_t count_param(const httplib::Request& req, const char* name, std::size_t fallback, std::size_t max) {
    if (!req.has_param(name)) return fallback;
    const std::string value = req.get_param_value(name);
    const bool digits = !value.empty() && value.size() <= 9 && value.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoul(value) > max) {
        throw HttpError{400, std::string(name) + " must be a whole number from 0 to " + std::to_string(max) +
                                 ", not '" + value.substr(0, 40) + "'"};
    }
    return std::stoul(value);
}

bool flag_param(const httplib::Request& req, const char* name, bool fallback) {
    if (!req.has_param(name)) return fallback;
    const std::string value = req.get_param_value(name);
    if (value == "1" || value == "true" || value == "yes") return true;
    if (value == "0" || value == "false" || value == "no") return false;
    throw HttpError{400, std::string(name) + " must be 1 or 0, not '" + value.substr(0, 40) + "'"};
}

SortOrder sort_param(const httplib::Request& req) {
    const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "relevance";
    if (sort == "relevance" || sort.empty()) return SortOrder::Relevance;
    if (sort == "newest") return SortOrder::Newest;
    if (sort == "oldest") return SortOrder::Oldest;
    throw HttpError{400, "sort must be relevance, newest or oldest, not '" + sort.substr(0, 40) + "'"};
}

std::string required_path(const httplib::Request& req) {
    const std::string path = text_param(req, "path", kMaxPathBytes);
    if (path.empty()) throw HttpError{400, "give the article's path: ?path=PATH (as search results show it)"};
    return path;
}

HttpError no_article(const std::string& path) {
    return {404, "no article with the path " + path + " in the index; give the path a search result shows"};
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return std::round(ms * 1000) / 1000;
}

void send_json(httplib::Response& res, int status, const nlohmann::ordered_json& body) {
    res.status = status;
    res.set_content(tool::dump_json(body, -1), "application/json; charset=utf-8");
}

void send_html(httplib::Response& res, int status, const std::string& html) {
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
}

// A "next" after login only to a page of this server: "/..." but not "//host".
// Browsers drop tabs and newlines anywhere in a URL ("/<TAB>/host" is "//host")
// and read "\\" as "/", so a target with any control character is refused too.
// A target longer than kMaxNextBytes is dropped: encoded again in the login form it
// could push the form past kMaxFormBytes and the token with it.
constexpr std::size_t kMaxNextBytes = kMaxFormBytes / 4;
std::string local_target(const std::string& next) {
    if (next.size() > kMaxNextBytes) return "/";
    const bool has_control = std::any_of(next.begin(), next.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' && !has_control) return next;
    return "/";
}

std::mutex log_mutex;
void log_line(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr << "newsdex-serve: " << line << std::endl;
}

class Service {
public:
    explicit Service(const ServeOptions& options)
        : options_(options), access_(options.token), pool_(options.db, options.searcher, options.threads) {}

    void install(httplib::Server& server) {
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            return before_routing(req, res);
        });
        // cpp-httplib calls this for every status >= 400; our handlers' own answers have a body already.
        server.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            // cpp-httplib answers a known path asked with another method as an unknown one.
            const auto allowed = allowed_methods_.find(req.path);
            if (res.status == 404 && allowed != allowed_methods_.end()) {
                res.status = 405;
                res.set_header("Allow", allowed->second);
            }
            on_error(req, res);
            return httplib::Server::HandlerResponse::Handled;
        }));
        server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            if (options_.log_requests || res.status >= 500) {
                log_line(req.method + " " + req.path + " " + std::to_string(res.status));
            }
        });
        for (const char* path : {"/", "/article", "/healthz", "/api/search", "/api/similar", "/api/article", "/api/stats"}) {
            allowed_methods_[path] = "GET, HEAD";
        }
        allowed_methods_["/login"] = "GET, HEAD, POST";
        server.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [this] {
                const std::size_t articles = with_searcher([](Searcher& s) { return s.document_count(); });
                return nlohmann::ordered_json{{"status", "ok"}, {"articles", articles}};
            });
        });
        server.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&] { return search_json(req); });
        });
        server.Get("/api/similar", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&] { return similar_json(req); });
        });
        server.Get("/api/article", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&] {
                const std::string path = required_path(req);
                const auto article = with_searcher([&](Searcher& s) { return s.article(path); });
                if (!article) throw no_article(path);
                return tool::article_json(*article);
            });
        });
        server.Get("/api/stats", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [this] { return stats_json(); });
        });
        server.Get("/feed.atom", [this](const httplib::Request& req, httplib::Response& res) { feed(req, res); });
        server.Get("/", [this](const httplib::Request& req, httplib::Response& res) { search_page(req, res); });
        server.Get("/article", [this](const httplib::Request& req, httplib::Response& res) { article_page(req, res); });
        server.Get("/login", [this](const httplib::Request& req, httplib::Response& res) {
            if (!access_.required()) return res.set_redirect("/", 303);
            send_html(res, 200, render_login_page("", local_target(req.get_param_value("next"))));
        });
        server.Post("/login", [this](const httplib::Request& req, httplib::Response& res) { login(req, res); });
        static const struct Asset {
            const char* path;
            const char* type;
            const char* content;
        } assets[] = {
#include "serve_assets.inc"
        };
        for (const Asset& asset : assets) {
            allowed_methods_[asset.path] = "GET, HEAD";
            server.Get(asset.path, [&asset](const httplib::Request&, httplib::Response& res) {
                res.set_header("Cache-Control", "max-age=3600");
                res.set_content(asset.content, asset.type);
            });
        }
    }

private:
    // A shard that stopped answering may come back: a 503 to retry, not a server fault.
    static void throw_unavailable_as_503(const Error& e) {
        if (e.category() != ErrorCategory::RemoteUnavailable) return;
        throw HttpError{503, std::string(e.what()) + "; try again later, or serve with --partial to search the other shards"};
    }

    // Runs `work` with a searcher of the pool: at most options.threads at once,
    // waiting at most options.queue_wait for one (else 503).
    template <class Work>
    auto with_searcher(Work&& work) -> decltype(work(std::declval<Searcher&>())) {
        // Acquiring may reopen the index (every kReopenInterval): a shard gone by
        // then is as much a 503 as one gone during the search.
        auto lease = [&] {
            try {
                return pool_.acquire(options_.queue_wait);
            } catch (const Error& e) {
                throw_unavailable_as_503(e);
                throw;
            }
        }();
        if (!lease) {
            throw HttpError{503, "the server is busy: all " + std::to_string(pool_.slots()) +
                                     " search threads stayed taken for " + std::to_string(options_.queue_wait.count()) +
                                     " ms; try again in a moment"};
        }
        try {
            return work(lease->searcher());
        } catch (const QuerySyntaxError&) {
            throw;
        } catch (const Error&) {
            // Searcher::search already reopens and retries while a writer commits;
            // an error past that (e.g. the index was swapped for its compacted copy)
            // gets one more try on a freshly opened Searcher.
            try {
                lease->renew();
                return work(lease->searcher());
            } catch (const QuerySyntaxError&) {
                throw;
            } catch (const Error& e) {
                throw_unavailable_as_503(e);
                throw;
            }
        }
    }

    template <class Work>
    void api(const httplib::Request& req, httplib::Response& res, Work&& work) {
        try {
            send_json(res, 200, work());
        } catch (const HttpError& e) {
            if (e.status == 503) res.set_header("Retry-After", "1");
            send_json(res, e.status, {{"error", e.message}});
        } catch (const QuerySyntaxError& e) {
            send_json(res, 400, {{"error", e.what()}});
        } catch (const Error& e) {
            send_json(res, 500, {{"error", e.what()}});
        } catch (const std::exception& e) {
            send_json(res, 500, {{"error", std::string("unexpected error: ") + e.what()}});
        }
        (void)req;
    }

    nlohmann::ordered_json search_json(const httplib::Request& req) {
        const auto start = std::chrono::steady_clock::now();
        SearchRequest request = api_request(req);
        if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) {
            throw HttpError{400, "give a query: /api/search?q=WORDS (see newsdex-query --help for the syntax)"};
        }
        std::vector<std::string> warnings;
        const SearchResults results = with_searcher([&](Searcher& s) {
            SearchResults found = s.search(request);
            warnings = s.warnings();
            return found;
        });
        return answer_json(results, warnings, start);
    }

    // The results as newsdex-query --json prints them, plus took_ms and, when
    // --partial left shards out, `warnings` naming them (newsdex-query prints
    // those on stderr; an API client would otherwise take partial results for whole ones).
    static nlohmann::ordered_json answer_json(const SearchResults& results, const std::vector<std::string>& warnings,
                                              std::chrono::steady_clock::time_point start) {
        nlohmann::ordered_json doc = tool::results_json(results);
        if (!warnings.empty()) doc["warnings"] = warnings;
        doc["took_ms"] = milliseconds_since(start);
        return doc;
    }

    nlohmann::ordered_json similar_json(const httplib::Request& req) {
        const auto start = std::chrono::steady_clock::now();
        SearchRequest request = api_request(req);
        request.similar_to = required_path(req);
        std::vector<std::string> warnings;
        const SearchResults results = with_searcher([&](Searcher& s) {
            if (!s.article(request.similar_to)) throw no_article(request.similar_to);
            SearchResults found = s.search(request);
            warnings = s.warnings();
            return found;
        });
        return answer_json(results, warnings, start);
    }

    nlohmann::ordered_json stats_json() {
        const IndexSummary summary = with_searcher([](Searcher& s) { return s.summary(); });
        nlohmann::ordered_json fields = nlohmann::ordered_json::array();
        for (const Field& field : schema()) {
            if (field.name == "id") continue;  // internal
            fields.push_back({{"name", std::string(field.name)},
                              {"kind", field.kind == FieldKind::Boolean ? "filter" : "text"},
                              {"description", std::string(field.description)}});
        }
        return {{"articles", summary.articles},
                {"last_update", summary.last_update},
                {"language", summary.language},
                {"fields", fields}};
    }

    static SearchRequest api_request(const httplib::Request& req) {
        SearchRequest request;
        request.query = text_param(req, "q", kMaxQueryBytes);
        request.limit = count_param(req, "limit", request.limit, kMaxLimit);
        request.offset = count_param(req, "offset", 0, kMaxOffset);
        request.sort = sort_param(req);
        request.facets = flag_param(req, "facets", false);
        request.collapse_duplicates = flag_param(req, "collapse", true);
        request.correct_spelling = flag_param(req, "correct", true);
        return request;
    }

    void search_page(const httplib::Request& req, httplib::Response& res) {
        const auto start = std::chrono::steady_clock::now();
        PageState state;
        try {
            state.query = text_param(req, "q", kMaxQueryBytes);
            state.similar_to = text_param(req, "similar", kMaxPathBytes);
            state.sort = sort_param(req);
            state.offset = count_param(req, "offset", 0, kMaxOffset);
            const bool has_query = state.query.find_first_not_of(" \t\r\n") != std::string::npos;
            if (!has_query && state.similar_to.empty()) return send_html(res, 200, render_search_page(state, nullptr, 0, "", ""));
            SearchRequest request;
            request.query = has_query ? state.query : "";
            request.similar_to = state.similar_to;
            request.sort = state.sort;
            request.offset = state.offset;
            request.limit = kPageSize;
            request.facets = true;
            request.facet_values = kTimelineMonths;
            std::string similar_title;
            const SearchResults results = with_searcher([&](Searcher& s) {
                if (!request.similar_to.empty()) {
                    const auto article = s.article(request.similar_to);
                    if (!article) throw no_article(request.similar_to);
                    similar_title = article->title;
                }
                return s.search(request);
            });
            send_html(res, 200, render_search_page(state, &results, milliseconds_since(start), similar_title, ""));
        } catch (const HttpError& e) {
            if (e.status == 503) res.set_header("Retry-After", "1");
            send_html(res, e.status, render_search_page(state, nullptr, 0, "", e.message));
        } catch (const QuerySyntaxError& e) {
            send_html(res, 400, render_search_page(state, nullptr, 0, "", e.what()));
        } catch (const std::exception& e) {
            send_html(res, 500, render_search_page(state, nullptr, 0, "", e.what()));
        }
    }

    // Any search as an Atom feed of its newest articles (serve/feed.h).
    void feed(const httplib::Request& req, httplib::Response& res) {
        auto plain = [&res](int status, const std::string& message) {
            res.status = status;
            res.set_content(cli::markup_text(message) + "\n", "text/plain; charset=utf-8");  // it may quote the query's bytes
        };
        try {
            SearchRequest request;
            request.query = text_param(req, "q", kMaxQueryBytes);
            if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) {
                throw HttpError{400, "give a query: /feed.atom?q=WORDS (see newsdex-query --help for the syntax)"};
            }
            request.sort = SortOrder::Newest;
            request.limit = kFeedEntries;
            request.correct_spelling = false;  // a feed follows the words given, never a guess
            const SearchResults results = with_searcher([&](Searcher& s) { return s.search(request); });
            res.set_content(render_atom_feed(request.query, results, base_url(req), std::time(nullptr)),
                            "application/atom+xml; charset=utf-8");
        } catch (const HttpError& e) {
            if (e.status == 503) res.set_header("Retry-After", "1");
            plain(e.status, e.message);
        } catch (const QuerySyntaxError& e) {
            plain(400, e.what());
        } catch (const std::exception& e) {
            plain(500, e.what());
        }
    }

    // "http://host:port" as the client reached us (its Host header, when it is a plain host name), for absolute links.
    std::string base_url(const httplib::Request& req) const {
        const std::string host = req.get_header_value("Host");
        const bool plain_host = !host.empty() && host.size() < 256 &&
                                host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                                    std::string::npos;
        return "http://" + (plain_host ? host : options_.host + ":" + std::to_string(options_.port));
    }

    void article_page(const httplib::Request& req, httplib::Response& res) {
        try {
            const std::string path = required_path(req);
            SearchRequest request;
            request.similar_to = path;
            request.limit = kSimilarOnArticlePage;
            std::optional<Article> article;
            const SearchResults similar = with_searcher([&](Searcher& s) {
                article = s.article(path);
                if (!article) throw no_article(path);
                return s.search(request);
            });
            send_html(res, 200, render_article_page(*article, similar));
        } catch (const HttpError& e) {
            if (e.status == 503) res.set_header("Retry-After", "1");
            send_html(res, e.status, render_error_page(e.status, e.message));
        } catch (const std::exception& e) {
            send_html(res, 500, render_error_page(500, e.what()));
        }
    }

    void login(const httplib::Request& req, httplib::Response& res) {
        if (!access_.required()) return res.set_redirect("/", 303);
        const std::string next = local_target(req.get_param_value("next"));
        // The token only from the POSTed form: cpp-httplib's params mix in the URL's query, and a
        // token in a URL ends up in logs and histories.
        httplib::Params form;
        if (req.body.size() <= kMaxFormBytes &&
            req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
            httplib::detail::parse_query_text(req.body, form);
        }
        const auto token = form.find("token");
        if (token == form.end() || !access_.token_matches(token->second)) {
            log_line("401: wrong token from " + req.remote_addr + " on POST /login");
            return send_html(res, 401, render_login_page("That token is not right; try again.", next));
        }
        res.set_header("Set-Cookie", access_.session_cookie());
        res.set_redirect(next, 303);
    }

    httplib::Server::HandlerResponse before_routing(const httplib::Request& req, httplib::Response& res) {
        if (t_refusing) {
            log_line("503: all " + std::to_string(options_.connections) + " connections busy and as many waiting; refused " +
                     req.remote_addr);
            res.set_header("Retry-After", "1");
            res.set_header("Connection", "close");
            const std::string message = "the server is busy: every connection is taken; try again in a moment";
            if (is_api(req.path)) send_json(res, 503, {{"error", message}});
            else send_html(res, 503, render_error_page(503, message));
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool open_path = req.path == "/healthz" || req.path == "/login" || req.path.rfind("/assets/", 0) == 0;
        if (!access_.required() || open_path) return httplib::Server::HandlerResponse::Unhandled;
        bool presented = false;
        if (access_.allows(req.get_header_value("Authorization"), req.get_header_value("Cookie"), presented)) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (presented) log_line("401: wrong token from " + req.remote_addr + " on " + req.method + " " + req.path);
        if (is_api(req.path)) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"newsdex\"");
            send_json(res, 401, {{"error", "this server needs its token: send the header Authorization: Bearer TOKEN"}});
        } else {
            send_html(res, 401, render_login_page(presented ? "Your sign-in has expired or is not valid; sign in again." : "",
                                                  local_target(req.target)));
        }
        return httplib::Server::HandlerResponse::Handled;
    }

    // Statuses cpp-httplib sets itself (unknown path, URL too long, bad request line), with an empty body.
    static void on_error(const httplib::Request& req, httplib::Response& res) {
        std::string message;
        switch (res.status) {
            case 404: message = "no such page: " + req.path.substr(0, 200); break;
            case 414: message = "the URL is too long (at most 8192 bytes); shorten the query"; break;
            case 413: message = "the request is too large"; break;
            case 405: message = req.method + " is not supported here; use " + res.get_header_value("Allow"); break;
            default: message = "the request could not be understood (HTTP " + std::to_string(res.status) + ")"; break;
        }
        if (is_api(req.path) || req.path.empty()) send_json(res, res.status, {{"error", message}});
        else send_html(res, res.status, render_error_page(res.status, message));
    }

    ServeOptions options_;
    std::map<std::string, std::string> allowed_methods_;  // path -> its Allow header, for 405s
    AccessControl access_;
    SearcherPool pool_;
};

// The server run_server is serving, for stop_server; guarded by running_mutex.
std::mutex running_mutex;
httplib::Server* running_server = nullptr;
bool stop_requested = false;

}  // namespace

void run_server(const ServeOptions& options, const std::function<void(int port)>& on_listening) {
    Service service(options);
    httplib::Server server;
    const std::size_t connections = options.connections == 0 ? 1 : options.connections;
    server.new_task_queue = [connections] { return new ConnectionPool(connections, connections); };
    // Every response, errors included: no sniffing, no framing, and nothing
    // loaded from anywhere but this server; inline SVG needs no exception.
    server.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
         "base-uri 'none'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
    });
    // Without it a response written in two pieces (headers, body) waits for the
    // client's delayed ACK: 40 ms per request (measured by scripts/bench-serve).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.set_keep_alive_timeout(2);
    server.set_read_timeout(5);
    server.set_write_timeout(5);
    server.set_payload_max_length(kMaxFormBytes * 4);
    service.install(server);

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
        if (port < 0) throw Error("cannot listen on " + options.host + ": no free port");
    } else if (!server.bind_to_port(options.host, port)) {
        throw Error("cannot listen on " + options.host + ":" + std::to_string(port) +
                    " (in use, or not an address of this machine); choose another with --listen HOST:PORT");
    }
    {
        std::lock_guard<std::mutex> lock(running_mutex);
        if (stop_requested) return;
        running_server = &server;
    }
    on_listening(port);
    server.listen_after_bind();
    std::lock_guard<std::mutex> lock(running_mutex);
    running_server = nullptr;
}

void stop_server() {
    // cpp-httplib's stop() acts only once the accept loop runs, which
    // listen_after_bind starts at once: a signal that comes in between waits for it.
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(running_mutex);
            stop_requested = true;
            if (!running_server) return;  // not serving yet (run_server will not start) or any more
            if (running_server->is_running()) {
                running_server->stop();
                return;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace newsdex::serve
