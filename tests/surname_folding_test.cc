// One person, one facet value across articles: an article that names someone
// by surname alone is stored under the one full name the index knows for that
// surname from the same period (indexer/surname_folding.h).
#include "test_support.h"

#include "core/index_layout.h"
#include "core/index_folder.h"
#include "indexer/document_builder.h"
#include "indexer/surname_folding.h"

#include <newsdex/newsdex.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <thread>
#include <utility>

using namespace newsdex;

namespace {

// A folder of articles and an index of it. Fields are stated, not extracted,
// unless a test asks for extraction, so the people going in are known exactly.
struct Archive {
    TempDir dir;
    std::string db = dir / "index";
    std::string news = dir / "news";
    bool extract = false;

    void article(const std::string& name, const std::string& date, const std::string& people,
                 const std::string& body = "Officials held talks on the budget.") {
        std::string header = "Title: " + name + "\n";
        if (!date.empty()) header += "Date: " + date + "\n";
        if (!people.empty()) header += "People: " + people + "\n";
        write_file(news + "/" + name + ".txt", header + "\n" + body + "\n");
    }

    // An article in running text, its people left to the finder (set `extract`).
    void story(const std::string& name, const std::string& title, const std::string& date, const std::string& text) {
        write_file(news + "/" + name + ".txt", "Title: " + title + "\nDate: " + date + "\n\n" + text + "\n");
    }

    IndexReport index(std::size_t shards = 0) {
        IndexOptions options;
        options.extract_fields = extract;
        options.shards = shards;
        Indexer indexer(db, options);
        return indexer.index_paths({news});
    }

    // The people the index stores for an article: its record, as results show it.
    std::vector<std::string> people_of(const std::string& name) {
        Searcher searcher(db);
        auto article = searcher.article(news + "/" + name + ".txt");
        REQUIRE(article.has_value());
        return article->people;
    }

    // The articles (file names) a query matches.
    std::vector<std::string> matching(const std::string& query) {
        Searcher searcher(db);
        SearchRequest request;
        request.query = query;
        request.limit = 100;
        request.collapse_duplicates = false;
        std::vector<std::string> names;
        for (const Hit& hit : searcher.search(request).hits) {
            const std::string& path = hit.article.path;
            names.push_back(path.substr(path.find_last_of('/') + 1));
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    // The people facet over the articles `query` matches: name -> articles.
    std::map<std::string, std::size_t> people_facet(const std::string& query) {
        Searcher searcher(db);
        SearchRequest request;
        request.query = query;
        request.facets = true;
        request.facet_values = 100;
        request.collapse_duplicates = false;
        std::map<std::string, std::size_t> counts;
        for (const Facet& facet : searcher.search(request).facets) {
            if (facet.field != "people") continue;
            for (const FacetValue& value : facet.values) counts[value.value] = value.count;
        }
        return counts;
    }
};

using Names = std::vector<std::string>;

// Reagan by surname alone, in running text.
const std::string kVetoStory =
    "The spending bill passed the Senate late on Friday. Reagan said he would sign it, a spokesman said.";

}  // namespace

TEST_CASE("an article naming only Reagan is stored under Ronald Reagan when an article of the same period names him in full") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Reagan");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("summit") == Names{"Ronald Reagan"});
}

TEST_CASE("facets and people: searches agree on a folded surname") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan; George Shultz");
    archive.article("veto", "1987-05-20", "Reagan");
    archive.article("budget", "1987-06-01", "Reagan; Shultz");
    archive.index();
    const auto facet = archive.people_facet("talks");
    CHECK(facet.at("Ronald Reagan") == 3);
    CHECK(facet.at("George Shultz") == 2);
    CHECK(facet.count("Reagan") == 0);
    CHECK(facet.count("Shultz") == 0);
    CHECK(archive.matching("people:\"ronald reagan\"") == Names{"budget.txt", "summit.txt", "veto.txt"});
    CHECK(archive.matching("people:reagan") == Names{"budget.txt", "summit.txt", "veto.txt"});
    CHECK(archive.matching("people:ronald") == Names{"budget.txt", "summit.txt", "veto.txt"});
    CHECK(archive.matching("people:\"george shultz\"") == Names{"budget.txt", "summit.txt"});
    // The rest of a folded article is as it was: its body words and its place in the index.
    CHECK(archive.matching("budget") == Names{"budget.txt", "summit.txt", "veto.txt"});
    CHECK(archive.matching("title:veto") == Names{"veto.txt"});
    CHECK(Searcher(archive.db).document_count() == 3);
}

