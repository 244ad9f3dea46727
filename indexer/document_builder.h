// DocumentBuilder: turns an Article into the Xapian document the schema describes.
#pragma once

#include <newsdex/article.h>

#include <xapian.h>

#include <string>
#include <unordered_map>

namespace newsdex {

// How strongly the headline counts against body words (wdf added per occurrence).
inline constexpr Xapian::termcount kTitleWeight = 3;

// Not thread-safe (it caches stems); use one per thread.
class DocumentBuilder {
public:
    explicit DocumentBuilder(Xapian::Stem stemmer);

    // The document for `article`, identified by `id` (its unique-id term is layout::id_term(id)).
    // `file_signature` records the file's state so unchanged files can be skipped.
    Xapian::Document build(const Article& article, const std::string& id, const std::string& file_signature);

    // Adds the path filter terms: the path and every folder above it.
    static void add_path_terms(Xapian::Document& doc, std::string_view path);

private:
    void add_text(Xapian::Document& doc, std::string_view text, std::string_view prefix,
                  Xapian::termcount wdf, Xapian::termpos& position);
    const std::string& stem(const std::string& key);

    Xapian::Stem stemmer_;
    std::unordered_map<std::string, std::string> stem_cache_;
};

}  // namespace newsdex
