// Collectives through the harness on a faked transport: ranks are threads of this test,
// the collective is computed by hand from every rank's send buffer, and everything else
// (barriers, the slowest rank's time, sizing samples alike on every rank, verification,
// the bus factor, the straggler's time inside the calls) is the real code.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "fleet/collective_backend.hpp"
#include "fleet/thread_rank_group.hpp"
#include "harness.hpp"
#include "suite_plan.hpp"

namespace ridgeline::fleet {
namespace {

using kernels::CollectiveOp;

// What the fake ranks share: each one's send buffer, published for the others.
struct FakeNetwork {
  explicit FakeNetwork(int n) : sends(static_cast<std::size_t>(n)) {}
  std::vector<const std::vector<float>*> sends;
  bool corrupt_rank_1 = false;  // a transport that delivers a wrong value to rank 1
};

class FakeBuffers final : public CollectiveBuffers {
 public:
  FakeBuffers(std::uint64_t s, std::uint64_t r) : send(s), receive(r) {}
  void write_send(std::span<const float> v) override {
    std::copy(v.begin(), v.end(), send.begin());
  }
  void fill_receive(float value) override { std::fill(receive.begin(), receive.end(), value); }
  void read_receive(std::span<float> out) override {
    std::copy(receive.begin(), receive.end(), out.begin());
  }
  std::vector<float> send, receive;
};

class FakeTransport final : public CollectiveTransport {
 public:
  FakeTransport(FakeNetwork& net, ThreadRankGroup& group) : net_(net), group_(group) {}
  std::string name() const override { return "fake"; }
  std::string library() const override { return "this test"; }
  int rank() const override { return group_.rank(); }
  int size() const override { return group_.size(); }
  std::unique_ptr<CollectiveBuffers> allocate(std::uint64_t s, std::uint64_t r) override {
    return std::make_unique<FakeBuffers>(s, r);
  }
  CollectiveTiming run(CollectiveOp op, CollectiveBuffers& b, std::uint64_t count, int calls,
                       const std::function<void()>& before_call) override {
    auto& buffers = dynamic_cast<FakeBuffers&>(b);
    const auto start = std::chrono::steady_clock::now();
    CollectiveTiming t;
    const auto n = static_cast<std::size_t>(size());
    const auto me = static_cast<std::size_t>(rank());
    for (int call = 0; call < calls; ++call) {
      if (before_call) before_call();
      const auto in = std::chrono::steady_clock::now();
      net_.sends[me] = &buffers.send;
      group_.barrier(10);  // everyone's data is published
      for (std::uint64_t i = 0; i < buffers.receive.size(); ++i) {
        float v = 0;
        switch (op) {
          case CollectiveOp::all_reduce:
            for (std::size_t s = 0; s < n; ++s) v += (*net_.sends[s])[i];
            break;
          case CollectiveOp::all_gather:
            v = (*net_.sends[i / count])[i % count];
            break;
          case CollectiveOp::reduce_scatter:
            for (std::size_t s = 0; s < n; ++s) v += (*net_.sends[s])[me * count + i];
            break;
          case CollectiveOp::all_to_all:
            v = (*net_.sends[i / count])[me * count + i % count];
            break;
          case CollectiveOp::broadcast:
            v = (*net_.sends[0])[i];
            break;
        }
        buffers.receive[i] = v;
      }
      if (net_.corrupt_rank_1 && me == 1) buffers.receive[3] += 1;
      group_.barrier(10);  // nobody changes a send buffer still being read
      t.in_call_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - in).count();
    }
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return t;
  }

