# ctest -R style: lists every C++ file of the project clang-format would change.
file(GLOB_RECURSE _files
  ${SOURCE_DIR}/kernels/*.hpp ${SOURCE_DIR}/src/*.hpp ${SOURCE_DIR}/src/*.cpp
  ${SOURCE_DIR}/bench/*.hpp ${SOURCE_DIR}/bench/*.cpp
  ${SOURCE_DIR}/tests/*.hpp ${SOURCE_DIR}/tests/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${_files}
  RESULT_VARIABLE _rc ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "clang-format would change these files (run clang-format -i):\n${_err}")
endif()
