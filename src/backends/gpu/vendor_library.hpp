// Opens a vendor library (cuBLASLt, ...) at run time from the places it is usually
// installed, so neither the executable nor a plugin links it and a host without it
// still runs everything else. Plain C++: built and tested without a GPU toolchain.
#pragma once

#include <string>
#include <vector>

namespace ridgeline::gpu {

struct LibrarySearch {
  std::string label;   // "cuBLASLt", for messages
  std::string soname;  // "libcublasLt.so.13": the major version the code was built against
  // A file or a folder holding `soname`. When the variable is set, it alone is tried:
  // an explicit choice is never silently replaced by another copy.
  std::string override_variable;
  // Tried after the loader's own search (LD_LIBRARY_PATH, RUNPATH, the ld.so cache):
  // folders given as they are, then toolkit roots whose lib64/ is searched (from the
  // environment variables named in toolkit_variables, then these paths).
  std::vector<std::string> toolkit_variables;  // "CUDA_HOME", "CUDA_PATH"
  std::vector<std::string> toolkit_roots;      // "/usr/local/cuda"
  // Then, under each of Python's site-packages folders (what `python3` reports, with
  // PYTHONPATH and the user site), these subfolders: a pip wheel's lib folder.
  std::vector<std::string> python_subfolders;  // "nvidia/cublas/lib", "nvidia/cu13/lib"
};

struct OpenedLibrary {
  void* handle = nullptr;  // dlopen's, never closed; null when not found
  std::string path;        // where it came from (the loader's search: the soname)
  std::string why_not;     // one sentence, when handle is null
};

// Every path tried in order, the override alone when set; the loader's search is the bare
// soname.
std::vector<std::string> library_candidates(const LibrarySearch& search);
// The first candidate that dlopen accepts (RTLD_NOW | RTLD_LOCAL).
OpenedLibrary open_library(const LibrarySearch& search);

// Python's site-packages folders as `python3` on the PATH reports them (site and
// sys.path); empty when there is no python3. Asked once per process.
const std::vector<std::string>& python_site_folders();

}  // namespace ridgeline::gpu
