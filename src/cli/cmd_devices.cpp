#include <fmt/core.h>

#include <cctype>
#include <memory>

#include "backends/backend.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "report/catalogue_table.hpp"

namespace ridgeline::cli {
namespace {
std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

int devices_command(const std::string& format_name) {
  const auto format = parse_table_format(format_name);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected {}", format_name, kTableFormatNames));
  std::vector<DeviceInfo> all;
  std::vector<std::string> absent;  // a line per backend without a device
  auto backends = make_backends();
  for (std::string_view name : {"cuda", "hip", "cpu"}) {
    Backend* backend = nullptr;
    for (auto& b : backends)
      if (b->name() == name) backend = b.get();
    if (!backend) {
      absent.push_back(fmt::format("no {} device: this binary was built without the {} backend",
                                   upper(name), upper(name)));
      continue;
    }
    auto devices = backend->devices();
    if (devices.empty())
      absent.push_back(fmt::format("no {} device: {}", upper(name), backend->unavailable_reason()));
    all.insert(all.end(), devices.begin(), devices.end());
  }
  fmt::print("{}", render(devices_document(all, absent), *format));
  return kExitOk;
}

}  // namespace

Subcommand add_devices_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("devices", "list the devices of every backend");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table, md, csv or json")->capture_default_str();
  return {cmd, [format] { return devices_command(*format); }};
}

}  // namespace ridgeline::cli
