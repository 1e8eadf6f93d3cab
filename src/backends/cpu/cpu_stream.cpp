// The memory kernels: read, write, copy, scale, add, triad, dot for fp32 and fp64.
// Every element operation comes from kernels/stream.hpp, shared with the GPU backends.
#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd.hpp"  // first: sets the vector width for this file
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

using k::arrays_used;
using k::ArraysUsed;
using k::is_reduction;
using k::StreamOp;

// Sum of term(acc, i) over [0, n), exact: each thread sums chunks of kExactChunk
// elements in T (several independent vector accumulators, so the adds pipeline),
// widens each chunk sum to double and combines in double. With the small-integer
// inputs every partial sum is an integer below 2^24, so the order does not matter.
template <class T, class Term>
double exact_chunked_sum(std::uint64_t n, Term term) {
  constexpr int kPartials = 8 * kLanes<T>;
  static_assert(k::kExactChunk % kPartials == 0);
  const std::uint64_t chunks = (n + k::kExactChunk - 1) / k::kExactChunk;
  double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total)
  for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
    const std::uint64_t begin = chunk * k::kExactChunk;
    const std::uint64_t end = std::min<std::uint64_t>(n, begin + k::kExactChunk);
    T partial[kPartials] = {};
    std::uint64_t i = begin;
    for (; i + kPartials <= end; i += kPartials) {
#pragma omp simd
      for (int j = 0; j < kPartials; ++j) partial[j] = term(partial[j], i + j);
    }
    for (; i < end; ++i) partial[0] = term(partial[0], i);
    T chunk_sum = 0;
    for (int j = 0; j < kPartials; ++j) chunk_sum += partial[j];
    total += static_cast<double>(chunk_sum);
  }
  return total;
}

template <class T>
class StreamCase final : public CpuCase {
 public:
  StreamCase(StreamOp op, std::uint64_t n) : op_(op), n_(n) {
    const ArraysUsed used = arrays_used(op);
    require_available_memory(array_bytes(n, sizeof(T) * used.count(), "stream arrays"),
                             "stream arrays");
    if (used.a) a_ = Array<T>(n, "array a");
    if (used.b) b_ = Array<T>(n, "array b");
    if (used.c) c_ = Array<T>(n, "array c");
    if (used.a) a_.first_touch([](std::uint64_t i) { return k::init_a<T>(i); });
    if (used.b) b_.first_touch([](std::uint64_t i) { return k::init_b<T>(i); });
    if (used.c) c_.first_touch([](std::uint64_t i) { return k::init_c<T>(i); });
  }

  std::uint64_t elements() const override { return n_; }

  double run(int calls) override {
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) call_once();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  Verification verify() override {
    if (is_reduction(op_))
      return verify_exact(
          1, [&](std::uint64_t) { return sum_; }, [&](std::uint64_t) { return expected_sum(); });
    const T* out = output();
    return verify_exact(
        n_, [&](std::uint64_t i) { return out[i]; }, [&](std::uint64_t i) { return expected(i); });
  }

  std::map<std::string, std::string> configuration() const override {
    return {{"threads", std::to_string(worker_threads())},
            {"schedule", "static"},
            {"simd", kVectorIsa},
            {"alignment", std::to_string(kHugePageBytes) + " (MADV_HUGEPAGE)"},
            {"stores", "temporal"}};
  }

  std::span<std::byte> result_bytes() override {
    if (is_reduction(op_)) return std::as_writable_bytes(std::span<double>(&sum_, 1));
    return std::as_writable_bytes(std::span<T>(output(), n_));
  }

 private:
  void call_once() {
    T* const a = a_.data();
    T* const b = b_.data();
    T* const c = c_.data();
    const T s = k::stream_scalar<T>();
    switch (op_) {
      case StreamOp::read:
        sum_ = exact_chunked_sum<T>(
            n_, [a](T acc, std::uint64_t i) { return k::Read::step(acc, a[i]); });
        break;
      case StreamOp::dot:
        sum_ = exact_chunked_sum<T>(
            n_, [a, b](T acc, std::uint64_t i) { return k::Dot::step(acc, a[i], b[i]); });
        break;
      case StreamOp::write:
        parallel_for_static(n_,
                            [a](std::uint64_t i) { a[i] = k::Write::apply(k::fill_value<T>()); });
        break;
      case StreamOp::copy:
        parallel_for_static(n_, [a, c](std::uint64_t i) { c[i] = k::Copy::apply(a[i]); });
        break;
      case StreamOp::scale:
        parallel_for_static(n_, [b, c, s](std::uint64_t i) { b[i] = k::Scale::apply(s, c[i]); });
        break;
      case StreamOp::add:
        parallel_for_static(n_, [a, b, c](std::uint64_t i) { c[i] = k::Add::apply(a[i], b[i]); });
        break;
      case StreamOp::triad:
        parallel_for_static(
            n_, [a, b, c, s](std::uint64_t i) { a[i] = k::Triad::apply(b[i], c[i], s); });
        break;
    }
  }

  // The array each storing kernel writes (its formula's left-hand side).
  T* output() const {
    switch (op_) {
      case StreamOp::scale:
        return b_.data();
      case StreamOp::copy:
      case StreamOp::add:
        return c_.data();
      default:
        return a_.data();
    }
  }

  // Host model: the same element operation applied to the initial values. Every
  // kernel's output depends only on inputs it never writes, so it is the same after
  // any number of calls.
  T expected(std::uint64_t i) const {
    const T s = k::stream_scalar<T>();
    switch (op_) {
      case StreamOp::write:
        return k::Write::apply(k::fill_value<T>());
      case StreamOp::copy:
        return k::Copy::apply(k::init_a<T>(i));
      case StreamOp::scale:
        return k::Scale::apply(s, k::init_c<T>(i));
      case StreamOp::add:
        return k::Add::apply(k::init_a<T>(i), k::init_b<T>(i));
      case StreamOp::triad:
        return k::Triad::apply(k::init_b<T>(i), k::init_c<T>(i), s);
      default:
        return T{};
    }
  }

  // Host model of read and dot: the whole sum in double, exact for these inputs.
  double expected_sum() const {
    double sum = 0;
    const bool dot = op_ == StreamOp::dot;
#pragma omp parallel for schedule(static) reduction(+ : sum)
    for (std::uint64_t i = 0; i < n_; ++i) {
      const double x = k::init_a<T>(i);
      sum =
          dot ? k::Dot::step(sum, x, static_cast<double>(k::init_b<T>(i))) : k::Read::step(sum, x);
    }
    return sum;
  }

  StreamOp op_;
  std::uint64_t n_;
  Array<T> a_, b_, c_;
  double sum_ = 0;  // read and dot store their result here, so they cannot be elided
};

}  // namespace

std::unique_ptr<CpuCase> make_stream_case(const CaseSpec& spec) {
  if (spec.kernel == nullptr || spec.elements == 0)
    throw std::invalid_argument("memory case needs a kernel and a non-zero element count");
  const StreamOp op = k::stream_op_of(*spec.kernel);
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<StreamCase<double>>(op, spec.elements);
    case DType::fp32:
      return std::make_unique<StreamCase<float>>(op, spec.elements);
    default:
      throw SkipCase("memory kernels run in fp32 and fp64 only on the CPU");
  }
}

}  // namespace ridgeline::cpu
