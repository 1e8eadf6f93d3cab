#include "backends/fault/fault_injecting_backend.hpp"

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <utility>

namespace ridgeline::fault {
namespace {

// Calls before the first timed sample: the harness's warm-up and its sizing call.
constexpr int kUntimedCalls = 2;
// How much faster than the real run a `fast` fault reports every timed sample.
constexpr double kFastFactor = 1000;

class FaultyCase final : public PreparedCase {
 public:
  FaultyCase(std::unique_ptr<PreparedCase> real, std::optional<InjectedFault> injected,
             std::string spec, HangRelease& abortable, HangRelease& never)
      : real_(std::move(real)),
        fault_(injected ? std::optional<Fault>(injected->fault) : std::nullopt),
        slow_percent_(injected ? injected->percent : 0),
        spec_(std::move(spec)),
        abortable_(abortable),
        never_(never) {}

  std::uint64_t work_count() const override { return real_->work_count(); }

  double run(int calls) override {
    if (fault_ && ++calls_made_ > kUntimedCalls) {
      switch (*fault_) {
        case Fault::launch:
          throw std::runtime_error("kernel launch failed (injected fault)");
        case Fault::lost:
          throw DeviceLost("device stopped responding (injected fault)");
        case Fault::hang:
          never_.wait();
          break;
        case Fault::abortable_hang:
          abortable_.wait();
          throw std::runtime_error("kernel aborted (injected fault)");
        case Fault::kill:
          std::raise(SIGKILL);  // no handler, no flush: the process is gone, as an OOM kill
          break;
        case Fault::slow:
          // The time reported, not spent: the rate drops by exactly the planted share,
          // whatever else shares the machine, and no core is taken from other ranks.
          return real_->run(calls) / (1 - slow_percent_ / 100);
        case Fault::fast:
          return real_->run(calls) / kFastFactor;
        case Fault::alloc:
        case Fault::wrong:
          break;
      }
    }
    return real_->run(calls);
  }

  Verification verify() override {
    Verification v = real_->verify();
    if (fault_ == Fault::wrong) {
      v.verdict = Verdict::fail;
      v.mismatches = std::max<std::uint64_t>(v.mismatches, 1);
      v.detail = "element 0 differs from the host model (injected fault)";
    }
    return v;
  }

  Params configuration() const override {
    auto config = real_->configuration();
    config["injected_faults"] = spec_;  // a result file made under the hook says so
    return config;
  }
  std::optional<double> peak_per_mhz() const override { return real_->peak_per_mhz(); }
  PhysicalLimits physical_limits() const override { return real_->physical_limits(); }
  std::optional<RunConditions> conditions() const override { return real_->conditions(); }
  void plant_wrong_value() override { real_->plant_wrong_value(); }

 private:
  std::unique_ptr<PreparedCase> real_;
  std::optional<Fault> fault_;
  double slow_percent_ = 0;
  std::string spec_;
  HangRelease& abortable_;
  HangRelease& never_;
  int calls_made_ = 0;
};

}  // namespace

void HangRelease::wait() {
  std::unique_lock lock(mutex_);
  ++waiting_;
  released_.wait(lock, [&] { return released_flag_; });
  if (--waiting_ == 0) released_flag_ = false;  // the next hang waits again
}

void HangRelease::release() {
  std::lock_guard lock(mutex_);
  released_flag_ = true;
  released_.notify_all();
}

bool HangRelease::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_ > 0;
}

FaultInjectingBackend::FaultInjectingBackend(std::unique_ptr<Backend> real, std::string spec,
                                             int rank)
    : real_(std::move(real)), spec_(std::move(spec)) {
  try {
    plan_ = for_rank(parse_fault_plan(spec_), rank);
  } catch (const std::invalid_argument& e) {
    spec_error_ = e.what();
  }
}

std::vector<DeviceInfo> FaultInjectingBackend::devices() {
  if (!spec_error_.empty()) return {};
  return real_->devices();
}

std::string FaultInjectingBackend::unavailable_reason() const {
  return spec_error_.empty() ? real_->unavailable_reason() : spec_error_;
}

std::unique_ptr<PreparedCase> FaultInjectingBackend::prepare(const DeviceInfo& device,
                                                             const CaseSpec& spec) {
  if (!spec_error_.empty()) throw std::logic_error(spec_error_);
  const InjectedFault* fault = find_fault(plan_, *spec.kernel, spec.dtype);
  if (fault && fault->fault == Fault::alloc)
    throw SkipCase("cannot allocate the arrays for " + std::string(spec.kernel->name) +
                   " (injected fault)");
  return std::make_unique<FaultyCase>(real_->prepare(device, spec),
                                      fault ? std::optional<InjectedFault>(*fault) : std::nullopt,
                                      spec_, abortable_, never_);
}

bool FaultInjectingBackend::abort_running() {
  if (!abortable_.waiting()) return false;
  abortable_.release();
  return true;
}

}  // namespace ridgeline::fault
