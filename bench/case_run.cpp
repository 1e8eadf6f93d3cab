#include "case_run.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cmath>

#include "stop_request.hpp"

namespace ridgeline {
namespace {

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

CaseRun::CaseRun(Backend& backend, const DeviceInfo& device, const PlannedCase& planned,
                 const HarnessOptions& options)
    : backend_(backend), device_(device), planned_(planned), options_(options) {
  const KernelDecl& k = *planned.spec.kernel;
  record_.name = planned.name;
  record_.family = std::string(to_string(k.family));
  record_.kernel = k.name;
  record_.dtype = std::string(to_string(planned.spec.dtype));
  record_.unit = std::string(rate_unit(k.family, planned.spec.dtype));
  record_.elements = planned.spec.elements;
  record_.array_bytes = planned.array_bytes;
  record_.params["formula"] = k.formula;
  record_.params.insert(planned.params.begin(), planned.params.end());
}

void CaseRun::skip(std::string reason) {
  record_.status = BenchStatus::skipped;
  record_.reason = std::move(reason);
  ended_ = true;
  prepared_.reset();
}

void CaseRun::fail(std::string reason) {
  record_.status = BenchStatus::failed;
  record_.reason = std::move(reason);
  ended_ = true;
  prepared_.reset();
}

void CaseRun::prepare() {
  prepared_ = backend_.prepare(device_, planned_.spec);
  const std::uint64_t n = prepared_->elements();
  const Work w =
      work_per_call(*planned_.spec.kernel, planned_.spec.dtype, n, planned_.spec.intensity);
  record_.elements = n;
  if (planned_.array_bytes) record_.array_bytes = n * size_of(planned_.spec.dtype);
  record_.bytes_per_call = w.bytes;
  record_.flops_per_call = w.flops;
  for (auto& [key, value] : prepared_->configuration()) record_.params[key] = value;

  // Warm-up call (first touch, caches, clocks), then size a sample from a timed call.
  prepared_->run(1);
  const double one = prepared_->run(1);
  if (!(one > 0) || !std::isfinite(one))
    throw std::runtime_error(fmt::format("backend clock returned {} s for one call", one));
  const double wanted = std::ceil(options_.min_sample_seconds / one);
  record_.calls_per_sample =
      static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(options_.max_calls_per_sample)));
}

void CaseRun::repetition(benchmark::State& state) {
  // Exactly one Google Benchmark iteration per repetition, even when the case has
  // ended: GB 1.7 requires equal iteration counts across a benchmark's repetitions.
  for (auto _ : state) state.SetIterationTime(take_sample());
  if (ended_) state.SkipWithError(record_.reason.c_str());
}

double CaseRun::take_sample() {
  if (ended_) return 0;
  if (stop_requested()) {
    skip("interrupted");
    return 0;
  }
  try {
    if (!started_) {
      started_ = true;
      prepare();
    }
    const double calls = record_.calls_per_sample;
    const double cpu0 = process_cpu_seconds();
    const double seconds = prepared_->run(record_.calls_per_sample);
    const double cpu = process_cpu_seconds() - cpu0;
    if (!(seconds > 0) || !std::isfinite(seconds))
      throw std::runtime_error(fmt::format("backend clock returned {} s", seconds));
    record_.sample_seconds.push_back(seconds / calls);
    record_.sample_cpu_seconds.push_back(cpu / calls);
    return seconds / calls;
  } catch (const SkipCase& e) {
    skip(e.what());
  } catch (const DeviceLost& e) {
    device_lost_ = true;
    fail(fmt::format("device lost: {}", e.what()));
  } catch (const std::exception& e) {
    fail(e.what());
  }
  return 0;
}

BenchmarkRecord CaseRun::finish() {
  if (!ended_ && !started_) skip("not run");
  if (!ended_ && prepared_) {
    try {
      record_.verification = prepared_->verify();
      if (!record_.verification.passed())
        fail(fmt::format("verification failed: {}", record_.verification.detail));
    } catch (const DeviceLost& e) {
      device_lost_ = true;
      fail(fmt::format("device lost during verification: {}", e.what()));
    } catch (const std::exception& e) {
      fail(fmt::format("verification could not run: {}", e.what()));
    }
  }
  prepared_.reset();
  return std::move(record_);
}

}  // namespace ridgeline
