// Helpers for tests that work on real files, real indexes and the real tools.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace newsdex::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Writes `content` to `path` byte for byte, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& content);

// The whole content of a file.
std::string read_file(const std::filesystem::path& path);

// Bytes in the regular files under `folder` (an index's size on disk, as its files hold it).
std::uintmax_t folder_bytes(const std::filesystem::path& folder);

struct CommandResult {
    int exit_code;
    std::string out;  // standard output
    std::string err;  // standard error
};

// Runs argv (no shell) with optional stdin text and extra "NAME=value" environment entries.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::vector<std::string>& extra_env = {});

// Absolute path of a file in the source tree ("sample_corpus/...").
std::string source_path(const std::string& relative);

// Every file under the source tree's sample_corpus/ and tests/data/ of at most
// 1 MB: real and hostile text for tests that check a rule on every word.
std::vector<std::filesystem::path> sample_text_files();

// The newsdex-index and newsdex-query binaries of this build.
std::string index_tool();
std::string query_tool();

}  // namespace newsdex::testing

// The helpers above, by their plain names in every test.
using newsdex::testing::CommandResult;
using newsdex::testing::TempDir;
using newsdex::testing::index_tool;
using newsdex::testing::query_tool;
using newsdex::testing::folder_bytes;
using newsdex::testing::read_file;
using newsdex::testing::run_command;
using newsdex::testing::sample_text_files;
using newsdex::testing::source_path;
using newsdex::testing::write_file;
