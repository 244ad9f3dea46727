// newsdex-serve run as a user runs it, for the serve_* tests: a child process
// on a free loopback port, stopped with SIGTERM when the test is done.
#pragma once

#include "test_support.h"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace newsdex::testing {

class ServeProcess {
public:
    // Starts build/newsdex-serve with `args` (add --listen 127.0.0.1:0 unless given)
    // and waits for the line saying where it serves. Fails the test if it exits first.
    explicit ServeProcess(std::vector<std::string> args) {
        bool has_listen = false;
        for (const auto& a : args) has_listen = has_listen || a == "--listen";
        if (!has_listen) args.insert(args.end(), {"--listen", "127.0.0.1:0"});
        args.insert(args.begin(), NEWSDEX_SERVE_TOOL);
        err_path_ = logs_ / "stderr.txt";
        int out_pipe[2];
        if (::pipe(out_pipe)) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a test killed midway (timeout) leaves no server behind
            ::dup2(out_pipe[1], 1);
            std::FILE* err = std::fopen(err_path_.c_str(), "w");
            if (err) ::dup2(::fileno(err), 2);
            ::close(out_pipe[0]);
            ::close(out_pipe[1]);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(out_pipe[1]);
        std::string line;
        char c;
        while (::read(out_pipe[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(out_pipe[0]);  // the server writes nothing more there
        const std::size_t at = line.rfind(':');
        REQUIRE_MESSAGE(line.find("http://") != std::string::npos, "newsdex-serve did not start: " << log());
        port_ = std::stoi(line.substr(at + 1));
    }

    ~ServeProcess() { stop(); }
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    int port() const { return port_; }

    // What the server wrote on standard error so far.
    std::string log() const { return std::filesystem::exists(err_path_) ? read_file(err_path_) : ""; }

    // Stops it with SIGTERM; its exit status (128 + signal if killed).
    int stop() {
        if (pid_ <= 0) return exit_code_;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
    }

private:
    TempDir logs_;
    std::string err_path_;
    pid_t pid_ = -1;
    int port_ = 0;
    int exit_code_ = -1;
};

}  // namespace newsdex::testing
