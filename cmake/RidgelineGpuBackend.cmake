# ridgeline_gpu_backend(<vendor> <language>) builds ridgeline_backend_<vendor> from the ONE
# GPU source folder, src/backends/gpu/*.cu, plus the vendor-only sources in
# src/backends/<vendor>/*.cpp (compiled by the host compiler). Call it from
# src/backends/<vendor>/CMakeLists.txt. CUDA: the .cu files are marked LANGUAGE CUDA in
# that directory (source properties are per directory). HIP: hipcc or clang compiles the
# same .cu files through custom commands (see RidgelineGpuToolchains.cmake for why not
# CMake's HIP language), so both backends can be built into one binary.

# HIP compile rules for `sources` (RIDGELINE_HIP_COMPILER: hipcc, or clang++ with the
# device libraries of _ridgeline_hip_bitcode_dir, see RidgelineGpuToolchains.cmake); the
# object files go to `out`. The commands are also written to hip_compile_commands.json
# (compile_commands.json's format), which the source-set test reads beside
# compile_commands.json.
function(_ridgeline_hip_objects out)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" _config)
  separate_arguments(_config_flags UNIX_COMMAND "${CMAKE_CXX_FLAGS_${_config}}")
  # clang: the install's device libraries plus an oclc_isa_version_<n>.bc for each
  # target it lacks, assembled here from the .ll the configure step wrote; every object
  # depends on them.
  set(_bitcode ${CMAKE_CURRENT_BINARY_DIR}/amdgcn/bitcode)
  set(_bitcode_files "")
  get_filename_component(_compiler_name ${RIDGELINE_HIP_COMPILER} NAME)
  if(NOT _compiler_name MATCHES "hipcc")
    _ridgeline_hip_bitcode_dir(${RIDGELINE_HIP_COMPILER} ${_bitcode}
                               "${RIDGELINE_HIP_ARCHITECTURES}" _lls _llvm_as)
    foreach(_ll ${_lls})
      string(REGEX REPLACE "\\.ll$" ".bc" _bc ${_ll})
      get_filename_component(_bc_name ${_bc} NAME)
      add_custom_command(OUTPUT ${_bc}
        COMMAND ${_llvm_as} ${_ll} -o ${_bc}
        DEPENDS ${_ll}
        COMMENT "llvm-as ${_bc_name} (a device library this ROCm lacks)"
        VERBATIM)
      list(APPEND _bitcode_files ${_bc})
    endforeach()
  endif()
  _ridgeline_hip_driver_flags(${RIDGELINE_HIP_COMPILER} ${_bitcode}
                              "${RIDGELINE_HIP_CLANG_COMPAT}" _driver_flags)
  set(_flags ${_driver_flags} -std=c++20 -fPIC ${_config_flags} -Wall -Wextra -Wshadow)
  if(RIDGELINE_WERROR)
    list(APPEND _flags -Werror)
  endif()
  foreach(_arch ${RIDGELINE_HIP_ARCHITECTURES})
    list(APPEND _flags --offload-arch=${_arch})
  endforeach()
  # The targets as a bare colon-separated list (no quotes: the command is also written as
  # JSON text; no commas: nvcc splits -D values at them).
  string(REPLACE ";" ":" _arch_list "${RIDGELINE_HIP_ARCHITECTURES}")
  list(APPEND _flags -DRL_GPU_ARCHITECTURES=${_arch_list})
  list(APPEND _flags -I${PROJECT_SOURCE_DIR} -I${PROJECT_SOURCE_DIR}/src
       -I${PROJECT_BINARY_DIR}/src/generated)
  set(_dir ${CMAKE_CURRENT_BINARY_DIR}/hip_objects)
  file(MAKE_DIRECTORY ${_dir})
  set(_objects "")
  set(_entries "")
  foreach(_source ${ARGN})
    get_filename_component(_name ${_source} NAME_WE)
    set(_object ${_dir}/${_name}.o)
    set(_command ${RIDGELINE_HIP_COMPILER} ${_flags} -MD -MT ${_object} -MF ${_object}.d
                 -c ${_source} -o ${_object})
    add_custom_command(OUTPUT ${_object}
      COMMAND ${_command}
      DEPENDS ${_source} ${_bitcode_files}
      DEPFILE ${_object}.d
      COMMENT "${_compiler_name} ${_name}.cu for ${RIDGELINE_HIP_ARCHITECTURES}"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND _objects ${_object})
    string(JOIN " " _text ${_command})
    list(APPEND _entries "{\"directory\": \"${CMAKE_CURRENT_BINARY_DIR}\", \"file\": \"${_source}\", \"output\": \"${_object}\", \"command\": \"${_text}\"}")
  endforeach()
  string(JOIN ",\n  " _json ${_entries})
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/hip_compile_commands.json "[\n  ${_json}\n]\n")
  set(${out} ${_objects} PARENT_SCOPE)
