// xapian-tcpsrv on loopback for tests of remote shards, and stub files naming them.
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace newsdex::testing {

// A loopback port nobody listens on (at the time of asking).
inline unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

inline bool port_open(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return open;
}

// Debian's stock xapian-tcpsrv serving one shard on a loopback port, stopped on destruction.
class TcpServer {
public:
    explicit TcpServer(const std::string& db) : port_(free_port()) {
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            // Its own process group: on SIGTERM xapian-tcpsrv signals its whole group.
            ::setpgid(0, 0);
            // It reports every connection; keep the test's output readable.
            const int null = ::open("/dev/null", O_WRONLY);
            if (null >= 0) {
                ::dup2(null, STDOUT_FILENO);
                ::dup2(null, STDERR_FILENO);
            }
            const std::string port = std::to_string(port_);
            ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port.c_str(),
                     db.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 200 && !port_open(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        REQUIRE_MESSAGE(port_open(port_), "xapian-tcpsrv did not start (is xapian-tools installed?)");
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    unsigned port() const { return port_; }
    std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }

private:
    unsigned port_;
    pid_t pid_ = -1;
};

// Writes `dir`/XAPIANDB listing `lines`.
inline void write_stub(const std::filesystem::path& dir, const std::vector<std::string>& lines) {
    std::filesystem::create_directories(dir);
    std::ofstream stub(dir / "XAPIANDB");
    for (const auto& line : lines) stub << line << "\n";
}

}  // namespace newsdex::testing
