// NCCL (CUDA) or RCCL (HIP, which keeps NCCL's names, types and values), opened with
// dlopen at run time: the binary links neither and starts on hosts without them. Only the
// calls the collectives use are declared, from NCCL's stable C ABI (nccl.h is not needed
// to build; a unit test checks these declarations against it where it is installed).
// Plain C++, so the loader is built and tested without a GPU toolchain.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ridgeline::gpu {

using NcclResult = int;  // ncclResult_t
inline constexpr NcclResult kNcclSuccess = 0;
inline constexpr std::size_t kNcclUniqueIdBytes = 128;  // NCCL_UNIQUE_ID_BYTES
struct NcclUniqueId {
  char internal[kNcclUniqueIdBytes];
};
using NcclComm = struct NcclCommOpaque*;  // ncclComm_t
using NcclStream = void*;                 // cudaStream_t / hipStream_t
inline constexpr int kNcclFloat32 = 7;    // ncclFloat32
inline constexpr int kNcclSum = 0;        // ncclSum

struct NcclApi {
  NcclResult (*get_version)(int*) = nullptr;
  const char* (*get_error_string)(NcclResult) = nullptr;
  NcclResult (*get_unique_id)(NcclUniqueId*) = nullptr;
  NcclResult (*comm_init_rank)(NcclComm*, int, NcclUniqueId, int) = nullptr;
  NcclResult (*comm_destroy)(NcclComm) = nullptr;
  NcclResult (*comm_abort)(NcclComm) = nullptr;
  NcclResult (*all_reduce)(const void*, void*, std::size_t, int, int, NcclComm,
                           NcclStream) = nullptr;
  NcclResult (*all_gather)(const void*, void*, std::size_t, int, NcclComm, NcclStream) = nullptr;
  NcclResult (*reduce_scatter)(const void*, void*, std::size_t, int, int, NcclComm,
                               NcclStream) = nullptr;
  NcclResult (*broadcast)(const void*, void*, std::size_t, int, int, NcclComm,
                          NcclStream) = nullptr;
  NcclResult (*send)(const void*, std::size_t, int, int, NcclComm, NcclStream) = nullptr;
  NcclResult (*recv)(void*, std::size_t, int, int, NcclComm, NcclStream) = nullptr;
  NcclResult (*group_start)() = nullptr;
  NcclResult (*group_end)() = nullptr;
};

enum class NcclFlavour { nccl, rccl };

class NcclLibrary {
 public:
  // The library for the flavour, from the first place on nccl_search_path() that loads
  // and has every call; nullptr with `why_not` (one line) otherwise.
  static std::unique_ptr<NcclLibrary> open(NcclFlavour flavour, std::string& why_not);
  ~NcclLibrary();
  NcclLibrary(const NcclLibrary&) = delete;
  NcclLibrary& operator=(const NcclLibrary&) = delete;

  const NcclApi& api() const { return api_; }
  const std::string& path() const { return path_; }
  // "NCCL 2.28.9", "RCCL 2.18.3"
  std::string version_text() const;
  // The library's words for an error code.
  std::string error_text(NcclResult r) const;

 private:
  NcclLibrary(void* handle, NcclApi api, std::string path, NcclFlavour flavour)
      : handle_(handle), api_(api), path_(std::move(path)), flavour_(flavour) {}
  void* handle_;
  NcclApi api_;
  std::string path_;
  NcclFlavour flavour_;
};

// Where the library is looked for, in order: $RIDGELINE_NCCL_LIBRARY (a file), the
// soname through the loader's own path (LD_LIBRARY_PATH, ld.so.cache), then the CUDA
// toolkit's (or ROCm's) lib directories.
std::vector<std::string> nccl_search_path(NcclFlavour flavour);

// NCCL's version code as text: 22809 -> "2.28.9" (NCCL_VERSION: X*10000 + Y*100 + Z
// since 2.9, X*1000 + Y*100 + Z before).
std::string nccl_version_text(int code);

}  // namespace ridgeline::gpu