endfunction()

function(ridgeline_gpu_backend vendor language)
  set(target ridgeline_backend_${vendor})
  file(GLOB _device_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/backends/gpu/*.cu)
  file(GLOB _vendor_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/backends/${vendor}/*.cpp)
  if(language STREQUAL "HIP")
    _ridgeline_hip_objects(_device_objects ${_device_sources})
    add_library(${target} STATIC ${_device_objects} ${_vendor_sources})
  else()
    set_source_files_properties(${_device_sources} PROPERTIES LANGUAGE ${language})
    add_library(${target} STATIC ${_device_sources} ${_vendor_sources})
  endif()
  target_include_directories(${target} PUBLIC
    ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src/generated)
  target_link_libraries(${target} PUBLIC ridgeline_gpu_host ridgeline_core ${CMAKE_DL_LIBS})
  ridgeline_target_defaults(${target})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(language STREQUAL "CUDA")
    set_target_properties(${target} PROPERTIES CUDA_ARCHITECTURES "${RIDGELINE_CUDA_ARCHITECTURES}")
    # Host code under nvcc gets the host compiler's warnings; ptxas reports register
    # spills and local-memory use, and with RIDGELINE_WERROR every warning (host, nvcc,
    # ptxas) fails the build, so a kernel that starts spilling cannot land unnoticed.
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra,-Wshadow -Xptxas=-warn-spills,-warn-lmem-usage>
      $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${RIDGELINE_WERROR}>>:-Werror=all-warnings>
      $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${RIDGELINE_CUDA_PTXAS_VERBOSE}>>:-Xptxas=-v>)
    # Static runtime: the bundle for offline GPU hosts then needs only the driver.
    target_link_libraries(${target} PUBLIC CUDA::cudart_static)
    # The targets as the backend names them (sm_80, sm_90a, ...), for its audit claims.
    set(_arch_names "")
    foreach(_arch ${RIDGELINE_CUDA_ARCHITECTURES})
      list(APPEND _arch_names sm_${_arch})
    endforeach()
    string(REPLACE ";" ":" _arch_list "${_arch_names}")
    target_compile_definitions(${target} PRIVATE RL_GPU_ARCHITECTURES=${_arch_list})
  elseif(language STREQUAL "HIP")
    # The vendor .cpp files see the runtime API through gpu_api.hpp with the host
    # compiler, which needs to be told the platform the HIP compiler would define.
    target_compile_definitions(${target} PRIVATE RIDGELINE_GPU_HIP=1 __HIP_PLATFORM_AMD__=1)
    target_include_directories(${target} SYSTEM PRIVATE ${RIDGELINE_HIP_INCLUDE_DIR})
    target_link_libraries(${target} PUBLIC ${RIDGELINE_AMDHIP64})
  endif()
endfunction()

# libridgeline_<vendor>.so in <build>/plugins: the backend as a run-time plugin
# (src/backends/plugin_abi.hpp). It holds the whole static backend and the GPU host logic
# (ridgeline_gpu_host) but not the core: those symbols stay undefined here and resolve
# against the executable, which exports them (ENABLE_EXPORTS, core linked whole). The
# archives are therefore linked by file, not as targets, whose usage requirements would
# bring ridgeline_core in; `extra` are the vendor libraries the plugin needs itself.
# RUNPATH $ORIGIN/../lib finds what a bundle carries (scripts/bundle.sh).
function(ridgeline_backend_plugin vendor)
  set(_plugin ridgeline_${vendor})
  string(TOUPPER ${vendor} _upper)
  add_library(${_plugin} MODULE ${PROJECT_SOURCE_DIR}/src/backends/plugin/backend_plugin.cpp)
  target_include_directories(${_plugin} PRIVATE
    ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src/generated)
  ridgeline_target_defaults(${_plugin})
  target_compile_definitions(${_plugin} PRIVATE RIDGELINE_PLUGIN_${_upper}=1)
  target_link_libraries(${_plugin} PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:ridgeline_backend_${vendor}> -Wl,--no-whole-archive
    $<TARGET_FILE:ridgeline_gpu_host> fmt::fmt Threads::Threads ${CMAKE_DL_LIBS} ${ARGN})
  add_dependencies(${_plugin} ridgeline_backend_${vendor} ridgeline_gpu_host)
  set_target_properties(${_plugin} PROPERTIES
    PREFIX lib OUTPUT_NAME ridgeline_${vendor}
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/plugins
    BUILD_RPATH "\$ORIGIN/../lib")
  # A plugin is part of the program: building `ridgeline` builds it.
  add_dependencies(ridgeline ${_plugin})
endfunction()
