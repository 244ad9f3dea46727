// newsdex-serve: a search page and a JSON API over a newsdex index.
#include "serve/access.h"
#include "serve/server.h"
#include "tools/cli_text.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <cxxopts.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace {

constexpr int kExitStopped = 0;  // stopped by SIGINT or SIGTERM
constexpr int kExitError = newsdex::cli::kExitError;  // bad usage, no index, address in use

const char* const kMoreHelp =
    "\nEndpoints (all GET; JSON as newsdex-query --json, plus took_ms; errors are {\"error\": ...}):\n"
    "  /                  the search page: /?q=WORDS&sort=newest&offset=10, /?similar=PATH\n"
    "  /article?path=P    the stored article and articles like it\n"
    "  /api/search?q=WORDS&limit=10&offset=0&sort=relevance|newest|oldest&facets=1&collapse=0&correct=0\n"
    "  /api/similar?path=P[&q=WORDS]   /api/article?path=P   /api/stats   /healthz\n"
    "Statuses: 400 bad query or parameter, 401 token missing or wrong, 404 no such page or article,\n"
    "  405 method other than GET/HEAD (Allow names them),\n"
    "  414 URL too long, 503 busy (every search thread or connection taken; Retry-After: 1).\n"
    "\nSafety: listens on 127.0.0.1 by default. Any other address needs --token-file F (API clients\n"
    "send 'Authorization: Bearer TOKEN'; browsers sign in once with a form that sets an HttpOnly,\n"
    "SameSite=Strict cookie) or --no-auth. The server is read-only and serves nothing but the index's\n"
    "records and its own embedded page assets; it speaks plain HTTP (put a TLS proxy in front on a network).\n"
    "\nExit status: 0 stopped by SIGINT/SIGTERM, 2 error (bad usage, index cannot be opened, address in use).\n";

// An address, not a name that looks like one: "127.attacker.example" may resolve anywhere.
bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    return ::inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

// "HOST:PORT", "[::1]:PORT" or ":PORT".
void parse_listen(const std::string& listen, std::string& host, int& port) {
    const std::size_t colon = listen.rfind(':');
    const std::string port_text = colon == std::string::npos ? "" : listen.substr(colon + 1);
    if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port_text) > 65535) {
        throw newsdex::Error("--listen must be HOST:PORT (e.g. 127.0.0.1:8080; port 0 picks a free one), not '" + listen + "'");
    }
    host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    port = std::stoi(port_text);
}

// Each search thread and each connection served at once is a thread: bounds a typo cannot cross.
constexpr unsigned kMaxSearchThreads = 256;
constexpr unsigned kMaxConnections = 4096;

cxxopts::Options command_line() {
    cxxopts::Options cli("newsdex-serve", "Serve a newsdex index: a search page and a JSON API.\n");
    cli.custom_help("[OPTIONS]");
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    cli.add_options()
        ("db", "index to serve (default: $NEWSDEX_DB, else ~/.local/share/newsdex/index)",
         cxxopts::value<std::string>()->default_value(newsdex::default_index_path()))
        ("listen", "address and port to listen on", cxxopts::value<std::string>()->default_value("127.0.0.1:8080"))
        ("threads", "searches running at once", cxxopts::value<unsigned>()->default_value(std::to_string(cores)))
        ("connections", "connections served at once (as many more may wait; beyond that: 503)",
         cxxopts::value<unsigned>()->default_value("64"))
        ("queue-wait", "milliseconds a request may wait for a search thread before 503",
         cxxopts::value<unsigned>()->default_value("2000"))
        ("token-file", "require the token on the first line of this file (needed to listen beyond loopback)",
         cxxopts::value<std::string>())
        ("no-auth", "listen beyond loopback without a token: anyone who can reach the port can search")
        ("timeout", "milliseconds to wait for a remote shard (connecting, and each reply)",
         cxxopts::value<unsigned>()->default_value("10000"))
        ("partial", "if some shards do not answer, search the others instead of failing")
        ("verbose", "log every request on standard error (401s and server errors are always logged)")
        ("version", "print the version and exit")
        ("h,help", "show this help");
    return cli;
}

// The options the command line gives; throws newsdex::Error when they cannot serve safely.
newsdex::serve::ServeOptions options_from(const cxxopts::ParseResult& args) {
    newsdex::serve::ServeOptions options;
    options.db = args["db"].as<std::string>();
    parse_listen(args["listen"].as<std::string>(), options.host, options.port);
    options.threads = std::max(1u, newsdex::cli::at_most(args, "threads", kMaxSearchThreads));
    options.connections = std::max(1u, newsdex::cli::at_most(args, "connections", kMaxConnections));
    options.queue_wait = std::chrono::milliseconds(args["queue-wait"].as<unsigned>());
    options.log_requests = args.count("verbose") > 0;
    options.searcher.remote_timeout_ms = args["timeout"].as<unsigned>();
    options.searcher.allow_partial = args.count("partial") > 0;
    const bool no_auth = args.count("no-auth") > 0;
    if (args.count("token-file") && no_auth) {
        throw newsdex::Error("--token-file and --no-auth contradict each other; choose one");
    }
    if (args.count("token-file")) options.token = newsdex::serve::read_token_file(args["token-file"].as<std::string>());
    const std::string where = options.host + ":" + std::to_string(options.port);
    if (!is_loopback(options.host)) {
        if (options.token.empty() && !no_auth) {
            throw newsdex::Error(where + " is reachable from other machines; give --token-file FILE "
                                 "(a secret clients must send) or, knowingly, --no-auth");
        }
        std::cerr << "newsdex-serve: warning: listening on " << where << ", reachable from other machines, over plain HTTP; "
                  << (no_auth ? "--no-auth: anyone who can reach it can search the index"
                              : "requests need the token (put a TLS proxy in front to keep it secret on the wire)")
                  << '\n';
    }
    return options;
}

// SIGINT and SIGTERM stop the server cleanly: a thread waits for them
// (blocked in every other thread, which inherit this mask).
void stop_on_signals() {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    std::thread([stop_signals] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        newsdex::serve::stop_server();
    }).detach();
}

}  // namespace

int main(int argc, char** argv) {
    return newsdex::cli::run_tool("newsdex-serve", [&] {
        cxxopts::Options cli = command_line();
        const auto args = newsdex::cli::parse_command_line(cli, argc, argv);
        if (newsdex::cli::answered_version_or_help(args, cli, NEWSDEX_VERSION, kMoreHelp)) return kExitStopped;
        if (!args.unmatched().empty()) {
            std::cerr << "newsdex-serve: unexpected argument '" << newsdex::cli::terminal_text(args.unmatched().front())
                      << "' (see --help)\n";
            return kExitError;
        }
        const newsdex::serve::ServeOptions options = options_from(args);
        stop_on_signals();
        newsdex::serve::run_server(options, [&](int port) {
            std::cout << "newsdex-serve: serving " << options.db << " on http://"
                      << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host) << ":"
                      << port << "/" << std::endl;
        });
        return kExitStopped;
    });
}
