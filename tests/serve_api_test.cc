// newsdex-serve's JSON API and its safety rules, through cpp-httplib's client
// against the real server on a temporary index.
#include "serve_process.h"
#include "tcp_server.h"
#include "test_support.h"

#include <newsdex/index.h>
#include <newsdex/search.h>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

using newsdex::testing::ServeProcess;
using nlohmann::json;

namespace {

const std::string kSco = "sample_corpus/world/sco-leaders-gather-in-astana.txt";

const std::string& sample_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = dir / "index";
        const auto result = run_command({newsdex::testing::index_tool(), "--db", path, source_path("sample_corpus")});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return path;
    }();
    return db;
}

ServeProcess& sample_server() {
    static ServeProcess server({"--db", sample_db(), "--threads", "2"});
    return server;
}

std::string encoded(const std::string& text) {
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

// GET on the sample server; every answer must carry the safety headers.
httplib::Result get(int port, const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port);
    auto result = client.Get(target, headers);
    REQUIRE_MESSAGE(result, "no answer to " << target);
    CHECK(result->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(result->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    return result;
}

json get_json(const std::string& target, int expected_status) {
    const auto result = get(sample_server().port(), target);
    CHECK_MESSAGE(result->status == expected_status, target << ": " << result->body);
    CHECK(result->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    return json::parse(result->body);
}

json cli_json(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {query_tool(), "--db", sample_db(), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = run_command(argv);
    REQUIRE_MESSAGE(result.exit_code <= 1, result.err);
    return json::parse(result.out);
}

// The error message of a status >= 400: a JSON object {"error": "..."} with a non-empty message.
std::string error_of(const std::string& target, int status) {
    const json body = get_json(target, status);
    REQUIRE(body.is_object());
    REQUIRE(body.contains("error"));
    CHECK(body.size() == 1);
    CHECK(!body["error"].get<std::string>().empty());
    return body["error"].get<std::string>();
}

newsdex::Article article(const std::string& path, const std::string& title, const std::string& body) {
    newsdex::Article a;
    a.path = path;
    a.title = title;
    a.body = body;
    a.date = "2024-01-02";
    return a;
}

}  // namespace

TEST_CASE("/api/search answers with the object newsdex-query --json prints, plus took_ms") {
    struct Case {
        std::string api;
        std::vector<std::string> cli;
    };
    const std::vector<Case> cases = {
        {"q=" + encoded("SCO Astana Putin"), {"SCO Astana Putin"}},
        {"q=summit&facets=1", {"--facets", "summit"}},
        {"q=summit&sort=newest&limit=3&offset=2", {"--sort", "newest", "--limit", "3", "--offset", "2", "summit"}},
        {"q=summit&sort=oldest&collapse=0", {"--sort", "oldest", "--no-collapse", "summit"}},
        {"q=Astna", {"Astna"}},  // did you mean: the corrected query's results
        {"q=" + encoded("people:putin date:2024-07"), {"people:putin date:2024-07"}},
        {"q=zzzxqwv", {"zzzxqwv"}},  // nothing found is still 200
    };
    for (const Case& c : cases) {
        CAPTURE(c.api);
        json api = get_json("/api/search?" + c.api, 200);
        REQUIRE(api.contains("took_ms"));
        CHECK(api["took_ms"].is_number());
        CHECK(api["took_ms"].get<double>() >= 0);
        api.erase("took_ms");
        CHECK(api == cli_json(c.cli));
    }
    // Not vacuous: the cases found articles, corrected a word and counted facets.
    CHECK(get_json("/api/search?q=Astna", 200)["correction_applied"] == true);
    CHECK(get_json("/api/search?q=summit&facets=1", 200)["facets"]["people"].size() > 0);
    CHECK(get_json("/api/search?q=summit&limit=2", 200)["results"].size() == 2);
}

TEST_CASE("/api/similar answers as newsdex-query --similar --json, and 404 for a path the index lacks") {
    json api = get_json("/api/similar?path=" + encoded(kSco) + "&limit=4", 200);
    api.erase("took_ms");
    CHECK(api == cli_json({"--similar", kSco, "--limit", "4"}));
    CHECK(api["results"].size() == 4);
    json filtered = get_json("/api/similar?path=" + encoded(kSco) + "&q=Guterres", 200);
    filtered.erase("took_ms");
    CHECK(filtered == cli_json({"--similar", kSco, "Guterres"}));
    CHECK(error_of("/api/similar?path=sample_corpus/no-such-article.txt", 404).find("no article with the path") == 0);
    CHECK(error_of("/api/similar", 400).find("path") != std::string::npos);
}

TEST_CASE("/api/article returns the whole stored article, body included") {
    const json article = get_json("/api/article?path=" + encoded(kSco), 200);
    CHECK(article["path"] == source_path(kSco));  // as indexed
    CHECK(article["title"] == "SCO leaders gather in Astana as Putin and Xi push for a \"multipolar\" order");
    CHECK(article["date"] == "2024-07-04");
    CHECK(article["body"].get<std::string>().size() > 1000);
    CHECK(article["body"].get<std::string>().find("Leaders of the Shanghai Cooperation Organisation") != std::string::npos);
    for (const char* field : {"source", "author", "url", "language", "places", "people"}) CHECK(article.contains(field));
    CHECK(error_of("/api/article?path=" + encoded("../../etc/passwd"), 404).find("no article") == 0);
    CHECK(error_of("/api/article?path=/etc/passwd", 404).find("no article") == 0);  // never a file, only records
    CHECK(!error_of("/api/article", 400).empty());
}

TEST_CASE("/api/stats names the articles, language, last update and fields; /healthz says ok") {
    const json stats = get_json("/api/stats", 200);
    CHECK(stats["articles"] == newsdex::Searcher(sample_db()).document_count());
    CHECK(stats["articles"].get<std::size_t>() > 50);
    CHECK(stats["language"] == "english");
    const std::string updated = stats["last_update"];
    CHECK(updated.size() == 20);
    CHECK(updated[10] == 'T');
    bool has_people = false;
    for (const auto& field : stats["fields"]) has_people = has_people || field["name"] == "people";
    CHECK(has_people);
    const json health = get_json("/healthz", 200);
    CHECK(health["status"] == "ok");
    CHECK(health["articles"] == stats["articles"]);
}

TEST_CASE("a malformed query is a 400 with the message newsdex-query prints") {
    const auto cli = run_command({query_tool(), "--db", sample_db(), "people:(putin"});
    REQUIRE(cli.exit_code == 2);
    const std::string prefix = "newsdex-query: ";
    std::string cli_message = cli.err.substr(prefix.size());
    cli_message.pop_back();  // newline
    CHECK(error_of("/api/search?q=" + encoded("people:(putin"), 400) == cli_message);
    CHECK(!error_of("/api/search?q=" + encoded("putin AND"), 400).empty());
}

TEST_CASE("bad parameters are 400s that say what to send") {
    CHECK(error_of("/api/search", 400).find("give a query") == 0);
    CHECK(error_of("/api/search?q=%20%20", 400).find("give a query") == 0);
    CHECK(error_of("/api/search?q=a&limit=101", 400).find("limit must be") == 0);
    CHECK(error_of("/api/search?q=a&limit=-1", 400).find("limit must be") == 0);
    CHECK(error_of("/api/search?q=a&limit=ten", 400).find("limit must be") == 0);
    CHECK(error_of("/api/search?q=a&offset=99999999999", 400).find("offset must be") == 0);
    CHECK(error_of("/api/search?q=a&sort=sideways", 400).find("sort must be") == 0);
    CHECK(error_of("/api/search?q=a&facets=maybe", 400).find("facets must be") == 0);
    CHECK(error_of("/api/search?q=" + std::string(1001, 'a'), 400).find("q is too long") == 0);
    CHECK(get_json("/api/search?q=a&limit=100", 200)["results"].is_array());  // the cap itself is allowed
}

TEST_CASE("an oversized URL is a 414 and unknown paths are 404, in JSON for the API and HTML for pages") {
    CHECK(!error_of("/api/search?q=" + std::string(9000, 'a'), 414).empty());
    CHECK(error_of("/api/nothing-here", 404).find("no such page") == 0);
    const auto page = get(sample_server().port(), "/nothing-here");
    CHECK(page->status == 404);
    CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(get(sample_server().port(), "/../../etc/passwd")->status >= 400);
    CHECK(get(sample_server().port(), "/assets/../../../../etc/passwd")->status == 404);
    CHECK(get(sample_server().port(), "/healthz")->status == 200);  // the server survived all of it
}

TEST_CASE("the page escapes every field: a hostile title shows as text") {
    TempDir dir;
    write_file(dir / "news/hostile.txt",
               "Title: <img src=x onerror=alert(1)> \"quoted\" & 'single'\nSource: <script>alert(2)</script>\n\n"
               "A hostile <b>body</b> about the harbour, with <script>alert(3)</script> inside.\n");
    REQUIRE(run_command({newsdex::testing::index_tool(), "--db", dir / "index", dir / "news"}).exit_code == 0);
    ServeProcess server({"--db", dir / "index"});
    for (const std::string& target : {std::string("/?q=harbour"), "/article?path=" + encoded(dir / "news/hostile.txt")}) {
        CAPTURE(target);
        const auto page = get(server.port(), target);
        REQUIRE(page->status == 200);
        CHECK(page->body.find("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;") !=
              std::string::npos);
        CHECK(page->body.find("<img") == std::string::npos);
        CHECK(page->body.find("&lt;script&gt;alert(2)&lt;/script&gt;") != std::string::npos);
        CHECK(page->body.find("<script>") == std::string::npos);
        CHECK(page->body.find("<script src=\"/assets/enhance.js\" defer></script>") != std::string::npos);  // ours only
    }
    // And the query echoed in the page is escaped too.
    const auto echoed = get(server.port(), "/?q=" + encoded("\"><script>alert(4)</script>"));
    CHECK(echoed->body.find("<script>alert(4)") == std::string::npos);
}

TEST_CASE("new articles appear in searches when the indexer commits, without a restart") {
    TempDir dir;
    {
        newsdex::Indexer indexer(dir / "index");
        indexer.add(article(dir / "a.txt", "Harbour reopens", "The harbour reopened today."));
    }
    ServeProcess server({"--db", dir / "index"});
    auto count = [&](const std::string& word) {
        const auto result = get(server.port(), "/api/search?q=" + word);
        REQUIRE(result->status == 200);
        return json::parse(result->body)["estimated_total"].get<std::size_t>();
    };
    CHECK(count("harbour") == 1);
    CHECK(count("lighthouse") == 0);
    {
        newsdex::Indexer indexer(dir / "index");
        indexer.add(article(dir / "b.txt", "Lighthouse lit", "The lighthouse by the harbour was lit again."));
        indexer.commit();
        // Committed: seen once the server next brings its searchers up to date
        // (within a tenth of a second; waited for here up to 20 s).
        std::size_t seen = 0;
        for (int attempt = 0; attempt < 200 && seen == 0; ++attempt) {
            if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            seen = count("lighthouse");
        }
        CHECK(seen == 1);
        for (int attempt = 0; attempt < 200 && count("harbour") != 2; ++attempt) {  // every search thread
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(count("harbour") == 2);
    }
}

TEST_CASE("beyond loopback a token is required: Bearer for the API, a login form and cookie for the page") {
    const auto refused = run_command({NEWSDEX_SERVE_TOOL, "--db", sample_db(), "--listen", "0.0.0.0:0"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--token-file") != std::string::npos);

    TempDir dir;
    const std::string token = "correct-horse-battery-staple-42";
    write_file(dir / "token", token + "\n");
    ServeProcess server({"--db", sample_db(), "--listen", "0.0.0.0:0", "--token-file", dir / "token"});
    CHECK(server.log().find("warning: listening on 0.0.0.0") != std::string::npos);
    const int port = server.port();

    const auto anonymous = get(port, "/api/search?q=summit");
    CHECK(anonymous->status == 401);
    CHECK(anonymous->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    CHECK(json::parse(anonymous->body).contains("error"));
    CHECK(server.log().find("401") == std::string::npos);  // no credential: no log line

    const auto wrong = get(port, "/api/search?q=summit", {{"Authorization", "Bearer correct-horse-battery-staple-43"}});
    CHECK(wrong->status == 401);
    CHECK(get(port, "/api/search?q=summit", {{"Authorization", "Bearer " + token}})->status == 200);
    CHECK(get(port, "/api/search?q=summit&token=" + token)->status == 401);  // never from a URL
    CHECK(get(port, "/healthz")->status == 200);

    // The page: a login form, POSTed, that sets an HttpOnly, SameSite=Strict cookie.
    const auto page = get(port, "/?q=summit");
    CHECK(page->status == 401);
    CHECK(page->body.find("<form class=\"login\" method=\"post\" action=\"/login\">") != std::string::npos);
    httplib::Client client("127.0.0.1", port);
    const auto bad_login = client.Post("/login", "token=nope&next=%2F", "application/x-www-form-urlencoded");
    REQUIRE(bad_login);
    CHECK(bad_login->status == 401);
    const auto login = client.Post("/login", "token=" + token + "&next=%2F%3Fq%3Dsummit", "application/x-www-form-urlencoded");
    REQUIRE(login);
    CHECK(login->status == 303);
    CHECK(login->get_header_value("Location") == "/?q=summit");
    const std::string cookie = login->get_header_value("Set-Cookie");
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(cookie.find(token) == std::string::npos);  // a session secret, not the token
    const std::string session = cookie.substr(0, cookie.find(';'));
    const auto signed_in = get(port, "/?q=summit", {{"Cookie", session}});
    CHECK(signed_in->status == 200);
    CHECK(signed_in->body.find("<article class=\"hit\">") != std::string::npos);
    CHECK(get(port, "/?q=summit", {{"Cookie", session + "0"}})->status == 401);
    const auto open_redirect = client.Post("/login", "token=" + token + "&next=%2F%2Fevil.example", "application/x-www-form-urlencoded");
    CHECK(open_redirect->get_header_value("Location") == "/");

    // Every wrong token left a log line naming the request, never the token.
    const std::string log = server.log();
    CHECK(log.find("401: wrong token from 127.0.0.1 on GET /api/search") != std::string::npos);
    CHECK(log.find("401: wrong token from 127.0.0.1 on POST /login") != std::string::npos);
    CHECK(log.find("correct-horse") == std::string::npos);
}

TEST_CASE("the login form takes the token only from its POSTed body and sends the browser only to this server's pages") {
    TempDir dir;
    const std::string token = "correct-horse-battery-staple-42";
    write_file(dir / "token", token + "\n");
    ServeProcess server({"--db", sample_db(), "--token-file", dir / "token"});
    httplib::Client client("127.0.0.1", server.port());
    const std::string form = "application/x-www-form-urlencoded";

    // A token in the URL of the POST is not a sign-in, whatever the body holds.
    const auto token_in_url = client.Post("/login?token=" + token, "next=%2F", form);
    REQUIRE(token_in_url);
    CHECK(token_in_url->status == 401);
    CHECK(token_in_url->get_header_value("Set-Cookie").empty());
    const auto token_in_body = client.Post("/login", "token=" + token, form);
    REQUIRE(token_in_body);
    CHECK(token_in_body->status == 303);

    // Browsers drop tabs and newlines from a URL, so "/<TAB>/evil.example" would
    // lead to //evil.example: any control character makes the target "/".
    for (const std::string next : {"%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%0D%2Fevil.example",
                                   "%2F%5Cevil.example", "%2F%01x", "%2F%7F"}) {
        const auto login = client.Post("/login", "token=" + token + "&next=" + next, form);
        REQUIRE(login);
        CHECK_MESSAGE(login->get_header_value("Location") == "/", next);
    }
    const auto page = get(server.port(), "/login?next=%2F%09%2Fevil.example");
    CHECK(page->body.find("evil.example") == std::string::npos);
}

TEST_CASE("a shared link to a server with a token leads, after signing in, to the page it names, query included") {
    TempDir dir;
    const std::string token = "correct-horse-battery-staple-42";
    write_file(dir / "token", token + "\n");
    ServeProcess server({"--db", sample_db(), "--token-file", dir / "token"});
    const auto page = get(server.port(), "/?q=summit&sort=newest");
    CHECK(page->status == 401);
    CHECK(page->body.find("name=\"next\" value=\"/?q=summit&amp;sort=newest\"") != std::string::npos);
    const auto article = get(server.port(), "/article?path=" + encoded(source_path(kSco)));
    CHECK(article->body.find("value=\"/article?path=" + encoded(source_path(kSco)) + "\"") != std::string::npos);
}

TEST_CASE("the Bearer scheme is matched in any case, as HTTP says auth schemes are") {
    TempDir dir;
    const std::string token = "correct-horse-battery-staple-42";
    write_file(dir / "token", token + "\n");
    ServeProcess server({"--db", sample_db(), "--token-file", dir / "token"});
    CHECK(get(server.port(), "/api/stats", {{"Authorization", "bearer " + token}})->status == 200);
    CHECK(get(server.port(), "/api/stats", {{"Authorization", "BEARER " + token}})->status == 200);
    CHECK(get(server.port(), "/api/stats", {{"Authorization", "bearer x" + token}})->status == 401);
}

TEST_CASE("a method other than GET or HEAD on a page or endpoint is a 405 naming the methods, not a 404") {
    httplib::Client client("127.0.0.1", sample_server().port());
    const auto api = client.Post("/api/search?q=summit", "", "text/plain");
    REQUIRE(api);
    CHECK(api->status == 405);
    CHECK(api->get_header_value("Allow") == "GET, HEAD");
    CHECK(json::parse(api->body)["error"].get<std::string>().find("GET") != std::string::npos);
    const auto page = client.Delete("/");
    REQUIRE(page);
    CHECK(page->status == 405);
    CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    const auto options = client.Options("/healthz");
    REQUIRE(options);
    CHECK(options->status == 405);
    const auto unknown = client.Post("/no-such-page", "", "text/plain");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(client.Head("/api/stats")->status == 200);
}

TEST_CASE("only a loopback address counts as loopback: a host name that merely starts with 127. needs the token") {
    for (const std::string host : {"127.example.invalid", "127.0.0.1.example.invalid", "localhost.example.invalid"}) {
        const auto refused = run_command({NEWSDEX_SERVE_TOOL, "--db", sample_db(), "--listen", host + ":0"});
        CHECK(refused.exit_code == 2);
        CHECK_MESSAGE(refused.err.find("--token-file") != std::string::npos, host << ": " << refused.err);
    }
    ServeProcess loopback({"--db", sample_db(), "--listen", "127.0.0.2:0"});
    CHECK(loopback.log().find("warning") == std::string::npos);
}

TEST_CASE("with --partial, an answer that left a shard out says so in warnings") {
    TempDir dir;
    // A port nothing listens on: bind to a free one and let it go.
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(probe);
    const std::string dead_shard = "remote 127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    write_file(dir.path() / "broken" / "XAPIANDB", "auto " + sample_db() + "\n" + dead_shard + "\n");
    ServeProcess server({"--db", dir / "broken", "--partial", "--timeout", "500"});
    for (const std::string& target : std::vector<std::string>{"/api/search?q=summit", "/api/similar?path=" + encoded(source_path(kSco))}) {
        const auto result = get(server.port(), target);
        REQUIRE(result->status == 200);
        const json body = json::parse(result->body);
        CHECK(!body["results"].empty());
        REQUIRE_MESSAGE(body.contains("warnings"), target);
        REQUIRE(body["warnings"].size() == 1);
        CHECK(body["warnings"][0].get<std::string>().find(dead_shard) != std::string::npos);
    }
    // A whole index has no warnings key: the object stays newsdex-query --json's.
    CHECK(!json::parse(get(sample_server().port(), "/api/search?q=summit")->body).contains("warnings"));
}

TEST_CASE("a remote shard that stops answering is a 503 to retry, not a server error") {
    TempDir dir;
    newsdex::testing::TcpServer shard(sample_db());
    write_file(dir.path() / "stub" / "XAPIANDB",
               "auto " + sample_db() + "\nremote 127.0.0.1:" + std::to_string(shard.port()) + "\n");
    ServeProcess server({"--db", dir / "stub", "--timeout", "500"});
    REQUIRE(get(server.port(), "/api/search?q=summit")->status == 200);
    shard.stop();
    const auto result = get(server.port(), "/api/search?q=summit");
    INFO("body: " << result->body);
    CHECK(result->status == 503);
    CHECK(result->get_header_value("Retry-After") == "1");
    CHECK(json::parse(result->body)["error"].get<std::string>().find("--partial") != std::string::npos);
    CHECK(get(server.port(), "/?q=summit")->status == 503);
}

TEST_CASE("--no-auth beyond loopback serves everyone, with a warning") {
    ServeProcess server({"--db", sample_db(), "--listen", "0.0.0.0:0", "--no-auth"});
    CHECK(server.log().find("warning") != std::string::npos);
    CHECK(server.log().find("--no-auth") != std::string::npos);
    CHECK(get(server.port(), "/api/search?q=summit")->status == 200);
}

TEST_CASE("when every connection is taken, a new one gets a clear 503 at once") {
    ServeProcess server({"--db", sample_db(), "--connections", "1"});
    auto connect_raw = [&] {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(server.port()));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        return fd;
    };
    // The one worker holds a keep-alive connection (it has answered a request on
    // it, so it surely took it), a second connection waits for that worker, and a
    // third finds no room. The worker lets the first go after the keep-alive
    // timeout (2 s), so on a very slow machine try again.
    bool refused = false;
    for (int attempt = 0; attempt < 5 && !refused; ++attempt) {
        const int served = connect_raw();
        const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        REQUIRE(::write(served, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
        std::string answer;
        char buffer[4096];
        while (answer.find("\"status\":\"ok\"") == std::string::npos) {
            const ssize_t n = ::read(served, buffer, sizeof buffer);
            REQUIRE(n > 0);
            answer.append(buffer, static_cast<std::size_t>(n));
        }
        const int waiting = connect_raw();
        httplib::Client client("127.0.0.1", server.port());
        const auto result = client.Get("/api/search?q=summit");
        REQUIRE(result);
        if (result->status == 503) {
            refused = true;
            CHECK(result->get_header_value("Retry-After") == "1");
            CHECK(result->get_header_value("X-Content-Type-Options") == "nosniff");
            CHECK(json::parse(result->body)["error"].get<std::string>().find("busy") != std::string::npos);
        }
        ::close(waiting);
        ::close(served);
    }
    CHECK(refused);
    CHECK(server.log().find("503") != std::string::npos);
    // And it recovers once those connections are gone (the pool frees them as it notices).
    int status = 0;
    for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        httplib::Client client("127.0.0.1", server.port());
        const auto later = client.Get("/healthz");
        REQUIRE(later);
        status = later->status;
    }
    CHECK(status == 200);
}

TEST_CASE("newsdex-serve stops cleanly on SIGTERM, and says what is wrong when it cannot start") {
    // Right after it says where it serves (a SIGTERM in that moment once went unheard).
    for (int run = 0; run < 10; ++run) {
        ServeProcess server({"--db", sample_db()});
        CHECK(server.stop() == 0);
    }
    TempDir dir;
    const auto missing = run_command({NEWSDEX_SERVE_TOOL, "--db", dir / "nothing", "--listen", "127.0.0.1:0"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("newsdex-serve: ") == 0);
    const auto bad_listen = run_command({NEWSDEX_SERVE_TOOL, "--db", sample_db(), "--listen", "nowhere"});
    CHECK(bad_listen.exit_code == 2);
    CHECK(bad_listen.err.find("--listen must be HOST:PORT") != std::string::npos);
    // A few zeros too many are refused before a thread starts (they started threads until the system ran out).
    for (const char* option : {"--threads", "--connections"}) {
        CAPTURE(option);
        const auto huge = run_command({NEWSDEX_SERVE_TOOL, "--db", sample_db(), "--listen", "127.0.0.1:0", "--no-auth", option,
                                       "100000000"});
        CHECK(huge.exit_code == 2);
        CHECK(huge.err.find(std::string(option) + " takes at most ") != std::string::npos);
    }
    const auto help = run_command({NEWSDEX_SERVE_TOOL, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Exit status") != std::string::npos);
}
