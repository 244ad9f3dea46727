#include "indexer/folder_walk.h"

#include "core/index_folder.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>

namespace newsdex {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// "FIFO", "socket", "device" for the special files a folder may hold; nullptr for others.
const char* special_file_kind(fs::file_type type) {
    switch (type) {
        case fs::file_type::fifo: return "a FIFO";
        case fs::file_type::socket: return "a socket";
        case fs::file_type::block:
        case fs::file_type::character: return "a device";
        default: return nullptr;
    }
}

// fs::symlink_status, with the lstat it makes (a file's size and time,
// which the indexer needs next, without asking again).
fs::file_status lstat_status(const fs::path& path, struct stat& info, std::error_code& error) {
    if (::lstat(path.c_str(), &info) != 0) {
        error.assign(errno, std::generic_category());
        return fs::file_status(error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory
                                   ? fs::file_type::not_found
                                   : fs::file_type::none);
    }
    error.clear();
    const auto type = S_ISREG(info.st_mode)    ? fs::file_type::regular
                      : S_ISDIR(info.st_mode)  ? fs::file_type::directory
                      : S_ISLNK(info.st_mode)  ? fs::file_type::symlink
                      : S_ISFIFO(info.st_mode) ? fs::file_type::fifo
                      : S_ISSOCK(info.st_mode) ? fs::file_type::socket
                      : S_ISBLK(info.st_mode)  ? fs::file_type::block
                      : S_ISCHR(info.st_mode)  ? fs::file_type::character
                                               : fs::file_type::unknown;
    return fs::file_status(type, static_cast<fs::perms>(info.st_mode & 07777));
}

// The canonical form of `path` (symlinks resolved), so a corpus reached
// through a symlinked folder or a relative path is the same corpus. A path
// that cannot be resolved keeps its absolute, normalised spelling.
fs::path canonical_of(const fs::path& path) {
    std::error_code error;
    fs::path canonical = fs::canonical(path, error);
    if (!error) return canonical;
    fs::path absolute = fs::absolute(path, error);
    return (error ? path : absolute).lexically_normal();
}

// An index kept in the folder it indexes (--db news/index) holds no articles:
// walked, its Xapian files were each reported as skipped on every run.
bool is_newsdex_index(const fs::path& folder) {
    try {
        return index_folder::is_marked(folder.string());
    } catch (const Error&) {
        return false;  // a marker it may not read: walked, and its problems reported as any folder's
    }
}

struct Walker {
    const WalkOptions& options;
    WalkResult& result;
    std::set<fs::path> seen;
    std::vector<fs::path> folder_roots;  // canonical roots that are folders, for the symlink rule

    void add(const fs::path& shown, const fs::path& absolute, std::optional<FileStamp> stamp = std::nullopt) {
        if (seen.insert(absolute).second) result.files.push_back({shown.lexically_normal(), absolute, stamp});
    }

    void fail(const fs::path& shown, const std::string& reason) { result.errors.emplace_back(shown.string(), reason); }

    // A symlink in a folder walked: read only if it leads to a file inside the roots (or when allowed).
    void symlink(const fs::path& shown, const fs::path& absolute) {
        std::error_code error;
        const auto target = fs::status(shown, error);
        if (error && error != std::errc::no_such_file_or_directory && error != std::errc::too_many_symbolic_link_levels) {
            return fail(shown, "cannot read the symbolic link: " + error.message());
        }
        if (!fs::exists(target)) {
            // A broken link named like no article ("notes", "build.log") is passed
            // over as a regular file so named is; one named like an article is reported.
            if (!is_article_file_name(shown.filename().string())) return;
            return fail(shown, "broken or looping symbolic link");
        }
        if (fs::is_directory(target)) return;  // folders behind links are not walked: they can loop
        if (!fs::is_regular_file(target)) {
            if (const char* kind = special_file_kind(target.type())) {
                result.skipped.emplace_back(shown.string(), std::string("not a regular file (") + kind + ")");
            }
            return;
        }
        const fs::path resolved = canonical_of(shown);
        const bool inside = std::any_of(folder_roots.begin(), folder_roots.end(),
                                        [&](const fs::path& root) { return is_within(resolved, root); });
        if (!inside && !options.follow_symlinks) {
            result.skipped.emplace_back(shown.string(), "symbolic link to " + resolved.string() +
                                                            ", outside the folders indexed (--follow-symlinks reads it)");
            return;
        }
        add(shown, absolute);
    }

