// newsdex/error.h — the one exception type the library throws.
#pragma once

#include <newsdex/export.h>

#include <stdexcept>
#include <string>

namespace newsdex {

// What kind of failure an Error is, so a program can decide what to tell its user.
enum class ErrorCategory {
    Other,              // bad arguments or options, or anything not below
    LockHeld,           // another Indexer holds the index's write lock
    NotFound,           // no index (or file) at the path given
    NotAnIndex,         // the path holds something that is not a newsdex index
    Corrupt,            // the index is damaged
    IO,                 // reading or writing a file or the index failed
    QuerySyntax,        // the query cannot be parsed (QuerySyntaxError)
    RemoteUnavailable,  // a remote shard did not answer
};

// Thrown for anything the caller can act on: a missing or locked index, a bad
// query, an unreadable file. what() says what happened, naming the path; category() what kind it is.
class NEWSDEX_API Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, ErrorCategory category = ErrorCategory::Other)
        : std::runtime_error(message), category_(category) {}
    ErrorCategory category() const noexcept { return category_; }

private:
    ErrorCategory category_;
};

// A query the parser cannot make sense of; what() says which part to fix.
class NEWSDEX_API QuerySyntaxError : public Error {
public:
    explicit QuerySyntaxError(const std::string& message) : Error(message, ErrorCategory::QuerySyntax) {}
};

}  // namespace newsdex
