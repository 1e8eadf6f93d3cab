#include "backends/cuda/cublaslt_library.hpp"

#include <dlfcn.h>

#include "backends/gpu/vendor_library.hpp"

namespace ridgeline::cuda {
namespace {

#define RL_STRINGIFY_VALUE(x) #x
#define RL_STRINGIFY(x) RL_STRINGIFY_VALUE(x)

gpu::LibrarySearch search() {
  gpu::LibrarySearch s;
  s.label = "cuBLASLt";
  s.soname = "libcublasLt.so." RL_STRINGIFY(CUBLAS_VER_MAJOR);
  s.override_variable = "RIDGELINE_CUBLASLT";
  s.toolkit_variables = {"CUDA_HOME", "CUDA_PATH"};
  s.toolkit_roots = {"/usr/local/cuda"};
  // nvidia-cublas-cu12 wheels: nvidia/cublas/lib; CUDA 13's nvidia-cublas: nvidia/cu13/lib.
  s.python_subfolders = {"nvidia/cublas/lib", "nvidia/cu" RL_STRINGIFY(CUBLAS_VER_MAJOR) "/lib"};
  return s;
}

template <class Fn>
bool resolve(void* library, const char* symbol, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(library, symbol));
  if (fn == nullptr && missing.empty()) missing = symbol;
  return fn != nullptr;
}

CublasLt open_cublaslt() {
  CublasLt out;
  const gpu::OpenedLibrary opened = gpu::open_library(search());
  if (opened.handle == nullptr) {
    out.why_not = opened.why_not;
    return out;
  }
  static CublasLtApi api;
  std::string missing;
  void* l = opened.handle;
  resolve(l, "cublasLtGetVersion", api.get_version, missing);
  resolve(l, "cublasLtGetStatusName", api.get_status_name, missing);
  resolve(l, "cublasLtGetStatusString", api.get_status_string, missing);
  resolve(l, "cublasLtCreate", api.create, missing);
  resolve(l, "cublasLtDestroy", api.destroy, missing);
  resolve(l, "cublasLtMatmulDescCreate", api.matmul_desc_create, missing);
  resolve(l, "cublasLtMatmulDescDestroy", api.matmul_desc_destroy, missing);
  resolve(l, "cublasLtMatmulDescSetAttribute", api.matmul_desc_set_attribute, missing);
  resolve(l, "cublasLtMatrixLayoutCreate", api.matrix_layout_create, missing);
  resolve(l, "cublasLtMatrixLayoutDestroy", api.matrix_layout_destroy, missing);
  resolve(l, "cublasLtMatmulPreferenceCreate", api.matmul_preference_create, missing);
  resolve(l, "cublasLtMatmulPreferenceDestroy", api.matmul_preference_destroy, missing);
  resolve(l, "cublasLtMatmulPreferenceSetAttribute", api.matmul_preference_set_attribute, missing);
  resolve(l, "cublasLtMatmulAlgoGetHeuristic", api.matmul_algo_get_heuristic, missing);
  resolve(l, "cublasLtMatmulAlgoConfigGetAttribute", api.matmul_algo_config_get_attribute, missing);
  resolve(l, "cublasLtMatmul", api.matmul, missing);
  if (!missing.empty()) {
    out.why_not = "cuBLASLt at " + opened.path + " lacks " + missing;
    return out;
  }
  out.api = &api;
  out.path = opened.path;
  return out;
}

}  // namespace

const CublasLt& cublaslt() {
  static const CublasLt library = open_cublaslt();
  return library;
}

const char* status_name(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:
      return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED:
      return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED:
      return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE:
      return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH:
      return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR:
      return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED:
      return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR:
      return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED:
      return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR:
      return "CUBLAS_STATUS_LICENSE_ERROR";
  }
  return "CUBLAS_STATUS_UNKNOWN";
}

}  // namespace ridgeline::cuda