TEST_CASE("Mr Reagan and REAGAN are folded like Reagan; Mrs Reagan is not") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("titled", "1987-04-01", "Mr Reagan");
    archive.article("capitals", "1987-04-02", "REAGAN");
    archive.article("both", "1987-04-03", "Mr Reagan; REAGAN; George Shultz");
    archive.article("wife", "1987-04-04", "Mrs Reagan");
    archive.article("headline", "1987-04-05", "RONALD REAGAN");  // the same full name in capitals: not a second person
    archive.index();
    CHECK(archive.people_of("titled") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("capitals") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("both") == Names{"Ronald Reagan", "George Shultz"});  // one person, listed once
    CHECK(archive.people_of("wife") == Names{"Mrs Reagan"});
    CHECK(archive.people_of("headline") == Names{"Ronald Reagan"});
}

TEST_CASE("a surname is not folded to a full name from another period") {
    Archive archive;
    archive.article("campaign", "1980-10-01", "Ronald Reagan");
    archive.article("edge", "1981-04-02", "Reagan");          // 183 days later: the same period
    archive.article("beyond", "1981-04-03", "Reagan");        // 184 days later: another
    archive.article("before", "1980-03-31", "Reagan");        // 184 days earlier
    archive.index();
    CHECK(kSamePeriodDays == 183);
    CHECK(archive.people_of("edge") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("beyond") == Names{"Reagan"});
    CHECK(archive.people_of("before") == Names{"Reagan"});
}

TEST_CASE("a surname two people of the period share stays a surname") {
    Archive archive;
    archive.article("president", "1990-01-10", "George Bush");
    archive.article("governor", "1990-02-10", "Jeb Bush");
    archive.article("bare", "1990-03-10", "Bush; Quayle");
    archive.article("vice", "1990-03-11", "Dan Quayle");
    archive.index();
    CHECK(archive.people_of("bare") == Names{"Bush", "Dan Quayle"});  // the unshared surname beside it folds
    CHECK(archive.people_of("president") == Names{"George Bush"});
    CHECK(archive.people_of("governor") == Names{"Jeb Bush"});
}

TEST_CASE("a word someone of the period has as a given name is not folded as a surname") {
    Archive archive;
    archive.article("leader", "2005-02-01", "Michael Howard");
    archive.article("economist", "2005-02-02", "Howard Archer");
    archive.article("bare", "2005-02-03", "Howard; Heseltine");
    archive.article("former", "2005-02-04", "Michael Heseltine");
    archive.index();
    CHECK(archive.people_of("bare") == Names{"Howard", "Michael Heseltine"});
}

TEST_CASE("a surname article indexed a run before the full name is folded by the later run") {
    Archive archive;
    archive.article("veto", "1987-05-20", "Reagan");
    archive.article("budget", "1987-06-01", "Reagan");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Reagan"});  // nobody in full yet
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    const IndexReport second = archive.index();
    CHECK(second.indexed == 1);
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("budget") == Names{"Ronald Reagan"});

    // The same articles indexed in one run end the same.
    Archive together;
    together.article("veto", "1987-05-20", "Reagan");
    together.article("budget", "1987-06-01", "Reagan");
    together.article("summit", "1987-03-02", "Ronald Reagan");
    together.index();
    CHECK(together.people_facet("talks") == archive.people_facet("talks"));
    CHECK(archive.matching("people:\"ronald reagan\"") == together.matching("people:\"ronald reagan\""));
}

TEST_CASE("a fold is undone when a second full name with the surname appears in the period") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Reagan");
    archive.index();
    REQUIRE(archive.people_of("veto") == Names{"Ronald Reagan"});
    archive.article("first-lady", "1987-05-25", "Nancy Reagan");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Reagan"});
    CHECK(archive.matching("people:\"ronald reagan\"") == Names{"summit.txt"});
    CHECK(archive.matching("people:reagan") == Names{"first-lady.txt", "summit.txt", "veto.txt"});
    const auto facet = archive.people_facet("talks");
    CHECK(facet.at("Reagan") == 1);
    CHECK(facet.at("Ronald Reagan") == 1);
}

