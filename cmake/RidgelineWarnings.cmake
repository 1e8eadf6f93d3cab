# Project-wide compile settings applied to ridgeline's own targets only, so that
# third-party headers never turn a toolchain upgrade into a broken build.
function(ridgeline_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${RIDGELINE_WERROR}>>:-Werror>)
  if(RIDGELINE_SANITIZE)
    # GCC 12's flow analysis gives false maybe-uninitialized warnings inside libstdc++
    # (<regex>, std::function) once sanitizer instrumentation is added.
    target_compile_options(${target} PRIVATE -fsanitize=${RIDGELINE_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
    target_link_options(${target} PUBLIC -fsanitize=${RIDGELINE_SANITIZE})
  endif()
endfunction()

# Host kernels: optimised hard even in Debug so the CPU reference stays a
# meaningful measurement; explicit FMA calls keep results bit-reproducible. GCC tunes
# AVX-512 parts for 256-bit vectors to dodge the AVX-512 frequency licence; a roofline
# wants the machine's peak, which needs full-width FMA, so the kernels ask for 512.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-mprefer-vector-width=512 RIDGELINE_HAVE_PREFER_VECTOR_WIDTH)
function(ridgeline_host_kernel_options target)
  target_compile_options(${target} PRIVATE -O3 -fno-math-errno -ffp-contract=off)
  if(RIDGELINE_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
  if(RIDGELINE_HAVE_PREFER_VECTOR_WIDTH)
    target_compile_options(${target} PRIVATE -mprefer-vector-width=512)
  endif()
endfunction()
