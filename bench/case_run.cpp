#include "case_run.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "physical_limit_guard.hpp"
#include "stop_request.hpp"

namespace ridgeline {
namespace {

// A call past the time limit that the backend cannot abort gets this much longer (at
// most the limit itself) to return before it is declared hung.
constexpr double kMaxGraceSeconds = 60;

Watchdog::Clock::duration clock_seconds(double seconds) {
  return std::chrono::duration_cast<Watchdog::Clock::duration>(
      std::chrono::duration<double>(seconds));
}

// Thrown by watched() when the call returned but the case ran past its time limit.
struct CallTimedOut {};

// What a case's record counts as its elements: per array (or working set), multiply-adds,
// or M*N*K; a latency case's loads per call are the backend's to say (work_count).
std::uint64_t planned_count(const CaseSpec& spec) {
  switch (spec.kernel->family) {
    case Family::memory:
    case Family::intensity:
    case Family::collective:
    case Family::transfer:
    case Family::latency:
      return spec.array_elements;
    case Family::compute:
    case Family::matrix:
      return spec.multiply_adds;
    case Family::gemm:
      return spec.gemm.multiply_adds();
  }
  return 0;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

CaseRun::CaseRun(Backend& backend, const DeviceInfo& device, const PlannedCase& planned,
                 const HarnessOptions& options, Watchdog* watchdog, HungHandler on_hung)
    : backend_(backend),
      device_(device),
      planned_(planned),
      options_(options),
      watchdog_(watchdog),
      on_hung_(std::move(on_hung)) {
  const KernelDecl& k = *planned.spec.kernel;
  record_.name = planned.name;
  record_.family = k.family;
  record_.kernel = k.name;
  record_.dtype = planned.spec.dtype;
  record_.unit = rate_unit(k.family, planned.spec.dtype);
  record_.elements = planned_count(planned.spec);
  record_.array_bytes = planned.array_bytes;
  record_.params[param_keys::kFormula] = k.formula;
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

template <class Call>
auto CaseRun::watched(Call&& call) {
  if (!watchdog_) return call();
  std::optional<decltype(call())> result;
  {
    Watchdog::Call watch(*watchdog_, deadline_, [this] { return on_overdue(); });
    result.emplace(call());
  }
  if (timed_out_) throw CallTimedOut{};  // it ended, but only after the limit
  return std::move(*result);
}

std::optional<Watchdog::Clock::time_point> CaseRun::on_overdue() {
  if (!timed_out_) {
    timed_out_ = true;
    if (backend_.abort_running()) return std::nullopt;  // the call now returns or throws
    const auto grace = std::min(options_.time_limit_seconds, kMaxGraceSeconds);
    return Watchdog::Clock::now() + clock_seconds(grace);
  }
  BenchmarkRecord hung = record_;
  hung.status = BenchStatus::failed;
  hung.reason = timeout_reason();
  if (on_hung_) on_hung_(hung);
  return std::nullopt;
}

bool CaseRun::past_deadline() const {
  return watchdog_ && started_ && Watchdog::Clock::now() >= deadline_;
}

std::string CaseRun::timeout_reason() const {
  return fmt::format("timed out after {:g} s", options_.time_limit_seconds);
}

std::string CaseRun::with_timeout(std::string reason) const {
  return timed_out_ ? fmt::format("{} ({})", timeout_reason(), reason) : reason;
}

void CaseRun::prepare() {
  prepared_ = watched([&] { return backend_.prepare(device_, planned_.spec); });
  const CaseSpec& spec = planned_.spec;
  const bool gemm = spec.kernel->family == Family::gemm;
  const std::uint64_t n = gemm ? spec.gemm.multiply_adds() : prepared_->work_count();
  Work w = gemm ? gemm_work(spec.dtype, spec.gemm)
                : work_per_call(*spec.kernel, spec.dtype, n, spec.intensity);
  const auto passes = static_cast<double>(prepared_->passes());
  w.bytes *= passes;
  w.flops *= passes;
  record_.elements = n;
  // The array as the backend rounded it; a latency case's count is its loads, and its
  // working set stays the planned one.
  if (planned_.array_bytes && spec.kernel->family != Family::latency)
    record_.array_bytes = n * size_of(spec.dtype);
  record_.bytes_per_call = w.bytes;
  record_.flops_per_call = w.flops;
  record_.peak_per_mhz = prepared_->peak_per_mhz();
  for (auto& [key, value] : prepared_->configuration()) record_.params[key] = value;

  // Warm-up call (first touch, caches, clocks), then size a sample from a timed call.
  watched([&] { return prepared_->run(1); });
  const double one = watched([&] { return prepared_->run(1); });
  if (!(one > 0) || !std::isfinite(one))
    throw std::runtime_error(fmt::format("backend clock returned {} s for one call", one));
  const double wanted = std::ceil(options_.min_sample_seconds / one);
  record_.calls_per_sample =
      static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(options_.max_calls_per_sample)));
}

void CaseRun::take_sample() {
  if (ended_) return;
  if (stop_requested()) {
    skip("interrupted");
    return;
  }
  if (past_deadline()) {
    fail(timeout_reason());
    return;
  }
  try {
    if (!started_) {
      started_ = true;
      deadline_ = Watchdog::Clock::now() + clock_seconds(options_.time_limit_seconds);
      prepare();
    }
    const double calls = record_.calls_per_sample;
    const double cpu0 = process_cpu_seconds();
    const double seconds = watched([&] { return prepared_->run(record_.calls_per_sample); });
    const double cpu = process_cpu_seconds() - cpu0;
    if (!(seconds > 0) || !std::isfinite(seconds))
      throw std::runtime_error(fmt::format("backend clock returned {} s", seconds));
    record_.sample_seconds.push_back(seconds / calls);
    record_.sample_cpu_seconds.push_back(cpu / calls);
    if (options_.run_started)
      record_.sample_end_seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - *options_.run_started)
              .count());
    return;
  } catch (const CallTimedOut&) {
    fail(timeout_reason());
  } catch (const SkipCase& e) {
    if (timed_out_) {
      fail(with_timeout(e.what()));
    } else {
      library_missing_ = dynamic_cast<const LibraryMissing*>(&e) != nullptr;
      skip(e.what());
    }
  } catch (const DeviceLost& e) {
    device_lost_ = true;
    fail(with_timeout(fmt::format("device lost: {}", e.what())));
  } catch (const std::exception& e) {
    fail(with_timeout(e.what()));
  }
}

