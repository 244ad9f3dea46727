// Walking the folders to index: every regular file below each path, in a
// stable order, with problems reported rather than thrown.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace newsdex {

struct FoundFile {
    std::filesystem::path path;      // as reached from the path given
    std::filesystem::path absolute;  // absolute and normalised: the file's identity in the index
};

struct WalkResult {
    std::vector<FoundFile> files;                             // sorted by path, each file once
    std::vector<std::pair<std::string, std::string>> errors;  // path, reason
    std::vector<std::pair<std::string, std::string>> skipped; // path, reason: FIFOs, sockets, devices (not regular files)
    std::vector<std::filesystem::path> roots;                 // absolute forms of the paths walked
};

// Hidden files and folders are skipped; symlinked folders are not followed
// (they can loop), symlinked files are.
WalkResult walk_paths(const std::vector<std::string>& paths);

}  // namespace newsdex
