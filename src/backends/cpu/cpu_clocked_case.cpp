#include "backends/cpu/cpu_clocked_case.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "backends/cpu/cpu_clock_probe.hpp"
#include "core/statistics.hpp"

namespace ridgeline::cpu {
namespace {

// The probe reads the clock between samples, with scalar adds, so it can read below the
// clock the kernel itself ran at (a CI run on a Zen 5 VM: 3484 MHz probed, an AVX2 peak
// implying 3.58 GHz). The bound allows this much above the highest probed clock: clock
// drift never fails a benchmark, while a broken timer or skipped work (off by 2x or
// more) still does.
constexpr double kClockHeadroom = 1.25;

class ClockedCase final : public CpuCase {
 public:
  ClockedCase(std::unique_ptr<CpuCase> inner, int lanes, const char* isa, int threads, int cores,
              bool floating_point)
      : inner_(std::move(inner)),
        lanes_(lanes),
        isa_(isa),
        threads_(threads),
        cores_(cores),
        floating_point_(floating_point) {}

  std::uint64_t work_count() const override { return inner_->work_count(); }

  double run(int calls) override {
    const double seconds = inner_->run(calls);
    // The first run is the harness's warm-up: clocks are still ramping.
    if (runs_++ > 0)
      for (double mhz : measure_core_clocks_mhz(threads_))
        if (mhz > 0) clocks_mhz_.push_back(mhz);
    return seconds;
  }

  Verification verify() override { return inner_->verify(); }
  Params configuration() const override {
    Params config = inner_->configuration();
    config["clock_probe"] = "dependent register adds on every worker thread after each sample";
    return config;
  }
  // Floating point only: two FMA pipes is the real peak there, while an integer
  // multiply-add (a multiply and an add) may issue at less than the bound.
  std::optional<double> peak_per_mhz() const override {
    if (!floating_point_) return std::nullopt;
    return bound_per_mhz();
  }
  std::span<std::byte> result_bytes() override { return inner_->result_bytes(); }

  PhysicalLimits physical_limits() const override {
    PhysicalLimits limits;
    if (clocks_mhz_.empty()) return limits;
    const double highest = *std::max_element(clocks_mhz_.begin(), clocks_mhz_.end());
    limits.operations_per_second = bound_per_mhz() * highest * kClockHeadroom * 1e9;
    limits.basis =
        fmt::format("{} cores x {} {} lanes x {} FMA pipes x 2 x {:.0f} MHz measured x {} headroom",
                    cores_, lanes_, isa_, kMaxVectorFmaPerClock, highest, kClockHeadroom);
    return limits;
  }

  std::optional<RunConditions> conditions() const override {
    if (clocks_mhz_.empty()) return std::nullopt;
    RunConditions c;
    c.source = "clock probe";
    c.samples = clocks_mhz_.size();
    const auto [lo, hi] = std::minmax_element(clocks_mhz_.begin(), clocks_mhz_.end());
    c.core_clock_mhz = Spread{*lo, median(clocks_mhz_), *hi};
    return c;
  }

 private:
  // Multiply-adds count 2: G-units per second at 1 MHz. Per core, not per thread: SMT
  // siblings share one core's FMA pipes.
  double bound_per_mhz() const {
    return static_cast<double>(cores_) * lanes_ * kMaxVectorFmaPerClock * 2 * 1e-3;
  }

  std::unique_ptr<CpuCase> inner_;
  int lanes_;
  const char* isa_;
  int threads_;
  int cores_;  // physical cores the threads run on
  bool floating_point_;
  int runs_ = 0;
  std::vector<double> clocks_mhz_;  // every thread after every timed run
};

}  // namespace

std::unique_ptr<CpuCase> with_measured_clock(std::unique_ptr<CpuCase> inner,
                                             const SimdVariant& variant, DType t, int threads,
                                             int physical_cores) {
  if (!clock_probe_available()) return inner;
  // int32: as fp32 (4-byte lanes)
  const int lanes = t == DType::fp64 ? variant.lanes<double>() : variant.lanes<float>();
  const int cores = physical_cores > 0 ? std::min(threads, physical_cores) : threads;
  return std::make_unique<ClockedCase>(std::move(inner), lanes, variant.isa, threads, cores,
                                       !is_integer(t));
}

}  // namespace ridgeline::cpu
