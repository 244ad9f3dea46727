# The built-in boilerplate rules (boilerplate_rules.txt) embedded as a string in
# generated/boilerplate_rules.cc, a source of the library, so nothing is read at
# run time. Included at the end of indexer/data/CMakeLists.txt.
newsdex_embed_text(${CMAKE_CURRENT_LIST_DIR}/boilerplate_rules.cc.in boilerplate_rules.cc
                   FILES ${CMAKE_CURRENT_LIST_DIR}/boilerplate_rules.txt VARIABLES NEWSDEX_BOILERPLATE_RULES)
target_sources(newsdex_objects PRIVATE ${CMAKE_BINARY_DIR}/generated/boilerplate_rules.cc)
