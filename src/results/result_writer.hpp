// Writes a result file incrementally: the whole file is rewritten atomically after every
// benchmark, so an interrupted run leaves a valid file with run.status "incomplete".
//
// Layout (valid Google Benchmark JSON, so GB's tools/compare.py reads it):
//   "context":    GB's context block, derived from host, run and device
//   "benchmarks": GB entries derived from ridgeline.benchmarks (see gbench_json.hpp)
//   "ridgeline":  the ResultFile itself (see result_json.hpp); the source of truth
#pragma once

#include <filesystem>
#include <string>

#include "results/atomic_file.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// Pretty JSON (2-space indent) of the whole file. Throws std::domain_error naming the field
// if any number is NaN or infinite, and std::invalid_argument for a kind other than "run" or
// "datasheet" or CPU samples that do not pair with the wall-clock samples.
std::string serialize_result(const ResultFile& f);

class ResultWriter {
 public:
  // Locks "<path>.lock" and writes `header` (status forced to incomplete) at once, so an
  // unwritable path or a concurrent writer fails before any benchmark runs. Throws
  // std::runtime_error (std::system_error for OS errors) naming the path.
  ResultWriter(std::filesystem::path path, ResultFile header);
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // Each rewrites the whole file; on any exception the file and current() are unchanged.
  // std::logic_error once finish() has succeeded.
  void append(BenchmarkRecord record);
  void finish(RunStatus status, std::string finished_utc);

  const ResultFile& current() const { return current_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void replace_file(const ResultFile& next) const;

  std::filesystem::path path_;
  ExclusiveFileLock lock_;  // declared before current_: held before the first write
  ResultFile current_;
  bool finished_ = false;
};

}  // namespace ridgeline
