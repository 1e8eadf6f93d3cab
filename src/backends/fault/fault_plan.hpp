// Which faults a test asks for, parsed from the RIDGELINE_FAULT test hook:
//   RIDGELINE_FAULT="alloc:triad,launch:copy/fp32,wrong:scale,hang:intensity,fast:peak_fma"
// Each item is <fault>:<kernel>[/<dtype>]; without a dtype it hits every dtype.
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
  slow,  // every timed call reports kSlowdown x its time, as on a machine others keep busy
  fast,  // every timed sample reads 1000x too fast (a broken clock or skipped work)
};

// How much slower the `slow` fault makes a kernel look.
inline constexpr double kSlowdown = 8;

std::string_view to_string(Fault f);

struct InjectedFault {
  Fault fault;
  const KernelDecl* kernel;
  std::optional<DType> dtype;  // empty: every dtype
};

// Throws std::invalid_argument with one line naming the bad item.
std::vector<InjectedFault> parse_fault_plan(std::string_view spec);

// The fault planned for this kernel and dtype, if any (the first that matches).
std::optional<Fault> fault_for(const std::vector<InjectedFault>& plan, const KernelDecl& kernel,
                               DType t);

}  // namespace ridgeline::fault
