#include "fleet/collective_backend.hpp"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <vector>

#include "core/statistics.hpp"
#include "core/verification.hpp"

namespace ridgeline::fleet {
namespace {

// The harness's warm-up and sizing calls come before the timed samples.
constexpr int kUntimedRuns = 2;
// What the receive buffer holds before the verified call: no collective writes it.
constexpr float kUnwritten = -1.0F;

void busy_wait(double seconds) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
  while (std::chrono::steady_clock::now() < until) {
  }
}

class CollectiveCase final : public PreparedCase {
 public:
  CollectiveCase(CollectiveTransport& transport, RankGroup& group, kernels::CollectiveOp op,
                 std::uint64_t elements, const fault::InjectedFault* fault, double barrier_seconds)
      : transport_(transport),
        group_(group),
        op_(op),
        elements_(elements),
        counts_(kernels::collective_counts(op, elements, transport.size())),
        barrier_seconds_(barrier_seconds) {
    if (fault) fault_ = *fault;
    buffers_ = transport_.allocate(counts_.send, counts_.recv);
    std::vector<float> send(counts_.send);
    for (std::uint64_t i = 0; i < send.size(); ++i)
      send[i] = kernels::contribution(transport_.rank(), i);
    buffers_->write_send(send);
  }

  std::uint64_t work_count() const override { return elements_; }

  double run(int calls) override {
    if (fault_ && fault_->fault == fault::Fault::kill && ++runs_ > kUntimedRuns)
      std::raise(SIGKILL);  // as the OOM killer would: no handler, nothing flushed
    if (!group_.barrier(barrier_seconds_))
      throw std::runtime_error(fmt::format(
          "ranks out of step: not every rank reached the barrier within {:g} s", barrier_seconds_));
    const bool slow = fault_ && fault_->fault == fault::Fault::slow;
    const double delay = slow ? delay_per_call_ : 0;
    const CollectiveTiming t = transport_.run(op_, *buffers_, counts_.count, calls, [delay] {
      if (delay > 0) busy_wait(delay);
    });
    const double in_call = t.in_call_seconds / calls;
    if (++timed_ > kUntimedRuns) in_call_seconds_.push_back(in_call);
    // The straggler arrives late by `percent` of a call's own time: the others wait.
    if (slow) delay_per_call_ = fault_->percent / (100 - fault_->percent) * in_call;
    return group_.max_over_ranks(t.seconds);
  }

  Verification verify() override {
    if (!group_.barrier(barrier_seconds_))
      throw std::runtime_error("ranks out of step before verification");
    buffers_->fill_receive(kUnwritten);
    transport_.run(op_, *buffers_, counts_.count, 1, {});
    std::vector<float> got(counts_.recv);
    buffers_->read_receive(got);
    Comparison c;
    for (std::uint64_t i = 0; i < got.size(); ++i)
      c.check(
          i, got[i],
          kernels::expected_output(op_, transport_.rank(), transport_.size(), i, counts_.count));
    return c.result("received values");
  }

  Params configuration() const override {
    Params p;
    p[param_keys::kTransport] = transport_.name();
    p["library"] = transport_.library();
    p[param_keys::kCollectiveRanks] = rank_range_text(transport_.size());
    p[param_keys::kCollectiveRankCount] = transport_.size();
    p[param_keys::kBusFactor] = kernels::bus_factor(op_, transport_.size());
    p["rank"] = transport_.rank();
    p[param_keys::kMessageBytes] = elements_ * sizeof(float);
    if (!in_call_seconds_.empty()) p[param_keys::kInCallSeconds] = median(in_call_seconds_);
    if (fault_) p["injected_faults"] = std::string(fault::to_string(fault_->fault));
    return p;
  }

  void plant_wrong_value() override {
    std::vector<float> send(counts_.send);
    for (std::uint64_t i = 0; i < send.size(); ++i)
      send[i] = kernels::contribution(transport_.rank(), i) + (i == 0 ? 1.0F : 0.0F);
    buffers_->write_send(send);
  }

 private:
  CollectiveTransport& transport_;
  RankGroup& group_;
  kernels::CollectiveOp op_;
  std::uint64_t elements_;
  kernels::CollectiveCounts counts_;
  double barrier_seconds_;
  std::optional<fault::InjectedFault> fault_;
  std::unique_ptr<CollectiveBuffers> buffers_;
  std::vector<double> in_call_seconds_;
  double delay_per_call_ = 0;
  int runs_ = 0;
  int timed_ = 0;
};

}  // namespace

std::string rank_range_text(int size) { return size <= 1 ? "0" : fmt::format("0-{}", size - 1); }

CollectiveBackend::CollectiveBackend(std::shared_ptr<CollectiveTransport> transport,
                                     RankGroup& group, DeviceInfo device,
                                     std::vector<fault::InjectedFault> faults,
                                     double barrier_seconds)
    : transport_(std::move(transport)),
      transport_name_(transport_->name()),
      group_(group),
      device_(std::move(device)),
      faults_(std::move(faults)),
      barrier_seconds_(barrier_seconds) {}

bool CollectiveBackend::supports(const KernelDecl& kernel, DType t) const {
  return kernel.family == Family::collective && (kernel.dtypes & kernels::mask_of(t)) != 0 &&
         t == DType::fp32;
}

std::unique_ptr<PreparedCase> CollectiveBackend::prepare(const DeviceInfo& device,
                                                         const CaseSpec& spec) {
  static_cast<void>(device);
  if (spec.kernel == nullptr || !supports(*spec.kernel, spec.dtype))
    throw std::invalid_argument("not a collective this transport runs");
  const auto op = collective_op(*spec.kernel);
  if (!op) throw std::invalid_argument(fmt::format("not a collective: {}", spec.kernel->name));
  if (spec.array_elements % static_cast<std::uint64_t>(transport_->size()) != 0)
    throw std::invalid_argument("a message that is not whole blocks of the ranks");
  return std::make_unique<CollectiveCase>(*transport_, group_, *op, spec.array_elements,
                                          fault::find_fault(faults_, *spec.kernel, spec.dtype),
                                          barrier_seconds_);
}

}  // namespace ridgeline::fleet
