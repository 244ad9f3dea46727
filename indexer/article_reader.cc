#include "indexer/article_reader.h"

#include "core/text.h"
#include "indexer/article_formats.h"
#include "indexer/boilerplate.h"
#include "indexer/field_completion.h"
#include "indexer/publication_date.h"
#include "indexer/text_encoding.h"

#include <newsdex/error.h>

#include <fcntl.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace newsdex {

namespace {

// False for text nothing can search: punctuation, spaces, U+FFFD left by bytes that could not be decoded.
bool has_letter_or_digit(std::string_view text) {
    for (std::int32_t i = 0, length = static_cast<std::int32_t>(text.size()); i < length;) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

// The one list of the file extensions newsdex reads (lower case), and their formats.
constexpr std::pair<std::string_view, ArticleFormat> kExtensions[] = {
    {"txt", ArticleFormat::PlainText}, {"text", ArticleFormat::PlainText}, {"md", ArticleFormat::Markdown},
    {"markdown", ArticleFormat::Markdown}, {"html", ArticleFormat::Html}, {"htm", ArticleFormat::Html},
    {"xhtml", ArticleFormat::Html}, {"json", ArticleFormat::Json}, {"jsonl", ArticleFormat::JsonLines},
    {"ndjson", ArticleFormat::JsonLines},
};

// "not a supported article format (.txt, .md, ...)": the extensions that name a format, the short ones.
std::string unsupported_format_message() {
    std::string listed;
    for (const auto& [extension, format] : kExtensions) {
        if (extension == "text" || extension == "markdown") continue;  // the message names each format's usual one
        listed += (listed.empty() ? "." : ", .") + std::string(extension);
    }
    return "not a supported article format (" + listed + ")";
}

std::string too_large_message(std::uintmax_t size, std::size_t max_size) {
    return "larger than the size limit (" + std::to_string(size) + " > " + std::to_string(max_size) +
           " bytes; raise it with --max-size)";
}

// The file's modification date (UTC), or nothing if it is not known.
std::optional<CalendarDate> modification_date(std::optional<std::time_t> modified) {
    std::tm utc{};
    if (!modified || !::gmtime_r(&*modified, &utc)) return std::nullopt;
    return CalendarDate{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

// Cuts `text` to at most `limit` bytes, at a space if one is near, never inside
// a UTF-8 sequence. Returns whether it cut.
bool cut_text(std::string& text, std::size_t limit) {
    if (text.size() <= limit) return false;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    const std::size_t space = text.find_last_of(" \n\t", end);
    if (space != std::string::npos && space + 1024 > end) end = space;
    text.resize(end);
    return true;
}

std::string text_cut_note(std::size_t size) {
    return "only the first " + std::to_string(kMaxArticleTextBytes >> 20) + " MiB of the text is indexed (it has " +
           std::to_string((size + (1 << 20) - 1) >> 20) + " MiB)";
}

// A binary file, not damaged text: in its first block, many NULs (a stray NUL
// or two in a wire story is damage, repaired later) or many control characters.
// (UTF-16 text is full of NULs too; it is recognised before this is asked.)
bool looks_binary(const std::string& bytes) {
    const std::size_t window = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t nuls = 0, controls = 0;
    for (std::size_t i = 0; i < window; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        nuls += c == 0;
        controls += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B;
    }
    return window > 0 && ((nuls > 8 && nuls * 100 > window) || controls * 10 > window);
}

// The articles of a file, as its format states them; one-article formats
// have their body cleaned here, before the empty check.
std::vector<FileArticle> parse(ArticleFormat format, const std::string& text, const IndexOptions& options,
                               const BoilerplateRules& boilerplate, std::vector<std::string>& notes) {
    std::vector<FileArticle> articles;
    switch (format) {
        case ArticleFormat::PlainText:
            // Before parsing, so a marker on the first line does not become the title.
            articles.push_back({read_plain_text(boilerplate.strip(text)), {}});
            return articles;
        case ArticleFormat::Markdown:
            articles.push_back({read_markdown(text), {}});
            break;
        case ArticleFormat::Html:
            articles.push_back({read_html(text), {}});
            break;
        case ArticleFormat::Json:
        case ArticleFormat::JsonLines:
            articles = read_json_articles(text, format == ArticleFormat::JsonLines,
                                          parse_field_overrides(options.field_overrides), notes);
            break;
        case ArticleFormat::Unsupported:
            throw Error(unsupported_format_message());
    }
    for (auto& one : articles) one.article.body = boilerplate.strip(one.article.body);
    return articles;
}

}  // namespace

ArticleFormat format_of(std::string_view path) {
    const auto dot = path.find_last_of('.');
    const auto slash = path.find_last_of('/');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return ArticleFormat::Unsupported;
    std::string extension(path.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [known, format] : kExtensions) {
        if (extension == known) return format;
    }
    return ArticleFormat::Unsupported;
}

int read_file_bytes(int fd, std::size_t max_size, FileBytes& file, const std::function<void(std::string_view)>& each_block) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return errno;
    file.modified = info.st_mtime;
    file.size = static_cast<std::uintmax_t>(std::max<off_t>(info.st_size, 0));
    file.too_large = file.size > max_size;
    if (file.too_large && !each_block) return 0;
    // One read for the size the system states, then reads to the end (none
    // but the one finding it, unless the file grew meanwhile).
    std::size_t kept = 0;
    file.bytes.resize(file.too_large ? 0 : static_cast<std::size_t>(file.size));
    while (kept < file.bytes.size()) {
        const ssize_t got = ::read(fd, file.bytes.data() + kept, file.bytes.size() - kept);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return errno;
        if (got == 0) break;  // it shrank
        kept += static_cast<std::size_t>(got);
    }
    file.bytes.resize(kept);
    if (each_block && kept > 0) each_block(file.bytes);
    std::uintmax_t total = kept;
    char block[1 << 16];
    for (;;) {
        const ssize_t got = ::read(fd, block, sizeof block);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return errno;
        if (got == 0) break;
        const std::string_view more(block, static_cast<std::size_t>(got));
        total += more.size();
        if (each_block) each_block(more);
        if (!file.too_large && total > max_size) {  // it grew past the limit
            file.too_large = true;
            file.bytes = std::string();
            if (!each_block) break;
        }
        if (!file.too_large) file.bytes += more;
    }
    file.size = file.too_large ? std::max(file.size, total) : total;
    return 0;
}

std::optional<NotAnArticle> no_article_unread(const std::string& path, std::optional<std::uintmax_t> size,
                                              const IndexOptions& options) {
    if (format_of(path) == ArticleFormat::Unsupported) return NotAnArticle(unsupported_format_message(), SkipReason::UnsupportedFormat);
    if (size && *size > options.max_file_size) return NotAnArticle(too_large_message(*size, options.max_file_size));
    return std::nullopt;
}

FileContents read_article_file(const std::string& path, const std::string& display_path,
                               const IndexOptions& options) {
    if (auto unread = no_article_unread(path, std::nullopt, options)) throw *unread;
    // O_NONBLOCK: opening a FIFO named like an article (or swapped in after a walk saw a file) must not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat info {};
    if (fd < 0) {
        const int error = errno;
        // A socket cannot be opened at all (ENXIO): said as the walk says it.
        if (::stat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) throw NotAnArticle("not a regular file (a socket)");
        throw Error(std::string("cannot open: ") + std::strerror(error), error == ENOENT ? ErrorCategory::NotFound : ErrorCategory::IO);
    }
    if (::fstat(fd, &info) == 0 && !S_ISREG(info.st_mode)) {
        ::close(fd);
        const char* kind = S_ISDIR(info.st_mode) ? "a folder" : S_ISFIFO(info.st_mode) ? "a FIFO"
                           : S_ISSOCK(info.st_mode) ? "a socket" : "a device";
        throw NotAnArticle(std::string("not a regular file (") + kind + ")");
    }
    FileBytes file;
    const int error = read_file_bytes(fd, options.max_file_size, file);
    ::close(fd);
    if (error != 0) throw Error(std::string("read error: ") + std::strerror(error), ErrorCategory::IO);
    return read_article_file(std::move(file), path, display_path, options);
}

FileContents read_article_file(FileBytes file, const std::string& path, const std::string& display_path,
                               const IndexOptions& options) {
    const ArticleFormat format = format_of(path);
    if (format == ArticleFormat::Unsupported) throw NotAnArticle(unsupported_format_message(), SkipReason::UnsupportedFormat);
    if (file.too_large) throw NotAnArticle(too_large_message(file.size, options.max_file_size));
    std::string bytes = std::move(file.bytes);
    if (!looks_like_utf16(bytes) && looks_binary(bytes)) throw NotAnArticle("binary file, not text");
    const BoilerplateRules& boilerplate = BoilerplateRules::with_user_file(options.boilerplate_rules_file);

    FileContents contents;
    DecodedText decoded = decode_text(bytes, format == ArticleFormat::Html ? declared_html_charset(bytes) : "");
    bytes = std::string();  // the file's bytes are decoded: free them (memory per file stays bounded)
    contents.charset = decoded.charset;
    if (decoded.guessed) contents.notes.push_back("read as " + decoded.charset + " (detected)");
    if (decoded.replaced > decoded.nul_bytes) {
        contents.notes.push_back(std::to_string(decoded.replaced - decoded.nul_bytes) + " invalid " +
                                 decoded.charset + " sequence(s) replaced");
    }
    if (decoded.nul_bytes > 0) {
        contents.notes.push_back(std::to_string(decoded.nul_bytes) + " NUL byte(s) replaced (binary data in a text file)");
    }

    // A one-article text file is cut before parsing; HTML (scripts and markup
    // weigh more than its text) and exports (many articles) after.
    const bool plain = format == ArticleFormat::PlainText || format == ArticleFormat::Markdown;
    const std::size_t text_size = decoded.text.size();
    if (plain && cut_text(decoded.text, kMaxArticleTextBytes)) contents.notes.push_back(text_cut_note(text_size));
    std::vector<FileArticle> articles = parse(format, decoded.text, options, boilerplate, contents.notes);
    decoded.text = std::string();  // not needed any more: free it before the articles are built
    for (auto& one : articles) {
        const std::size_t body_size = one.article.body.size();
        if (!plain && cut_text(one.article.body, kMaxArticleTextBytes)) {
            contents.notes.push_back((one.id_in_file.empty() ? "" : one.id_in_file + ": ") + text_cut_note(body_size));
        }
    }
    const bool one_article_file = format != ArticleFormat::Json && format != ArticleFormat::JsonLines;
    if (one_article_file && articles.size() == 1 && articles[0].article.title.empty() &&
        articles[0].article.body.empty()) {
        throw NotAnArticle("empty file");
    }
    if (one_article_file && articles.size() == 1 && !has_letter_or_digit(articles[0].article.title) &&
        !has_letter_or_digit(articles[0].article.body)) {
        throw NotAnArticle("no text: no letter or digit in it (only punctuation, or bytes that could not be read)");
    }
    if (articles.empty()) {
        throw NotAnArticle(contents.notes.empty() ? "no articles in the file" : "no articles: " + contents.notes.back());
    }
    DateEvidence evidence;  // for a dateline without a year
    evidence.file_modified = modification_date(file.modified);
    for (auto& one : articles) {
        one.article.path = display_path;
        const std::string where = one.id_in_file.empty() ? "" : one.id_in_file + ": ";
        for (auto& note : complete_fields(one.article, options.extract_fields, evidence)) contents.notes.push_back(where + note);
        contents.articles.push_back(std::move(one));
    }
    return contents;
}

std::vector<Article> read_articles(const std::string& path, const IndexOptions& options) {
    std::vector<Article> articles;
    try {
        for (auto& one : read_article_file(path, path, options).articles) articles.push_back(std::move(one.article));
    } catch (const Error& e) {
        throw Error(path + ": " + e.what(), e.category());  // the indexer's notices name the file beside the reason
    }
    return articles;
}

Article parse_text_article(const std::string& text, const std::string& path, const IndexOptions& options) {
    const auto& boilerplate = BoilerplateRules::with_user_file(options.boilerplate_rules_file);
    Article article = read_plain_text(boilerplate.strip(text::repair_utf8(text)));
    article.path = path;
    complete_fields(article, options.extract_fields);
    return article;
}

bool is_article_file_name(std::string_view path) { return format_of(path) != ArticleFormat::Unsupported; }

}  // namespace newsdex