    void folder(const fs::path& shown, const fs::path& absolute) {
        std::vector<fs::directory_entry> entries;
        std::error_code error;
        fs::directory_iterator it(shown, error);
        for (; !error && it != fs::directory_iterator(); it.increment(error)) entries.push_back(*it);
        if (error) {
            // Unreadable is not empty: what the index has below it stays.
            fail(shown, "cannot list folder: " + error.message());
            result.unlisted.push_back(absolute);
            return;
        }
        for (const fs::directory_entry& entry : entries) {
            const fs::path name = entry.path().filename();
            if (is_hidden(name)) continue;
            const fs::path entry_shown = shown / name, entry_absolute = absolute / name;
            struct stat info {};
            const auto status = lstat_status(entry.path(), info, error);
            if (error) {
                fail(entry_shown, "cannot read: " + error.message());
                result.unlisted.push_back(entry_absolute);
                error.clear();
                continue;
            }
            if (fs::is_symlink(status)) {
                symlink(entry_shown, entry_absolute);
            } else if (fs::is_directory(status)) {
                if (is_newsdex_index(entry_shown)) continue;
                folder(entry_shown, entry_absolute);
            } else if (fs::is_regular_file(status)) {
                add(entry_shown, entry_absolute,
                    FileStamp{static_cast<std::uintmax_t>(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec});
            } else if (const char* kind = special_file_kind(status.type())) {
                // Reading a FIFO would block the run; a device is no article. Said, not ignored.
                result.skipped.emplace_back(entry_shown.string(), std::string("not a regular file (") + kind + ")");
            }
        }
    }
};

}  // namespace

bool is_within(const fs::path& path, const fs::path& folder) {
    auto p = path.begin(), f = folder.begin();
    for (; f != folder.end(); ++f, ++p) {
        if (f->empty() && std::next(f) == folder.end()) break;  // a trailing slash
        if (p == path.end() || *p != *f) return false;
    }
    return true;
}

WalkResult walk_paths(const std::vector<std::string>& paths, const WalkOptions& options) {
    WalkResult result;
    Walker walker{options, result, {}, {}};
    for (const auto& given : paths) {
        std::error_code error;
        const auto status = fs::status(given, error);
        if (fs::is_directory(status)) walker.folder_roots.push_back(canonical_of(given));
    }
    for (const auto& given : paths) {
        const fs::path root(given);
        std::error_code error;
        const auto status = fs::status(root, error);
        if (!fs::exists(status)) {
            if (error && error != std::errc::no_such_file_or_directory && error != std::errc::too_many_symbolic_link_levels &&
                error != std::errc::not_a_directory) {
                result.errors.emplace_back(given, "cannot read: " + error.message());
                continue;
            }
            const bool dangling = fs::is_symlink(fs::symlink_status(root, error));
            // Its articles stay in the index: a disk not mounted must not empty it.
            result.errors.emplace_back(given, std::string(dangling ? "broken or looping symbolic link" : "no such file or folder") +
                                                  " (articles indexed from it are kept; --prune removes those whose files are gone)");
            continue;
        }
        if (fs::is_directory(status)) {
            if (is_newsdex_index(root)) {
                // Not added to the roots: the articles indexed from below it (none, normally) stay.
                result.errors.emplace_back(given, "a newsdex index, not a folder of articles (name the folder it indexes)");
                continue;
            }
            const fs::path canonical = canonical_of(root);
            result.roots.push_back(canonical);
            walker.folder(root, canonical);
            continue;
        }
        // A file named on the command line is read, wherever a link leads: the user named it.
        const fs::path absolute = canonical_of(root.parent_path().empty() ? fs::path(".") : root.parent_path()) / root.filename();
        result.roots.push_back(absolute);
        if (const char* kind = special_file_kind(status.type())) {
            result.skipped.emplace_back(given, std::string("not a regular file (") + kind + ")");
            continue;
        }
        walker.add(root, absolute);
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    return result;
}

}  // namespace newsdex
