#include "backends/gpu/nccl_library.hpp"

#include <dlfcn.h>

#include <cstdlib>

namespace ridgeline::gpu {
namespace {

template <class Fn>
bool resolve(void* library, const char* symbol, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(library, symbol));
  if (fn == nullptr) missing += (missing.empty() ? "" : ", ") + std::string(symbol);
  return fn != nullptr;
}

NcclApi resolve_all(void* library, std::string& missing) {
  NcclApi a;
  resolve(library, "ncclGetVersion", a.get_version, missing);
  resolve(library, "ncclGetErrorString", a.get_error_string, missing);
  resolve(library, "ncclGetUniqueId", a.get_unique_id, missing);
  resolve(library, "ncclCommInitRank", a.comm_init_rank, missing);
  resolve(library, "ncclCommDestroy", a.comm_destroy, missing);
  resolve(library, "ncclCommAbort", a.comm_abort, missing);
  resolve(library, "ncclAllReduce", a.all_reduce, missing);
  resolve(library, "ncclAllGather", a.all_gather, missing);
  resolve(library, "ncclReduceScatter", a.reduce_scatter, missing);
  resolve(library, "ncclBroadcast", a.broadcast, missing);
  resolve(library, "ncclSend", a.send, missing);
  resolve(library, "ncclRecv", a.recv, missing);
  resolve(library, "ncclGroupStart", a.group_start, missing);
  resolve(library, "ncclGroupEnd", a.group_end, missing);
  return a;
}

}  // namespace

std::vector<std::string> nccl_search_path(NcclFlavour flavour) {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("RIDGELINE_NCCL_LIBRARY"); env && *env) paths.emplace_back(env);
  if (flavour == NcclFlavour::nccl) {
    paths.emplace_back("libnccl.so.2");
    for (const char* dir :
         {"/usr/local/cuda/lib64", "/usr/local/cuda/lib",
          "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/cuda/targets/sbsa-linux/lib"})
      paths.push_back(std::string(dir) + "/libnccl.so.2");
  } else {
    paths.emplace_back("librccl.so.1");
    paths.emplace_back("/opt/rocm/lib/librccl.so.1");
  }
  return paths;
}

std::string nccl_version_text(int code) {
  if (code <= 0) return "unknown";
  const int major = code >= 10000 ? code / 10000 : code / 1000;
  const int rest = code >= 10000 ? code % 10000 : code % 1000;
  return std::to_string(major) + "." + std::to_string(rest / 100) + "." +
         std::to_string(rest % 100);
}

std::unique_ptr<NcclLibrary> NcclLibrary::open(NcclFlavour flavour, std::string& why_not) {
  const char* name = flavour == NcclFlavour::nccl ? "NCCL" : "RCCL";
  std::string first_error;
  for (const auto& path : nccl_search_path(flavour)) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      if (first_error.empty()) first_error = dlerror();
      continue;
    }
    std::string missing;
    const NcclApi api = resolve_all(handle, missing);
    if (!missing.empty()) {
      why_not = path + " lacks " + missing;
      dlclose(handle);
      return nullptr;
    }
    return std::unique_ptr<NcclLibrary>(new NcclLibrary(handle, api, path, flavour));
  }
  why_not = std::string("no ") + name + " library (" + first_error +
            "; set RIDGELINE_NCCL_LIBRARY to its path)";
  return nullptr;
}

NcclLibrary::~NcclLibrary() { dlclose(handle_); }

std::string NcclLibrary::version_text() const {
  int code = 0;
  if (api_.get_version(&code) != kNcclSuccess) code = 0;
  return std::string(flavour_ == NcclFlavour::nccl ? "NCCL " : "RCCL ") + nccl_version_text(code);
}

std::string NcclLibrary::error_text(NcclResult r) const {
  const char* text = api_.get_error_string ? api_.get_error_string(r) : nullptr;
  return text ? std::string(text) : std::string("NCCL error ") + std::to_string(r);
}

}  // namespace ridgeline::gpu
