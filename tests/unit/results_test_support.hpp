// Shared helpers for the results-layer tests: a temp directory per test and sample data.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/catalogue.hpp"
#include "results/result_json.hpp"
#include "results/result_model.hpp"

namespace ridgeline::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "ridgeline-results-" + std::to_string(::getpid()) + "-";
    name += info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

inline ResultFile sample_header() {
  ResultFile f;
  f.tool = {"0.1.0", "abc1234", "GNU 12.2.0", "-O3", "Release"};
  f.host = {"bench-host", "Debian GNU/Linux 12", "6.1.0", 16};
  f.run.started_utc = "2024-03-05T10:11:12Z";
  f.run.suite = "quick";
  f.run.repetitions = 3;
  f.run.command_line = "ridgeline run --suite quick";
  f.device.id = "cpu:0";
  f.device.backend = "cpu";
  f.device.name = "Example CPU @ 2.50GHz";
  f.device.vendor = "GenuineExample";
  f.device.arch = "x86_64 avx2";
  f.device.compute_units = 8;
  f.device.compute_unit_kind = "core";
  f.device.clock_mhz = 2500.7;
  f.device.simd_bits = 256;
  f.device.caches = {{1, "data", 32768, 1, 8},
                     {1, "instruction", 32768, 1, 8},
                     {2, "unified", 1 << 20, 1, 8},
                     {3, "unified", 32u << 20, 8, 1}};
  f.device.memory_bytes = 64ull << 30;
  f.device.extra = {{"governor", "performance"}, {"omp_threads", 8}};
  f.run.planned_benchmarks = 4;
  f.run.host_at_start = {{0.52, 0.48, 0.4}, "performance"};
  f.run.host_at_end = {{1.5, 0.75, 0.5}, "performance"};
  f.warnings = {{WarningKind::noisy, {"triad/fp64"}, "1 benchmark is noisy"},
                {WarningKind::busy_host, {}, "the host was busy"}};
  return f;
}

// Records named and shaped as the catalogue and the planner produce them, with every
// field set (the optional ones too), so a round trip that drops a field is caught.
inline BenchmarkRecord sample_memory_record() {
  const KernelDecl& triad = *find_kernel("triad");
  BenchmarkRecord r;
  r.name = "triad/fp64";
  r.family = triad.family;
  r.kernel = triad.name;
  r.dtype = DType::fp64;
  r.elements = 8u << 20;
  r.array_bytes = 64u << 20;
  const Work w = work_per_call(triad, DType::fp64, r.elements);
  r.bytes_per_call = w.bytes;
  r.flops_per_call = w.flops;
  r.unit = rate_unit(triad.family, DType::fp64);
  r.params = {{"threads", 8}, {"formula", triad.formula}, {"block_fraction", 0.5}};
  r.verification = {Verdict::pass, 8u << 20, 0, 1.0e-12, 1.0e-9, ""};
  r.calls_per_sample = 4;
  r.sample_seconds = {0.0101, 0.0099, 0.01003};
  r.sample_cpu_seconds = {0.0800, 0.0790, 0.0801};
  r.physical_limit = 460.8;
  r.wall_seconds = 0.3125;
  r.host_busy_share = 0.0625;
  r.conditions = RunConditions{"clock probe",
                               3,
                               Spread{2400, 2450.5, 2500},
                               std::nullopt,
                               Spread{90, 95, 101.5},
                               std::nullopt,
                               {"sw_power_cap"}};
  return r;
}

inline BenchmarkRecord sample_compute_record() {
  const KernelDecl& peak = *find_kernel("peak_fma");
  BenchmarkRecord r;
  r.name = "peak_fma/fp32";
  r.family = peak.family;
  r.kernel = peak.name;
  r.dtype = DType::fp32;
  r.elements = 1u << 20;
  r.flops_per_call = work_per_call(peak, DType::fp32, r.elements).flops;
  r.unit = rate_unit(peak.family, DType::fp32);
  r.calls_per_sample = 1;
  r.sample_seconds = {0.002, 0.0021};
  r.peak_per_mhz = 1.024;
  return r;
}

inline BenchmarkRecord sample_skipped_record() {
  const KernelDecl& peak = *find_kernel("peak_fma");
  BenchmarkRecord r;
  r.name = "peak_fma/fp16";
  r.family = peak.family;
  r.kernel = peak.name;
  r.dtype = DType::fp16;
  r.unit = rate_unit(peak.family, DType::fp16);
  r.status = BenchStatus::skipped;
  r.reason = "fp16 is not supported by this device";
  r.verification.detail = "not run: skipped";
  return r;
}

}  // namespace ridgeline::testing

namespace ridgeline {
// Readable failures for EXPECT_EQ on whole records and files: their JSON.
inline void PrintTo(const BenchmarkRecord& r, std::ostream* os) {
  ResultFile f;
  f.benchmarks = {r};
  *os << result_file_to_json(f)["benchmarks"][0].dump(1);
}
inline void PrintTo(const ResultFile& f, std::ostream* os) {
  *os << result_file_to_json(f).dump(1);
}
}  // namespace ridgeline
