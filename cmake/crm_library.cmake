# crm_folder_library(<target> [DEPS ...]): the folder's *.cpp files as one static library.
# Globbing keeps parallel work on different files from colliding in the build description.
function(crm_folder_library target)
  cmake_parse_arguments(ARG "" "" "DEPS;PCH" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(NOT sources)
    # A folder whose code is still to come still configures.
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${target}_empty.cpp "")
    set(sources ${CMAKE_CURRENT_BINARY_DIR}/${target}_empty.cpp)
  endif()
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE project_warnings)
  if(ARG_PCH AND CRM_PCH)
    target_precompile_headers(${target} PRIVATE ${ARG_PCH})
  endif()
endfunction()
