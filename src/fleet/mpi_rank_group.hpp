// The ranks of an srun or mpirun as one group, over MPI (through the plugin).
#pragma once

#include <memory>

#include "fleet/mpi_world.hpp"
#include "fleet/rank_group.hpp"

namespace ridgeline::fleet {

class MpiRankGroup final : public RankGroup {
 public:
  explicit MpiRankGroup(std::shared_ptr<mpi::MpiWorld> world) : world_(std::move(world)) {}

  int rank() const override { return world_->rank(); }
  int size() const override { return world_->size(); }
  std::string description() const override;
  bool barrier(double timeout_seconds) override;
  bool in_step() const override { return in_step_; }
  double max_over_ranks(double value) override;
  std::vector<std::string> all_gather_text(const std::string& mine) override;
  void broadcast_bytes(void* data, std::size_t bytes, int root) override;

  // Every rank's text at rank 0 (empty elsewhere), for the fleet summary.
  std::vector<std::string> gather_text(const std::string& mine);
  std::shared_ptr<mpi::MpiWorld> world() const { return world_; }
  // MPI_Finalize when the ranks are still in step; a rank gone would make it wait.
  void finish();

 private:
  std::shared_ptr<mpi::MpiWorld> world_;
  bool in_step_ = true;
};

}  // namespace ridgeline::fleet
