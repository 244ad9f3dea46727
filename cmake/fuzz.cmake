# NEWSDEX_FUZZ=ON (clang only) builds a libFuzzer target per parser from
# tests/fuzz/; scripts/fuzz uses it. The library and everything else in the
# build get coverage instrumentation and AddressSanitizer/UBSan, so a build
# directory made with this option is for fuzzing only.
# Included from the top-level CMakeLists.txt before any target is created; the
# top level adds the fuzz targets (tests/fuzz/CMakeLists.txt) once the library
# exists, when NEWSDEX_FUZZ_TARGETS is set.
option(NEWSDEX_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(NEWSDEX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(WARNING "NEWSDEX_FUZZ needs clang (libFuzzer); configure with -DCMAKE_CXX_COMPILER=clang++. Fuzz targets not built.")
  else()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
    set(NEWSDEX_FUZZ_TARGETS ON)
  endif()
endif()
