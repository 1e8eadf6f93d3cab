#include "backends/fault/fault_plan.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace ridgeline::fault {
namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 8> kNames{{
    {Fault::alloc, "alloc"},
    {Fault::launch, "launch"},
    {Fault::wrong, "wrong"},
    {Fault::hang, "hang"},
    {Fault::abortable_hang, "abortable-hang"},
    {Fault::lost, "lost"},
    {Fault::slow, "slow"},
    {Fault::fast, "fast"},
}};

InjectedFault parse_item(std::string_view item) {
  const auto bad = [&](std::string_view why) {
    return std::invalid_argument("RIDGELINE_FAULT item '" + std::string(item) +
                                 "': " + std::string(why));
  };
  const auto colon = item.find(':');
  if (colon == std::string_view::npos) throw bad("expected <fault>:<kernel>[/<dtype>]");
  const std::string_view fault_name = item.substr(0, colon);
  std::string_view target = item.substr(colon + 1);

  std::optional<Fault> fault;
  for (const auto& [f, name] : kNames)
    if (name == fault_name) fault = f;
  if (!fault)
    throw bad(
        "unknown fault (expected alloc, launch, wrong, hang, abortable-hang, lost, slow, fast)");

  std::optional<DType> dtype;
  if (const auto slash = target.find('/'); slash != std::string_view::npos) {
    dtype = parse_dtype(target.substr(slash + 1));
    if (!dtype) throw bad("unknown dtype");
    target = target.substr(0, slash);
  }
  const KernelDecl* kernel = find_kernel(target);
  if (!kernel) throw bad("unknown kernel (ridgeline list shows them)");
  return {*fault, kernel, dtype};
}

}  // namespace

std::string_view to_string(Fault f) {
  for (const auto& [fault, name] : kNames)
    if (fault == f) return name;
  return "?";
}

std::vector<InjectedFault> parse_fault_plan(std::string_view spec) {
  std::vector<InjectedFault> plan;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    if (!item.empty()) plan.push_back(parse_item(item));
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
  }
  if (plan.empty()) throw std::invalid_argument("RIDGELINE_FAULT is set but names no fault");
  return plan;
}

std::optional<Fault> fault_for(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                               DType t) {
  for (const auto& f : plan)
    if (std::string_view(f.kernel->name) == kernel.name && (!f.dtype || *f.dtype == t))
      return f.fault;
  return std::nullopt;
}

}  // namespace ridgeline::fault
