// AMD's Infinity Cache (MALL, the memory-attached last level behind L2) per architecture.
// The HIP runtime reports L2 but not the MALL, so the default array size, which must
// stream from HBM, takes it from this table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ridgeline::gpu {

// Bytes of Infinity Cache of a whole device of this architecture ("gfx942",
// "gfx942:sramecc+:xnack-", ...): 0 for an architecture known to have none (gfx90a),
// nullopt for one the table does not know.
std::optional<std::uint64_t> infinity_cache_bytes(std::string_view arch);

}  // namespace ridgeline::gpu
