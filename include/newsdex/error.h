// newsdex/error.h — the one exception type the library throws.
#pragma once

#include <newsdex/export.h>

#include <stdexcept>
#include <string>

namespace newsdex {

// Thrown for anything the caller can act on: a missing or locked index, a bad
// query, an unreadable file. what() says what happened and what to do about it.
class NEWSDEX_API Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A query the parser cannot make sense of; what() says which part to fix.
class NEWSDEX_API QuerySyntaxError : public Error {
public:
    using Error::Error;
};

}  // namespace newsdex
