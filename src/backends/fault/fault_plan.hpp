// Which faults a test asks for, parsed from the RIDGELINE_FAULT test hook:
//   RIDGELINE_FAULT="alloc:triad,launch:copy/fp32,wrong:scale,fast:peak_fma,slow=30:*@2"
// Each item is <fault>[=<percent>]:<kernel>[/<dtype>][@<rank>]: without a dtype it hits
// every dtype, kernel * is every kernel, and @<rank> limits it to that global rank of a
// fleet run (srun, mpirun: the launcher's rank variables), so one rank can be made slow.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/dtype.hpp"

namespace ridgeline::fault {

enum class Fault {
  alloc,           // prepare: the buffers cannot be allocated (SkipCase, as out of memory)
  launch,          // the first timed sample: the kernel launch fails (std::runtime_error)
  wrong,           // verification finds a wrong element
  hang,            // the first timed sample never returns; the backend cannot abort it
  abortable_hang,  // the same, but abort_running() cancels it (as a GPU stream reset)
  lost,            // the first timed sample: the device is lost (DeviceLost)
  // Every timed call reports its time stretched so the rate is `percent` lower, as on a
  // machine others keep busy or a slower device of a fleet; in a collective the rank
  // really arrives that much later (the others wait for it).
  slow,
  fast,  // every timed sample reads 1000x too fast (a broken clock or skipped work)
  kill,  // the first timed sample: the process is killed (SIGKILL), as by the OOM killer
};

// How much slower a `slow` fault without =<percent> makes a kernel look: 8x, a rate
// 87.5% lower.
inline constexpr double kSlowdown = 8;
inline constexpr double kDefaultSlowPercent = 100 * (1 - 1 / kSlowdown);

std::string_view to_string(Fault f);

struct InjectedFault {
  Fault fault;
  const KernelDecl* kernel;    // nullptr: every kernel (*)
  std::optional<DType> dtype;  // empty: every dtype
  std::optional<int> rank;     // empty: every rank
  double percent = 0;          // slow: how much lower the rate is, 0 < percent < 100
};

// Throws std::invalid_argument with one line naming the bad item.
std::vector<InjectedFault> parse_fault_plan(std::string_view spec);

// The items that apply to this global rank (those without @<rank>, and its own).
std::vector<InjectedFault> for_rank(const std::vector<InjectedFault>& plan, int rank);

// The fault planned for this kernel and dtype, if any (the first that matches).
const InjectedFault* find_fault(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                                DType t);
std::optional<Fault> fault_for(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                               DType t);

}  // namespace ridgeline::fault
