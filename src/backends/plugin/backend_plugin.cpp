// The entry point of a backend plugin (backends/plugin_abi.hpp), compiled into
// libridgeline_cuda.so with RIDGELINE_PLUGIN_CUDA and into libridgeline_hip.so with
// RIDGELINE_PLUGIN_HIP (cmake/RidgelineGpuBackend.cmake: ridgeline_backend_plugin).
#include "backends/gpu/gpu_backend.hpp"
#include "backends/plugin_abi.hpp"
#include "core/build_info.hpp"
#include "core/catalogue.hpp"

#if defined(RIDGELINE_PLUGIN_CUDA)
#define RL_PLUGIN_BACKEND "cuda"
#define RL_PLUGIN_FACTORY ::ridgeline::make_cuda_backend
#elif defined(RIDGELINE_PLUGIN_HIP)
#define RL_PLUGIN_BACKEND "hip"
#define RL_PLUGIN_FACTORY ::ridgeline::make_hip_backend
#else
#error "compile through ridgeline_backend_plugin (RIDGELINE_PLUGIN_CUDA or RIDGELINE_PLUGIN_HIP)"
#endif

extern "C" __attribute__((visibility("default"))) const ridgeline::PluginEntry*
ridgeline_backend_plugin() {
  static const ridgeline::PluginEntry entry{ridgeline::kPluginAbiVersion,
                                            ridgeline::build_info::kVersion,
                                            ridgeline::build_info::kGitSha,
                                            ridgeline::build_info::kCompiler,
                                            RL_PLUGIN_BACKEND,
                                            &RL_PLUGIN_FACTORY,
                                            &ridgeline::catalogue};
  return &entry;
}
