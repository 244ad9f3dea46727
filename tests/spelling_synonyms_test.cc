// Did you mean (spelling data written at index time) and synonyms (the shipped
// list and a user's file, stored in the index), through the library and the CLI.
#include "test_support.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

const std::string& sample_index() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string db = dir / "index";
        Indexer indexer(db);
        REQUIRE(indexer.index_paths({source_path("sample_corpus")}).failed == 0);
        return db;
    }();
    return path;
}

SearchResults search(const std::string& db, const std::string& query, bool correct = true) {
    Searcher searcher(db);
    SearchRequest request;
    request.query = query;
    request.limit = 50;
    request.correct_spelling = correct;
    return searcher.search(request);
}

std::vector<std::string> files(const SearchResults& results) {
    std::vector<std::string> names;
    for (const Hit& hit : results.hits) names.push_back(hit.article.path.substr(hit.article.path.find_last_of('/') + 1));
    std::sort(names.begin(), names.end());
    return names;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Articles that each say one name of a synonym group, and nothing else in common.
struct Aliases {
    TempDir dir;
    std::string db = dir / "index";
    Aliases() {
        write_file(dir / "news/kyiv.txt", "Title: Air raid alert\n\nSirens sounded over Kyiv overnight.");
        write_file(dir / "news/kiev.txt", "Title: Old spelling\n\nThe ballet company toured from Kiev in 1990.");
        write_file(dir / "news/expansion.txt",
                   "Title: Bloc meets\n\nThe Shanghai Cooperation Organisation admitted a new member.");
        write_file(dir / "news/american.txt",
                   "Title: Bloc statement\n\nThe Shanghai Cooperation Organization issued a statement.");
        write_file(dir / "news/acronym.txt", "Title: Short form\n\nThe SCO met again this spring.");
        write_file(dir / "news/nur-sultan.txt", "Title: Capital renamed\n\nNur-Sultan hosted the forum in 2021.");
        write_file(dir / "news/russian.txt", "Title: Заявление\n\nПутин выступил с заявлением.");
        write_file(dir / "news/english.txt", "Title: Statement\n\nPutin made a statement on energy.");
        write_file(dir / "news/lviv.txt", "Title: Old town\n\nLviv's old town filled with visitors.");
        write_file(dir / "synonyms.txt", "# my aliases\nLemberg\tLviv\nbloc = alliance\n");
        IndexOptions options;
        options.extract_fields = false;
        options.synonyms_file = dir / "synonyms.txt";
        Indexer indexer(db, options);
        REQUIRE(indexer.index_paths({dir / "news"}).indexed == 9);
    }
};

const Aliases& aliases() {
    static Aliases instance;
    return instance;
}

}  // namespace

TEST_CASE("a misspelt word with no results searches the correction, in the user's case") {
    const SearchResults results = search(sample_index(), "Astna");
    CHECK(results.query == "Astna");
    CHECK(results.corrected_query == "Astana");
    CHECK(results.correction_applied);
    REQUIRE(!results.hits.empty());
    CHECK(has(files(results), "sco-leaders-gather-in-astana.txt"));
    CHECK(search(sample_index(), "astna").corrected_query == "astana");
    CHECK(search(sample_index(), "ASTNA").corrected_query == "ASTANA");
    CHECK(search(sample_index(), "Guterez").corrected_query == "Guterres");
}

TEST_CASE("a misspelt word beside known words is offered, not applied") {
    const SearchResults results = search(sample_index(), "Astna summit");
    CHECK(results.corrected_query == "Astana summit");
    CHECK(!results.correction_applied);
    CHECK(!results.hits.empty());
}

TEST_CASE("known words, operators, fields, filters and wildcards are not corrected") {
    CHECK(search(sample_index(), "Astana summit").corrected_query.empty());
    CHECK(search(sample_index(), "summits").corrected_query.empty());  // another form of a known word
    CHECK(search(sample_index(), "astan*").corrected_query.empty());
    CHECK(search(sample_index(), "putin AND date:2024").corrected_query.empty());
    CHECK(search(sample_index(), "xylophonequartet").corrected_query.empty());  // nothing close
    // A word the query leaves out is not corrected to another word to leave out.
    CHECK(search(sample_index(), "summit -Astna").corrected_query.empty());
    CHECK(search(sample_index(), "summit NOT Astna").corrected_query.empty());
    CHECK(search(sample_index(), "summit AND NOT (Astna)").corrected_query.empty());
    CHECK(search(sample_index(), "summit-Astna").corrected_query == "summit-Astana");  // a hyphen inside a word excludes nothing
    const SearchResults off = search(sample_index(), "Astna", false);
    CHECK(off.corrected_query.empty());
    CHECK(off.hits.empty());
}