TEST_CASE("an undated article folds only when the whole index knows one full name with the surname") {
    Archive archive;
    archive.article("dated-full", "1987-03-02", "Ronald Reagan");
    archive.article("undated", "", "Reagan");
    archive.article("undated-full", "", "Margaret Thatcher");
    archive.article("dated-bare", "1987-03-05", "Thatcher");  // an undated full name is of no known period
    archive.index();
    CHECK(archive.people_of("undated") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("dated-bare") == Names{"Thatcher"});

    archive.article("much-later", "2004-06-06", "Maureen Reagan");
    archive.index();
    CHECK(archive.people_of("undated") == Names{"Reagan"});  // two Reagans in the whole index
}

TEST_CASE("Xi alone is Xi Jinping: a family name written first folds too") {
    Archive archive;
    archive.article("congress", "2022-10-16", "Xi Jinping");
    archive.article("visit", "2022-11-14", "Mr Xi; Joe Biden");
    archive.index();
    CHECK(archive.people_of("visit") == Names{"Xi Jinping", "Joe Biden"});
}

TEST_CASE("surnames the person finder leaves bare in running text are folded across articles") {
    Archive archive;
    archive.extract = true;
    archive.story("summit", "Summit ends", "1987-12-09", "Ronald Reagan told reporters the treaty was signed on Tuesday.");
    archive.story("veto", "Budget fight", "1987-12-20", kVetoStory);
    archive.index();
    REQUIRE(archive.people_of("summit") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});
}

TEST_CASE("a folded article keeps its as-extracted people, and a re-indexed one is weighed again") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Reagan");
    archive.index();
    {
        Xapian::Database db(index_folder::current_generation(archive.db));
        auto posting = db.postlist_begin(layout::file_term(archive.news + "/veto.txt"));
        REQUIRE(posting != db.postlist_end(layout::file_term(archive.news + "/veto.txt")));
        const Xapian::Document doc = db.get_document(*posting);
        CHECK(doc.get_value(kPeopleAsExtractedSlot) == "Reagan");
        CHECK(doc.get_value(layout::field("people").value_slot) == "Ronald Reagan");
    }
    // The article now names someone else: its old fold goes with the old text.
    archive.article("veto", "1987-05-20", "Shultz");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Shultz"});
    CHECK(archive.matching("people:reagan") == Names{"summit.txt"});
}

TEST_CASE("a sharded index folds across its shards as one index of the same articles does") {
    Archive sharded, single;
    for (Archive* archive : {&sharded, &single}) {
        archive->article("summit", "1987-03-02", "Ronald Reagan");
        archive->article("veto", "1987-05-20", "Reagan");
        archive->article("budget", "1987-06-01", "Mr Reagan; Shultz");
        archive->article("aide", "1987-06-02", "George Shultz");
    }
    sharded.index(3);
    single.index();
    for (const char* name : {"summit", "veto", "budget", "aide"}) {
        CHECK(sharded.people_of(name) == single.people_of(name));
    }
    CHECK(sharded.people_of("budget") == Names{"Ronald Reagan", "George Shultz"});
    CHECK(sharded.people_facet("talks") == single.people_facet("talks"));
    CHECK(sharded.matching("people:\"ronald reagan\"") == Names{"budget.txt", "summit.txt", "veto.txt"});
}

TEST_CASE("a full name that opens with no known given name is never a target, only an obstacle") {
    Archive archive;
    archive.article("odds", "2005-01-10", "Bookmakers Ladbrokes");
    archive.article("bets", "2005-01-11", "Ladbrokes");
    archive.article("minister", "2005-01-12", "Peter Goldsmith; Daily Goldsmith");
    archive.article("advice", "2005-01-13", "Goldsmith");
    archive.article("initial", "2005-01-14", "J. Forrester");
    archive.article("report", "2005-01-15", "Forrester");
    archive.index();
    CHECK(archive.people_of("bets") == Names{"Ladbrokes"});
    CHECK(archive.people_of("advice") == Names{"Goldsmith"});  // two full names, one of them junk: ambiguous
    CHECK(archive.people_of("report") == Names{"J. Forrester"});
}

namespace {

// "Anna Bcd", "Anna Bce", ...: `count` people with distinct made-up surnames.
std::string many_people(std::size_t count) {
    std::string people;
    for (std::size_t i = 0; i < count; ++i) {
        std::string surname;
        for (std::size_t n = i + 26 * 26; n > 0; n /= 26) surname.insert(surname.begin(), static_cast<char>('a' + n % 26));
        surname[0] = static_cast<char>(surname[0] - 'a' + 'A');
        people += (people.empty() ? "" : "; ") + std::string("Anna ") + surname;
    }
    return people;
}

}  // namespace