BenchmarkRecord CaseRun::finish() {
  if (!ended_ && !started_) skip("not run");
  if (!ended_ && prepared_ && past_deadline()) fail(timeout_reason());
  if (!ended_ && prepared_) {
    try {
      record_.verification = watched([&] { return prepared_->verify(); });
      // Read again after the run: a case adds what it saw while running (timing mode).
      for (auto& [key, value] : prepared_->configuration()) record_.params[key] = value;
      record_.conditions = prepared_->conditions();
      const PhysicalLimits limits = prepared_->physical_limits();
      record_.physical_limit = physical_rate_limit(record_, limits);
      if (!limits.basis.empty()) record_.params[param_keys::kPhysicalLimitBasis] = limits.basis;
      if (!record_.verification.passed())
        fail(fmt::format("verification failed: {}", record_.verification.detail));
      else if (record_.physical_limit)
        if (auto too_fast =
                physical_limit_violation(record_, *record_.physical_limit, limits.basis))
          fail(*too_fast);
    } catch (const CallTimedOut&) {
      fail(timeout_reason());
    } catch (const DeviceLost& e) {
      device_lost_ = true;
      fail(with_timeout(fmt::format("device lost during verification: {}", e.what())));
    } catch (const std::exception& e) {
      fail(with_timeout(fmt::format("verification could not run: {}", e.what())));
    }
  }
  prepared_.reset();
  return std::move(record_);
}

}  // namespace ridgeline
