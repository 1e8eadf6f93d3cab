// Runs planned cases through Google Benchmark: one registered benchmark per case,
// repetitions with every per-repetition sample kept, manual (backend-clock) time.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"
#include "results/result_model.hpp"
#include "suite_plan.hpp"

namespace ridgeline {

struct HarnessOptions {
  int repetitions = 10;
  // Kernel calls are batched until one sample lasts at least this long, so short
  // kernels are not dominated by clock resolution or launch cost.
  double min_sample_seconds = 0.02;
  int max_calls_per_sample = 1 << 20;
};

struct HarnessSummary {
  std::size_t ok = 0, failed = 0, skipped = 0;
  bool interrupted = false;
};

struct HarnessCallbacks {
  // A case is about to be measured: index counts from 1 to total.
  std::function<void(std::size_t index, std::size_t total, std::string_view name)> on_start;
  // A case finished (measured, failed or skipped); called once per case, in order.
  std::function<void(const BenchmarkRecord&)> on_record;
};

HarnessSummary run_cases(Backend& backend, const DeviceInfo& device,
                         const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const HarnessCallbacks& callbacks);

}  // namespace ridgeline
