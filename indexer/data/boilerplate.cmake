# Ingestion's build-time pieces. Included at the end of indexer/data/CMakeLists.txt;
# paths are relative to this file.
#
# 1. The built-in boilerplate rules (boilerplate_rules.txt) embedded as a string
#    in generated/boilerplate_rules.cc, so nothing is read at run time.
set(BOILERPLATE_RULES ${CMAKE_CURRENT_LIST_DIR}/boilerplate_rules.txt)
set(BOILERPLATE_RULES_CC ${CMAKE_BINARY_DIR}/generated/boilerplate_rules.cc)
file(READ ${BOILERPLATE_RULES} NEWSDEX_BOILERPLATE_RULES)
configure_file(${CMAKE_CURRENT_LIST_DIR}/boilerplate_rules.cc.in ${BOILERPLATE_RULES_CC} @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${BOILERPLATE_RULES})

# Add the generated file to the library's sources whether the gazetteer's
# set(... PARENT_SCOPE) ran before this file or runs after it.
get_directory_property(newsdex_parent_generated DIRECTORY ${CMAKE_SOURCE_DIR} DEFINITION NEWSDEX_GENERATED_SOURCES)
list(APPEND NEWSDEX_GENERATED_SOURCES ${BOILERPLATE_RULES_CC})
list(APPEND newsdex_parent_generated ${BOILERPLATE_RULES_CC})
list(REMOVE_DUPLICATES newsdex_parent_generated)
set(NEWSDEX_GENERATED_SOURCES ${newsdex_parent_generated} PARENT_SCOPE)

# 2. The HTML reader parses with gumbo (libgumbo-dev), linked privately into
#    the library once the top directory has created it.
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET GLOBAL gumbo)
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL target_link_libraries newsdex PRIVATE PkgConfig::GUMBO)
