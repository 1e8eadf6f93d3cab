// The collectives' declarations: nccl-tests' bus-bandwidth factors, the counts of one call,
// and the expected outputs, checked against a plain simulation of each collective.
#include <gtest/gtest.h>

#include <vector>

#include "core/catalogue.hpp"
#include "kernels/collective.hpp"

namespace ridgeline {
namespace {

using kernels::CollectiveOp;

TEST(Collective, BusFactorsAreNcclTests) {
  // busbw = algbw x 2(n-1)/n for all-reduce, (n-1)/n for the blocked ones, 1 for broadcast.
  EXPECT_DOUBLE_EQ(kernels::bus_factor(CollectiveOp::all_reduce, 2), 1.0);
  EXPECT_DOUBLE_EQ(kernels::bus_factor(CollectiveOp::all_reduce, 4), 1.5);
  EXPECT_DOUBLE_EQ(kernels::bus_factor(CollectiveOp::all_reduce, 8), 1.75);
  for (auto op :
       {CollectiveOp::all_gather, CollectiveOp::reduce_scatter, CollectiveOp::all_to_all}) {
    EXPECT_DOUBLE_EQ(kernels::bus_factor(op, 2), 0.5);
    EXPECT_DOUBLE_EQ(kernels::bus_factor(op, 4), 0.75);
    EXPECT_DOUBLE_EQ(kernels::bus_factor(op, 8), 0.875);
  }
  EXPECT_DOUBLE_EQ(kernels::bus_factor(CollectiveOp::broadcast, 4), 1.0);
  EXPECT_DOUBLE_EQ(kernels::bus_factor(CollectiveOp::all_reduce, 1), 0.0);
}

TEST(Collective, CatalogueDeclaresMessageBytes) {
  const KernelDecl* all_reduce = find_kernel("all_reduce");
  ASSERT_NE(all_reduce, nullptr);
  EXPECT_EQ(all_reduce->family, Family::collective);
  EXPECT_EQ(collective_op(*all_reduce), CollectiveOp::all_reduce);
  EXPECT_EQ(collective_op(*find_kernel("triad")), std::nullopt);
  // S bytes per call: 1 MiB of fp32 is 262144 elements.
  const Work w = work_per_call(*all_reduce, DType::fp32, 262144);
  EXPECT_DOUBLE_EQ(w.bytes, 1048576.0);
  EXPECT_DOUBLE_EQ(w.flops, 0.0);
  EXPECT_EQ(rate_unit(Family::collective, DType::fp32), RateUnit::gigabytes);
}

// Every rank's send buffer as contribution() fills it, the collective done by hand, and
// each rank's output compared with expected_output().
void check_against_simulation(CollectiveOp op, int ranks, std::uint64_t elements) {
  const auto counts = kernels::collective_counts(op, elements, ranks);
  std::vector<std::vector<float>> send(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r)
    for (std::uint64_t i = 0; i < counts.send; ++i)
      send[static_cast<std::size_t>(r)].push_back(kernels::contribution(r, i));
  for (int r = 0; r < ranks; ++r) {
    std::vector<double> out(counts.recv, 0);
    for (std::uint64_t i = 0; i < counts.recv; ++i) {
      const std::uint64_t c = counts.count;
      switch (op) {
        case CollectiveOp::all_reduce:
          for (int s = 0; s < ranks; ++s) out[i] += send[static_cast<std::size_t>(s)][i];
          break;
        case CollectiveOp::all_gather:
          out[i] = send[i / c][i % c];
          break;
        case CollectiveOp::reduce_scatter:
          for (int s = 0; s < ranks; ++s)
            out[i] += send[static_cast<std::size_t>(s)][static_cast<std::uint64_t>(r) * c + i];
          break;
        case CollectiveOp::all_to_all:
          out[i] = send[i / c][static_cast<std::uint64_t>(r) * c + i % c];
          break;
        case CollectiveOp::broadcast:
          out[i] = send[kernels::kBroadcastRoot][i];
          break;
      }
      ASSERT_EQ(out[i], kernels::expected_output(op, r, ranks, i, c))
          << "op " << static_cast<int>(op) << " rank " << r << " index " << i;
    }
  }
}

TEST(Collective, ExpectedOutputsMatchASimulation) {
  for (auto op : {CollectiveOp::all_reduce, CollectiveOp::all_gather, CollectiveOp::reduce_scatter,
                  CollectiveOp::all_to_all, CollectiveOp::broadcast})
    for (int ranks : {2, 3, 4})
      check_against_simulation(op, ranks, static_cast<std::uint64_t>(ranks) * 10);
}

TEST(Collective, CountsOfOneCall) {
  const auto gather = kernels::collective_counts(CollectiveOp::all_gather, 1024, 4);
  EXPECT_EQ(gather.send, 256u);
  EXPECT_EQ(gather.recv, 1024u);
  EXPECT_EQ(gather.count, 256u);
  const auto scatter = kernels::collective_counts(CollectiveOp::reduce_scatter, 1024, 4);
  EXPECT_EQ(scatter.send, 1024u);
  EXPECT_EQ(scatter.recv, 256u);
  const auto a2a = kernels::collective_counts(CollectiveOp::all_to_all, 1024, 4);
  EXPECT_EQ(a2a.send, 1024u);
  EXPECT_EQ(a2a.count, 256u);
}

}  // namespace
}  // namespace ridgeline
