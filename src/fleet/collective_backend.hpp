// Collectives as benchmarks: a Backend over one transport (MPI, NCCL, RCCL) and the rank
// group, so the harness runs, times and verifies them like any kernel. Every rank runs the
// same plan; each sample starts behind the group's barrier and its time is the slowest
// rank's (the collective ends when its last rank does), so every rank records the same
// samples and sizes its samples the same way. Each rank also keeps its own time inside
// the calls: the rank the others wait for spends the least there (ridgeline fleet names it).
#pragma once

#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "backends/fault/fault_plan.hpp"
#include "fleet/rank_group.hpp"

namespace ridgeline::fleet {

// "0-3", or "0,2,5" when the ranks are not consecutive.
std::string rank_range_text(int size);

class CollectiveBackend final : public Backend {
 public:
  // `device` is the rank's own (recorded with every result); `faults` the RIDGELINE_FAULT
  // items for this rank: slow delays this rank before each call (a straggler), kill ends
  // the process at the first timed sample. A barrier waits at most `barrier_seconds`.
  CollectiveBackend(std::shared_ptr<CollectiveTransport> transport, RankGroup& group,
                    DeviceInfo device, std::vector<fault::InjectedFault> faults,
                    double barrier_seconds);

  std::string_view name() const override { return transport_name_; }
  std::vector<DeviceInfo> devices() override { return {device_}; }
  bool supports(const KernelDecl& kernel, DType t) const override;
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 0; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl&, DType) const override {
    return 0;
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo& device, const CaseSpec& spec) override;

 private:
  std::shared_ptr<CollectiveTransport> transport_;
  std::string transport_name_;
  RankGroup& group_;
  DeviceInfo device_;
  std::vector<fault::InjectedFault> faults_;
  double barrier_seconds_;
};

}  // namespace ridgeline::fleet
