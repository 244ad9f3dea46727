# PersonFinder's word lists, embedded at build time so nothing is read at run time.
# Included by indexer/data/CMakeLists.txt (include(people.cmake)); writes
# generated/person_names.inc, which indexer/person_finder.cc includes.
# Paths are relative to this file, so it may be included from any directory.
newsdex_embed_text(${CMAKE_CURRENT_LIST_DIR}/person_names.inc.in person_names.inc
  FILES ${CMAKE_CURRENT_LIST_DIR}/first_names.txt
        ${CMAKE_CURRENT_LIST_DIR}/person_family_names.txt
        ${CMAKE_CURRENT_LIST_DIR}/firms.txt
        ${CMAKE_CURRENT_LIST_DIR}/office_words.txt
        ${CMAKE_CURRENT_LIST_DIR}/not_person_contexts.txt
        ${CMAKE_CURRENT_LIST_DIR}/person_word_lists.txt
  VARIABLES NEWSDEX_FIRST_NAMES NEWSDEX_FAMILY_NAMES NEWSDEX_FIRMS NEWSDEX_OFFICE_WORDS
            NEWSDEX_NOT_PERSON_CONTEXTS NEWSDEX_PERSON_WORD_LISTS)
