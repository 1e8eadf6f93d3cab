// The GPU runtime under one set of names: gpuMalloc, gpuEventRecord, ... map to cuda*
// when nvcc compiles a file and to hip* when hipcc does, so the backend in this folder
// is one source for both vendors. Only runtime API calls are named here (no kernel
// syntax), so host C++ compiled by g++ can include it too (the CUDA unit tests do).
//
// Everything the two compilations define lives in namespace ridgeline::RL_GPU_NS
// (cuda or hip): one binary may link both backends without clashing symbols.
#pragma once

#include <string>

#if defined(__HIPCC__) || defined(RIDGELINE_GPU_HIP)
#if defined(__HIPCC__)
// hipcc, unlike nvcc, does not pre-include the kernel-side runtime (threadIdx,
// __syncthreads, clock64, launch syntax); host C++ needs only the API.
#include <hip/hip_runtime.h>
#else
#include <hip/hip_runtime_api.h>
#endif
#define RL_GPU_NS hip
#define RL_GPU_BACKEND_NAME "hip"

using gpuError_t = hipError_t;
using gpuEvent_t = hipEvent_t;
using gpuStream_t = hipStream_t;
using gpuDeviceProp_t = hipDeviceProp_t;
#define gpuSuccess hipSuccess
#define gpuGetErrorString hipGetErrorString
#define gpuGetErrorName hipGetErrorName
#define gpuGetLastError hipGetLastError
#define gpuGetDeviceCount hipGetDeviceCount
#define gpuSetDevice hipSetDevice
#define gpuGetDevice hipGetDevice
#define gpuGetDeviceProperties hipGetDeviceProperties
#define gpuDeviceGetAttribute hipDeviceGetAttribute
#define gpuDeviceSynchronize hipDeviceSynchronize
#define gpuDriverGetVersion hipDriverGetVersion
#define gpuRuntimeGetVersion hipRuntimeGetVersion
#define gpuMemGetInfo hipMemGetInfo
#define gpuMalloc hipMalloc
#define gpuFree hipFree
#define gpuHostAlloc hipHostMalloc
#define gpuFreeHost hipHostFree
#define gpuHostGetDevicePointer hipHostGetDevicePointer
#define gpuHostAllocMapped hipHostMallocMapped
#define gpuHostAllocDefault hipHostMallocDefault
#define gpuMemcpy hipMemcpy
#define gpuMemcpyAsync hipMemcpyAsync
#define gpuMemset hipMemset
#define gpuMemsetAsync hipMemsetAsync
#define gpuMemcpyHostToDevice hipMemcpyHostToDevice
#define gpuMemcpyDeviceToHost hipMemcpyDeviceToHost
#define gpuMemcpyDeviceToDevice hipMemcpyDeviceToDevice
#define gpuStreamCreateWithFlags hipStreamCreateWithFlags
#define gpuStreamDestroy hipStreamDestroy
#define gpuStreamSynchronize hipStreamSynchronize
#define gpuStreamWaitEvent hipStreamWaitEvent
#define gpuStreamNonBlocking hipStreamNonBlocking
#define gpuEventCreate hipEventCreate
#define gpuEventDestroy hipEventDestroy
#define gpuEventRecord hipEventRecord
#define gpuEventSynchronize hipEventSynchronize
#define gpuEventElapsedTime hipEventElapsedTime
#define gpuOccupancyMaxActiveBlocksPerMultiprocessor hipOccupancyMaxActiveBlocksPerMultiprocessor
#define gpuDevAttrClockRate hipDeviceAttributeClockRate
#define gpuDevAttrMemoryClockRate hipDeviceAttributeMemoryClockRate
#define gpuDevAttrWallClockRate hipDeviceAttributeWallClockRate  // ROCm 5.3 and later

#else
#include <cuda_runtime_api.h>
#define RL_GPU_NS cuda
#define RL_GPU_BACKEND_NAME "cuda"

