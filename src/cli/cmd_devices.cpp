#include <fmt/core.h>

#include <cctype>

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

int devices_command() {
  std::vector<DeviceInfo> all;
  auto backends = make_backends();
  for (std::string_view name : {"cuda", "hip", "cpu"}) {
    Backend* backend = nullptr;
    for (auto& b : backends)
      if (b->name() == name) backend = b.get();
    if (!backend) {
      fmt::print("no {} device: this binary was built without the {} backend\n", upper(name),
                 upper(name));
      continue;
    }
    auto devices = backend->devices();
    if (devices.empty())
      fmt::print("no {} device: {}\n", upper(name), backend->unavailable_reason());
    else
      for (const std::string& note : backend->notes()) fmt::print("{}: {}\n", name, note);
    all.insert(all.end(), devices.begin(), devices.end());
  }
  fmt::print("{}", format_devices(all));
  return kExitOk;
}

}  // namespace

Subcommand add_devices_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("devices", "list the devices of every backend");
  return {cmd, devices_command};
}

}  // namespace ridgeline::cli
