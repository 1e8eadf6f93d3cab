#include "core/catalogue.hpp"

#include <array>

#include "kernels/arithmetic.hpp"
#include "kernels/matrix.hpp"
#include "kernels/stream.hpp"

namespace ridgeline {
namespace {
namespace k = kernels;
constexpr std::array<KernelDecl, 13> kCatalogue{
    k::Read::decl,     k::Write::decl,        k::Copy::decl,      k::Scale::decl,
    k::Add::decl,      k::Triad::decl,        k::Dot::decl,       k::PeakFma::decl,
    k::PeakDot4::decl, k::IntensityFma::decl, k::MatrixMma::decl, k::MatrixWgmma::decl,
    k::Gemm::decl,
};
}  // namespace

std::string_view to_string(Family f) {
  switch (f) {
    case Family::memory:
      return "memory";
    case Family::compute:
      return "compute";
    case Family::intensity:
      return "intensity";
    case Family::matrix:
      return "matrix";
    case Family::gemm:
      return "gemm";
  }
  return "unknown";
}

std::string_view rate_unit(Family f, DType t) {
  if (f == Family::memory) return "GB/s";
  return is_integer(t) ? "GOP/s" : "GFLOP/s";
}

std::span<const KernelDecl> catalogue() { return kCatalogue; }

const KernelDecl* find_kernel(std::string_view name) {
  for (const auto& decl : kCatalogue)
    if (name == decl.name) return &decl;
  return nullptr;
}

Work work_per_call(const KernelDecl& kernel, DType t, std::uint64_t elements,
                   const IntensityParams& p, const GemmShape& shape) {
  if (kernel.family == Family::gemm) return gemm_work(t, shape);
  const double n = static_cast<double>(elements);
  const double elem_bytes = static_cast<double>(size_of(t));
  Work w;
  w.bytes = n * elem_bytes * (kernel.loads_per_element + kernel.stores_per_element);
  w.flops = n * kernel.flops_per_element;
  if (kernel.family == Family::intensity) w.flops *= p.fmas_per_element();
  return w;
}

Work gemm_work(DType t, const GemmShape& shape) {
  const auto m = static_cast<double>(shape.m);
  const auto n = static_cast<double>(shape.n);
  const auto k = static_cast<double>(shape.k);
  const auto in = static_cast<double>(size_of(t));
  const auto out = static_cast<double>(size_of(kernels::gemm_output_dtype(t)));
  return Work{(m * k + k * n) * in + m * n * out, 2.0 * m * n * k};
}

}  // namespace ridgeline