TEST_CASE("an article naming thousands of people is read once per name, and Mr Reagan still folds beside it") {
    constexpr std::size_t kPeople = 5000;
    Archive archive;
    archive.article("census", "1987-04-01", many_people(kPeople) + "; Mr Reagan");
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Mr Reagan");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});
    CHECK(archive.people_of("census").size() == kPeople + 1);
    CHECK(archive.people_of("census").back() == "Ronald Reagan");

    // The pass again over every article: each name is shaped once, not once
    // per surname of its article (which was 5,000 x 5,000 shapes).
    std::vector<Xapian::WritableDatabase> shards{
        Xapian::WritableDatabase(index_folder::current_generation(archive.db), Xapian::DB_OPEN)};
    shards.front().set_metadata(kSurnameFoldingThroughKey, "");
    DocumentBuilder builder(layout::make_stemmer(shards.front().get_metadata(layout::kLanguageKey)));
    const SurnameFoldingReport report = fold_surnames_across_articles(shards, builder);
    CHECK(report.articles_looked_at == 3);
    CHECK(report.names_shaped == kPeople + 3);
    CHECK_FALSE(report.interrupted);
}

TEST_CASE("a stop request ends the pass between articles, and the next run folds what it left") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Mr Reagan");
    archive.index();
    REQUIRE(archive.people_of("veto") == Names{"Ronald Reagan"});

    // Unfold by hand as a first run would have left it, then fold with a stop already requested.
    {
        std::vector<Xapian::WritableDatabase> shards{
            Xapian::WritableDatabase(index_folder::current_generation(archive.db), Xapian::DB_OPEN)};
        Xapian::WritableDatabase& db = shards.front();
        const std::string through = db.get_metadata(kSurnameFoldingThroughKey);
        REQUIRE_FALSE(through.empty());
        db.set_metadata(kSurnameFoldingThroughKey, "");
        DocumentBuilder builder(layout::make_stemmer(db.get_metadata(layout::kLanguageKey)));
        std::atomic<bool> stop{true};
        const SurnameFoldingReport stopped = fold_surnames_across_articles(shards, builder, &stop);
        CHECK(stopped.interrupted);
        CHECK(stopped.articles_rewritten == 0);
        db.commit();
        CHECK(db.get_metadata(kSurnameFoldingThroughKey).empty());  // not marked done: redone next time

        stop = false;
        const SurnameFoldingReport resumed = fold_surnames_across_articles(shards, builder, &stop);
        CHECK_FALSE(resumed.interrupted);
        CHECK(resumed.articles_looked_at == 2);
        CHECK_FALSE(db.get_metadata(kSurnameFoldingThroughKey).empty());
    }
}

namespace {

// The surname-folding keys of an archive's index (indexer/surname_folding.h).
std::pair<std::string, std::string> folding_keys(const std::string& db_path) {
    Xapian::Database db(index_folder::current_generation(db_path));
    return {db.get_metadata(kSurnameFoldingThroughKey), db.get_metadata(kSurnameFoldingSeenKey)};
}

// Waits until the clock has passed the second `through` names, so a pass
// that ran again would store another time.
void wait_past(const std::string& through) {
    while (std::time(nullptr) <= static_cast<std::time_t>(std::stoll(through)))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// Indexes an unrelated article a second after the last pass, so the articles
// indexed so far entered before the pass time and no later run takes them for
// new ones: what the next run weighs is what it changed.
void age_the_index(Archive& archive) {
    wait_past(folding_keys(archive.db).first);
    archive.article("weather", "1987-01-01", "");
    REQUIRE(archive.index().indexed == 1);
}

// An aged index where "veto" (Reagan) is folded to the one full name, on "first-lady".
void veto_folded_to_nancy_reagan(Archive& archive) {
    archive.article("first-lady", "1987-03-02", "Nancy Reagan");
    archive.article("veto", "1987-03-20", "Reagan");
    archive.index();
    REQUIRE(archive.people_of("veto") == Names{"Nancy Reagan"});
    age_the_index(archive);
}

}  // namespace

TEST_CASE("a rerun that adds, changes and removes no article leaves the folds and their keys as they were") {
    Archive archive;
    archive.article("summit", "1987-03-02", "Ronald Reagan");
    archive.article("veto", "1987-05-20", "Reagan");
    archive.article("aide", "1987-05-21", "Shultz");
    archive.index();
    const auto before = folding_keys(archive.db);
    REQUIRE_FALSE(before.first.empty());
    CHECK(before.second.rfind("3 ", 0) == 0);
    wait_past(before.first);

    const IndexReport unchanged = archive.index();
    CHECK(unchanged.unchanged == 3);
    CHECK(folding_keys(archive.db) == before);
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});

    // A run that adds an article folds it, and records that it ran.
    archive.article("budget", "1987-06-01", "Mr Reagan");
    archive.index();
    CHECK(archive.people_of("budget") == Names{"Ronald Reagan"});
    const auto added = folding_keys(archive.db);
    CHECK(added.first != before.first);
    CHECK(added.second.rfind("4 ", 0) == 0);

    // So does a run that only removes one.
    wait_past(added.first);
    std::filesystem::remove(archive.news + "/aide.txt");
    CHECK(archive.index().deleted == 1);
    const auto removed = folding_keys(archive.db);
    CHECK(removed.first != added.first);
    CHECK(removed.second.rfind("3 ", 0) == 0);
}

