// newsdex-query: search a newsdex index from the shell.
#include "query/cli_output.h"
#include "tools/cli_text.h"
#include "tools/result_json.h"

#include <newsdex/error.h>
#include <newsdex/index.h>
#include <newsdex/schema.h>
#include <newsdex/search.h>

#include <cxxopts.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <stdexcept>

namespace {

constexpr int kExitFound = 0;
constexpr int kExitNothingFound = 1;

// " {rank} {score} ...", folded to the help's width.
std::string format_placeholder_list() {
    std::string list, line;
    for (const std::string& name : newsdex::cli::format_placeholders()) {
        if (line.size() + name.size() + 3 > 78) list += line + "\n ", line.clear();
        line += " {" + name + "}";
    }
    return list + line;
}

std::string syntax_help() {
    std::string text =
        "\nQuery syntax:\n"
        "  words              articles with any of the words; those with all of them first\n"
        "                     (words are matched in any case, without accents, and in other\n"
        "                     forms: summit finds summits)\n"
        "  \"a phrase\"         the words in this order\n"
        "  +word -word        the word must / must not appear\n"
        "  a AND b            both            a OR b     either         a NOT b, NOT b   not b\n"
        "  a XOR b            one, not both   a NEAR b   within 10 words (NEAR/5: within 5)\n"
        "  a ADJ b            like NEAR, in this order\n"
        "  (a OR b) AND c     brackets group; operators are words in capitals (and, or: plain words)\n"
        "  summ*              words starting with summ\n"
        "  FIELD:value        search one field (FIELD:\"a phrase\", FIELD:(a OR b)):\n";
    for (const newsdex::Field& field : newsdex::schema()) {
        if (field.name == "id" || field.name == "body") continue;
        std::string name(field.name);
        text += "    " + name + ":" + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
                std::string(field.description) + "\n";
    }
    text +=
        "  examples: people:putin place:astana   date:2024-07-01..2024-07-31   date:2024-07\n"
        "\nA query with operators or FIELD: is checked: an unclosed quote or bracket, an operator\n"
        "with nothing on one side or a field with no value is an error saying what to fix. Other\n"
        "text is searched as words: pasted sentences, 'Note: markets fell', URLs and stray quotes\n"
        "or brackets are fine (a colon after a word that is not a field is just punctuation).\n"
        "\nNames match their synonyms and other names (SCO: Shanghai Cooperation Organisation,\n"
        "Kiev: Kyiv, Putin: Путин); see newsdex-index --synonyms. A misspelt word gets a\n"
        "suggestion (Did you mean: ...); when nothing matches, the corrected query is searched.\n"
        "Near-identical copies of a story (syndicated wire copy) are shown once, with a count.\n"
        "\n--format placeholders:" + format_placeholder_list() + "; \\t and \\n are a tab and a newline.\n"
        "\nOptions come before the query. A query word starting with '-' (-blair: articles without\n"
        "blair) would be read as an option: put -- before the query, e.g. newsdex-query -- -blair economy.\n"
        "\n--limit 0 shows only how many articles match (and --facets): count and facets only.\n"
        "\nExit status: 0 results found, 1 nothing found, 2 error (bad usage, bad query, no index).\n"
        "An empty page (--offset past the last result) is 1; --limit 0 with matches is 0.\n";
    return text;
}

std::size_t terminal_width() {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) return std::strtoul(columns, nullptr, 10);
    return 80;
}

// argv parsed; an unknown option that is a query word starting with '-' gets
// the advice to put -- before the query (cxxopts alone says "Option 'b' does not exist").
cxxopts::ParseResult parse_arguments(cxxopts::Options& cli, int argc, char** argv) {
    try {
        return newsdex::cli::parse_command_line(cli, argc, argv);
    } catch (const cxxopts::exceptions::no_such_option& e) {
        std::string rest;
        bool found = false;
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--") break;
            found |= arg.size() > 1 && arg[0] == '-' && arg[1] != '-';
            if (found) rest += (rest.empty() ? "" : " ") + arg;
        }
        if (!found) throw;
        throw newsdex::Error(std::string(e.what()) + ": options come before the query; to search for a word " +
                             "starting with '-' (-word: articles without it), put -- before the query: " +
                             "newsdex-query -- " + rest);
    }
}

std::string index_named;    // --db, for advice
bool partial_given = false;  // --partial

// What to do about a library error, in this tool's terms (the library's messages name no options).
std::string advice(const newsdex::Error& e) {
    switch (e.category()) {
        case newsdex::ErrorCategory::NotFound: return "; create one with: newsdex-index --db " + index_named + " FOLDER";
        case newsdex::ErrorCategory::NotAnIndex:
            return " (is it a newsdex index? if it is damaged, delete it and index again)";
        case newsdex::ErrorCategory::Corrupt: return " (delete it and index again)";
        case newsdex::ErrorCategory::RemoteUnavailable:
            return partial_given ? "" : " (use --partial to search the other shards)";
        default: return "";
    }
}

