// The GPU's prepared cases, one factory per kernel family (gpu_stream.cu, gpu_peak.cu,
// gpu_intensity.cu, gpu_working_set.cu, gpu_transfer.cu). GpuBackend::prepare dispatches here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backends/gpu/gpu_case.hpp"

namespace ridgeline::RL_GPU_NS {

// read, write, copy, scale, add, triad, dot; spec.elements per array, launch shape
// from spec.options.
std::unique_ptr<PreparedCase> make_stream_case(const DeviceContext& device, const CaseSpec& spec);
// peak_fma (fp64, fp32, fp16x2, bf16x2, int32) and peak_dp4a (int8); spec.elements
// multiply-adds per call, rounded to whole register blocks.
std::unique_ptr<PreparedCase> make_peak_case(const DeviceContext& device, const CaseSpec& spec);
// intensity; spec.elements per array, spec.intensity multiply-adds per element.
std::unique_ptr<PreparedCase> make_intensity_case(const DeviceContext& device,
                                                  const CaseSpec& spec);

// intensity in fp16 and bf16 (packed pairs, gpu_intensity_half.cu).
std::unique_ptr<PreparedCase> make_intensity_half_case(const DeviceContext& device,
                                                       const CaseSpec& spec);
// cache_read and chase over spec.array_elements of working set (gpu_working_set.cu).
std::unique_ptr<PreparedCase> make_working_set_case(const DeviceContext& device,
                                                    const CaseSpec& spec);
// h2d, d2h and bidir over spec.array_elements, as spec.transfer says (gpu_transfer.cu).
std::unique_ptr<PreparedCase> make_transfer_case(const DeviceContext& device, const CaseSpec& spec);

// mma: the warp (mma.sync) / wavefront (MFMA) matrix instruction on register-resident
// fragments (gpu_matrix.cu); spec.elements multiply-adds per call, rounded to whole
// instruction blocks.
std::unique_ptr<PreparedCase> make_mma_case(const DeviceContext& device, const CaseSpec& spec);
// Whether this binary's mma code for the device has dtype `t`'s instruction: the matrix
// table's rule, and on CUDA that the loaded cubin is sm_89+ for fp8 (gpu_matrix.cu).
bool mma_available(const DeviceContext& device, DType t);
#if !defined(__HIPCC__)
// wgmma: Hopper's warpgroup MMA from shared memory (gpu_wgmma.cu, sm_90a).
std::unique_ptr<PreparedCase> make_wgmma_case(const DeviceContext& device, const CaseSpec& spec);
#endif
// The targets this backend's device code was compiled for ("sm_90a", "gfx942").
std::vector<std::string> compiled_architectures();
// The machine-code audit's claims of each family (gpu_peak.cu, gpu_matrix.cu, ...).
std::vector<MachineCodeClaim> peak_claims();
std::vector<MachineCodeClaim> mma_claims();
std::vector<MachineCodeClaim> stream_claims();
std::vector<MachineCodeClaim> working_set_claims();
#if !defined(__HIPCC__)
std::vector<MachineCodeClaim> wgmma_claims();
#endif

// gemm: the vendor library (cuBLASLt in backends/cuda/, none yet for HIP) on spec.gemm.
std::unique_ptr<PreparedCase> make_gemm_case(const DeviceContext& device, const CaseSpec& spec);
// Whether the vendor GEMM library can run dtype `t` on this device.
bool gemm_available(const DeviceContext& device, DType t);

}  // namespace ridgeline::RL_GPU_NS
