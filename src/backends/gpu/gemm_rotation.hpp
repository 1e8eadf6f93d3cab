// How many copies of a GEMM's operands a vendor-library case cycles through. Calls run
// back to back, so a GEMM whose A, B and C fit in L2 (a decode GEMM's 4096 x 4096 bf16
// weights are 32 MiB, an H100 has 50 MiB of L2) would read them from L2 on every call
// but the first, which no LLM layer does (the next layer's weights are elsewhere).
#pragma once

#include <algorithm>
#include <cstdint>

#include "backends/gpu/gpu_sizing.hpp"

namespace ridgeline::gpu {

inline constexpr std::uint64_t kMaxGemmOperandSets = 64;

// cache_bytes: every cache in front of DRAM (DeviceContext::cache_bytes()). One set when
// a set (A + B + C bytes) already spans the flush size (2x the caches); otherwise enough
// that the sets touched between two uses of one set span it.
inline std::uint64_t gemm_operand_sets(std::uint64_t set_bytes, std::uint64_t cache_bytes) {
  if (set_bytes == 0 || cache_bytes == 0) return 1;
  const std::uint64_t evict = l2_flush_bytes(cache_bytes);
  if (set_bytes >= evict) return 1;
  return std::min(kMaxGemmOperandSets, 1 + (evict + set_bytes - 1) / set_bytes);
}

}  // namespace ridgeline::gpu
