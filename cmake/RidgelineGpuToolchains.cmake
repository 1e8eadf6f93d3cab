# Detects the GPU toolchains before any GPU code exists, so the backends only add
# sources. AUTO builds a backend when its compiler works; ON insists; OFF skips.
include(CheckLanguage)

function(_ridgeline_check_mode var)
  if(NOT ${var} MATCHES "^(AUTO|ON|OFF)$")
    message(FATAL_ERROR "${var} must be AUTO, ON or OFF (got '${${var}}')")
  endif()
endfunction()
_ridgeline_check_mode(RIDGELINE_CUDA)
_ridgeline_check_mode(RIDGELINE_HIP)

# A100 (sm_80), H100/H200 (sm_90a: the arch-specific target, so Hopper-only instructions
# are available) and B200 (sm_100), each where this nvcc can generate it.
function(_ridgeline_default_cuda_architectures)
  if(DEFINED RIDGELINE_CUDA_ARCHITECTURES)
    return()
  endif()
  execute_process(COMMAND ${CMAKE_CUDA_COMPILER} --list-gpu-arch
                  OUTPUT_VARIABLE _listed ERROR_QUIET RESULT_VARIABLE _rc)
  set(_archs "")
  foreach(_want 80 90a 100)
    string(REGEX REPLACE "a$" "" _base ${_want})
    if(_rc EQUAL 0 AND _listed MATCHES "compute_${_base}([^0-9]|$)")
      list(APPEND _archs ${_want})
    endif()
  endforeach()
  if(NOT _archs)
    set(_archs 80)
  endif()
  set(RIDGELINE_CUDA_ARCHITECTURES "${_archs}" CACHE STRING
      "CUDA architectures of the CUDA backend (default: 80;90a;100 where nvcc supports them)")
  message(STATUS "ridgeline CUDA architectures: ${_archs}")
endfunction()
option(RIDGELINE_CUDA_PTXAS_VERBOSE "Print ptxas register and spill report for every kernel" OFF)

set(RIDGELINE_WITH_CUDA OFF)
if(NOT RIDGELINE_CUDA STREQUAL "OFF")
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc CACHE FILEPATH "CUDA compiler")
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(RIDGELINE_WITH_CUDA ON)
    _ridgeline_default_cuda_architectures()
    # CMake 3.25 predates nvcc's C++20 support and would refuse cxx_std_20 targets with
    # CUDA sources; nvcc 12+ takes the same flag as the host compiler.
    if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    endif()
  elseif(RIDGELINE_CUDA STREQUAL "ON")
    message(FATAL_ERROR "RIDGELINE_CUDA=ON but no working nvcc was found")
  endif()
endif()

# HIP is compiled by hipcc directly (cmake/RidgelineGpuBackend.cmake), not through CMake's
# HIP language: CMake 3.25 (Debian 12) looks for ROCm's CMake package under
# <root>/lib/cmake and Debian installs it under lib/x86_64-linux-gnu/cmake, so
# enable_language(HIP) fails there, while hipcc works the same on Debian and /opt/rocm.
# Default targets: MI200 (gfx90a), MI300 (gfx940; gfx942 is the MI300X/MI308X/MI325X
# production target, which ROCm 6+ can generate), MI350 (gfx950), each where this hipcc
# can compile a kernel for it. gfx940 code does not run on a gfx942 part.
function(_ridgeline_probe_hip_architectures out)
  set(_probe ${CMAKE_BINARY_DIR}/CMakeFiles/ridgeline_hip_probe.hip)
  file(WRITE ${_probe} "#include <hip/hip_runtime.h>\n__global__ void probe(float* x) { x[threadIdx.x] += 1.0f; }\n")
  set(_archs "")
  foreach(_want gfx90a gfx940 gfx942 gfx950)
    execute_process(COMMAND ${RIDGELINE_HIPCC} --offload-arch=${_want} -c ${_probe}
                            -o ${CMAKE_BINARY_DIR}/CMakeFiles/ridgeline_hip_probe.o
                    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    if(_rc EQUAL 0)
      list(APPEND _archs ${_want})
    endif()
  endforeach()
  set(${out} "${_archs}" PARENT_SCOPE)
endfunction()

set(RIDGELINE_WITH_HIP OFF)
if(NOT RIDGELINE_HIP STREQUAL "OFF")
  # A ROCm install ($ROCM_PATH, /opt/rocm) wins over Debian's hipcc in /usr: only the
  # former targets gfx942 (MI300X/MI308X).
  set(_rocm_roots /opt/rocm)
  if(DEFINED ENV{ROCM_PATH})
    list(PREPEND _rocm_roots $ENV{ROCM_PATH})
  endif()
  list(TRANSFORM _rocm_roots APPEND /bin OUTPUT_VARIABLE _rocm_bins)
  list(TRANSFORM _rocm_roots APPEND /lib OUTPUT_VARIABLE _rocm_libs)
  list(TRANSFORM _rocm_roots APPEND /include OUTPUT_VARIABLE _rocm_includes)
  find_program(RIDGELINE_HIPCC hipcc HINTS ${_rocm_bins}
               DOC "hipcc, the HIP compiler of the HIP backend")
  find_library(RIDGELINE_AMDHIP64 amdhip64 HINTS ${_rocm_libs} DOC "the HIP runtime library")
  find_path(RIDGELINE_HIP_INCLUDE_DIR hip/hip_runtime_api.h HINTS ${_rocm_includes})
  set(_hip_why "")
  if(NOT RIDGELINE_HIPCC OR NOT RIDGELINE_AMDHIP64 OR NOT RIDGELINE_HIP_INCLUDE_DIR)
    set(_hip_why "hipcc, libamdhip64 or the HIP headers not found (scripts/setup.sh --hip installs them)")
  else()
    if(NOT DEFINED RIDGELINE_HIP_ARCHITECTURES)
      _ridgeline_probe_hip_architectures(_archs)
      if(_archs)
        set(RIDGELINE_HIP_ARCHITECTURES "${_archs}" CACHE STRING
            "AMD GPU targets of the HIP backend (default: gfx90a;gfx940;gfx942;gfx950 where hipcc supports them)")
      endif()
    endif()
    if(RIDGELINE_HIP_ARCHITECTURES)
      set(RIDGELINE_WITH_HIP ON)
      message(STATUS "ridgeline HIP: ${RIDGELINE_HIPCC}, architectures ${RIDGELINE_HIP_ARCHITECTURES}")
    else()
      set(_hip_why "${RIDGELINE_HIPCC} compiles no kernel for gfx90a, gfx940, gfx942 or gfx950")
    endif()
  endif()
  if(NOT RIDGELINE_WITH_HIP AND RIDGELINE_HIP STREQUAL "ON")
    message(FATAL_ERROR "RIDGELINE_HIP=ON but ${_hip_why}")
  elseif(NOT RIDGELINE_WITH_HIP)
    message(STATUS "ridgeline HIP backend skipped: ${_hip_why}")
  endif()
endif()

message(STATUS "ridgeline GPU toolchains: cuda=${RIDGELINE_WITH_CUDA} hip=${RIDGELINE_WITH_HIP}")
