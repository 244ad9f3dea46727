#include "indexer/folder_walk.h"

#include <algorithm>
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

fs::path absolute_of(const fs::path& path) {
    std::error_code error;
    fs::path absolute = fs::absolute(path, error);
    return (error ? path : absolute).lexically_normal();
}

}  // namespace

WalkResult walk_paths(const std::vector<std::string>& paths) {
    WalkResult result;
    std::set<fs::path> seen;
    auto add = [&](const fs::path& file) {
        FoundFile found{file.lexically_normal(), absolute_of(file)};
        if (seen.insert(found.absolute).second) result.files.push_back(std::move(found));
    };
    for (const auto& given : paths) {
        const fs::path root(given);
        std::error_code error;
        const auto status = fs::status(root, error);
        if (!fs::exists(status)) {
            const bool dangling = fs::is_symlink(fs::symlink_status(root, error));
            result.errors.emplace_back(given, dangling ? "broken or looping symbolic link" : "no such file or folder");
            continue;
        }
        result.roots.push_back(absolute_of(root));
        if (!fs::is_directory(status)) {
            if (const char* kind = special_file_kind(status.type())) {
                result.skipped.emplace_back(given, std::string("not a regular file (") + kind + ")");
            } else {
                add(root);
            }
            continue;
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
        if (error) {
            result.errors.emplace_back(given, "cannot list folder: " + error.message());
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
            if (error) {
                result.errors.emplace_back(it->path().string(), "cannot list folder: " + error.message());
                error.clear();
                continue;
            }
            const fs::directory_entry& entry = *it;
            if (is_hidden(entry.path())) {
                if (entry.is_directory(error)) it.disable_recursion_pending();
                continue;
            }
            const bool link = entry.is_symlink(error);
            if (link && entry.is_directory(error)) {
                it.disable_recursion_pending();
                continue;
            }
            if (entry.is_regular_file(error)) {
                add(entry.path());
            } else if (link && !fs::exists(entry.path(), error)) {
                result.errors.emplace_back(entry.path().string(), "broken or looping symbolic link");
            } else if (const char* kind = special_file_kind(entry.status(error).type())) {
                // Reading a FIFO would block the run; a device is no article. Said, not ignored.
                result.skipped.emplace_back(entry.path().string(), std::string("not a regular file (") + kind + ")");
            }
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    return result;
}

}  // namespace newsdex
