# ctest -R gpu.one_backend_source: the CUDA and the HIP backend compile the same GPU
# source, src/backends/gpu/*.cu, and nothing else device-side (a second copy of the
# backend would be a defect). Reads what the build really compiles: CMake's
# compile_commands.json for CUDA, hip_compile_commands.json (same format, written with
# the HIP compile rules) for HIP. Prints the list each target compiles.
file(GLOB _expected RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/src/backends/gpu/*.cu)
list(SORT _expected)

file(GLOB_RECURSE _device_files RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/src/*.cu ${SOURCE_DIR}/src/*.hip
     ${SOURCE_DIR}/kernels/*.cu ${SOURCE_DIR}/kernels/*.hip)
list(FILTER _device_files EXCLUDE REGEX "^src/backends/gpu/")
if(_device_files)
  message(FATAL_ERROR "device sources outside src/backends/gpu/: ${_device_files}")
endif()

# The .cu files compiled by the entries of `json_file` whose command matches
# `command_regex` (its -o names the target's object directory).
function(_compiled_sources json_file command_regex out)
  if(NOT EXISTS ${json_file})
    message(FATAL_ERROR "${json_file} is missing: configure and build first")
  endif()
  file(READ ${json_file} _json)
  string(JSON _count LENGTH "${_json}")
  set(_sources "")
  if(_count GREATER 0)
    math(EXPR _last "${_count} - 1")
    foreach(_i RANGE ${_last})
      string(JSON _file GET "${_json}" ${_i} file)
      string(JSON _command GET "${_json}" ${_i} command)
      if(_file MATCHES "\\.cu$" AND _command MATCHES "${command_regex}")
        file(RELATIVE_PATH _relative ${SOURCE_DIR} ${_file})
        list(APPEND _sources ${_relative})
      endif()
    endforeach()
  endif()
  list(SORT _sources)
  set(${out} "${_sources}" PARENT_SCOPE)
endfunction()

set(_targets "")
if(WITH_CUDA)
  _compiled_sources(${BINARY_DIR}/compile_commands.json "-o [^ ]*ridgeline_backend_cuda\\.dir/" _cuda)
  list(APPEND _targets cuda)
endif()
if(WITH_HIP)
  _compiled_sources(${BINARY_DIR}/src/backends/hip/hip_compile_commands.json "-o [^ ]*/hip_objects/" _hip)
  list(APPEND _targets hip)
endif()
foreach(_target ${_targets})
  string(REPLACE ";" " " _text "${_${_target}}")
  message(STATUS "ridgeline_backend_${_target} compiles: ${_text}")
  if(NOT _${_target} STREQUAL _expected)
    message(FATAL_ERROR "ridgeline_backend_${_target} compiles [${_${_target}}], "
                        "expected the one GPU source [${_expected}]")
  endif()
endforeach()