// A command line that asks for something impossible: the message says what to fix.
struct UsageError : newsdex::Error {
    using newsdex::Error::Error;
};

cxxopts::Options make_options() {
    cxxopts::Options cli("newsdex-query", "Search a newsdex index: ranked articles with highlighted snippets.\n");
    cli.custom_help("[OPTIONS] [--]");
    cli.positional_help("QUERY...");
    cli.add_options()
        ("db", "index to search (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/index, else "
               "~/.local/share/newsdex/index; here: " + newsdex::default_index_path() + ")",
         cxxopts::value<std::string>())
        ("n,limit", "results to show (0: only count the matches, and --facets)",
         cxxopts::value<std::size_t>()->default_value("10"))
        ("offset", "results to skip (for paging)", cxxopts::value<std::size_t>()->default_value("0"))
        ("sort", "relevance, newest or oldest", cxxopts::value<std::string>()->default_value("relevance"))
        ("facets", "also count the top people, places and months of all matching articles")
        ("json", "print one JSON object: {query, estimated_total, results: [{" + newsdex::tool::result_keys() +
                     "}], corrected_query, correction_applied, facets: {people, place, month: [{value, count}]}}")
        ("color", "highlight matches: auto (on a terminal, unless NO_COLOR is set), always, never",
         cxxopts::value<std::string>()->default_value("auto"))
        ("format", "one line per result from a template, e.g. '{rank} {date} {title} {path}' (placeholders below)",
         cxxopts::value<std::string>())
        ("count", "print only the number of matching articles (copies of one story count once); "
                  "with --json, the JSON object without results")
        ("similar", "list the articles most like the indexed article at PATH (as results show it); "
                    "QUERY, if given, filters them", cxxopts::value<std::string>())
        ("since", "only articles that entered the index since TIME: a UTC date or time (2026-12-01, "
                  "2026-12-01T08:30) or a span back (12h, 1d, 2w); with no QUERY, all of them. Indexes "
                  "written before newsdex recorded the time have none: their articles never match",
         cxxopts::value<std::string>())
        ("no-collapse", "show near-identical copies of a story as separate results")
        ("no-correct", "do not correct misspelt words")
        ("timeout", "milliseconds to wait for a remote shard (connecting, and each reply)",
         cxxopts::value<unsigned>()->default_value("10000"))
        ("partial", "if some shards do not answer, search the others and warn instead of failing")
        ("version", "print the version and exit")
        ("h,help", "show this help")
        ("query", "query words", cxxopts::value<std::vector<std::string>>());
    cli.parse_positional({"query"});
    return cli;
}

std::string format_of(const cxxopts::ParseResult& args) {
    return args.count("format") ? args["format"].as<std::string>() : std::string();
}

