// What `ridgeline run` was asked to do, checked and parsed once, for whichever way it
// runs: one device, one rank of srun/mpirun, or every device of the node.
#pragma once

#include <optional>
#include <string>

#include "cli/run_session.hpp"
#include "report/table_document.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {

struct RunRequest {
  std::string device = "auto";  // as given: auto, cpu, cuda:N, cuda:all, all, ...
  std::string suite_name = "default";
  PlanRequest plan;  // suite, --size, the operand seed
  std::optional<std::string> size_text;
  std::optional<std::string> filter;
  std::optional<std::string> out;           // --out: one file
  std::optional<std::string> out_dir;       // --out-dir: one file per device or rank
  bool sequential = false;                  // --sequential: one device or rank after another
  std::optional<int> threads;               // --threads: the CPU backend's OpenMP team
  TableFormat format = TableFormat::table;  // of the table printed at the end
  bool list = false;       // --list: print the plan and its estimate, measure nothing
  SessionOptions session;  // repetitions, time limit, duration
  std::string command_line;
};

// The directory fleet files go to: --out-dir, else results/.
std::string fleet_directory(const RunRequest& r);

}  // namespace ridgeline::cli
