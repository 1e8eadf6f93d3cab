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

# HIP is compiled through custom commands (cmake/RidgelineGpuBackend.cmake), not through
# CMake's HIP language: CMake 3.25 (Debian 12) looks for ROCm's CMake package under
# <root>/lib/cmake and Debian installs it under lib/x86_64-linux-gnu/cmake, so
# enable_language(HIP) fails there.
#
# The compiler is either hipcc or a plain clang++ (19 or newer) driven like hipcc drives
# its own: -x hip, --rocm-path (the HIP headers) and --rocm-device-lib-path, a directory
# of the build (_ridgeline_hip_bitcode_dir) holding the install's device libraries plus
# any oclc_isa_version_<n>.bc it lacks. Debian's hipcc (ROCm 5.2, clang 15) stops at
# gfx940, which only pre-production MI300 parts ran; Debian's clang 19 adds gfx942
# (MI300X/MI300A/MI308X/MI325X) and clang 22 (bookworm-security) gfx950 (MI350X/MI355X)
# but no longer gfx940. The default compiler is whichever compiles the most of the wanted
# targets (RIDGELINE_HIP_ARCHITECTURES, else gfx90a;gfx940;gfx942;gfx950): on a tie
# hipcc (a ROCm install's matches its headers and runtime), then the newest clang. One
# compiler builds every target: two fat objects of the same source cannot be linked into
# one binary (both define the same host functions and kernel stubs).
set(_ridgeline_hip_default_archs gfx90a gfx940 gfx942 gfx950)

# The ISA number oclc_isa_version_<n>.bc holds: gfx90a -> 9010, gfx942 -> 9402.
function(_ridgeline_hip_isa_number arch out)
  string(REGEX MATCH "^gfx([0-9]+)([0-9a-f])([0-9a-f])$" _match "${arch}")
  if(NOT _match)
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  math(EXPR _n "${CMAKE_MATCH_1} * 1000 + 0x${CMAKE_MATCH_2} * 100 + 0x${CMAKE_MATCH_3}")
  set(${out} ${_n} PARENT_SCOPE)
endfunction()

