# disrupt_subsystem(NAME [DEPS subsystem...] [LIBS target...])
#
# Declares the static library disrupt_<NAME> from the .cc files of
# src/<NAME>/ (all but *_test.cc), linked to the other subsystems it uses
# (DEPS) and to external libraries (LIBS). When the folder holds *_test.cc
# files they become the GoogleTest binary <NAME>_test, registered with ctest
# under the label "unit".
function(disrupt_subsystem NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB _sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  list(FILTER _sources EXCLUDE REGEX "_test\\.cc$")
  if(NOT _sources)
    return()  # a folder being started: nothing to build yet
  endif()
  set(_lib disrupt_${NAME})
  add_library(${_lib} STATIC ${_sources})
  target_include_directories(${_lib} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  set(_deps "")
  foreach(_d IN LISTS ARG_DEPS)
    list(APPEND _deps disrupt_${_d})
  endforeach()
  target_link_libraries(${_lib} PUBLIC ${_deps} ${ARG_LIBS} Threads::Threads)
  set_property(GLOBAL APPEND PROPERTY DISRUPT_SUBSYSTEMS ${_lib})

  file(GLOB _tests CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc")
  if(DISRUPT_BUILD_TESTS AND _tests)
    add_executable(${NAME}_test ${_tests})
    target_link_libraries(${NAME}_test PRIVATE ${_lib} disrupt_testing GTest::gtest GTest::gtest_main GTest::gmock)
    gtest_discover_tests(${NAME}_test
      DISCOVERY_MODE PRE_TEST
      PROPERTIES LABELS unit ENVIRONMENT "DISRUPT_SOURCE_DIR=${PROJECT_SOURCE_DIR};DISRUPT_BINARY=$<TARGET_FILE:disrupt>")
  endif()
endfunction()