TEST_CASE("deleting the article that named the only full name undoes the folds it justified") {
    Archive archive;
    archive.extract = true;
    archive.story("first-lady", "Charity gala", "1987-03-02",
                  "Nancy Reagan opened the gala on Monday. Reagan thanked the volunteers, her office said.");
    archive.story("veto", "Budget fight", "1987-03-20", kVetoStory);
    archive.index();
    REQUIRE(archive.people_of("first-lady") == Names{"Nancy Reagan"});
    REQUIRE(archive.people_of("veto") == Names{"Nancy Reagan"});  // the one Reagan of the period in full
    age_the_index(archive);

    std::filesystem::remove(archive.news + "/first-lady.txt");
    CHECK(archive.index().deleted == 1);
    CHECK(archive.people_of("veto") == Names{"Reagan"});  // no article of the period names a Reagan in full
    CHECK(archive.matching("people:nancy").empty());
    CHECK(archive.people_facet("bill") == std::map<std::string, std::size_t>{{"Reagan", 1}});
}

TEST_CASE("deleting one of two full names lets the surname fold to the other") {
    Archive archive;
    archive.article("first-lady", "1987-03-02", "Nancy Reagan");
    archive.article("summit", "1987-03-03", "Ronald Reagan");
    archive.article("veto", "1987-03-20", "Reagan");
    archive.index();
    REQUIRE(archive.people_of("veto") == Names{"Reagan"});
    age_the_index(archive);
    std::filesystem::remove(archive.news + "/first-lady.txt");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Ronald Reagan"});

    // The same articles indexed in one run end the same.
    Archive together;
    together.article("summit", "1987-03-03", "Ronald Reagan");
    together.article("veto", "1987-03-20", "Reagan");
    together.index();
    CHECK(together.people_facet("talks") == archive.people_facet("talks"));
}

TEST_CASE("an article changed to no longer name the full name undoes the fold it justified") {
    Archive archive;
    veto_folded_to_nancy_reagan(archive);
    archive.article("first-lady", "1987-03-02", "George Shultz");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Reagan"});
}

TEST_CASE("an index folded before deletions were tracked is weighed whole once, and the deletion counts") {
    Archive archive;
    veto_folded_to_nancy_reagan(archive);
    {
        // As an index last folded by a newsdex-index that kept neither key.
        Xapian::WritableDatabase db(index_folder::current_generation(archive.db), Xapian::DB_OPEN);
        REQUIRE_FALSE(db.get_metadata(kSurnameFoldingCountsKey).empty());
        db.set_metadata(kSurnameFoldingCountsKey, "");
        db.set_metadata(kSurnameFoldingSeenKey, "");
        db.commit();
    }
    std::filesystem::remove(archive.news + "/first-lady.txt");
    archive.index();
    CHECK(archive.people_of("veto") == Names{"Reagan"});
    Xapian::Database db(index_folder::current_generation(archive.db));
    CHECK(db.get_metadata(kSurnameFoldingCountsKey) == "v1\nreagan\tXPERSONreagan\t1\n");
}
