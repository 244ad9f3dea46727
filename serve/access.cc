#include "serve/access.h"

#include <newsdex/error.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>

namespace newsdex::serve {

namespace {

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    // Every byte of the longer string is looked at whatever the contents, so the
    // time tells nothing about how much of a guess was right.
    const std::size_t length = std::max(a.size(), b.size());
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < length; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

std::string random_hex(std::size_t bytes) {
    std::random_device source;  // /dev/urandom on Linux
    static const char* const hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        const unsigned value = source() & 0xFF;
        out += hex[value >> 4];
        out += hex[value & 15];
    }
    return out;
}

std::string trimmed(const std::string& text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

AccessControl::AccessControl(std::string token) : token_(std::move(token)), session_(random_hex(32)) {}

bool AccessControl::token_matches(std::string_view candidate) const {
    return required() && equal_in_constant_time(candidate, token_);
}

bool AccessControl::allows(const std::string& authorization, const std::string& cookies, bool& presented) const {
    presented = false;
    if (!required()) return true;
    static const std::string bearer = "Bearer ";
    // Auth schemes are case-insensitive (RFC 9110 11.1): "bearer" and "BEARER" are Bearer.
    const bool is_bearer = authorization.size() > bearer.size() &&
                           std::equal(bearer.begin(), bearer.end(), authorization.begin(), [](char a, char b) {
                               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                           });
    if (is_bearer) {
        presented = true;
        if (token_matches(trimmed(authorization.substr(bearer.size())))) return true;
    } else if (!authorization.empty()) {
        presented = true;
    }
    // Cookie: "a=1; newsdex_session=...; b=2"
    const std::string name = std::string(kSessionCookieName) + "=";
    for (std::size_t at = 0; at < cookies.size();) {
        std::size_t end = cookies.find(';', at);
        if (end == std::string::npos) end = cookies.size();
        const std::string pair = trimmed(cookies.substr(at, end - at));
        if (pair.compare(0, name.size(), name) == 0) {
            presented = true;
            if (equal_in_constant_time(pair.substr(name.size()), session_)) return true;
        }
        at = end + 1;
    }
    return false;
}

std::string AccessControl::session_cookie() const {
    return std::string(kSessionCookieName) + "=" + session_ + "; Path=/; HttpOnly; SameSite=Strict";
}

std::string read_token_file(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    if (!file || !std::getline(file, line)) {
        throw Error("cannot read the token file " + path + "; put a secret of at least " +
                    std::to_string(kMinTokenLength) + " characters on its first line");
    }
    const std::string token = trimmed(line);
    if (token.size() < kMinTokenLength) {
        throw Error("the token in " + path + " is too short: use at least " + std::to_string(kMinTokenLength) +
                    " characters (e.g. head -c 24 /dev/urandom | base64 > " + path + ")");
    }
    return token;
}

}  // namespace newsdex::serve