# Fills `dir` with links to every device library of RIDGELINE_HIP_DEVICE_LIB_DIR and, for
# each of `archs` the install has no oclc_isa_version_<n>.bc for, writes
# oclc_isa_version_<n>.ll: a copy of one the install has (disassembled by `clang`'s
# llvm-dis, so it is in that LLVM's exact form) holding this target's number.
# `ll_out` gets the .ll files written, which `clang`'s llvm-as (`llvm_as_out`) assembles
# into .bc beside them; at configure time with ASSEMBLE, else by the caller's build rules.
function(_ridgeline_hip_bitcode_dir clang dir archs ll_out llvm_as_out)
  cmake_parse_arguments(PARSE_ARGV 5 _arg "ASSEMBLE" "" "")
  get_filename_component(_real ${clang} REALPATH)
  get_filename_component(_bin ${_real} DIRECTORY)
  find_program(_llvm_as llvm-as HINTS ${_bin} NO_DEFAULT_PATH NO_CACHE)
  find_program(_llvm_dis llvm-dis HINTS ${_bin} NO_DEFAULT_PATH NO_CACHE)
  file(MAKE_DIRECTORY ${dir})
  file(GLOB _libs ${RIDGELINE_HIP_DEVICE_LIB_DIR}/*.bc)
  set(_template "")
  foreach(_lib ${_libs})
    get_filename_component(_name ${_lib} NAME)
    if(NOT EXISTS ${dir}/${_name} OR NOT IS_SYMLINK ${dir}/${_name})
      file(REMOVE ${dir}/${_name})
      file(CREATE_LINK ${_lib} ${dir}/${_name} SYMBOLIC)
    endif()
    if(_name MATCHES "^oclc_isa_version_9")
      set(_template ${_lib})
    endif()
  endforeach()
  set(_written "")
  foreach(_arch ${archs})
    string(REGEX REPLACE "^gfx" "" _suffix ${_arch})
    if(EXISTS ${RIDGELINE_HIP_DEVICE_LIB_DIR}/oclc_isa_version_${_suffix}.bc)
      continue()
    endif()
    _ridgeline_hip_isa_number(${_arch} _number)
    if(NOT _number OR NOT _template OR NOT _llvm_as OR NOT _llvm_dis)
      continue()  # the compile then fails, saying which device library it lacks
    endif()
    execute_process(COMMAND ${_llvm_dis} ${_template} -o -
                    OUTPUT_VARIABLE _ir RESULT_VARIABLE _rc ERROR_QUIET)
    if(NOT _rc EQUAL 0)
      continue()
    endif()
    string(REGEX REPLACE "; ModuleID = [^\n]*\n" "" _ir "${_ir}")
    string(REGEX REPLACE "(@__oclc_ISA_version = [^\n]* constant i32 )[0-9]+" "\\1${_number}"
           _ir "${_ir}")
    set(_ll ${dir}/oclc_isa_version_${_suffix}.ll)
    set(_old "")
    if(EXISTS ${_ll})
      file(READ ${_ll} _old)
    endif()
    if(NOT _old STREQUAL _ir)  # rewritten only when it changes: the .bc and objects follow
      file(WRITE ${_ll} "${_ir}")
    endif()
    if(_arg_ASSEMBLE)
      execute_process(COMMAND ${_llvm_as} ${_ll} -o ${dir}/oclc_isa_version_${_suffix}.bc
                      RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    endif()
    list(APPEND _written ${_ll})
  endforeach()
  set(${ll_out} "${_written}" PARENT_SCOPE)
  set(${llvm_as_out} "${_llvm_as}" PARENT_SCOPE)
endfunction()

# The flags of `compiler` (hipcc, or clang++ with `bitcode_dir`) before the sources'
# own: for clang what hipcc would add (device libraries, code object version, hipcc's
# inlining options) and, with `compat`, src/backends/hip/hip_clang_compat.hpp.
function(_ridgeline_hip_driver_flags compiler bitcode_dir compat out)
  set(_flags "")
  get_filename_component(_name ${compiler} NAME)
  if(NOT _name MATCHES "hipcc")
    set(_flags -x hip --rocm-path=${RIDGELINE_HIP_ROOT} --rocm-device-lib-path=${bitcode_dir}
        -mcode-object-version=${RIDGELINE_HIP_CODE_OBJECT_VERSION}
        -mllvm -amdgpu-early-inline-all=true -mllvm -amdgpu-function-calls=false)
    if(compat)
      list(APPEND _flags -include ${PROJECT_SOURCE_DIR}/src/backends/hip/hip_clang_compat.hpp)
    endif()
  endif()
  set(${out} "${_flags}" PARENT_SCOPE)
endfunction()

# The targets of `wanted` that `compiler` compiles a kernel for, through the HIP headers'
# fence, barrier and half-precision paths; `compat_out`: whether clang needs
# hip_clang_compat.hpp for them. A target the driver rejects costs no compile, and no
# compile is tried when the driver accepts no more than `beat` targets (empty answer).
function(_ridgeline_probe_hip_compiler compiler wanted beat archs_out compat_out)
  get_filename_component(_name ${compiler} NAME)
  set(_work ${CMAKE_BINARY_DIR}/CMakeFiles/ridgeline_hip_probe/${_name})
  file(MAKE_DIRECTORY ${_work})
  file(WRITE ${_work}/empty.hip "")
  file(WRITE ${_work}/probe.hip [=[
#include <hip/hip_runtime.h>
#include <hip/hip_fp16.h>
__global__ void probe(float* x) {
  __shared__ float s[64];
  s[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  x[threadIdx.x] = s[63 - threadIdx.x] + __half2float(__float2half(x[0]));
  __threadfence();
}
]=])
  set(${archs_out} "" PARENT_SCOPE)
  set(${compat_out} OFF PARENT_SCOPE)
  set(_accepted "")
  foreach(_arch ${wanted})
    execute_process(COMMAND ${compiler} -x hip --offload-arch=${_arch} -nogpulib -nogpuinc
                            --cuda-device-only -E ${_work}/empty.hip
                    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    if(_rc EQUAL 0)
      list(APPEND _accepted ${_arch})
    endif()
  endforeach()
  list(LENGTH _accepted _count)
  if(_count LESS_EQUAL beat)
    return()
  endif()
  set(_bitcode ${_work}/bitcode)
  set(_variants OFF)
  if(NOT _name MATCHES "hipcc")
    _ridgeline_hip_bitcode_dir(${compiler} ${_bitcode} "${_accepted}" _ll _as ASSEMBLE)
    list(APPEND _variants ON)
  endif()
  # All accepted targets in one compile, as the build does; failing that, one by one.
  string(REPLACE ";" "," _all "${_accepted}")
  set(_groups ${_all})
  if(_count GREATER 1)
    list(APPEND _groups ${_accepted})
  endif()
  foreach(_compat ${_variants})
    _ridgeline_hip_driver_flags(${compiler} ${_bitcode} ${_compat} _flags)
    set(_works "")
    foreach(_group ${_groups})
      string(REPLACE "," ";" _targets "${_group}")
      list(TRANSFORM _targets PREPEND --offload-arch=)
      execute_process(COMMAND ${compiler} ${_flags} ${_targets} -c ${_work}/probe.hip
                              -o ${_work}/probe.o
                      RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        string(REPLACE "," ";" _ok "${_group}")
        list(APPEND _works ${_ok})
        if(_group STREQUAL _all)
          break()
        endif()
      endif()
    endforeach()
    if(_works)
      set(${archs_out} "${_works}" PARENT_SCOPE)
      set(${compat_out} ${_compat} PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# The LLVM bin folder of `compiler` (its llvm-objdump reads the code objects it writes;
# another LLVM's may not know their target): clang's own, or that of hipcc's clang.
function(_ridgeline_hip_llvm_bin compiler out)
  set(${out} "" PARENT_SCOPE)
  get_filename_component(_name ${compiler} NAME)
  set(_dirs "")
  if(_name MATCHES "hipcc")
    execute_process(COMMAND ${compiler} --version OUTPUT_VARIABLE _version ERROR_QUIET)
    # Debian's: /usr/lib/llvm-<N>/bin (its InstalledDir, /usr/bin, holds the default
    # LLVM's tools); ROCm's: InstalledDir, /opt/rocm/lib/llvm/bin.
    if(_version MATCHES "clang version ([0-9]+)")
      list(APPEND _dirs /usr/lib/llvm-${CMAKE_MATCH_1}/bin)
    endif()
    if(_version MATCHES "InstalledDir: ([^\n]*)")
      list(APPEND _dirs ${CMAKE_MATCH_1})
    endif()
  else()
    get_filename_component(_real ${compiler} REALPATH)
    get_filename_component(_dir ${_real} DIRECTORY)
    list(APPEND _dirs ${_dir})
  endif()
  foreach(_dir ${_dirs})
    if(EXISTS ${_dir}/llvm-objdump AND EXISTS ${_dir}/llvm-objcopy)
      set(${out} ${_dir} PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

set(RIDGELINE_WITH_HIP OFF)
if(NOT RIDGELINE_HIP STREQUAL "OFF")
  # A ROCm install ($ROCM_PATH, /opt/rocm) wins over Debian's HIP in /usr.
  set(_rocm_roots /opt/rocm)
  if(DEFINED ENV{ROCM_PATH})
    list(PREPEND _rocm_roots $ENV{ROCM_PATH})
  endif()
  list(TRANSFORM _rocm_roots APPEND /bin OUTPUT_VARIABLE _rocm_bins)
  list(TRANSFORM _rocm_roots APPEND /lib OUTPUT_VARIABLE _rocm_libs)
  list(TRANSFORM _rocm_roots APPEND /include OUTPUT_VARIABLE _rocm_includes)
  find_program(RIDGELINE_HIPCC hipcc HINTS ${_rocm_bins} DOC "hipcc, one HIP compiler candidate")
  find_library(RIDGELINE_AMDHIP64 amdhip64 HINTS ${_rocm_libs} DOC "the HIP runtime library")
  find_path(RIDGELINE_HIP_INCLUDE_DIR hip/hip_runtime_api.h HINTS ${_rocm_includes})
  set(_hip_why "")
  if(NOT RIDGELINE_AMDHIP64 OR NOT RIDGELINE_HIP_INCLUDE_DIR)
    set(_hip_why "libamdhip64 or the HIP headers not found (scripts/setup.sh --hip installs them)")
  else()
    # The install the headers belong to (/usr for Debian's, /opt/rocm), its device
    # libraries (Debian: lib/<multiarch>/amdgcn/bitcode; ROCm: amdgcn/bitcode, or the
    # llvm/ tree from 6.2) and its HIP version.
    get_filename_component(RIDGELINE_HIP_ROOT ${RIDGELINE_HIP_INCLUDE_DIR} DIRECTORY)
    file(GLOB _rocm_llvm_bitcode ${RIDGELINE_HIP_ROOT}/lib/llvm/lib/clang/*/lib/amdgcn/bitcode)
    find_path(RIDGELINE_HIP_DEVICE_LIB_DIR ocml.bc
              HINTS ${RIDGELINE_HIP_ROOT}/lib/${CMAKE_LIBRARY_ARCHITECTURE}/amdgcn/bitcode
                    ${RIDGELINE_HIP_ROOT}/amdgcn/bitcode ${_rocm_llvm_bitcode}
              NO_DEFAULT_PATH DOC "the ROCm device libraries (ocml.bc, ockl.bc, oclc_*.bc)")
    set(_hip_major 0)
    if(EXISTS ${RIDGELINE_HIP_INCLUDE_DIR}/hip/hip_version.h)
      file(STRINGS ${RIDGELINE_HIP_INCLUDE_DIR}/hip/hip_version.h _line
           REGEX "#define HIP_VERSION_MAJOR")
      string(REGEX MATCH "[0-9]+" _hip_major "${_line}")
    endif()
    # The code object version of the runtime the binary links: ROCm 5 (Debian's 5.2)
    # loads v4 by default, ROCm 6 made v5 its default. Given explicitly, as clang >= 19
    # otherwise defaults to v5 (v6 from clang 22) and may pick device libraries for another
    # version (clang 19 with Debian's: oclc_abi_version_400.bc under a v5 object).
    if(_hip_major LESS 6)
      set(_cov 4)
    else()
      set(_cov 5)
    endif()
    set(RIDGELINE_HIP_CODE_OBJECT_VERSION ${_cov} CACHE STRING
        "AMDGPU code object version of the HIP backend's clang builds (default: 4 for ROCm 5 headers, else 5)")

    # Candidates: hipcc and the clang++-<N> (19 or newer) on the PATH, newest first, or
    # only RIDGELINE_HIP_COMPILER if given.
    if(NOT DEFINED RIDGELINE_HIP_COMPILER)
      set(_candidates "")
      if(RIDGELINE_HIPCC)
        list(APPEND _candidates ${RIDGELINE_HIPCC})
      endif()
      if(RIDGELINE_HIP_DEVICE_LIB_DIR)
        foreach(_version RANGE 30 19 -1)
          find_program(_clang clang++-${_version} NO_CACHE)
          if(_clang)
            list(APPEND _candidates ${_clang})
          endif()
          unset(_clang)
        endforeach()
      endif()
    else()
      set(_candidates ${RIDGELINE_HIP_COMPILER})
    endif()
    if(DEFINED RIDGELINE_HIP_ARCHITECTURES)
      set(_wanted ${RIDGELINE_HIP_ARCHITECTURES})
    else()
      set(_wanted ${_ridgeline_hip_default_archs})
    endif()
    list(LENGTH _wanted _wanted_count)
    # Probed once per compiler (the answer is cached).
    if(NOT DEFINED RIDGELINE_HIP_COMPILER OR NOT _RIDGELINE_HIP_PROBED STREQUAL RIDGELINE_HIP_COMPILER)
      set(_best "")
      set(_best_archs "")
      set(_best_count 0)
      set(_best_compat OFF)
      foreach(_candidate ${_candidates})
        _ridgeline_probe_hip_compiler(${_candidate} "${_wanted}" ${_best_count} _archs _compat)
        list(LENGTH _archs _count)
        if(_count EQUAL 0 AND _best_count GREATER 0)
          message(STATUS "ridgeline HIP: ${_candidate} compiles no more targets than ${_best}")
        else()
          message(STATUS "ridgeline HIP: ${_candidate} compiles [${_archs}]")
        endif()
        if(_count GREATER _best_count)
          set(_best ${_candidate})
          set(_best_archs "${_archs}")
          set(_best_count ${_count})
          set(_best_compat ${_compat})
        endif()
      endforeach()
      if(_best)
        set(RIDGELINE_HIP_COMPILER ${_best} CACHE FILEPATH
            "Compiler of the HIP backend: hipcc or clang++ 19+ (default: the candidate compiling the most targets)")
        set(_RIDGELINE_HIP_PROBED ${_best} CACHE INTERNAL "")
        set(_RIDGELINE_HIP_PROBED_ARCHS "${_best_archs}" CACHE INTERNAL "")
        set(RIDGELINE_HIP_CLANG_COMPAT ${_best_compat} CACHE INTERNAL
            "clang needs src/backends/hip/hip_clang_compat.hpp with these HIP headers")
        if(DEFINED RIDGELINE_HIP_ARCHITECTURES AND NOT _best_count EQUAL _wanted_count)
          message(WARNING "ridgeline HIP: ${_best} compiles only [${_best_archs}] of "
                          "RIDGELINE_HIP_ARCHITECTURES [${_wanted}]; no candidate compiles all")
        endif()
      endif()
    endif()
    if(RIDGELINE_HIP_COMPILER AND NOT DEFINED RIDGELINE_HIP_ARCHITECTURES AND _RIDGELINE_HIP_PROBED_ARCHS)
      set(RIDGELINE_HIP_ARCHITECTURES "${_RIDGELINE_HIP_PROBED_ARCHS}" CACHE STRING
          "AMD GPU targets of the HIP backend (default: those of gfx90a;gfx940;gfx942;gfx950 the compiler supports)")
    endif()
    if(RIDGELINE_HIP_COMPILER AND RIDGELINE_HIP_ARCHITECTURES)
      set(RIDGELINE_WITH_HIP ON)
      _ridgeline_hip_llvm_bin(${RIDGELINE_HIP_COMPILER} RIDGELINE_HIP_LLVM_BIN)
      message(STATUS "ridgeline HIP: ${RIDGELINE_HIP_COMPILER}, architectures "
                     "${RIDGELINE_HIP_ARCHITECTURES}")
    elseif(NOT _candidates)
      set(_hip_why "no hipcc and no clang++-19 or newer found (scripts/setup.sh --hip installs them)")
    else()
      set(_hip_why "none of ${_candidates} compiles a kernel for ${_wanted}")
    endif()
  endif()
  if(NOT RIDGELINE_WITH_HIP AND RIDGELINE_HIP STREQUAL "ON")
    message(FATAL_ERROR "RIDGELINE_HIP=ON but ${_hip_why}")
  elseif(NOT RIDGELINE_WITH_HIP)
    message(STATUS "ridgeline HIP backend skipped: ${_hip_why}")
  endif()
endif()

message(STATUS "ridgeline GPU toolchains: cuda=${RIDGELINE_WITH_CUDA} hip=${RIDGELINE_WITH_HIP}")
