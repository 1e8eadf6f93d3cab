// MPI as ridgeline uses it: the interface libridgeline_mpi.so implements over the MPI
// library it was built against (Debian's Open MPI here). The binary opens the plugin with
// dlopen only when a launcher started it as an MPI program, so it links no MPI library and
// starts on any host; the plugin and this header are built by the same compiler, so the
// C++ interface crosses the boundary safely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kernels/collective.hpp"

namespace ridgeline::mpi {

// Bumped whenever MpiWorld changes, so a stale plugin is refused instead of misread.
inline constexpr int kPluginAbiVersion = 1;
inline constexpr char kPluginEntry[] = "ridgeline_mpi_open";
inline constexpr char kPluginFile[] = "libridgeline_mpi.so";

class MpiWorld {
 public:
  virtual ~MpiWorld() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // MPI_Get_library_version, first line: "Open MPI v4.1.4, ...".
  virtual std::string library_version() const = 0;
  // Every rank arrives (MPI_Ibarrier, polled): true once all have; false when `give_up`
  // says so or `timeout_seconds` pass first (a rank is gone or out of step). After a
  // false the world is out of step: call no collective again.
  virtual bool barrier(double timeout_seconds, const std::function<bool()>& give_up) = 0;
  // The largest `value` over the ranks (MPI_Allreduce, MPI_MAX).
  virtual double max_over_ranks(double value) = 0;
  // Every rank's text at every rank, in rank order (MPI_Allgatherv).
  virtual std::vector<std::string> all_gather_text(const std::string& mine) = 0;
  // Every rank's text at `root` (empty elsewhere), in rank order (MPI_Gatherv).
  virtual std::vector<std::string> gather_text(const std::string& mine, int root) = 0;
  virtual void broadcast_bytes(void* data, std::size_t bytes, int root) = 0;
  // `calls` fp32 collectives on host buffers of CollectiveCounts `count` elements,
  // back to back; `before_call` runs before each one (an injected delay). Returns the
  // seconds spent inside the MPI calls.
  virtual double collective(kernels::CollectiveOp op, const float* send, float* receive,
                            std::uint64_t count, int calls,
                            const std::function<void()>& before_call) = 0;
  // MPI_Finalize once every rank reached the end; skipped by the caller when a barrier
  // gave up (a finalize would wait for the missing rank).
  virtual void finalize() = 0;
};

}  // namespace ridgeline::mpi

// The plugin's one exported symbol: MPI_Init_thread and MPI_COMM_WORLD. nullptr with
// `error` set (one line) when the ABI version differs or MPI cannot start.
extern "C" ridgeline::mpi::MpiWorld* ridgeline_mpi_open(int abi_version, char* error,
                                                        std::size_t error_size);
