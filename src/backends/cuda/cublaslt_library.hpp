// cuBLASLt, opened at run time (gpu/vendor_library.hpp) instead of linked: the library is
// about 0.5 GiB, so neither the plugin nor a bundle carries it, and a host without it
// still runs every other CUDA case; the gemm cases are then skipped with the reason. The
// headers give the types only; every call goes through this table.
#pragma once

#include <cublasLt.h>

#include <string>

namespace ridgeline::cuda {

struct CublasLtApi {
  decltype(&cublasLtGetVersion) get_version = nullptr;
  decltype(&cublasLtGetStatusName) get_status_name = nullptr;
  decltype(&cublasLtGetStatusString) get_status_string = nullptr;
  decltype(&cublasLtCreate) create = nullptr;
  decltype(&cublasLtDestroy) destroy = nullptr;
  decltype(&cublasLtMatmulDescCreate) matmul_desc_create = nullptr;
  decltype(&cublasLtMatmulDescDestroy) matmul_desc_destroy = nullptr;
  decltype(&cublasLtMatmulDescSetAttribute) matmul_desc_set_attribute = nullptr;
  decltype(&cublasLtMatrixLayoutCreate) matrix_layout_create = nullptr;
  decltype(&cublasLtMatrixLayoutDestroy) matrix_layout_destroy = nullptr;
  decltype(&cublasLtMatmulPreferenceCreate) matmul_preference_create = nullptr;
  decltype(&cublasLtMatmulPreferenceDestroy) matmul_preference_destroy = nullptr;
  decltype(&cublasLtMatmulPreferenceSetAttribute) matmul_preference_set_attribute = nullptr;
  decltype(&cublasLtMatmulAlgoGetHeuristic) matmul_algo_get_heuristic = nullptr;
  decltype(&cublasLtMatmulAlgoConfigGetAttribute) matmul_algo_config_get_attribute = nullptr;
  decltype(&cublasLtMatmul) matmul = nullptr;
};

struct CublasLt {
  const CublasLtApi* api = nullptr;  // null when not loaded
  std::string path;                  // where it was loaded from
  std::string why_not;               // one sentence, when api is null
};

// Opened once per process, on first use, from (in order) RIDGELINE_CUBLASLT alone when
// set (a file or a folder), else the loader's path, $CUDA_HOME/lib64, $CUDA_PATH/lib64,
// /usr/local/cuda/lib64, and the lib folder of Python's nvidia-cublas wheel
// (site-packages/nvidia/cublas/lib, or nvidia/cu<major>/lib). The soname's major version
// is the one the headers are (libcublasLt.so.13 with CUDA 13).
const CublasLt& cublaslt();

// "CUBLAS_STATUS_NOT_SUPPORTED": the status's name without the library (for errors
// raised before or without it).
const char* status_name(cublasStatus_t status);

}  // namespace ridgeline::cuda
