// A test hook, not a device: wraps a real backend and makes chosen cases fail the way
// real hardware does (see fault_plan.hpp), so the whole binary can be driven through
// every failure path from the command line. Active only when RIDGELINE_FAULT is set.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/fault/fault_plan.hpp"

namespace ridgeline::fault {

// Lets an injected hang wait until abort_running() releases it.
class HangRelease {
 public:
  void wait();           // returns only once released
  void release();        // from another thread
  bool waiting() const;  // a hang is in progress

 private:
  mutable std::mutex mutex_;
  std::condition_variable released_;
  int waiting_ = 0;
  bool released_flag_ = false;
};

class FaultInjectingBackend final : public Backend {
 public:
  // `spec` is RIDGELINE_FAULT's value; items with @<rank> apply only when `rank` is this
  // process's global rank. A spec that does not parse leaves the backend without
  // devices, and unavailable_reason() says why.
  FaultInjectingBackend(std::unique_ptr<Backend> real, std::string spec, int rank = 0);

  std::string_view name() const override { return real_->name(); }
  std::vector<DeviceInfo> devices() override;
  std::string unavailable_reason() const override;
  bool supports(const KernelDecl& kernel, DType t) const override {
    return real_->supports(kernel, t);
  }
  bool supports_on(const DeviceInfo& device, const KernelDecl& kernel, DType t) const override {
    return real_->supports_on(device, kernel, t);
  }
  std::uint64_t default_array_bytes(const DeviceInfo& device) const override {
    return real_->default_array_bytes(device);
  }
  std::uint64_t default_multiply_adds(const DeviceInfo& device, const KernelDecl& kernel,
                                      DType t) const override {
    return real_->default_multiply_adds(device, kernel, t);
  }
  std::vector<Params> launch_option_sweep(const KernelDecl& kernel, DType t) const override {
    return real_->launch_option_sweep(kernel, t);
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo& device, const CaseSpec& spec) override;
  std::optional<HardwareSample> sample_hardware(const DeviceInfo& device) override {
    return real_->sample_hardware(device);
  }
  std::string hardware_source() const override { return real_->hardware_source(); }
  std::unique_ptr<CollectiveTransport> open_collective_transport(const DeviceInfo& device, int rank,
                                                                 int size, const ShareBytes& share,
                                                                 std::string& why_not) override {
    return real_->open_collective_transport(device, rank, size, share, why_not);
  }
  // Releases an abortable hang; a plain hang stays stuck, as a CPU kernel would.
  bool abort_running() override;
  bool set_threads(int threads) override { return real_->set_threads(threads); }

 private:
  std::unique_ptr<Backend> real_;
  std::string spec_;
  std::vector<InjectedFault> plan_;
  std::string spec_error_;
  HangRelease abortable_;
  HangRelease never_;  // never released
};

}  // namespace ridgeline::fault
