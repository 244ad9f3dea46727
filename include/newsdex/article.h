// newsdex/article.h — one news article, as read from a file and as stored.
#pragma once

#include <string>
#include <vector>

namespace newsdex {

// An article and its fields. Plain data; safe to copy between threads.
// Every string is valid UTF-8. Empty means "not known".
struct Article {
    std::string path;      // file the article came from, as the latest indexing run was given it (not canonicalised)
    std::string title;     // headline
    std::string body;      // article text, paragraphs separated by blank lines
    std::string date;      // publication date, "YYYY-MM-DD"
    std::string source;    // outlet or site name
    std::string author;    // byline
    std::string url;       // canonical address of the article
    std::string language;  // ISO 639-1 code stated by the file ("de"), else empty
    std::vector<std::string> places;  // canonical place names, most important first
    std::vector<std::string> people;  // full names of people in the article
};

}  // namespace newsdex