 private:
  FakeNetwork& net_;
  ThreadRankGroup& group_;
};

struct RankOutcome {
  std::vector<BenchmarkRecord> records;
};

// Every collective at 64 KiB on `n` thread ranks through the harness.
std::vector<RankOutcome> run_ranks(int n, FakeNetwork& net, const std::string& fault_spec = "") {
  auto fleet = std::make_shared<ThreadFleet>(n);
  std::vector<RankOutcome> out(static_cast<std::size_t>(n));
  std::vector<std::thread> threads;
  for (int r = 0; r < n; ++r)
    threads.emplace_back([&, r] {
      ThreadRankGroup group(fleet, r);
      auto transport = std::make_shared<FakeTransport>(net, group);
      DeviceInfo device;
      device.id = "cpu:0";
      device.backend = "cpu";
      device.name = "test";
      std::vector<fault::InjectedFault> faults;
      if (!fault_spec.empty()) faults = fault::for_rank(fault::parse_fault_plan(fault_spec), r);
      CollectiveBackend backend(transport, group, device, faults, 10);
      std::vector<PlannedCase> plan;
      for (auto& c : plan_collectives(backend, device, Suite::quick, n))
        if (c.name.ends_with("bytes:65536")) plan.push_back(std::move(c));
      HarnessOptions options;
      options.repetitions = 3;
      options.min_sample_seconds = 0.002;
      HarnessCallbacks cb;
      cb.on_record = [&](const BenchmarkRecord& rec) {
        out[static_cast<std::size_t>(r)].records.push_back(rec);
      };
      run_cases(backend, device, plan, options, cb);
      group.leave();
    });
  for (auto& t : threads) t.join();
  return out;
}

TEST(CollectiveBackend, EveryCollectiveVerifiesAndRecordsTheSlowestRanksTime) {
  FakeNetwork net(4);
  const auto ranks = run_ranks(4, net);
  ASSERT_EQ(ranks[0].records.size(), 5u);
  for (std::size_t c = 0; c < 5; ++c) {
    const BenchmarkRecord& first = ranks[0].records[c];
    EXPECT_EQ(first.status, BenchStatus::ok) << first.name << ": " << first.reason;
    EXPECT_TRUE(first.verification.passed()) << first.name;
    EXPECT_EQ(first.bytes_per_call, 65536.0);
    for (const auto& rank : ranks) {
      // The same samples on every rank: each is the slowest rank's time.
      EXPECT_EQ(rank.records[c].sample_seconds, first.sample_seconds) << first.name;
      EXPECT_EQ(rank.records[c].calls_per_sample, first.calls_per_sample);
      EXPECT_EQ(text_param(rank.records[c].params, param_keys::kTransport), "fake");
      EXPECT_EQ(text_param(rank.records[c].params, param_keys::kCollectiveRanks), "0-3");
    }
  }
  const auto factor = [&](std::size_t c) {
    return *number_param(ranks[0].records[c].params, param_keys::kBusFactor);
  };
  EXPECT_EQ(ranks[0].records[0].name, "all_reduce/fp32/bytes:65536");
  EXPECT_DOUBLE_EQ(factor(0), 1.5);   // 2(n-1)/n
  EXPECT_DOUBLE_EQ(factor(1), 0.75);  // all_gather (n-1)/n
  EXPECT_DOUBLE_EQ(factor(4), 1.0);   // broadcast
}

TEST(CollectiveBackend, TwoRanksToo) {
  FakeNetwork net(2);
  const auto ranks = run_ranks(2, net);
  for (const auto& r : ranks[1].records) EXPECT_TRUE(r.verification.passed()) << r.name;
  EXPECT_DOUBLE_EQ(*number_param(ranks[1].records[0].params, param_keys::kBusFactor), 1.0);
}

TEST(CollectiveBackend, AWrongValueFailsTheRankThatGotIt) {
  FakeNetwork net(3);
  net.corrupt_rank_1 = true;
  const auto ranks = run_ranks(3, net);
  EXPECT_EQ(ranks[0].records[0].status, BenchStatus::ok);
  EXPECT_EQ(ranks[1].records[0].status, BenchStatus::failed);
  EXPECT_NE(ranks[1].records[0].reason.find("verification failed"), std::string::npos)
      << ranks[1].records[0].reason;
}

TEST(CollectiveBackend, AStragglerSpendsTheLeastTimeInsideTheCalls) {
  FakeNetwork net(4);
  const auto ranks = run_ranks(4, net, "slow=50:all_reduce@2");
  std::vector<double> in_call;
  for (const auto& r : ranks)
    in_call.push_back(*number_param(r.records[0].params, param_keys::kInCallSeconds));
  for (std::size_t r = 0; r < in_call.size(); ++r) {
    if (r == 2) continue;
    EXPECT_LT(in_call[2], in_call[r]) << "rank " << r << " waits for rank 2";
  }
  EXPECT_EQ(text_param(ranks[2].records[0].params, "injected_faults"), "slow");
}

}  // namespace
}  // namespace ridgeline::fleet
