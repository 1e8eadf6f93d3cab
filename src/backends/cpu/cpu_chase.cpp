// chase on the host (kernels/working_set.hpp PointerChase): one thread follows a random
// cycle through the working set, one dependent load at a time, so the time per load is
// the load-to-use latency of the cache level (or DRAM) that holds the working set.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "core/chase_cycle.hpp"
#include "kernels/working_set.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

// The cycle is drawn from a fixed seed: the same working set is the same chase on every
// run, so two runs time the same sequence of addresses.
constexpr std::uint64_t kCycleSeed = 0x6368617365ULL;  // "chase"

class ChaseCase final : public CpuCase {
 public:
  ChaseCase(std::uint64_t words, double clock_mhz)
      : cycle_(chase_slots(words * sizeof(std::uint32_t)), kCycleSeed),
        loads_(chase_loads_per_call(cycle_.slots())),
        clock_mhz_(clock_mhz) {
    const std::uint64_t n = cycle_.slots() * k::kChaseSlotWords;
    require_available_memory(array_bytes(n, sizeof(std::uint32_t), "chase"), "chase");
    words_ = Array<std::uint32_t>(n, "chase");
    cycle_.write(std::span<std::uint32_t>(words_.data(), n));
  }

  std::uint64_t work_count() const override { return loads_; }

  double run(int calls) override {
    const std::uint32_t* words = words_.data();
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) state_ = k::chase(words, state_, loads_);
    const auto stop = std::chrono::steady_clock::now();
    calls_done_ += static_cast<std::uint64_t>(std::max(calls, 0));
    return std::chrono::duration<double>(stop - start).count();
  }

  // The index the chase stopped at and its arrivals at index 0 against the cycle's model
  // after every load of every call: one load more or less moves the index, a whole turn
  // more or less the count.
  Verification verify() override {
    const k::ChaseState want = cycle_.after(calls_done_ * loads_);
    Comparison c;
    c.check(0, static_cast<double>(state_.index), static_cast<double>(want.index));
    c.check(1, static_cast<double>(state_.visits), static_cast<double>(want.visits));
    return c.result("chase state (0: final index, 1: arrivals at index 0)");
  }

  Params configuration() const override {
    return {{"threads", 1},
            {"slots", cycle_.slots()},
            {"slot_bytes", k::kChaseSlotBytes},
            {"loads_per_call", loads_},
            {"verification", "final index and arrivals at index 0 against the cycle"}};
  }

  // One dependent load per core clock at most: a latency below that is a broken timer.
  PhysicalLimits physical_limits() const override {
    PhysicalLimits limits;
    if (clock_mhz_ > 0) {
      limits.loads_per_second = clock_mhz_ * 1e6;
      limits.basis =
          "one dependent load per clock at " + std::to_string(std::lround(clock_mhz_)) + " MHz";
    }
    return limits;
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span<std::uint32_t>(&state_.index, 1));
  }

 private:
  ChaseCycle cycle_;
  std::uint64_t loads_;
  double clock_mhz_;
  Array<std::uint32_t> words_;
  k::ChaseState state_;
  std::uint64_t calls_done_ = 0;
};

}  // namespace

std::unique_ptr<CpuCase> make_chase_case(const CaseSpec& spec, double clock_mhz) {
  if (spec.dtype != DType::int32) throw SkipCase("chase follows 32-bit indices (int32) only");
  if (chase_slots(spec.array_elements * sizeof(std::uint32_t)) < 2)
    throw std::invalid_argument("chase needs a working set of at least 2 slots of " +
                                std::to_string(k::kChaseSlotBytes) + " bytes");
  return std::make_unique<ChaseCase>(spec.array_elements, clock_mhz);
}

}  // namespace ridgeline::cpu
