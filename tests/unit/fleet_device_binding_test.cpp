// Which device each rank of a node binds, with faked launchers and device counts.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "fleet/device_binding.hpp"

namespace ridgeline::fleet {
namespace {

Environment fake(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Placement rank(int local, std::optional<int> local_size, int world = 8) {
  Placement p;
  p.launcher = Launcher::slurm;
  p.rank = local;
  p.world_size = world;
  p.local_rank = local;
  p.local_size = local_size;
  p.node_name = "gpu07";
  return p;
}

const std::vector<BackendDevices> kEightGpus{{"cuda", 8}, {"hip", 0}, {"cpu", 1}};

std::string error_of(std::string_view request, const Placement& p,
                     const std::vector<BackendDevices>& available, const Environment& env) {
  try {
    bind_device(request, p, available, env);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "bound";
}

TEST(DeviceBinding, APlainRunKeepsTheRequest) {
  Placement single;
  EXPECT_EQ(bind_device("auto", single, kEightGpus, fake({})).device, "auto");
  EXPECT_EQ(bind_device("cuda:3", single, kEightGpus, fake({})).how, "");
}

TEST(DeviceBinding, EachLocalRankTakesItsGpu) {
  for (int local = 0; local < 8; ++local) {
    const auto b = bind_device("auto", rank(local, 8), kEightGpus, fake({}));
    EXPECT_EQ(b.device, "cuda:" + std::to_string(local));
    EXPECT_EQ(b.how, "local rank " + std::to_string(local) + " -> cuda:" + std::to_string(local));
  }
  EXPECT_EQ(bind_device("cuda", rank(2, 8), kEightGpus, fake({})).device, "cuda:2");
}

TEST(DeviceBinding, OneVisibleGpuPerTaskIsDeviceZero) {
  // Slurm's --gpus-per-task=1 leaves each task one device, renumbered 0.
  const auto b = bind_device("auto", rank(5, 8), {{"cuda", 1}, {"cpu", 1}},
                             fake({{"CUDA_VISIBLE_DEVICES", "5"}}));
  EXPECT_EQ(b.device, "cuda:0");
  EXPECT_EQ(b.how, "CUDA_VISIBLE_DEVICES=5 (set by the launcher) -> cuda:0");
  const auto amd = bind_device("hip", rank(1, 8), {{"hip", 1}, {"cpu", 1}},
                               fake({{"ROCR_VISIBLE_DEVICES", "1"}}));
  EXPECT_EQ(amd.device, "hip:0");
  EXPECT_NE(amd.how.find("ROCR_VISIBLE_DEVICES=1"), std::string::npos);
}

TEST(DeviceBinding, MoreRanksThanGpusIsRefused) {
  EXPECT_EQ(error_of("auto", rank(1, 9), kEightGpus, fake({})),
            "9 ranks on node gpu07 but cuda has 8 devices: launch at most 8 ranks per node");
  EXPECT_EQ(error_of("auto", rank(8, std::nullopt), kEightGpus, fake({})),
            "local rank 8 on node gpu07 but cuda has 8 devices: launch at most 8 ranks per node");
  EXPECT_EQ(error_of("auto", rank(1, 2), {{"cuda", 1}}, fake({})),
            "2 ranks on gpu07 but cuda has 1 device: give each rank its own (srun "
            "--gpus-per-task=1) or launch one rank per node");
  EXPECT_EQ(error_of("hip", rank(0, 2), kEightGpus, fake({})),
            "--device hip: no hip device on node gpu07");
}

TEST(DeviceBinding, CpuRanksShareTheNodesCpu) {
  const auto b = bind_device("auto", rank(3, 4), {{"cuda", 0}, {"cpu", 1}}, fake({}));
  EXPECT_EQ(b.device, "cpu:0");
  EXPECT_EQ(b.how, "the node's CPU, shared by its 4 ranks");
}

TEST(DeviceBinding, AnExplicitIndexIsKept) {
  const auto b = bind_device("cuda:6", rank(0, 8), kEightGpus, fake({}));
  EXPECT_EQ(b.device, "cuda:6");
  EXPECT_EQ(b.how, "as requested (--device cuda:6)");
}

}  // namespace
}  // namespace ridgeline::fleet
