#include "indexer/article_reader.h"

#include "core/text.h"
#include "indexer/article_formats.h"
#include "indexer/field_completion.h"

#include <newsdex/error.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace newsdex {

namespace {

std::string read_bytes(const std::string& path, std::size_t max_size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(std::string("cannot open: ") + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    if (size > max_size) {
        throw NotAnArticle("larger than the size limit (" + std::to_string(size) + " > " + std::to_string(max_size) +
                    " bytes; raise it with --max-size)");
    }
    in.seekg(0);
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (!in) throw Error(std::string("read error: ") + std::strerror(errno));
    return bytes;
}

// Many NULs in the first block means a binary file, not damaged text.
bool looks_binary(const std::string& bytes) {
    const std::size_t window = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t nuls = 0;
    for (std::size_t i = 0; i < window; ++i) nuls += bytes[i] == '\0';
    return window > 0 && nuls * 100 > window;  // over 1%
}

Article parse(ArticleFormat format, std::string_view text) {
    switch (format) {
        case ArticleFormat::PlainText: return read_plain_text(text);
        case ArticleFormat::Markdown: return read_markdown(text);
        case ArticleFormat::Unsupported: break;
    }
    throw Error("not a supported article format (.txt, .md)");
}

}  // namespace

FileContents read_article_file(const std::string& path, const std::string& display_path,
                               const IndexOptions& options) {
    const ArticleFormat format = format_of(path);
    if (format == ArticleFormat::Unsupported) throw NotAnArticle("not a supported article format (.txt, .md)");
    const std::string bytes = read_bytes(path, options.max_file_size);
    if (looks_binary(bytes)) throw NotAnArticle("binary file, not text");

    FileContents contents;
    std::size_t replaced = 0;
    const std::string text = text::repair_utf8(bytes, &replaced);
    if (replaced > 0) contents.notes.push_back(std::to_string(replaced) + " invalid UTF-8 sequence(s) replaced");

    Article article = parse(format, text);
    if (article.title.empty() && article.body.empty()) throw NotAnArticle("empty file");
    article.path = display_path;
    for (auto& note : complete_fields(article, options.extract_fields)) contents.notes.push_back(std::move(note));
    contents.articles.push_back({std::move(article), {}});
    return contents;
}

std::vector<Article> read_articles(const std::string& path, const IndexOptions& options) {
    std::vector<Article> articles;
    for (auto& one : read_article_file(path, path, options).articles) articles.push_back(std::move(one.article));
    return articles;
}

Article parse_text_article(const std::string& text, const std::string& path, const IndexOptions& options) {
    Article article = read_plain_text(text::repair_utf8(text));
    article.path = path;
    complete_fields(article, options.extract_fields);
    return article;
}

}  // namespace newsdex