// The search the command line asks for; throws UsageError.
newsdex::SearchRequest request_from(const cxxopts::ParseResult& args) {
    newsdex::SearchRequest request;
    if (args.count("query")) {
        for (const auto& word : args["query"].as<std::vector<std::string>>()) {
            request.query += (request.query.empty() ? "" : " ") + word;
        }
    }
    // `newsdex-query ''` gives no query either: the same usage error, not a search for nothing.
    if (args.count("since")) {
        try {
            request.entered_after = newsdex::cli::parse_since(args["since"].as<std::string>(), std::time(nullptr));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    if (request.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos && !args.count("similar") &&
        !args.count("since")) {
        throw UsageError("give a query, e.g. newsdex-query SCO Astana Putin (see --help)");
    }
    if (args.count("json") && args.count("format")) {
        throw UsageError("--json and --format are two output forms; give one of them");
    }
    if (args.count("count") && args.count("format")) {
        throw UsageError("--count prints only the number; it takes no --format (use --json for an object)");
    }
    if (args.count("similar")) request.similar_to = args["similar"].as<std::string>();
    request.collapse_duplicates = !args.count("no-collapse");
    request.correct_spelling = !args.count("no-correct");
    if (const std::string problem = newsdex::cli::check_format(format_of(args)); !problem.empty()) {
        throw UsageError(problem);
    }
    request.limit = args["limit"].as<std::size_t>();
    request.offset = args["offset"].as<std::size_t>();
    request.facets = args.count("facets") > 0;
    if (args.count("count")) request.limit = 0;
    // --count and --limit 0 print the number of matches as the answer: count them all
    // (Xapian's estimate past kExactTotalLimit printed "2000 articles match" for 2100).
    if (request.limit == 0) request.exact_total = true;
    const std::string sort = args["sort"].as<std::string>();
    if (sort == "relevance") request.sort = newsdex::SortOrder::Relevance;
    else if (sort == "newest") request.sort = newsdex::SortOrder::Newest;
    else if (sort == "oldest") request.sort = newsdex::SortOrder::Oldest;
    else {
        throw UsageError("--sort must be relevance, newest or oldest, not '" + sort + "'");
    }
    const std::string color = args["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never") {
        throw UsageError("--color must be auto, always or never, not '" + color + "'");
    }
    return request;
}

// What found nothing, in the terms the command line asked: --similar and
// --since need no query, and "nothing found for: " alone said nothing.
std::string nothing_found_notice(const newsdex::SearchRequest& request) {
    using newsdex::cli::terminal_text;
    const bool words = request.query.find_first_not_of(" \t\n\r\f\v") != std::string::npos;
    const std::string since = request.entered_after ? " (since the time given)" : "";
    if (!request.similar_to.empty()) {
        return "no other article like " + terminal_text(request.similar_to) +
               (words ? " matches: " + terminal_text(request.query) : std::string()) + since;
    }
    if (!words) return "nothing entered the index since the time given";
    return "nothing found for: " + terminal_text(request.query) + since;
}

// Prints the results in the form asked for; the exit status.
int print_results(const cxxopts::ParseResult& args, const newsdex::SearchRequest& request,
                  const newsdex::SearchResults& results) {
    const bool count_only = args.count("count") > 0;
    const std::string format = format_of(args);
    const std::string color = args["color"].as<std::string>();
    const std::string notice = newsdex::cli::terminal_text(newsdex::cli::correction_notice(results));
    // Nothing matched; or matches exist and this page (--offset past the end) or --limit 0 shows none.
    const bool nothing_matched = results.estimated_total == 0 && results.hits.empty();
    const bool count_and_facets_only = request.limit == 0;
    const std::string empty_page_notice =
        nothing_matched      ? nothing_found_notice(request)
        : !results.hits.empty() || count_and_facets_only
            ? std::string()
            : "no more results (" + std::to_string(results.estimated_total) + " in all)";
    const int status = nothing_matched ? kExitNothingFound
                       : results.hits.empty() && !count_and_facets_only ? kExitNothingFound
                                                                        : kExitFound;
    if (count_only && !args.count("json")) {
        if (results.correction_applied) std::cerr << "newsdex-query: " << notice << '\n';
        std::cout << results.estimated_total << '\n';
        return status;
    }
    if (args.count("json")) {
        newsdex::cli::print_json(std::cout, results);
    } else if (!format.empty()) {
        if (!notice.empty()) std::cerr << "newsdex-query: " << notice << '\n';
        if (!empty_page_notice.empty()) std::cerr << "newsdex-query: " << empty_page_notice << '\n';
        newsdex::cli::print_formatted(std::cout, results, format);
    } else {
        newsdex::cli::HumanStyle style;
        const char* no_color = std::getenv("NO_COLOR");
        style.color = color == "always" ||
                      (color == "auto" && isatty(STDOUT_FILENO) && !(no_color && *no_color));
        style.width = terminal_width();
        if (!empty_page_notice.empty()) std::cerr << "newsdex-query: " << empty_page_notice << '\n';
        if (count_and_facets_only && !nothing_matched) {
            std::cout << results.estimated_total << (results.estimated_total == 1 ? " article matches" : " articles match")
                      << (results.facets.empty() ? "\n" : "\n\n");
        }
        newsdex::cli::print_human(std::cout, results, style);
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    return newsdex::cli::run_tool("newsdex-query", [&] {
        cxxopts::Options cli = make_options();
        const auto args = parse_arguments(cli, argc, argv);
        if (newsdex::cli::answered_version_or_help(args, cli, NEWSDEX_VERSION, syntax_help())) return kExitFound;
        const newsdex::SearchRequest request = request_from(args);
        newsdex::SearcherOptions searcher_options;
        searcher_options.remote_timeout_ms = args["timeout"].as<unsigned>();
        searcher_options.allow_partial = args.count("partial") > 0;
        index_named = args.count("db") ? args["db"].as<std::string>() : newsdex::default_index_path();
        partial_given = searcher_options.allow_partial;
        newsdex::Searcher searcher(index_named, searcher_options);
        const newsdex::SearchResults results = searcher.search(request);
        for (const auto& warning : searcher.warnings()) std::cerr << "newsdex-query: warning: " << warning << '\n';
        return print_results(args, request, results);
    }, advice);
}
