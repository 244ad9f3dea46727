// ArticleReader: a file on disk to complete articles — size check, decoding
// to UTF-8, format detection, parsing, boilerplate removal and field completion.
#pragma once

#include "indexer/article_formats.h"

#include <newsdex/article.h>
#include <newsdex/error.h>
#include <newsdex/index.h>

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// A file that is not an article (empty, binary, too large, unsupported type):
// skipped rather than failed.
class NotAnArticle : public Error {
public:
    explicit NotAnArticle(const std::string& message, SkipReason why = SkipReason::NotAnArticle)
        : Error(message), why_(why) {}

    SkipReason why() const { return why_; }

private:
    SkipReason why_;
};

// An article's text beyond this is not indexed (a note says so): memory and
// time per file stay bounded whatever --max-size allows. News articles are
// 2-50 KB; 2 MiB is some 300,000 words. A 49 MiB article cost 1 GB and 41 s.
inline constexpr std::size_t kMaxArticleTextBytes = 2 << 20;

struct FileContents {
    std::vector<FileArticle> articles;
    std::vector<std::string> notes;  // repairs and fields not understood, for the report

    // The notes as the report's one line for the file: "; " between them, empty for none.
    std::string notes_line() const {
        std::string line;
        for (const std::string& note : notes) line += (line.empty() ? "" : "; ") + note;
        return line;
    }
    std::string charset;             // the encoding the file was read in ("UTF-8", "windows-1252")
};

// A file's bytes, read once: the indexer hashes what it parses.
struct FileBytes {
    std::string bytes;                    // the whole file; empty when it is larger than the size limit
    std::uintmax_t size = 0;              // its size (larger than `bytes` when too large)
    bool too_large = false;               // larger than the size limit: its bytes were not kept
    std::optional<std::time_t> modified;  // its modification time
};

// Reads the open file `fd` to its end, passing each block read, in order, to
// `each_block` (a hash sees all of a file, whatever its size). Keeps the bytes
// only up to `max_size`: a larger file is read on for `each_block` alone, or not
// at all without one, so memory stays bounded. Returns 0, or the errno of a
// failed read (what was read is then incomplete).
int read_file_bytes(int fd, std::size_t max_size, FileBytes& file,
                    const std::function<void(std::string_view)>& each_block = {});

// Why the file at `path`, of `size` bytes if known, is no article before a byte of it
// is read (its format, its size), or nothing. The indexer neither reads nor hashes
// such a file: a folder of PDFs or videos was read in full at every run.
std::optional<NotAnArticle> no_article_unread(const std::string& path, std::optional<std::uintmax_t> size,
                                              const IndexOptions& options);

// read_article_file for a file read already by read_file_bytes; `path` names
// its format.
FileContents read_article_file(FileBytes file, const std::string& path, const std::string& display_path,
                               const IndexOptions& options);

// Reads the file at `path` (shown as `display_path` in articles). Throws
// NotAnArticle when the file is empty, binary, too large or of an unsupported
// type, or holds no article; Error when it cannot be read or is malformed, or
// options.field_overrides or options.boilerplate_rules_file is bad.
// Thread-safe: files may be read in parallel.
FileContents read_article_file(const std::string& path, const std::string& display_path,
                               const IndexOptions& options);

}  // namespace newsdex