TEST_CASE("a misspelling that stems like a rare word is corrected to the far more common word") {
    // "goverment" stems to "gover", as "governess" does: it found the governess
    // article and was never corrected.
    TempDir dir;
    for (int n = 0; n < 30; ++n) {
        write_file(dir / ("news/budget" + std::to_string(n) + ".txt"),
                   "Title: Budget " + std::to_string(n) + "\n\nThe government announced new spending on schools.");
    }
    write_file(dir / "news/novel.txt", "Title: A novel\n\nThe governess walked to the village.");
    const std::string db = dir / "index";
    REQUIRE(Indexer(db).index_paths({(dir.path() / "news").string()}).failed == 0);
    CHECK(search(db, "goverment spending").corrected_query == "government spending");
    CHECK(search(db, "Goverment").corrected_query == "Government");
    CHECK(search(db, "governess").corrected_query.empty());  // a word the index knows as typed
    CHECK(search(db, "governesses").corrected_query.empty());  // another form of it
    CHECK(search(db, "budgets").corrected_query.empty());
}

TEST_CASE("a word of one article is offered as no correction; from a second article on it is, counted for each") {
    // A word one article holds is as often a typo of the corpus as a word (kMinSpellingArticles).
    TempDir dir;
    const std::string db = dir / "index";
    auto add = [&](const std::string& name) {
        write_file(dir / ("news/" + name + ".txt"), "Title: Quarry " + name + "\n\nThe zanzibarite quarry reopened.");
        REQUIRE(Indexer(db).index_paths({(dir.path() / "news").string()}).failed == 0);
    };
    auto counted = [&] {
        Xapian::Database index(db);
        auto word = index.spellings_begin();
        word.skip_to("zanzibarite");
        return word != index.spellings_end() && *word == "zanzibarite" ? word.get_termfreq() : 0;
    };
    add("first");
    CHECK(counted() == 0);
    CHECK(search(db, "zanzibarote").corrected_query.empty());
    CHECK(search(db, "quarry").corrected_query.empty());
    add("second");  // a later run: the first article's mention counts too
    CHECK(counted() == 2);
    CHECK(search(db, "zanzibarote").corrected_query == "zanzibarite");
    add("third");
    CHECK(counted() == 3);
}

TEST_CASE("a word leaves the spelling table with the articles holding it, and an edited article is counted once") {
    TempDir dir;
    const std::string db = dir / "index";
    auto run = [&] { REQUIRE(Indexer(db).index_paths({(dir.path() / "news").string()}).failed == 0); };
    auto counted = [&](const std::string& wanted) {
        Xapian::Database index(db);
        auto word = index.spellings_begin();
        word.skip_to(wanted);
        return word != index.spellings_end() && *word == wanted ? word.get_termfreq() : 0;
    };
    for (const std::string name : {"first", "second", "third"})
        write_file(dir / ("news/" + name + ".txt"), "Title: Quarry " + name + "\n\nThe zanzibarite quarry reopened.");
    write_file(dir / "news/other.txt", "Title: Football\n\nThe league season opened with a quarry of goals.");
    run();
    REQUIRE(counted("zanzibarite") == 3);
    for (int edit = 0; edit < 3; ++edit) {
        write_file(dir / "news/first.txt", "Title: Quarry first\n\nThe zanzibarite quarry reopened, edit " + std::to_string(edit) + ".");
        run();
    }
    CHECK(counted("zanzibarite") == 3);
    CHECK(counted("quarry") == 4);
    fs::remove(dir / "news/third.txt");
    run();
    CHECK(counted("zanzibarite") == 2);
    fs::remove(dir / "news/second.txt");
    run();
    CHECK(counted("zanzibarite") == 0);  // one article holds it now: no correction leads there
    CHECK(search(db, "zanzibarote").corrected_query.empty());
    CHECK(counted("quarry") == 2);
}

