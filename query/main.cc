// newsdex-query: search a newsdex index from the shell.
#include "query/cli_output.h"

#include <newsdex/error.h>
#include <newsdex/index.h>
#include <newsdex/schema.h>
#include <newsdex/search.h>

#include <cxxopts.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace {

constexpr int kExitFound = 0;
constexpr int kExitNothingFound = 1;
constexpr int kExitError = 2;

std::string syntax_help() {
    std::string text =
        "\nQuery syntax:\n"
        "  words              articles with any of the words; those with all of them first\n"
        "                     (words are matched in any case, without accents, and in other\n"
        "                     forms: summit finds summits)\n"
        "  \"a phrase\"         the words in this order\n"
        "  +word -word        the word must / must not appear\n"
        "  a AND b, a OR b, a NOT b, a NEAR b, (grouping)   operators in capitals\n"
        "  summ*              words starting with summ\n"
        "  FIELD:value        search one field:\n";
    for (const newsdex::Field& field : newsdex::schema()) {
        if (field.name == "id" || field.name == "body") continue;
        std::string name(field.name);
        text += "    " + name + ":" + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
                std::string(field.description) + "\n";
    }
    text +=
        "  examples: people:putin place:astana   date:2024-07-01..2024-07-31   date:2024-07\n"
        "\nExit status: 0 results found, 1 nothing found, 2 error (bad usage, bad query, no index).\n";
    return text;
}

std::size_t terminal_width() {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) return std::strtoul(columns, nullptr, 10);
    return 80;
}

}  // namespace

int main(int argc, char** argv) try {
    cxxopts::Options cli("newsdex-query", "Search a newsdex index: ranked articles with highlighted snippets.\n");
    cli.custom_help("[OPTIONS]");
    cli.positional_help("QUERY...");
    cli.add_options()
        ("db", "index to search (default: $NEWSDEX_DB, else ~/.local/share/newsdex/index)",
         cxxopts::value<std::string>()->default_value(newsdex::default_index_path()))
        ("n,limit", "results to show", cxxopts::value<std::size_t>()->default_value("10"))
        ("offset", "results to skip (for paging)", cxxopts::value<std::size_t>()->default_value("0"))
        ("sort", "relevance, newest or oldest", cxxopts::value<std::string>()->default_value("relevance"))
        ("facets", "also count the top people, places and months of all matching articles")
        ("json", "print one JSON object: {query, estimated_total, results: [{rank, path, title, date, "
                 "score, snippet, highlights, source, author, url, places, people}], facets: {people, place, month: [{value, count}]}}")
        ("color", "highlight matches: auto (on a terminal, unless NO_COLOR is set), always, never",
         cxxopts::value<std::string>()->default_value("auto"))
        ("h,help", "show this help")
        ("query", "query words", cxxopts::value<std::vector<std::string>>());
    cli.parse_positional({"query"});
    const auto args = cli.parse(argc, argv);
    if (args.count("help")) {
        std::cout << cli.help() << syntax_help();
        return kExitFound;
    }
    if (!args.count("query")) {
        std::cerr << "newsdex-query: give a query, e.g. newsdex-query SCO Astana Putin (see --help)\n";
        return kExitError;
    }

    newsdex::SearchRequest request;
    for (const auto& word : args["query"].as<std::vector<std::string>>()) {
        request.query += (request.query.empty() ? "" : " ") + word;
    }
    request.limit = args["limit"].as<std::size_t>();
    request.offset = args["offset"].as<std::size_t>();
    request.facets = args.count("facets") > 0;
    const std::string sort = args["sort"].as<std::string>();
    if (sort == "relevance") request.sort = newsdex::SortOrder::Relevance;
    else if (sort == "newest") request.sort = newsdex::SortOrder::Newest;
    else if (sort == "oldest") request.sort = newsdex::SortOrder::Oldest;
    else {
        std::cerr << "newsdex-query: --sort must be relevance, newest or oldest, not '" << sort << "'\n";
        return kExitError;
    }
    const std::string color = args["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never") {
        std::cerr << "newsdex-query: --color must be auto, always or never, not '" << color << "'\n";
        return kExitError;
    }

    newsdex::Searcher searcher(args["db"].as<std::string>());
    const newsdex::SearchResults results = searcher.search(request);

    if (args.count("json")) {
        newsdex::cli::print_json(std::cout, results);
    } else {
        newsdex::cli::HumanStyle style;
        const char* no_color = std::getenv("NO_COLOR");
        style.color = color == "always" ||
                      (color == "auto" && isatty(STDOUT_FILENO) && !(no_color && *no_color));
        style.width = terminal_width();
        if (results.hits.empty()) std::cerr << "newsdex-query: nothing found for: " << request.query << '\n';
        newsdex::cli::print_human(std::cout, results, style);
    }
    return results.hits.empty() ? kExitNothingFound : kExitFound;
} catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "newsdex-query: " << e.what() << " (see --help)\n";
    return kExitError;
} catch (const newsdex::QuerySyntaxError& e) {
    std::cerr << "newsdex-query: " << e.what() << '\n';
    return kExitError;
} catch (const newsdex::Error& e) {
    std::cerr << "newsdex-query: " << e.what() << '\n';
    return kExitError;
} catch (const std::exception& e) {
    std::cerr << "newsdex-query: unexpected error: " << e.what() << '\n';
    return kExitError;
}
