// Every newsdex-index and newsdex-query line of README.md's code blocks, and
// every query of its query-language table, run as written (paths mapped to a
// temporary folder) over an archive of BBC articles (business and politics;
// generated articles without ../shared) plus the sample corpus, the "Three machines" stub with
// two shards behind xapian-tcpsrv: the README cannot drift from what works.
#include "generated_corpus.h"
#include "tcp_server.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

using newsdex::testing::TcpServer;
using newsdex::testing::write_generated_corpus;
namespace fs = std::filesystem;

namespace {

// Words of a shell command line: quotes group and are removed, `#` starts a comment.
std::vector<std::string> shell_words(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (char c : line) {
        if (quote) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '#' && !in_word) {
            break;
        } else if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

struct Readme {
    std::vector<std::string> commands;    // newsdex-index / newsdex-query lines of code blocks, in order
    std::vector<std::string> stub_lines;  // the "Three machines" stub
    std::vector<std::string> queries;     // the query-language table's examples
};

Readme read_readme() {
    Readme readme;
    std::istringstream in(read_file(source_path("README.md")));
    std::string line;
    bool in_block = false, in_stub = false, in_table = false;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) {
            in_block = !in_block;
            continue;
        }
        if (in_block) {
            if (line.find("<<'STUB'") != std::string::npos) {
                in_stub = true;
                continue;
            }
            if (in_stub) {
                if (line == "STUB") {
                    in_stub = false;
                } else {
                    readme.stub_lines.push_back(line);
                }
                continue;
            }
            std::string command = line.rfind("$ ", 0) == 0 ? line.substr(2) : line;
            const bool tool = command.rfind("newsdex-index ", 0) == 0 || command.rfind("newsdex-query ", 0) == 0;
            // Synopses ("[--db DIR] ... PATH...") describe, they are not run.
            if (tool && command.find("[--") == std::string::npos) readme.commands.push_back(command);
            continue;
        }
        if (line.rfind("| query | finds |", 0) == 0) {
            in_table = true;
            continue;
        }
        if (in_table && line.rfind("|", 0) != 0) in_table = false;
        if (in_table && line.rfind("|---", 0) != 0) {
            const std::string first_cell = line.substr(1, line.find('|', 1) - 1);
            static const std::regex code("`([^`]+)`");
            for (auto m = std::sregex_iterator(first_cell.begin(), first_cell.end(), code); m != std::sregex_iterator(); ++m) {
                readme.queries.push_back((*m)[1]);
            }
        }
    }
    return readme;
}

}  // namespace

TEST_CASE("the README has examples to run") {
    const Readme readme = read_readme();
    CHECK(readme.commands.size() >= 8);
    CHECK(readme.stub_lines.size() == 4);
    CHECK(readme.queries.size() >= 20);
}

TEST_CASE("every newsdex command line and query example of the README works as written") {
    TempDir dir;
    const Readme readme = read_readme();
    // The archive: the BBC corpus (or generated articles) and the sample corpus.
    const fs::path archive = dir.path() / "archive";
    fs::create_directories(archive / "bbc");
    const std::string bbc = source_path("../shared/corpora/bbc");
    if (fs::is_directory(bbc) && !std::getenv("NEWSDEX_TEST_WITHOUT_SHARED")) {
        // Two of its five folders keep the five indexing runs short.
        for (const char* folder : {"business", "politics"}) {
            fs::copy(fs::path(bbc) / folder, archive / "bbc" / folder, fs::copy_options::recursive);
        }
    } else {
        MESSAGE("../shared/corpora/bbc is not here: generated articles instead");
        write_generated_corpus(archive / "bbc" / "politics", 1000);  // path:bbc/politics finds them
    }
    fs::copy(source_path("sample_corpus"), archive / "sample_corpus", fs::copy_options::recursive);

    const std::map<std::string, std::string> paths = {
        {"~/archive", archive.string()}, {"/srv/archive", archive.string()}, {"news", dir / "news"},
        {"news-one", dir / "news-one"},  {"/srv/news", dir / "srv-news"}};
    const std::vector<std::string> env = {"NEWSDEX_DB=" + dir / "default-index"};
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::size_t queries_run = 0;
    for (const std::string& command : readme.commands) {
        INFO(command);
        std::vector<std::string> argv = shell_words(command);
        const bool indexing = argv[0] == "newsdex-index";
        argv[0] = indexing ? index_tool() : query_tool();
        for (std::string& word : argv) {
            const auto mapped = paths.find(word);
            if (mapped != paths.end()) word = mapped->second;
        }
        const CommandResult result = run_command(argv, "", env);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        queries_run += !indexing;
        if (!indexing || command.find("/srv/news --shards 3") == std::string::npos) continue;
        // "Three machines": shards 0 and 1 served by xapian-tcpsrv, the stub as the README writes it.
        const fs::path index = dir.path() / "srv-news";
        std::ofstream stub(index / "XAPIANDB");
        for (std::string line : readme.stub_lines) {
            for (const char* host : {"a.example:33333", "b.example:33333"}) {
                const auto at = line.find(host);
                if (at == std::string::npos) continue;
                servers.push_back(std::make_unique<TcpServer>((index / ("shard-" + std::to_string(servers.size()))).string()));
                line.replace(at, std::string(host).size(), "127.0.0.1:" + std::to_string(servers.back()->port()));
            }
            stub << line << "\n";
        }
    }
    CHECK(servers.size() == 2);
    CHECK(queries_run >= 4);

    // The query table, against the single index and the stub with remote shards:
    // each is understood (exit 2 is a bad query); nearly all find articles
    // (title:"leaders meet" is in no title of the sample corpus).
    std::size_t found = 0, run = 0;
    for (const std::string& query : readme.queries) {
        for (const std::string& db : {dir / "default-index", dir / "srv-news"}) {
            INFO(query << " on " << db);
            const CommandResult result = run_command({query_tool(), "--db", db, "--", query}, "", env);
            INFO(result.err);
            CHECK((result.exit_code == 0 || result.exit_code == 1));
            found += result.exit_code == 0;
            if (result.exit_code != 0) MESSAGE("found nothing: " << query << " on " << db);
            ++run;
        }
    }
    CHECK(found + 2 >= run);
}
