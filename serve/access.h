// Who may use newsdex-serve: everyone (loopback, or --no-auth), or whoever
// shows the token of --token-file, as `Authorization: Bearer TOKEN` (API) or
// as the session cookie the login form sets (page). The token never travels
// in a URL.
#pragma once

#include <string>
#include <string_view>

namespace newsdex::serve {

class AccessControl {
public:
    // `token` empty: no authentication.
    explicit AccessControl(std::string token);

    bool required() const { return !token_.empty(); }

    // Whether `candidate` is the token, in time that does not depend on where they differ.
    bool token_matches(std::string_view candidate) const;

    // Whether a request with these header values may pass: a matching Bearer token,
    // or the session cookie. `presented` is set when it showed a credential at all
    // (a wrong one is worth a log line; none is just a visitor to send to the login form).
    bool allows(const std::string& authorization_header, const std::string& cookie_header, bool& presented) const;

    // The Set-Cookie value that signs a browser in after a successful login:
    // a secret made at start-up (not the token), HttpOnly and SameSite=Strict.
    std::string session_cookie() const;

private:
    std::string token_;
    std::string session_;  // random, per process: a restart signs every browser out
};

// Reads the token from `path`: its first line, surrounding spaces removed.
// Throws Error if the file cannot be read or the token is shorter than kMinTokenLength.
std::string read_token_file(const std::string& path);

inline constexpr std::size_t kMinTokenLength = 16;
inline constexpr const char* kSessionCookieName = "newsdex_session";

}  // namespace newsdex::serve
