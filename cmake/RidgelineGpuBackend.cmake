# ridgeline_gpu_backend(<vendor> <language>) builds ridgeline_backend_<vendor> from the ONE
# GPU source folder, src/backends/gpu/*.cu, plus the vendor-only sources in
# src/backends/<vendor>/*.cpp. Call it from src/backends/<vendor>/CMakeLists.txt: source
# file properties are per directory, so the HIP directory can mark the same .cu files
# LANGUAGE HIP while the CUDA directory compiles them as CUDA, both in one build.
function(ridgeline_gpu_backend vendor language)
  set(target ridgeline_backend_${vendor})
  file(GLOB _device_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/backends/gpu/*.cu)
  file(GLOB _vendor_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/backends/${vendor}/*.cpp)
  set_source_files_properties(${_device_sources} PROPERTIES LANGUAGE ${language})
  add_library(${target} STATIC ${_device_sources} ${_vendor_sources})
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
  endif()
endfunction()
