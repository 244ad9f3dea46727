# The shipped synonym list, embedded at build time so nothing is read at run time.
# Included from the top-level CMakeLists.txt; writes generated/synonyms.inc,
# which core/synonyms.cc includes.
newsdex_embed_text(${CMAKE_CURRENT_LIST_DIR}/synonyms.inc.in synonyms.inc
                   FILES ${CMAKE_CURRENT_LIST_DIR}/synonyms.tsv VARIABLES NEWSDEX_SYNONYMS)
