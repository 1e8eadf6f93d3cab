// The GPU's prepared cases, one factory per kernel family (gpu_stream.cu, gpu_peak.cu,
// gpu_intensity.cu). GpuBackend::prepare dispatches here.
#pragma once

#include <memory>

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

}  // namespace ridgeline::RL_GPU_NS