TEST_CASE("newsdex-query says when it searched the corrected query") {
    const auto human = run_command({query_tool(), "--db", sample_index(), "Astna"});
    CHECK(human.exit_code == 0);
    CHECK(human.out.rfind("No results for 'Astna'; showing results for 'Astana'", 0) == 0);
    const auto offered = run_command({query_tool(), "--db", sample_index(), "Astna", "summit"});
    CHECK(offered.out.rfind("Did you mean: Astana summit?", 0) == 0);
    const auto json = run_command({query_tool(), "--db", sample_index(), "--json", "Astna"});
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["query"] == "Astna");
    CHECK(doc["corrected_query"] == "Astana");
    CHECK(doc["correction_applied"] == true);
    CHECK(!doc["results"].empty());
    const auto off = run_command({query_tool(), "--db", sample_index(), "--no-correct", "Astna"});
    CHECK(off.exit_code == 1);
}

TEST_CASE("former and current names find each other") {
    const auto kiev = files(search(aliases().db, "Kiev"));
    CHECK(kiev == std::vector<std::string>{"kiev.txt", "kyiv.txt"});
    CHECK(files(search(aliases().db, "kyiv")) == kiev);
    CHECK(has(files(search(aliases().db, "Astana")), "nur-sultan.txt"));
}

TEST_CASE("an acronym finds its expansion, and the expansion its acronym and other spelling") {
    const auto sco = files(search(aliases().db, "SCO"));
    CHECK(sco == std::vector<std::string>{"acronym.txt", "american.txt", "expansion.txt"});
    const auto spelled_out = files(search(aliases().db, "Shanghai Cooperation Organization"));
    CHECK(has(spelled_out, "acronym.txt"));
    CHECK(has(spelled_out, "expansion.txt"));
    CHECK(has(spelled_out, "american.txt"));
}

TEST_CASE("a name in another script finds the same person") {
    CHECK(files(search(aliases().db, "Путин")) == std::vector<std::string>{"english.txt", "russian.txt"});
    CHECK(files(search(aliases().db, "putin")) == std::vector<std::string>{"english.txt", "russian.txt"});
}

TEST_CASE("synonyms are highlighted in snippets") {
    const SearchResults results = search(aliases().db, "Kiev");
    for (const Hit& hit : results.hits) {
        REQUIRE(!hit.snippet.highlights.empty());
        const auto& h = hit.snippet.highlights[0];
        const std::string word = hit.snippet.text.substr(h.begin, h.end - h.begin);
        CHECK((word == "Kiev" || word == "Kyiv"));
    }
}

TEST_CASE("a user's synonyms file given at index time is stored in the index and kept") {
    CHECK(files(search(aliases().db, "Lemberg")) == std::vector<std::string>{"lviv.txt"});
    CHECK(files(search(aliases().db, "alliance")) == std::vector<std::string>{"american.txt", "expansion.txt"});
    {  // a later run without the file keeps the user's list
        IndexOptions options;
        options.extract_fields = false;
        Indexer indexer(aliases().db, options);
        indexer.index_paths({aliases().dir / "news"});
    }
    CHECK(files(search(aliases().db, "Lemberg")) == std::vector<std::string>{"lviv.txt"});
    TempDir dir;
    IndexOptions missing;
    missing.synonyms_file = dir / "nowhere.txt";
    CHECK_THROWS_WITH_AS(Indexer(dir / "index", missing), doctest::Contains("cannot read the synonyms file"), Error);
    CHECK(!std::filesystem::exists(dir / "index"));
}

TEST_CASE("newsdex-index --synonyms FILE") {
    TempDir dir;
    write_file(dir / "news/a.txt", "Title: Port city\n\nShips returned to Mumbai harbour.");
    write_file(dir / "news/b.txt", "Title: Steel\n\nThe mill near Jamshedpur expanded.");
    write_file(dir / "mine.tsv", "Tatanagar\tJamshedpur\n");
    const auto indexed = run_command({index_tool(), "--db", dir / "index", "--synonyms", dir / "mine.tsv", dir / "news"});
    REQUIRE_MESSAGE(indexed.exit_code == 0, indexed.err);
    const auto user = run_command({query_tool(), "--db", dir / "index", "--format", "{path}", "Tatanagar"});
    CHECK(user.exit_code == 0);
    CHECK(user.out.find("b.txt") != std::string::npos);
    const auto shipped = run_command({query_tool(), "--db", dir / "index", "--format", "{path}", "Bombay"});
    CHECK(shipped.out.find("a.txt") != std::string::npos);
    const auto missing = run_command({index_tool(), "--db", dir / "other", "--synonyms", dir / "none.tsv", dir / "news"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("cannot read the synonyms file") != std::string::npos);
}
