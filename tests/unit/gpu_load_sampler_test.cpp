// The load sampler against a scripted monitor: readings only inside windows, at least
// two per window, summarised as min / median / max.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "backends/gpu/load_sampler.hpp"

namespace ridgeline::gpu {
namespace {

class CountingMonitor final : public HardwareMonitor {
 public:
  std::string source() const override { return "scripted"; }
  HardwareSample sample() const override {
    const int n = ++readings;
    if (fail_every_third && n % 3 == 0) throw std::runtime_error("device busy");
    HardwareSample s;
    s.core_clock_mhz = 1000.0 + n;
    s.throttle_reasons =
        n == 2 ? std::vector<std::string>{"sw_power_cap"} : std::vector<std::string>{};
    return s;
  }
  Params static_facts() const override { return {}; }
  mutable std::atomic<int> readings{0};
  bool fail_every_third = false;
};

TEST(LoadSampler, NothingSampledOutsideAWindow) {
  auto monitor = std::make_shared<CountingMonitor>();
  LoadSampler sampler(monitor, std::chrono::milliseconds(1));
  EXPECT_FALSE(sampler.conditions().has_value());
  EXPECT_EQ(monitor->readings.load(), 0);
}

TEST(LoadSampler, AnInstantWindowStillGetsTwoReadings) {
  auto monitor = std::make_shared<CountingMonitor>();
  LoadSampler sampler(monitor, std::chrono::hours(1));
  { LoadSampler::Window window(sampler); }
  const auto c = sampler.conditions();
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->samples, 2u);
  EXPECT_EQ(c->source, "scripted");
  EXPECT_EQ(c->core_clock_mhz, (Spread{1001, 1001.5, 1002}));
  EXPECT_EQ(c->throttle_reasons, std::vector<std::string>{"sw_power_cap"});
}

TEST(LoadSampler, SamplesPeriodicallyWhileTheWindowIsOpenAndAcrossWindows) {
  auto monitor = std::make_shared<CountingMonitor>();
  LoadSampler sampler(monitor, std::chrono::milliseconds(2));
  {
    LoadSampler::Window window(sampler);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  const int first = monitor->readings.load();
  EXPECT_GT(first, 4);  // 2 ms period over 40 ms, with generous room for a loaded machine
  { LoadSampler::Window again(sampler); }
  EXPECT_EQ(sampler.conditions()->samples, static_cast<std::uint64_t>(first + 2));
}

TEST(LoadSampler, AFailedReadingIsMissingNotFatal) {
  auto monitor = std::make_shared<CountingMonitor>();
  monitor->fail_every_third = true;
  LoadSampler sampler(monitor, std::chrono::hours(1));
  { LoadSampler::Window w(sampler); }
  { LoadSampler::Window w(sampler); }  // readings 3 (fails) and 4
  EXPECT_EQ(sampler.conditions()->samples, 3u);
}

}  // namespace
}  // namespace ridgeline::gpu
