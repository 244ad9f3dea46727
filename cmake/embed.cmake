# newsdex_embed_text(TEMPLATE OUTPUT FILES f... VARIABLES v...): the one way
# newsdex embeds data files in its sources (boilerplate rules, synonyms, the
# person finder's lists). Reads each file into the variable of the same place
# in VARIABLES, writes TEMPLATE with them (configure_file @ONLY) to
# <build>/generated/OUTPUT, and re-runs CMake when a file changes. The place
# gazetteer, which a program computes, is the one generated source made by a
# custom command (indexer/data/CMakeLists.txt).
function(newsdex_embed_text template output)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "FILES;VARIABLES")
  # ZIP_LISTS would leave a variable empty, and the embedded text blank, without this.
  list(LENGTH ARG_FILES file_count)
  list(LENGTH ARG_VARIABLES variable_count)
  if(NOT file_count EQUAL variable_count)
    message(FATAL_ERROR "newsdex_embed_text(${output}): ${file_count} FILES but ${variable_count} VARIABLES")
  endif()
  foreach(file variable IN ZIP_LISTS ARG_FILES ARG_VARIABLES)
    file(READ ${file} ${variable})
  endforeach()
  configure_file(${template} ${CMAKE_BINARY_DIR}/generated/${output} @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARG_FILES})
endfunction()
