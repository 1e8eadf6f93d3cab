// Writes a result file incrementally: a regular file is rewritten atomically after every
// benchmark, so an interrupted run leaves a valid file with run.status "incomplete". A
// stream (standard output, a FIFO, a character device; see output_target.hpp) cannot be
// rewritten: it gets the file once, at finish() or write_unfinished().
//
// Layout (valid Google Benchmark JSON, so GB's tools/compare.py reads it):
//   "context":    GB's context block, derived from host, run and device
//   "benchmarks": GB entries derived from ridgeline.benchmarks (see gbench_json.hpp)
//   "ridgeline":  the ResultFile itself (see result_json.hpp); the source of truth
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "results/atomic_file.hpp"
#include "results/output_target.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// Pretty JSON (2-space indent) of the whole file. Throws std::domain_error naming the field
// if any number is NaN or infinite, and std::invalid_argument for a kind other than "run" or
// "datasheet" or CPU samples that do not pair with the wall-clock samples.
std::string serialize_result(const ResultFile& f);

class ResultWriter {
 public:
  // A regular file: locks "<file>.lock" (next to the symlink's target, for a symlink)
  // and writes `header` (status forced to incomplete) at once, so an unwritable path or a
  // concurrent writer fails before any benchmark runs. A stream is only checked (by
  // OutputTarget) and not locked. Throws std::runtime_error (OutputError, or
  // std::system_error for OS errors) naming the path.
  ResultWriter(OutputTarget target, ResultFile header);
  ResultWriter(const std::filesystem::path& path, ResultFile header);
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // Each rewrites the whole file; on any exception the file and current() are unchanged.
  // std::logic_error once finish() has succeeded.
  // A stream is only written by finish() (and write_unfinished()); append() still
  // serializes, so a record that cannot be written is refused the same way.
  void append(BenchmarkRecord record);
  // Replaces the record at `index` (a sustained run merges every pass into one record
  // per benchmark) and rewrites the file.
  void replace(std::size_t index, BenchmarkRecord record);
  // The trace a sustained run keeps; written with the next rewrite.
  void set_trace(HardwareTrace trace) { current_.trace = std::move(trace); }
  // How many passes of the suite the file holds; written with the next rewrite.
  void set_passes(int passes) { current_.run.passes = passes; }
  // `complete` (optional) fills in what is only known at the end (the host's state, the
  // self-check's warnings) on the file about to be written.
  void finish(RunStatus status, std::string finished_utc,
              const std::function<void(ResultFile&)>& complete = {});
  // The run ends without finish() (a hung kernel): a stream gets the file as it stands,
  // status incomplete; a regular file already holds it.
  void write_unfinished();

  const ResultFile& current() const { return current_; }
  const OutputTarget& target() const { return target_; }

 private:
  // Serializes `next` (throwing on anything unwritable) and writes it when the target
  // takes rewrites or `last` is set.
  void write(const ResultFile& next, bool last);

  OutputTarget target_;
  std::optional<ExclusiveFileLock> lock_;  // regular files only, held before the first write
  ResultFile current_;
  bool finished_ = false;
};

}  // namespace ridgeline