using gpuError_t = cudaError_t;
using gpuEvent_t = cudaEvent_t;
using gpuStream_t = cudaStream_t;
using gpuDeviceProp_t = cudaDeviceProp;
#define gpuSuccess cudaSuccess
#define gpuGetErrorString cudaGetErrorString
#define gpuGetErrorName cudaGetErrorName
#define gpuGetLastError cudaGetLastError
#define gpuGetDeviceCount cudaGetDeviceCount
#define gpuSetDevice cudaSetDevice
#define gpuGetDevice cudaGetDevice
#define gpuGetDeviceProperties cudaGetDeviceProperties
#define gpuDeviceGetAttribute cudaDeviceGetAttribute
#define gpuDeviceSynchronize cudaDeviceSynchronize
#define gpuDriverGetVersion cudaDriverGetVersion
#define gpuRuntimeGetVersion cudaRuntimeGetVersion
#define gpuMemGetInfo cudaMemGetInfo
#define gpuMalloc cudaMalloc
#define gpuFree cudaFree
#define gpuHostAlloc cudaHostAlloc
#define gpuFreeHost cudaFreeHost
#define gpuHostGetDevicePointer cudaHostGetDevicePointer
#define gpuHostAllocMapped cudaHostAllocMapped
#define gpuHostAllocDefault cudaHostAllocDefault
#define gpuMemcpy cudaMemcpy
#define gpuMemcpyAsync cudaMemcpyAsync
#define gpuMemset cudaMemset
#define gpuMemsetAsync cudaMemsetAsync
#define gpuMemcpyHostToDevice cudaMemcpyHostToDevice
#define gpuMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define gpuMemcpyDeviceToDevice cudaMemcpyDeviceToDevice
#define gpuStreamCreateWithFlags cudaStreamCreateWithFlags
#define gpuStreamDestroy cudaStreamDestroy
#define gpuStreamSynchronize cudaStreamSynchronize
#define gpuStreamWaitEvent cudaStreamWaitEvent
#define gpuStreamNonBlocking cudaStreamNonBlocking
#define gpuEventCreate cudaEventCreate
#define gpuEventDestroy cudaEventDestroy
#define gpuEventRecord cudaEventRecord
#define gpuEventSynchronize cudaEventSynchronize
#define gpuEventElapsedTime cudaEventElapsedTime
#define gpuOccupancyMaxActiveBlocksPerMultiprocessor cudaOccupancyMaxActiveBlocksPerMultiprocessor
#define gpuDevAttrClockRate cudaDevAttrClockRate
#define gpuDevAttrMemoryClockRate cudaDevAttrMemoryClockRate
#endif

#include "backends/gpu/gpu_error.hpp"

namespace ridgeline::RL_GPU_NS {

// How the harness must treat a runtime error (see gpu_error.hpp for what each means).
inline gpu::ErrorKind classify(gpuError_t e) {
  switch (e) {
#if defined(__HIPCC__) || defined(RIDGELINE_GPU_HIP)
    case hipErrorNoDevice:
    case hipErrorInsufficientDriver:
      return gpu::ErrorKind::no_device;
    case hipErrorOutOfMemory:
      return gpu::ErrorKind::out_of_memory;
    case hipErrorIllegalAddress:
    case hipErrorLaunchFailure:
    case hipErrorLaunchTimeOut:
    case hipErrorAssert:
    case hipErrorECCNotCorrectable:
      return gpu::ErrorKind::sticky;
#else
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
      return gpu::ErrorKind::no_device;
    case cudaErrorMemoryAllocation:
      return gpu::ErrorKind::out_of_memory;
    // Errors that corrupt the context: every later call on it fails too.
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorLaunchTimeout:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorAssert:
    case cudaErrorECCUncorrectable:
      return gpu::ErrorKind::sticky;
#endif
    default:
      return gpu::ErrorKind::recoverable;
  }
}

// Throws the exception that matches the error: DeviceLost, SkipCase (out of memory)
// or GpuError, each carrying the call and the runtime's own error string.
inline void check(gpuError_t e, const char* call) {
  if (e == gpuSuccess) return;
  gpu::throw_gpu_error(classify(e), call,
                       std::string(gpuGetErrorName(e)) + ": " + gpuGetErrorString(e));
}

}  // namespace ridgeline::RL_GPU_NS

// GPU_CHECK(gpuMalloc(&p, n)) throws with "gpuMalloc(&p, n): cudaErrorMemoryAllocation: ...".
#define GPU_CHECK(call) ::ridgeline::RL_GPU_NS::check((call), #call)
// After a kernel launch: launch-configuration errors surface here, not at the launch.
#define GPU_CHECK_LAUNCH(what) ::ridgeline::RL_GPU_NS::check(gpuGetLastError(), what)
