// fts5_baseline: the SQLite FTS5 indexing baseline for scripts/bench-index.
//
// One FTS5 table articles(path UNINDEXED, title, body) with the porter
// stemmer over unicode61 tokens, filled from the same files in the same order,
// in transactions of 2000 rows (newsdex's commit batch). SQLite defaults
// otherwise (rollback journal, synchronous=FULL), as Xapian also syncs on commit.
//
// usage: fts5_baseline --db FILE [--batch N] PATH...
#include "corpus_files.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
    }
}

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error(std::string(sql) + ": " + message);
    }
}

}  // namespace

int main(int argc, char** argv) try {
    std::string db_path;
    std::size_t batch = 2000;
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc) db_path = argv[++i];
        else if (arg == "--batch" && i + 1 < argc) batch = std::strtoul(argv[++i], nullptr, 10);
        else if (arg == "-h" || arg == "--help") {
            std::cout << "usage: fts5_baseline --db FILE [--batch N] PATH...\n";
            return 0;
        } else roots.push_back(arg);
    }
    if (db_path.empty() || roots.empty() || batch == 0) {
        std::cerr << "usage: fts5_baseline --db FILE [--batch N] PATH...\n";
        return 2;
    }

    const auto started = std::chrono::steady_clock::now();
    std::filesystem::remove(db_path);
    sqlite3* db = nullptr;
    if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + db_path);
    exec(db, "CREATE VIRTUAL TABLE articles USING fts5(path UNINDEXED, title, body, tokenize='porter unicode61')");
    sqlite3_stmt* insert = nullptr;
    check(db, sqlite3_prepare_v2(db, "INSERT INTO articles(path, title, body) VALUES (?1, ?2, ?3)", -1, &insert, nullptr),
          "prepare");

    std::size_t added = 0, failed = 0, bytes = 0;
    bench::CorpusArticle article;
    exec(db, "BEGIN");
    for (const auto& root : roots) {
        for (const auto& file : bench::list_article_files(root)) {
            if (!bench::read_article(file, root, article, bytes)) {
                ++failed;
                continue;
            }
            sqlite3_bind_text(insert, 1, article.path.data(), static_cast<int>(article.path.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 2, article.title.data(), static_cast<int>(article.title.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, article.body.data(), static_cast<int>(article.body.size()), SQLITE_STATIC);
            check(db, sqlite3_step(insert), "insert");
            sqlite3_reset(insert);
            if (++added % batch == 0) {
                exec(db, "COMMIT");
                exec(db, "BEGIN");
            }
        }
    }
    exec(db, "COMMIT");
    sqlite3_finalize(insert);
    sqlite3_close(db);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%zu indexed, %zu failed, %zu bytes in %.3f s\n", added, failed, bytes, seconds);
    return failed ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "fts5_baseline: " << e.what() << '\n';
    return 2;
}
