// Walking the folders to index: every regular file below each path, in a
// stable order, with problems reported rather than thrown.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace newsdex {

// A regular file's size and modification time, as one lstat gave them.
struct FileStamp {
    std::uintmax_t size = 0;
    std::int64_t modified_seconds = 0;  // since 1970
    long modified_nanoseconds = 0;
};

struct FoundFile {
    std::filesystem::path path;      // as reached from the path given
    std::filesystem::path absolute;  // below the root's canonical path: the file's identity in the index
    // A regular file listed in a folder walked (not a link): as the walk saw it,
    // so that the indexer need not ask the system again.
    std::optional<FileStamp> stamp;
};

struct WalkResult {
    std::vector<FoundFile> files;                              // sorted by path, each file once
    std::vector<std::pair<std::string, std::string>> errors;   // path, reason: could not be read (failures)
    std::vector<std::pair<std::string, std::string>> skipped;  // path, reason: deliberately not read (links out, FIFOs, devices)
    std::vector<std::filesystem::path> roots;                  // canonical forms of the paths walked
    // Folders (absolute, as in FoundFile::absolute) that could not be listed:
    // what the index has below them is unknown, so it is kept, never deleted.
    std::vector<std::filesystem::path> unlisted;
};

struct WalkOptions {
    bool follow_symlinks = false;  // also read symlinked files that lead out of the paths walked
};

// Hidden files and folders are skipped; symlinked folders are not followed
// (they can loop); a symlinked file is read when it leads to a file inside
// one of the paths walked (or with follow_symlinks), else skipped. A folder
// or entry that cannot be read is an error with the system's reason, and its
// folder is listed in `unlisted`.
WalkResult walk_paths(const std::vector<std::string>& paths, const WalkOptions& options = {});

// True if `path` is `folder` or below it (both absolute and normalised).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace newsdex
