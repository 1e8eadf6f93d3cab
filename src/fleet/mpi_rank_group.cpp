#include "fleet/mpi_rank_group.hpp"

#include "stop_request.hpp"

namespace ridgeline::fleet {

std::string MpiRankGroup::description() const { return "MPI (" + world_->library_version() + ")"; }

bool MpiRankGroup::barrier(double timeout_seconds) {
  if (!in_step_) return false;
  in_step_ = world_->barrier(timeout_seconds, [] { return stop_requested(); });
  return in_step_;
}

double MpiRankGroup::max_over_ranks(double value) {
  return in_step_ ? world_->max_over_ranks(value) : value;
}

std::vector<std::string> MpiRankGroup::all_gather_text(const std::string& mine) {
  if (!in_step_) return {mine};
  return world_->all_gather_text(mine);
}

void MpiRankGroup::broadcast_bytes(void* data, std::size_t bytes, int root) {
  if (in_step_) world_->broadcast_bytes(data, bytes, root);
}

std::vector<std::string> MpiRankGroup::gather_text(const std::string& mine) {
  if (!in_step_) return rank() == 0 ? std::vector<std::string>{mine} : std::vector<std::string>{};
  return world_->gather_text(mine, 0);
}

void MpiRankGroup::finish() {
  if (in_step_) world_->finalize();
}

}  // namespace ridgeline::fleet
