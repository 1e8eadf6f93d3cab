// Shared helpers for the results-layer tests: a temp directory per test and sample data.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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
  f.device.extra = {{"governor", "performance"}};
  return f;
}

inline BenchmarkRecord sample_memory_record() {
  BenchmarkRecord r;
  r.name = "triad/fp64/size:64MiB";
  r.family = "memory";
  r.kernel = "triad";
  r.dtype = "fp64";
  r.elements = 8u << 20;
  r.array_bytes = 64u << 20;
  r.bytes_per_call = 3.0 * (64u << 20);
  r.flops_per_call = 2.0 * (8u << 20);
  r.unit = "GB/s";
  r.params = {{"threads", "8"}, {"size", "64MiB"}};
  r.verification = {Verdict::pass, 8u << 20, 0, 1.0e-12, 1.0e-9, ""};
  r.calls_per_sample = 4;
  r.sample_seconds = {0.0101, 0.0099, 0.01003};
  r.sample_cpu_seconds = {0.0800, 0.0790, 0.0801};
  return r;
}

inline BenchmarkRecord sample_compute_record() {
  BenchmarkRecord r;
  r.name = "fma/fp32";
  r.family = "compute";
  r.kernel = "fma";
  r.dtype = "fp32";
  r.elements = 1u << 20;
  r.flops_per_call = 2.0 * 1024 * (1u << 20);
  r.unit = "GFLOP/s";
  r.calls_per_sample = 1;
  r.sample_seconds = {0.002, 0.0021};
  return r;
}

inline BenchmarkRecord sample_skipped_record() {
  BenchmarkRecord r;
  r.name = "fma/fp16";
  r.family = "compute";
  r.kernel = "fma";
  r.dtype = "fp16";
  r.unit = "GFLOP/s";
  r.status = BenchStatus::skipped;
  r.reason = "fp16 is not supported by this device";
  r.verification.detail = "not run: skipped";
  return r;
}

inline void expect_same_record(const BenchmarkRecord& a, const BenchmarkRecord& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.family, b.family);
  EXPECT_EQ(a.kernel, b.kernel);
  EXPECT_EQ(a.dtype, b.dtype);
  EXPECT_EQ(a.elements, b.elements);
  EXPECT_EQ(a.array_bytes, b.array_bytes);
  EXPECT_EQ(a.bytes_per_call, b.bytes_per_call);
  EXPECT_EQ(a.flops_per_call, b.flops_per_call);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.params, b.params);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.verification.verdict, b.verification.verdict);
  EXPECT_EQ(a.verification.checked, b.verification.checked);
  EXPECT_EQ(a.verification.mismatches, b.verification.mismatches);
  EXPECT_EQ(a.verification.max_abs_error, b.verification.max_abs_error);
  EXPECT_EQ(a.verification.tolerance, b.verification.tolerance);
  EXPECT_EQ(a.verification.detail, b.verification.detail);
  EXPECT_EQ(a.calls_per_sample, b.calls_per_sample);
  EXPECT_EQ(a.sample_seconds, b.sample_seconds);  // exact: doubles must round-trip
  EXPECT_EQ(a.sample_cpu_seconds, b.sample_cpu_seconds);
}

}  // namespace ridgeline::testing
