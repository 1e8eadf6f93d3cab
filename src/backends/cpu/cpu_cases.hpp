// The CPU's prepared cases, one factory per kernel family (cpu_stream.cpp, cpu_peak.cpp,
// cpu_intensity.cpp, cpu_cache_read.cpp, cpu_chase.cpp). CpuBackend::prepare dispatches here.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "backends/backend.hpp"

namespace ridgeline::cpu {

class CpuCase : public PreparedCase {
 public:
  // The stored values verify() compares with the host model, as raw bytes. Lets a test
  // plant a wrong result after run(); the timed path never goes through it.
  virtual std::span<std::byte> result_bytes() = 0;
  // Flips a bit of the first stored value.
  void plant_wrong_value() final { result_bytes()[0] ^= std::byte{0x10}; }
};

// The memory kernels of kernels/stream.hpp; spec.array_elements per array.
std::unique_ptr<CpuCase> make_stream_case(const CaseSpec& spec);
// peak_fma; spec.multiply_adds per call, rounded to whole accumulator blocks.
std::unique_ptr<CpuCase> make_peak_case(const CaseSpec& spec);
// What the peak kernels' machine code must execute (the audit's claims).
std::vector<MachineCodeClaim> peak_claims();
// intensity; spec.array_elements per array, spec.intensity multiply-adds per element.
std::unique_ptr<CpuCase> make_intensity_case(const CaseSpec& spec);
// cache_read; spec.array_elements of the working set every thread reads; clock_mhz bounds
// the bandwidth from above (0 = unknown, no bound).
std::unique_ptr<CpuCase> make_cache_read_case(const CaseSpec& spec, double clock_mhz);
// chase; spec.array_elements 32-bit words of the working set; clock_mhz bounds the time
// per load from below (one load per clock; 0 = unknown, no bound).
std::unique_ptr<CpuCase> make_chase_case(const CaseSpec& spec, double clock_mhz);

}  // namespace ridgeline::cpu
