// Each launcher's variables, faked: srun tasks, Slurm's batch step, mpirun (alone and
// inside a Slurm job), srun --mpi=pmi2, MPICH's Hydra inside a Slurm step, MVAPICH2, and
// what a broken environment says.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "core/launcher_environment.hpp"

namespace ridgeline {
namespace {

Environment fake(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::map<std::string, std::string> kSrunTask{{"SLURM_JOB_ID", "812"},
                                                   {"SLURM_STEP_ID", "0"},
                                                   {"SLURM_PROCID", "5"},
                                                   {"SLURM_LOCALID", "1"},
                                                   {"SLURM_NODEID", "2"},
                                                   {"SLURM_NTASKS", "8"},
                                                   {"SLURM_STEP_NUM_TASKS", "8"},
                                                   {"SLURM_STEP_TASKS_PER_NODE", "2(x4)"},
                                                   {"SLURMD_NODENAME", "gpu-node-03"}};

TEST(LauncherEnvironment, NoLauncherIsRankZeroOfOne) {
  const auto launch = detect_launch(fake({}), "laptop");
  EXPECT_EQ(launch.placement.launcher, Launcher::none);
  EXPECT_EQ(launch.placement.rank, 0);
  EXPECT_EQ(launch.placement.world_size, 1);
  EXPECT_EQ(launch.placement.node_name, "laptop");
  EXPECT_FALSE(launch.mpi_launch);
}

TEST(LauncherEnvironment, AnSrunTaskHasRankNodeAndLocalRank) {
  const auto launch = detect_launch(fake(kSrunTask), "ignored");
  const Placement& p = launch.placement;
  EXPECT_EQ(p.launcher, Launcher::slurm);
  EXPECT_EQ(p.rank, 5);
  EXPECT_EQ(p.world_size, 8);
  EXPECT_EQ(p.local_rank, 1);
  EXPECT_EQ(p.local_size, 2);
  EXPECT_EQ(p.node_id, 2);
  EXPECT_EQ(p.node_name, "gpu-node-03");
  EXPECT_EQ(p.job_id, "812.0");
  EXPECT_FALSE(launch.mpi_launch) << "a plain srun starts no MPI program";
}

TEST(LauncherEnvironment, SrunWithPmixOrPmi2StartsAnMpiProgram) {
  auto vars = kSrunTask;
  vars["PMIX_RANK"] = "5";
  EXPECT_TRUE(detect_launch(fake(vars), "").mpi_launch);
  // srun --mpi=pmi2 also exports PMI_RANK and PMI_SIZE: still srun, with its node ids.
  vars = kSrunTask;
  vars["PMI_FD"] = "7";
  vars["PMI_RANK"] = "5";
  vars["PMI_SIZE"] = "8";
  const auto launch = detect_launch(fake(vars), "");
  EXPECT_EQ(launch.placement.launcher, Launcher::slurm);
  EXPECT_EQ(launch.placement.node_id, 2);
  EXPECT_TRUE(launch.mpi_launch);
}

TEST(LauncherEnvironment, TheBatchStepOfAnSbatchJobIsNotATask) {
  // The batch script sees SLURM_PROCID=0 and SLURM_NTASKS of the whole job, but no step.
  const auto launch = detect_launch(fake({{"SLURM_JOB_ID", "812"},
                                          {"SLURM_PROCID", "0"},
                                          {"SLURM_NTASKS", "8"},
                                          {"SLURM_LOCALID", "0"},
                                          {"SLURM_NODEID", "0"}}),
                                    "login");
  EXPECT_EQ(launch.placement.launcher, Launcher::none);
  EXPECT_EQ(launch.placement.world_size, 1);
}

TEST(LauncherEnvironment, MpirunRanksComeFromOmpiVariables) {
  const auto launch = detect_launch(fake({{"OMPI_COMM_WORLD_SIZE", "4"},
                                          {"OMPI_COMM_WORLD_RANK", "3"},
                                          {"OMPI_COMM_WORLD_LOCAL_RANK", "1"},
                                          {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"},
                                          {"OMPI_MCA_ess_base_jobid", "42"}}),
                                    "n1");
  const Placement& p = launch.placement;
  EXPECT_EQ(p.launcher, Launcher::open_mpi);
  EXPECT_EQ(p.rank, 3);
  EXPECT_EQ(p.world_size, 4);
  EXPECT_EQ(p.local_rank, 1);
  EXPECT_EQ(p.local_size, 2);
  EXPECT_EQ(p.node_id, std::nullopt) << "Open MPI gives no node index; MPI gathers it";
  EXPECT_EQ(p.job_id, "42");
  EXPECT_TRUE(launch.mpi_launch);
}

TEST(LauncherEnvironment, MpirunInsideASlurmJobIsOpenMpi) {
  // mpirun starts its daemons as a Slurm step: SLURM_PROCID is the daemon's, not the rank.
  auto vars = kSrunTask;
  vars["OMPI_COMM_WORLD_SIZE"] = "16";
  vars["OMPI_COMM_WORLD_RANK"] = "11";
  vars["OMPI_COMM_WORLD_LOCAL_RANK"] = "3";
  const auto launch = detect_launch(fake(vars), "");
  EXPECT_EQ(launch.placement.launcher, Launcher::open_mpi);
  EXPECT_EQ(launch.placement.rank, 11);
  EXPECT_EQ(launch.placement.local_rank, 3);
  EXPECT_EQ(launch.placement.job_id, "812") << "the Slurm job names the fleet";
}

TEST(LauncherEnvironment, HydraInsideASlurmStepIsMpich) {
  // Hydra's proxies are the step's tasks (one per node); the ranks are PMI's.
  auto vars = kSrunTask;
  vars["PMI_RANK"] = "13";
  vars["PMI_SIZE"] = "32";
  vars["MPI_LOCALRANKID"] = "5";
  const auto launch = detect_launch(fake(vars), "");
  EXPECT_EQ(launch.placement.launcher, Launcher::mpich);
  EXPECT_EQ(launch.placement.rank, 13);
  EXPECT_EQ(launch.placement.world_size, 32);
  EXPECT_EQ(launch.placement.local_rank, 5);
}

TEST(LauncherEnvironment, Mvapich) {
  const auto launch = detect_launch(fake({{"MV2_COMM_WORLD_SIZE", "2"},
                                          {"MV2_COMM_WORLD_RANK", "1"},
                                          {"MV2_COMM_WORLD_LOCAL_RANK", "0"}}),
                                    "");
  EXPECT_EQ(launch.placement.launcher, Launcher::mvapich);
  EXPECT_EQ(launch.placement.rank, 1);
}

TEST(LauncherEnvironment, BrokenVariablesAreNamed) {
  const auto message = [](std::map<std::string, std::string> vars) {
    try {
      detect_launch(fake(std::move(vars)), "");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  auto vars = kSrunTask;
  vars["SLURM_PROCID"] = "five";
  EXPECT_EQ(message(vars), "SLURM_PROCID='five': not a whole number (set by the launcher?)");
  vars = kSrunTask;
  vars["SLURM_PROCID"] = "8";
  EXPECT_EQ(message(vars), "SLURM_PROCID=8 is not below the world size 8");
  EXPECT_EQ(message({{"OMPI_COMM_WORLD_SIZE", "4"}}),
            "OMPI_COMM_WORLD_RANK is not set, but the other variables of openmpi are");
  EXPECT_EQ(global_rank_or_zero(fake({{"OMPI_COMM_WORLD_SIZE", "4"}})), 0);
  EXPECT_EQ(global_rank_or_zero(fake(kSrunTask)), 5);
}

TEST(LauncherEnvironment, SlurmTasksPerNode) {
  EXPECT_EQ(slurm_tasks_on_node("2", 0), 2);
  EXPECT_EQ(slurm_tasks_on_node("2(x3),1", 2), 2);
  EXPECT_EQ(slurm_tasks_on_node("2(x3),1", 3), 1);
  EXPECT_EQ(slurm_tasks_on_node("2(x3),1", 4), std::nullopt);
  EXPECT_EQ(slurm_tasks_on_node("2(x", 0), std::nullopt);
  EXPECT_EQ(slurm_tasks_on_node("", 0), std::nullopt);
}

}  // namespace
}  // namespace ridgeline
