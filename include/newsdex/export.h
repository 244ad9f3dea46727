// newsdex/export.h — marks what libnewsdex exports: the public API, nothing else.
#pragma once

// The library is built with hidden visibility; NEWSDEX_API makes a class or
// function of the public headers visible to programs linking libnewsdex.
#if defined(_WIN32)
#define NEWSDEX_API
#else
#define NEWSDEX_API __attribute__((visibility("default")))
#endif
