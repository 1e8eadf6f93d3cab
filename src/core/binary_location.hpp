// Where the running binary lives, so files that travel with it (datasheets, run-time
// plugins such as libridgeline_mpi.so) are found beside it wherever it was copied.
#pragma once

#include <filesystem>
#include <optional>

namespace ridgeline {

// The directory of /proc/self/exe; nullopt where it cannot be read.
std::optional<std::filesystem::path> binary_directory();

}  // namespace ridgeline
