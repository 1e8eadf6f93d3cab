// The kernel catalogue as data: every kernel's declaration, collected from the family
// lists in kernels/, and the one place where declared traffic becomes bytes and flops
// per call.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/dtype.hpp"
#include "core/units.hpp"
#include "kernels/collective.hpp"
#include "kernels/declaration.hpp"
#include "kernels/matrix.hpp"

namespace ridgeline {

using kernels::Family;
using kernels::GemmShape;
using kernels::KernelDecl;

std::string_view to_string(Family f);
std::optional<Family> parse_family(std::string_view name);
// GB/s for memory, transfer and collective kernels, ns per load for latency kernels,
// GFLOP/s or GOP/s (integer dtypes) for the others (matrix and gemm included: an int8
// GEMM is counted in GOP/s).
RateUnit rate_unit(Family f, DType t);

// Memory kernels, the working-set kernels (cache bandwidth, latency), host <-> device
// copies, compute peaks, the intensity sweep, matrix-unit kernels, the vendor GEMM, the
// collectives: the order of `ridgeline list` and of a suite.
std::span<const KernelDecl> catalogue();
const KernelDecl* find_kernel(std::string_view name);
// The most arrays any kernel holds at once: what array sizing must leave room for.
int max_arrays_per_case();

// FMAs per element of the intensity kernel, as a fraction: fmas_num multiply-adds on
// every fmas_den-th element (fmas_den > 1 only for intensities below one FMA per element).
struct IntensityParams {
  int fmas_num = 1;
  int fmas_den = 1;
  double fmas_per_element() const { return static_cast<double>(fmas_num) / fmas_den; }
  bool operator==(const IntensityParams&) const = default;
};

// What one kernel call moves and computes, from the declaration alone.
struct Work {
  double bytes = 0;  // bytes loaded + stored, GB = 1e9 bytes
  double flops = 0;  // floating-point (or integer) operations, a multiply-add = 2
  double intensity() const { return bytes > 0 ? flops / bytes : 0.0; }
};

// Memory, transfer and intensity kernels: `count` is elements per array; latency
// kernels: dependent loads per call; compute and matrix kernels: multiply-adds per call;
// collectives: elements of the message (bytes = S, see kernels/collective.hpp). gemm
// kernels take their shape instead. A transfer counts its source bytes only (each byte
// once per direction it crosses the link).
Work work_per_call(const KernelDecl& k, DType t, std::uint64_t count,
                   const IntensityParams& p = {});
// The collective a kernel of the collective family performs; nullopt for any other.
std::optional<kernels::CollectiveOp> collective_op(const KernelDecl& kernel);
// A GEMM's 2MNK flops and its minimum traffic: A and B read once, C written once.
Work gemm_work(DType t, const GemmShape& shape);

}  // namespace ridgeline
