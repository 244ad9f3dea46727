# PersonFinder's word lists, embedded at build time so nothing is read at run time.
# Included by indexer/data/CMakeLists.txt (include(people.cmake)); writes
# generated/person_names.inc, which indexer/person_finder.cc includes.
# Paths are relative to this file, so it may be included from any directory.
set(PERSON_NAME_LISTS ${CMAKE_CURRENT_LIST_DIR}/first_names.txt
                      ${CMAKE_CURRENT_LIST_DIR}/person_family_names.txt
                      ${CMAKE_CURRENT_LIST_DIR}/firms.txt
                      ${CMAKE_CURRENT_LIST_DIR}/office_words.txt
                      ${CMAKE_CURRENT_LIST_DIR}/not_person_contexts.txt
                      ${CMAKE_CURRENT_LIST_DIR}/person_word_lists.txt)
file(READ ${CMAKE_CURRENT_LIST_DIR}/first_names.txt NEWSDEX_FIRST_NAMES)
file(READ ${CMAKE_CURRENT_LIST_DIR}/person_family_names.txt NEWSDEX_FAMILY_NAMES)
file(READ ${CMAKE_CURRENT_LIST_DIR}/firms.txt NEWSDEX_FIRMS)
file(READ ${CMAKE_CURRENT_LIST_DIR}/office_words.txt NEWSDEX_OFFICE_WORDS)
file(READ ${CMAKE_CURRENT_LIST_DIR}/not_person_contexts.txt NEWSDEX_NOT_PERSON_CONTEXTS)
file(READ ${CMAKE_CURRENT_LIST_DIR}/person_word_lists.txt NEWSDEX_PERSON_WORD_LISTS)
configure_file(${CMAKE_CURRENT_LIST_DIR}/person_names.inc.in
               ${CMAKE_BINARY_DIR}/generated/person_names.inc @ONLY)
# Re-run CMake when a list changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PERSON_NAME_LISTS})
