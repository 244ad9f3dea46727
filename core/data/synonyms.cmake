# The shipped synonym list, embedded at build time so nothing is read at run time.
# Included from the top-level CMakeLists.txt; writes generated/synonyms.inc,
# which core/synonyms.cc includes. Paths are relative to this file.
file(READ ${CMAKE_CURRENT_LIST_DIR}/synonyms.tsv NEWSDEX_SYNONYMS)
configure_file(${CMAKE_CURRENT_LIST_DIR}/synonyms.inc.in ${CMAKE_BINARY_DIR}/generated/synonyms.inc @ONLY)
# Re-run CMake when the list changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/synonyms.tsv)
