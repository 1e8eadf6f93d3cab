// What a result file records about the tool, the host and the run itself.
#pragma once

#include <filesystem>
#include <string>

#include "core/device.hpp"
#include "results/result_model.hpp"

namespace ridgeline::cli {

ToolInfo this_tool();
HostInfo this_host();
std::string utc_now_iso8601();
// This process's arguments, space-separated, as the kernel recorded them.
std::string process_command_line();
// results/<device-slug>-<YYYY-MM-DD>.json under `dir`, with -2, -3 ... appended
// rather than overwrite an earlier run of the same day.
std::filesystem::path default_result_path(const std::filesystem::path& dir,
                                          const DeviceInfo& device);
// A run's file before its first benchmark: tool, host, device, suite, repetitions, the
// command line and when it started.
ResultFile run_header(const DeviceInfo& device, const std::string& suite, int repetitions,
                      const std::string& command_line);

}  // namespace ridgeline::cli
