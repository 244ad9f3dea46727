# NEWSDEX_SANITIZE=ON builds everything (library, tools, tests) with
# AddressSanitizer and UndefinedBehaviorSanitizer; scripts/test-sanitizers uses it.
# Included from the top-level CMakeLists.txt before any target is created, so
# the flags reach every target. Undefined behaviour is fatal, not just reported:
# a test must fail on it.
option(NEWSDEX_SANITIZE "Build with -fsanitize=address,undefined" OFF)
if(NEWSDEX_SANITIZE)
  set(NEWSDEX_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                              -fno-omit-frame-pointer)
  add_compile_options(${NEWSDEX_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "newsdex: building with AddressSanitizer and UndefinedBehaviorSanitizer")
endif()
