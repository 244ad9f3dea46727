#include "test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace newsdex::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = fs::temp_directory_path() /
                         ("newsdex-test-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter++) + "-" + std::to_string(random() % 100000));
        if (fs::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

void write_file(const fs::path& path, const std::string& content) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::uintmax_t folder_bytes(const std::filesystem::path& folder) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

namespace {

std::string drain(int fd) {
    std::string data;
    char chunk[65536];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n > 0) {
            data.append(chunk, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    return data;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text,
                          const std::vector<std::string>& extra_env) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe(in_pipe) || ::pipe(out_pipe) || ::pipe(err_pipe)) throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
        std::vector<std::string> env_strings;
        for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
        for (const auto& extra : extra_env) env_strings.push_back(extra);
        std::vector<char*> env_ptrs, arg_ptrs;
        for (auto& e : env_strings) env_ptrs.push_back(e.data());
        env_ptrs.push_back(nullptr);
        std::vector<std::string> args = argv;
        for (auto& a : args) arg_ptrs.push_back(a.data());
        arg_ptrs.push_back(nullptr);
        ::execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    std::thread writer([&] {
        size_t written = 0;
        while (written < stdin_text.size()) {
            ssize_t n = ::write(in_pipe[1], stdin_text.data() + written, stdin_text.size() - written);
            if (n <= 0) break;
            written += static_cast<size_t>(n);
        }
        ::close(in_pipe[1]);
    });
    std::string err_text;
    std::thread err_reader([&] { err_text = drain(err_pipe[0]); });
    std::string out_text = drain(out_pipe[0]);
    err_reader.join();
    writer.join();
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return {code, out_text, err_text};
}

std::string source_path(const std::string& relative) { return std::string(NEWSDEX_SOURCE_DIR) + "/" + relative; }
std::vector<std::filesystem::path> sample_text_files() {
    constexpr std::uintmax_t kMaxBytes = 1000000;
    std::vector<std::filesystem::path> files;
    for (const char* folder : {"sample_corpus", "tests/data"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path(folder))) {
            if (entry.is_regular_file() && entry.file_size() <= kMaxBytes) files.push_back(entry.path());
        }
    }
    return files;
}

std::string index_tool() { return NEWSDEX_INDEX_TOOL; }
std::string query_tool() { return NEWSDEX_QUERY_TOOL; }

}  // namespace newsdex::testing
