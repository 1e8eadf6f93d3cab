// How a host <-> device copy is made (kernels/transfer.hpp): from which kind of host
// memory and by what, as typed values from the plan to the backend; text only in names
// and result files.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kernels/declaration.hpp"

namespace ridgeline {

// pinned: page-locked (cudaHostAlloc / hipHostMalloc), what DMA reads and writes directly;
// pageable: ordinary malloc'd memory, which the runtime stages through a pinned buffer.
enum class HostMemory : std::uint8_t { pinned, pageable };
// copy_engine: the runtime's memcpy, done by the GPU's DMA (copy) engines ("ce", as
// nvbandwidth names it); sm_kernel: a copy kernel on the SMs/CUs that loads and stores
// host memory mapped into the device's address space ("sm"), pinned memory only.
enum class CopyEngine : std::uint8_t { copy_engine, sm_kernel };

std::string_view to_string(HostMemory m);  // "pinned", "pageable"
std::string_view to_string(CopyEngine e);  // "ce", "sm"
std::optional<HostMemory> parse_host_memory(std::string_view text);
std::optional<CopyEngine> parse_copy_engine(std::string_view text);

struct TransferParams {
  HostMemory host = HostMemory::pinned;
  CopyEngine engine = CopyEngine::copy_engine;
  bool operator==(const TransferParams&) const = default;
};

// The ways a transfer kernel is planned: pinned by the copy engine and by an SM kernel,
// and pageable by the copy engine (an SM kernel cannot address pageable memory); the
// bidirectional copy pinned only, since a pageable copy blocks the host thread that
// issues it, so one thread cannot keep both directions in flight.
std::vector<TransferParams> transfer_variants(const kernels::KernelDecl& kernel);

}  // namespace ridgeline
