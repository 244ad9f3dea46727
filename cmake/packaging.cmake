# Packaging: pkg-config file, man pages, bash completion and a Debian package.
#   cmake --install build --prefix P      installs all of it
#   cpack -G DEB --config build/CPackConfig.cmake
# tests/packaging_test.sh and tests/deb_package_test.sh check both.

# --- pkg-config, beside the CMake package
file(RELATIVE_PATH NEWSDEX_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" NEWSDEX_PC_TO_PREFIX "${NEWSDEX_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/newsdex.pc.in ${CMAKE_BINARY_DIR}/newsdex.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/newsdex.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- man pages, written at build time from each tool's own --help and the
# README's examples (cmake/manpage.py), so they cannot drift from either.
# A tool added later gets its page by being named here.
set(NEWSDEX_MAN_TOOLS newsdex-index newsdex-query newsdex-serve)
find_package(Python3 COMPONENTS Interpreter)
set(man_tools "")
foreach(tool ${NEWSDEX_MAN_TOOLS})
  if(TARGET ${tool})
    list(APPEND man_tools ${tool})
  endif()
endforeach()
if(Python3_Interpreter_FOUND)
  set(man_pages "")
  foreach(tool ${man_tools})
    set(page ${CMAKE_BINARY_DIR}/man/${tool}.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/manpage.py $<TARGET_FILE:${tool}>
              ${CMAKE_SOURCE_DIR}/README.md ${PROJECT_VERSION} ${page} ${man_tools}
      DEPENDS ${tool} ${CMAKE_CURRENT_LIST_DIR}/manpage.py ${CMAKE_SOURCE_DIR}/README.md
      COMMENT "Writing the man page of ${tool}" VERBATIM)
    list(APPEND man_pages ${page})
  endforeach()
  add_custom_target(man-pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "newsdex: man pages not written (python3 not found)")
endif()

# --- bash completion: one script, loaded on demand by bash-completion under each tool's name
foreach(tool newsdex-index newsdex-query newsdex-serve)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/completions/newsdex.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${tool})
endforeach()

# --- the Debian package: everything above, in /usr
set(CPACK_PACKAGE_NAME newsdex)
set(CPACK_PACKAGE_VENDOR newsdex)
set(CPACK_PACKAGE_CONTACT "newsdex maintainers <newsdex@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search engine for news archives")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "full-text search engine for news archives\n"
    "newsdex indexes folders of news articles (.txt, .md, .html, JSON exports)\n"
    "with their dates, places and people, and searches them with ranked results\n"
    "and highlighted snippets. On Xapian and ICU.\n"
    "\n"
    "This package holds the tools newsdex-index and newsdex-query, the shared\n"
    "library with its headers, CMake and pkg-config files, and the Python module.")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # debug information stays in the build tree
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
# Depends computed by dpkg-shlibdeps from the binaries (libxapian30, libicu72, ...);
# libnewsdex itself is in this package, found in the build tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR})
if(NEWSDEX_PYTHON_RECOMMENDS)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "${NEWSDEX_PYTHON_RECOMMENDS}")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xapian-tools")
include(CPack)

# --- tests of all of it (scripts in tests/): an install prefix, and the .deb unpacked
# Not in a sanitizer build: programs without the ASan runtime (c++ via pkg-config,
# python3) cannot load a sanitized libnewsdex.so; the plain build runs them.
if(NEWSDEX_BUILD_TESTS AND TARGET man-pages AND NOT NEWSDEX_SANITIZE)
  set(test_python "")
  if(TARGET newsdex_python)
    set(test_python ${Python3_EXECUTABLE})
  endif()
  add_test(NAME packaging_test
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/packaging_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} "${test_python}")
  set_tests_properties(packaging_test PROPERTIES TIMEOUT 300 RESOURCE_LOCK newsdex_build_install)
  find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
  find_program(FILE_PROGRAM file)
  if(DPKG_SHLIBDEPS AND FILE_PROGRAM)
    add_test(NAME deb_package_test
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/deb_package_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} "${test_python}")
    set_tests_properties(deb_package_test PROPERTIES TIMEOUT 300 RESOURCE_LOCK newsdex_build_install)
  else()
    message(STATUS "newsdex: deb_package_test not run (install dpkg-dev and file: scripts/install-deps)")
  endif()
endif()
