// The memory kernels of kernels/stream.hpp on the host, for fp32 and fp64: one generic
// case drives every kernel from its declaration (the arrays it reads and writes, its
// element operation, whether it sums), so a new kernel there needs nothing here.
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;
using k::Element;
using k::is_read;
using k::is_written;

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

// The three arrays by name; an array the kernel does not use stays null.
template <class T>
struct ArrayPointers {
  T* a;
  T* b;
  T* c;
};

// The values the kernel reads at index i (the others stay zero) ...
template <class K, class T>
inline Element<T> load(const ArrayPointers<T>& x, std::uint64_t i) {
  Element<T> e;
  if constexpr (is_read(K::decl.arrays.a)) e.a = x.a[i];
  if constexpr (is_read(K::decl.arrays.b)) e.b = x.b[i];
  if constexpr (is_read(K::decl.arrays.c)) e.c = x.c[i];
  return e;
}

// ... and the values it writes back.
template <class K, class T>
inline void store(const ArrayPointers<T>& x, std::uint64_t i, const Element<T>& e) {
  if constexpr (is_written(K::decl.arrays.a)) x.a[i] = e.a;
  if constexpr (is_written(K::decl.arrays.b)) x.b[i] = e.b;
  if constexpr (is_written(K::decl.arrays.c)) x.c[i] = e.c;
}

template <class K, class T>
class StreamCase final : public CpuCase {
  static constexpr k::ArrayRoles kRoles = K::decl.arrays;

 public:
  explicit StreamCase(std::uint64_t n) : n_(n) {
    require_available_memory(array_bytes(n, sizeof(T) * kRoles.arrays(), "stream arrays"),
                             "stream arrays");
    const auto allocate = [&](k::Role role, Array<T>& array, const char* name, auto init) {
      if (role == k::Role::none) return;
      array = Array<T>(n, name);
      array.first_touch(init);
    };
    allocate(kRoles.a, a_, "array a", [](std::uint64_t i) { return k::init_a<T>(i); });
    allocate(kRoles.b, b_, "array b", [](std::uint64_t i) { return k::init_b<T>(i); });
    allocate(kRoles.c, c_, "array c", [](std::uint64_t i) { return k::init_c<T>(i); });
  }

  std::uint64_t work_count() const override { return n_; }

  double run(int calls) override {
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) call_once();
    calls_done_ += static_cast<std::uint64_t>(std::max(calls, 0));
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Every value the kernel stored, or its sum, against the replayed gold model
  // (kernels::after_calls): the arrays repeat with kPatternPeriod, so the model is that
  // many replayed elements.
  Verification verify() override {
    if constexpr (K::decl.sums) {
      return verify_exact(
          1, [&](std::uint64_t) { return sum_; },
          [&](std::uint64_t) { return k::expected_sum<K, T>(n_); });
    } else {
      Element<T> model[k::kPatternPeriod];
      for (std::uint64_t r = 0; r < k::kPatternPeriod; ++r)
        model[r] = k::after_calls<K, T>(r, calls_done_);
      const ArrayPointers<T> x = arrays();
      Comparison all;
      const auto check = [&](T* stored, T Element<T>::*value) {
        if (stored == nullptr) return;
        all.merge(verify_values(
            n_, [&](std::uint64_t i) { return stored[i]; },
            [&](std::uint64_t i) { return model[i % k::kPatternPeriod].*value; }));
      };
      if constexpr (is_written(kRoles.a)) check(x.a, &Element<T>::a);
      if constexpr (is_written(kRoles.b)) check(x.b, &Element<T>::b);
      if constexpr (is_written(kRoles.c)) check(x.c, &Element<T>::c);
      return all.result();
    }
  }

  Params configuration() const override {
    return {{"threads", worker_threads()},
            {"schedule", "static"},
            {"simd", kVectorIsa},
            {"alignment", std::to_string(kHugePageBytes) + " (MADV_HUGEPAGE)"},
            {"stores", "temporal"}};
  }

  std::span<std::byte> result_bytes() override {
    if constexpr (K::decl.sums) return std::as_writable_bytes(std::span<double>(&sum_, 1));
    const ArrayPointers<T> x = arrays();
    T* const first_written = is_written(kRoles.a) ? x.a : is_written(kRoles.b) ? x.b : x.c;
    return std::as_writable_bytes(std::span<T>(first_written, n_));
  }

 private:
  ArrayPointers<T> arrays() const { return {a_.data(), b_.data(), c_.data()}; }

  void call_once() {
    const ArrayPointers<T> x = arrays();
    if constexpr (K::decl.sums) {
      sum_ = exact_chunked_sum<T>(
          n_, [x](T acc, std::uint64_t i) { return acc + K::term(load<K>(x, i)); });
    } else {
      parallel_for_static(n_, [x](std::uint64_t i) {
        Element<T> e = load<K>(x, i);
        K::apply(e);
        store<K>(x, i, e);
      });
    }
  }

  std::uint64_t n_;
  Array<T> a_, b_, c_;
  std::uint64_t calls_done_ = 0;
  double sum_ = 0;  // summing kernels store their result here, so they cannot be elided
};

template <class T>
std::unique_ptr<CpuCase> make_for_type(const CaseSpec& spec) {
  std::unique_ptr<CpuCase> made;
  k::visit_kernel(k::MemoryKernels{}, spec.kernel->name, [&]<class K>() {
    made = std::make_unique<StreamCase<K, T>>(spec.array_elements);
  });
  if (!made) throw std::invalid_argument(std::string("not a memory kernel: ") + spec.kernel->name);
  return made;
}

}  // namespace

std::unique_ptr<CpuCase> make_stream_case(const CaseSpec& spec) {
  if (spec.kernel == nullptr || spec.array_elements == 0)
    throw std::invalid_argument("memory case needs a kernel and a non-zero element count");
  switch (spec.dtype) {
    case DType::fp64:
      return make_for_type<double>(spec);
    case DType::fp32:
      return make_for_type<float>(spec);
    default:
      throw SkipCase("memory kernels run in fp32 and fp64 only on the CPU");
  }
}

}  // namespace ridgeline::cpu
