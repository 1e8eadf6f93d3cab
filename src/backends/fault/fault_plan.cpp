#include "backends/fault/fault_plan.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace ridgeline::fault {
namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 9> kNames{{
    {Fault::alloc, "alloc"},
    {Fault::launch, "launch"},
    {Fault::wrong, "wrong"},
    {Fault::hang, "hang"},
    {Fault::abortable_hang, "abortable-hang"},
    {Fault::lost, "lost"},
    {Fault::slow, "slow"},
    {Fault::fast, "fast"},
    {Fault::kill, "kill"},
}};

template <class Number>
std::optional<Number> number_in(std::string_view text) {
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

InjectedFault parse_item(std::string_view item) {
  const auto bad = [&](std::string_view why) {
    return std::invalid_argument("RIDGELINE_FAULT item '" + std::string(item) +
                                 "': " + std::string(why));
  };
  const auto colon = item.find(':');
  if (colon == std::string_view::npos)
    throw bad("expected <fault>[=<percent>]:<kernel>[/<dtype>][@<rank>]");
  std::string_view fault_name = item.substr(0, colon);
  std::string_view target = item.substr(colon + 1);

  std::optional<double> percent;
  if (const auto equals = fault_name.find('='); equals != std::string_view::npos) {
    percent = number_in<double>(fault_name.substr(equals + 1));
    fault_name = fault_name.substr(0, equals);
    if (!percent || !(*percent > 0 && *percent < 100))
      throw bad("the percent after = must be a number above 0 and below 100");
  }
  std::optional<Fault> fault;
  for (const auto& [f, name] : kNames)
    if (name == fault_name) fault = f;
  if (!fault)
    throw bad(
        "unknown fault (expected alloc, launch, wrong, hang, abortable-hang, lost, slow, fast, "
        "kill)");
  if (percent && *fault != Fault::slow) throw bad("only slow takes =<percent>");

  std::optional<int> rank;
  if (const auto at = target.find('@'); at != std::string_view::npos) {
    rank = number_in<int>(target.substr(at + 1));
    if (!rank || *rank < 0) throw bad("the rank after @ must be a whole number");
    target = target.substr(0, at);
  }
  std::optional<DType> dtype;
  if (const auto slash = target.find('/'); slash != std::string_view::npos) {
    dtype = parse_dtype(target.substr(slash + 1));
    if (!dtype) throw bad("unknown dtype");
    target = target.substr(0, slash);
  }
  const KernelDecl* kernel = nullptr;
  if (target != "*") {
    kernel = find_kernel(target);
    if (!kernel) throw bad("unknown kernel (ridgeline list shows them; * is every kernel)");
  }
  return {*fault, kernel, dtype, rank,
          percent.value_or(*fault == Fault::slow ? kDefaultSlowPercent : 0)};
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

std::vector<InjectedFault> for_rank(const std::vector<InjectedFault>& plan, int rank) {
  std::vector<InjectedFault> mine;
  for (const auto& f : plan)
    if (!f.rank || *f.rank == rank) mine.push_back(f);
  return mine;
}

const InjectedFault* find_fault(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                                DType t) {
  for (const auto& f : plan)
    if ((!f.kernel || std::string_view(f.kernel->name) == kernel.name) &&
        (!f.dtype || *f.dtype == t))
      return &f;
  return nullptr;
}

std::optional<Fault> fault_for(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                               DType t) {
  const InjectedFault* f = find_fault(plan, kernel, t);
  if (!f) return std::nullopt;
  return f->fault;
}

}  // namespace ridgeline::fault
