#include "cli/device_selection.hpp"

#include <fmt/format.h>

#include <charconv>

#include "cli/exit_codes.hpp"
#include "report/number_format.hpp"

namespace ridgeline::cli {
namespace {
constexpr std::string_view kKnownBackends[] = {"cpu", "cuda", "hip"};

std::string no_device_message(std::string_view backend_name, const Backend* backend) {
  std::string why = backend ? backend->unavailable_reason() : "ridgeline was built without it";
  std::string upper(backend_name);
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return fmt::format("no {} device{}{}", upper, why.empty() ? "" : ": ", why);
}
}  // namespace

SelectedDevice select_device(std::vector<std::unique_ptr<Backend>>& backends,
                             std::string_view request) {
  SelectedDevice out;
  if (request == "auto") {
    for (auto& b : backends) {
      auto devices = b->devices();
      if (!devices.empty()) {
        out.backend = b.get();
        out.device = devices.front();
        return out;
      }
      out.notes.push_back(no_device_message(b->name(), b.get()) + "; trying the next backend");
    }
    throw UsageError("no device found by any backend");
  }

  const auto colon = request.find(':');
  const std::string_view name = request.substr(0, colon);
  int index = 0;
  if (colon != std::string_view::npos) {
    const std::string_view digits = request.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || index < 0)
      throw UsageError(fmt::format("--device '{}': expected auto, cpu, cuda:N or hip:N", request));
  }
  bool known = false;
  for (auto k : kKnownBackends) known = known || k == name;
  if (!known)
    throw UsageError(
        fmt::format("unknown device '{}' (expected auto, cpu, cuda:N or hip:N)", request));

  for (auto& b : backends) {
    if (b->name() != name) continue;
    auto devices = b->devices();
    if (devices.empty()) throw UsageError(no_device_message(name, b.get()));
    if (static_cast<std::size_t>(index) >= devices.size())
      throw UsageError(
          fmt::format("no device {}: {} has {}", request, name, counted(devices.size(), "device")));
    out.backend = b.get();
    out.device = devices[static_cast<std::size_t>(index)];
    return out;
  }
  throw UsageError(no_device_message(name, nullptr));
}

}  // namespace ridgeline::cli
