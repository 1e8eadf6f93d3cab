// The ranks of one fleet run as the harness needs them: wait for each other before each
// benchmark, agree on a number, hand texts to rank 0, share bytes (NCCL's unique id). MPI
// ranks (mpi_rank_group.hpp) and the threads of `run --device cuda:all`
// (thread_rank_group.hpp) implement it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ridgeline::fleet {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // "MPI (Open MPI v4.1.4)", "threads": what keeps the ranks in step.
  virtual std::string description() const = 0;
  // Every rank arrives; false when `timeout_seconds` pass first or a stop was requested
  // (a rank is gone or out of step), after which the group is out of step for good:
  // in_step() turns false and every later call answers alone.
  virtual bool barrier(double timeout_seconds) = 0;
  virtual bool in_step() const = 0;
  // The largest value over the ranks; every rank gets it.
  virtual double max_over_ranks(double value) = 0;
  // Every rank's text, in rank order, at every rank.
  virtual std::vector<std::string> all_gather_text(const std::string& mine) = 0;
  // `bytes` at `data` of rank `root` copied to every rank's `data`.
  virtual void broadcast_bytes(void* data, std::size_t bytes, int root) = 0;
};

}  // namespace ridgeline::fleet
