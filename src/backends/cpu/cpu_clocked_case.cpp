#include "backends/cpu/cpu_clocked_case.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backends/cpu/cpu_clock_probe.hpp"
#include "backends/cpu/cpu_fma_datapath.hpp"
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
  ClockedCase(std::unique_ptr<CpuCase> inner, int fma_lanes_per_clock, std::string pipes,
              int threads, int cores, bool floating_point)
      : inner_(std::move(inner)),
        fma_lanes_per_clock_(fma_lanes_per_clock),
        pipes_(std::move(pipes)),
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
  // Floating point only: the FMA pipes are the real peak there, while an integer
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
    limits.basis = fmt::format(
        "{} cores x {} FMA lanes per clock ({}) x 2 x {:.0f} MHz measured x {} headroom", cores_,
        fma_lanes_per_clock_, pipes_, highest, kClockHeadroom);
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
    return static_cast<double>(cores_) * fma_lanes_per_clock_ * 2 * 1e-3;
  }

  std::unique_ptr<CpuCase> inner_;
  int fma_lanes_per_clock_;  // per core
  std::string pipes_;        // where that count comes from
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
  const int lane_bits = t == DType::fp64 ? 64 : 32;
  int per_clock = lanes * kMaxVectorFmaPerClock;
  std::string pipes =
      fmt::format("{} {} lanes x {} FMA pipes", lanes, variant.isa, kMaxVectorFmaPerClock);
  if (const auto& datapath = this_cpu_fma_datapath();
      datapath && datapath->bits_per_clock / lane_bits < per_clock) {
    per_clock = datapath->bits_per_clock / lane_bits;
    pipes = fmt::format("{} {}, {}", variant.isa, lanes > 1 ? "vectors" : "scalars",
                        datapath->description);
  }
  const int cores = physical_cores > 0 ? std::min(threads, physical_cores) : threads;
  return std::make_unique<ClockedCase>(std::move(inner), per_clock, std::move(pipes), threads,
                                       cores, !is_integer(t));
}

}  // namespace ridgeline::cpu
