// xapian_baseline_index: the "bare Xapian" indexing baseline for scripts/bench-index.
//
// What a minimal Xapian program does with the same files: TermGenerator with
// the English stemmer, STEM_SOME, positions; the headline under prefix S and in
// the default field, then the body; one thread, no field extraction; a commit
// every 2000 articles (newsdex's batch size); document data = the body text.
//
// usage: xapian_baseline_index --db DIR [--batch N] PATH...
#include "corpus_files.h"

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) try {
    std::string db_path;
    std::size_t batch = 2000;
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc) db_path = argv[++i];
        else if (arg == "--batch" && i + 1 < argc) batch = std::strtoul(argv[++i], nullptr, 10);
        else if (arg == "-h" || arg == "--help") {
            std::cout << "usage: xapian_baseline_index --db DIR [--batch N] PATH...\n";
            return 0;
        } else roots.push_back(arg);
    }
    if (db_path.empty() || roots.empty() || batch == 0) {
        std::cerr << "usage: xapian_baseline_index --db DIR [--batch N] PATH...\n";
        return 2;
    }

    const auto started = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

    std::size_t added = 0, failed = 0, bytes = 0;
    bench::CorpusArticle article;
    for (const auto& root : roots) {
        for (const auto& file : bench::list_article_files(root)) {
            if (!bench::read_article(file, root, article, bytes)) {
                ++failed;
                continue;
            }
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(article.title, 1, "S");
            generator.index_text(article.title);
            generator.increase_termpos();
            generator.index_text(article.body);
            doc.add_boolean_term("Q" + article.path.substr(0, 200));
            doc.add_value(0, article.path);
            doc.set_data(article.body);
            db.add_document(doc);
            if (++added % batch == 0) db.commit();
        }
    }
    db.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%zu indexed, %zu failed, %zu bytes in %.3f s\n", added, failed, bytes, seconds);
    return failed ? 1 : 0;
} catch (const Xapian::Error& e) {
    std::cerr << "xapian_baseline_index: " << e.get_description() << '\n';
    return 2;
} catch (const std::exception& e) {
    std::cerr << "xapian_baseline_index: " << e.what() << '\n';
    return 2;
}
