// A program that embeds newsdex: index a folder, then search it.
//   search_news INDEX_DIR ARTICLES_DIR QUERY...
#include <newsdex/newsdex.h>

#include <iostream>

int main(int argc, char** argv) try {
    if (argc < 4) {
        std::cerr << "usage: search_news INDEX_DIR ARTICLES_DIR QUERY...\n";
        return 2;
    }
    newsdex::Indexer(argv[1]).index_paths({argv[2]});

    newsdex::SearchRequest request;
    for (int i = 3; i < argc; ++i) request.query += std::string(i > 3 ? " " : "") + argv[i];
    newsdex::Searcher searcher(argv[1]);
    for (const newsdex::Hit& hit : searcher.search(request).hits) {
        std::cout << hit.rank << ". " << hit.article.title << " (" << hit.article.date << ")\n   "
                  << hit.snippet.text << "\n";
    }
    return 0;
} catch (const newsdex::Error& e) {
    std::cerr << "search_news: " << e.what() << "\n";
    return 2;
}
