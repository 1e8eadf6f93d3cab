#include "core/catalogue.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/collective.hpp"
#include "kernels/matrix.hpp"
#include "kernels/stream.hpp"
#include "kernels/transfer.hpp"
#include "kernels/working_set.hpp"

namespace ridgeline {
namespace {
namespace k = kernels;

template <class... Kernels>
constexpr auto declarations(k::KernelList<Kernels...>) {
  return std::array<KernelDecl, sizeof...(Kernels)>{Kernels::decl...};
}

template <std::size_t... N>
constexpr auto concatenated(const std::array<KernelDecl, N>&... lists) {
  std::array<KernelDecl, (N + ...)> out{};
  std::size_t next = 0;
  ((std::copy(lists.begin(), lists.end(), out.begin() + next), next += N), ...);
  return out;
}

constexpr auto kCatalogue =
    concatenated(declarations(k::MemoryKernels{}), declarations(k::WorkingSetKernels{}),
                 declarations(k::TransferKernels{}), declarations(k::ComputeKernels{}),
                 declarations(k::IntensityKernels{}), declarations(k::MatrixKernels{}),
                 declarations(k::GemmKernels{}), declarations(k::CollectiveKernels{}));

constexpr auto kFamilies =
    enum_names(std::pair{Family::memory, "memory"}, std::pair{Family::compute, "compute"},
               std::pair{Family::intensity, "intensity"}, std::pair{Family::matrix, "matrix"},
               std::pair{Family::gemm, "gemm"}, std::pair{Family::transfer, "transfer"},
               std::pair{Family::latency, "latency"}, std::pair{Family::collective, "collective"});

}  // namespace

std::string_view to_string(Family f) { return kFamilies.name(f); }
std::optional<Family> parse_family(std::string_view name) { return kFamilies.parse(name); }

RateUnit rate_unit(Family f, DType t) {
  if (f == Family::memory || f == Family::transfer || f == Family::collective)
    return RateUnit::gigabytes;
  if (f == Family::latency) return RateUnit::nanoseconds_per_load;
  return is_integer(t) ? RateUnit::gigaops : RateUnit::gigaflops;
}

std::span<const KernelDecl> catalogue() { return kCatalogue; }

const KernelDecl* find_kernel(std::string_view name) {
  for (const auto& decl : kCatalogue)
    if (name == decl.name) return &decl;
  return nullptr;
}

int max_arrays_per_case() {
  int most = 0;
  for (const auto& decl : kCatalogue) most = std::max(most, decl.arrays.arrays());
  return most;
}

Work work_per_call(const KernelDecl& kernel, DType t, std::uint64_t count,
                   const IntensityParams& p) {
  const double n = static_cast<double>(count);
  const double elem_bytes = static_cast<double>(size_of(t));
  Work w;
  // A copy over the link moves each byte once, in its direction: the sources count, the
  // destinations' stores are the same bytes arriving (kernels/transfer.hpp).
  const int streams = kernel.family == Family::transfer
                          ? kernel.loads_per_element()
                          : kernel.loads_per_element() + kernel.stores_per_element();
  w.bytes = n * elem_bytes * streams;
  w.flops = n * kernel.flops_per_element;
  if (kernel.family == Family::intensity) w.flops *= p.fmas_per_element();
  // A collective's count is its message's elements: S bytes (kernels/collective.hpp).
  if (kernel.family == Family::collective) w.bytes = n * elem_bytes;
  return w;
}

std::optional<kernels::CollectiveOp> collective_op(const KernelDecl& kernel) {
  std::optional<kernels::CollectiveOp> op;
  k::visit_kernel(k::CollectiveKernels{}, kernel.name, [&]<class K>() { op = K::op; });
  return op;
}

Work gemm_work(DType t, const GemmShape& shape) {
  const auto m = static_cast<double>(shape.m);
  const auto n = static_cast<double>(shape.n);
  const auto kk = static_cast<double>(shape.k);
  const auto in = static_cast<double>(size_of(t));
  const auto out = static_cast<double>(size_of(kernels::gemm_output_dtype(t)));
  return Work{(m * kk + kk * n) * in + m * n * out, 2.0 * m * n * kk};
}

}  // namespace ridgeline
