// What a measurement ran on: the device fingerprint stored in every result file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/params.hpp"

namespace ridgeline {

struct CacheLevel {
  int level = 0;     // 1, 2, 3 ...
  std::string type;  // "data", "instruction", "unified"
  std::uint64_t size_bytes = 0;
  int shared_by = 1;  // compute units sharing one instance
  int instances = 1;  // how many such caches the device has
  bool operator==(const CacheLevel&) const = default;
};

struct DeviceInfo {
  std::string id;       // "cpu:0", "cuda:0", "hip:1" -- what --device accepts
  std::string backend;  // "cpu", "cuda", "hip"
  std::string name;     // marketing name as the driver or OS reports it
  std::string vendor;
  std::string arch;               // "x86_64 avx512f", "sm_90", "gfx942"
  int compute_units = 0;          // cores, SMs or CUs
  std::string compute_unit_kind;  // "core", "SM", "CU"
  double clock_mhz = 0;           // nominal or maximum core clock, 0 when unknown
  int simd_bits = 0;              // widest vector unit (CPU), 0 when not applicable
  std::vector<CacheLevel> caches;
  std::uint64_t memory_bytes = 0;
  Params extra;  // driver, runtime, UUID, PCIe link, ...

  // Total capacity of the outermost cache level (all instances), 0 when unknown.
  std::uint64_t last_level_cache_bytes() const;
  // Lower-case, dash-separated name usable in file names: "cpu-intel-xeon-2-50ghz".
  std::string slug() const;
  bool operator==(const DeviceInfo&) const = default;
};

}  // namespace ridgeline
