// ArticleReader: a file on disk to complete articles — size check, UTF-8
// repair, format detection, parsing and field completion.
#pragma once

#include "indexer/article_formats.h"

#include <newsdex/article.h>
#include <newsdex/error.h>
#include <newsdex/index.h>

#include <string>
#include <vector>

namespace newsdex {

// A file that is not an article (empty, binary, too large, unsupported type):
// skipped rather than failed.
class NotAnArticle : public Error {
public:
    using Error::Error;
};

struct FileContents {
    std::vector<FileArticle> articles;
    std::vector<std::string> notes;  // repairs and fields not understood, for the report
};

// Reads the file at `path` (shown as `display_path` in articles). Throws
// NotAnArticle when the file is empty, binary, too large or of an unsupported
// type, and Error when it cannot be read or is malformed.
FileContents read_article_file(const std::string& path, const std::string& display_path,
                               const IndexOptions& options);

}  // namespace newsdex
