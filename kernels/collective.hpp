// Collectives between ranks (MPI between processes, NCCL/RCCL between GPUs), declared as
// kernels like any other: what one call moves, the bus-bandwidth factor, and the values
// every rank must end with, so any transport is verified and counted the same way.
//
// Counting follows nccl-tests (doc/PERFORMANCE.md): S is the size of the largest buffer
// a rank holds (the all-reduce vector, the all-gather output, the reduce-scatter input,
// the all-to-all send buffer, the broadcast buffer); algbw = S / time, and
// busbw = algbw x factor(n), the factor that makes busbw comparable with the hardware's
// link bandwidth whatever the rank count n:
//   all_reduce 2(n-1)/n;  all_gather, reduce_scatter, all_to_all (n-1)/n;  broadcast 1.
//
// Values: rank r contributes (r + 1) x (1 + i % 7) at index i, small integers whose sums
// are exact in fp32 up to 2^24 (beyond 2000 ranks), so every output is compared exactly.
#pragma once

#include <cstdint>

#include "declaration.hpp"
#include "portability.hpp"

namespace ridgeline::kernels {

enum class CollectiveOp : std::uint8_t {
  all_reduce,
  all_gather,
  reduce_scatter,
  all_to_all,
  broadcast
};

// The rank a broadcast starts from.
inline constexpr int kBroadcastRoot = 0;

struct AllReduce {
  static constexpr CollectiveOp op = CollectiveOp::all_reduce;
  static constexpr KernelDecl decl{"all_reduce",
                                   Family::collective,
                                   mask_of(DType::fp32),
                                   {},
                                   0,
                                   "every rank gets the sum over ranks of S bytes"};
};
struct AllGather {
  static constexpr CollectiveOp op = CollectiveOp::all_gather;
  static constexpr KernelDecl decl{"all_gather",
                                   Family::collective,
                                   mask_of(DType::fp32),
                                   {},
                                   0,
                                   "every rank gets every rank's S/n bytes (S in all)"};
};
struct ReduceScatter {
  static constexpr CollectiveOp op = CollectiveOp::reduce_scatter;
  static constexpr KernelDecl decl{"reduce_scatter",
                                   Family::collective,
                                   mask_of(DType::fp32),
                                   {},
                                   0,
                                   "rank k gets the sum over ranks of block k (S/n of S)"};
};
struct AllToAll {
  static constexpr CollectiveOp op = CollectiveOp::all_to_all;
  static constexpr KernelDecl decl{"all_to_all",
                                   Family::collective,
                                   mask_of(DType::fp32),
                                   {},
                                   0,
                                   "rank k sends block j of its S bytes to rank j"};
};
struct Broadcast {
  static constexpr CollectiveOp op = CollectiveOp::broadcast;
  static constexpr KernelDecl decl{"broadcast",
                                   Family::collective,
                                   mask_of(DType::fp32),
                                   {},
                                   0,
                                   "rank 0's S bytes to every rank"};
};

using CollectiveKernels = KernelList<AllReduce, AllGather, ReduceScatter, AllToAll, Broadcast>;

// busbw / algbw for `ranks` ranks (nccl-tests' convention); 0 for fewer than one rank.
constexpr double bus_factor(CollectiveOp op, int ranks) {
  if (ranks < 1) return 0;
  const double n = ranks;
  switch (op) {
    case CollectiveOp::all_reduce:
      return 2 * (n - 1) / n;
    case CollectiveOp::all_gather:
    case CollectiveOp::reduce_scatter:
    case CollectiveOp::all_to_all:
      return (n - 1) / n;
    case CollectiveOp::broadcast:
      return 1;
  }
  return 0;
}

// Elements of one call for a message of `elements` (S / sizeof(element)), which must be a
// multiple of the rank count for the blocked collectives.
struct CollectiveCounts {
  std::uint64_t send = 0;   // elements in each rank's send buffer
  std::uint64_t recv = 0;   // elements in each rank's receive buffer
  std::uint64_t count = 0;  // the count argument of the call (MPI and NCCL agree)
};

constexpr CollectiveCounts collective_counts(CollectiveOp op, std::uint64_t elements, int ranks) {
  const auto n = static_cast<std::uint64_t>(ranks < 1 ? 1 : ranks);
  switch (op) {
    case CollectiveOp::all_reduce:
    case CollectiveOp::broadcast:
      return {elements, elements, elements};
    case CollectiveOp::all_gather:
      return {elements / n, elements, elements / n};
    case CollectiveOp::reduce_scatter:
      return {elements, elements / n, elements / n};
    case CollectiveOp::all_to_all:
      return {elements, elements, elements / n};
  }
  return {};
}

// What rank `rank` puts at index i of its send buffer.
RL_HOST_DEVICE constexpr float contribution(int rank, std::uint64_t i) {
  return static_cast<float>((rank + 1) * static_cast<int>(1 + i % 7));
}

// What rank `rank` of `ranks` must hold at index i of its receive buffer after one call;
// `count` is CollectiveCounts::count.
constexpr double expected_output(CollectiveOp op, int rank, int ranks, std::uint64_t i,
                                 std::uint64_t count) {
  const double rank_sum = 0.5 * ranks * (ranks + 1.0);  // sum of (r + 1) over the ranks
  switch (op) {
    case CollectiveOp::all_reduce:
      return rank_sum * static_cast<double>(1 + i % 7);
    case CollectiveOp::all_gather:
      return contribution(static_cast<int>(i / count), i % count);
    case CollectiveOp::reduce_scatter:
      return rank_sum * static_cast<double>(1 + (static_cast<std::uint64_t>(rank) * count + i) % 7);
    case CollectiveOp::all_to_all:
      return contribution(static_cast<int>(i / count),
                          static_cast<std::uint64_t>(rank) * count + i % count);
    case CollectiveOp::broadcast:
      return contribution(kBroadcastRoot, i);
  }
  return 0;
}

}  // namespace ridgeline::kernels
