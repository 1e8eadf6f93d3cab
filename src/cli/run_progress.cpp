#include "cli/run_progress.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "report/number_format.hpp"
#include "stop_request.hpp"

namespace ridgeline::cli {
namespace {

std::string outcome(const BenchmarkRecord& r) {
  if (r.status == BenchStatus::ok)
    return fmt::format("{} {}", format_rate(r.median_rate()), to_string(*r.unit));
  return fmt::format("{}: {}", to_string(r.status), r.reason);
}

}  // namespace

std::string time_left(double seconds) {
  if (!(seconds > 0)) return {};
  return fmt::format("about {} left", format_duration(seconds));
}

HarnessCallbacks progress_callbacks(ResultWriter& writer, std::string& write_error, RunClock& clock,
                                    std::size_t total, Progress progress) {
  const bool tty = progress == Progress::terminal;
  // Records arrive once per case in plan order, so their count is the case's index.
  auto done = std::make_shared<std::size_t>(0);
  HarnessCallbacks cb;
  cb.on_start = [tty, &clock](std::size_t i, std::size_t n, std::string_view name) {
    if (!tty) return;
    const std::string left = i > 1 ? time_left(clock.seconds_left(i - 2)) : std::string();
    fmt::print(stderr, "\r\033[K[{}/{}] {}{}", i, n, name,
               left.empty() ? "" : fmt::format("  ({})", left));
    std::fflush(stderr);
  };
  cb.on_record = [&writer, &write_error, &clock, done, total, progress](const BenchmarkRecord& r) {
    const std::size_t index = (*done)++;
    clock.finished(index, r.wall_seconds.value_or(0));
    if (progress == Progress::terminal) {
      fmt::print(stderr, "  {}\n", outcome(r));
    } else if (progress == Progress::lines) {
      const std::string left = time_left(clock.seconds_left(index));
      fmt::print(stderr, "[{}/{}] {}: {} ({}{})\n", index + 1, total, r.name, outcome(r),
                 format_duration(r.wall_seconds.value_or(0)),
                 left.empty() ? "" : fmt::format("; {}", left));
      std::fflush(stderr);
    }
    if (!write_error.empty()) return;
    try {
      writer.append(r);
    } catch (const std::exception& e) {
      // The file on disk still holds every benchmark before this one; stop measuring
      // rather than produce results nobody can keep.
      write_error = e.what();
      request_stop();
    }
  };
  // The measuring thread is stuck in the backend: keep the timed-out record (the file
  // stays "incomplete") and say so; the harness then ends the process.
  cb.on_hung = [&writer, &write_error, tty](const BenchmarkRecord& r) {
    const std::size_t finished = writer.current().benchmarks.size();
    std::string not_recorded;
    if (write_error.empty()) {
      try {
        writer.append(r);
      } catch (const std::exception& e) {
        not_recorded = fmt::format(" (could not record it: {})", e.what());
      }
      try {
        writer.write_unfinished();  // a stream gets the file now: the process ends next
      } catch (const std::exception& e) {
        not_recorded += fmt::format(" (could not write the file: {})", e.what());
      }
    }
    fmt::print(stderr,
               "{}ridgeline: error: {} {}{}; the backend cannot cancel the running kernel, so "
               "the run ends here and {} {} the {} finished before it\n",
               tty ? "\n" : "", r.name, r.reason, not_recorded, writer.target().name(),
               writer.target().rewritable() ? "keeps" : "got", counted(finished, "benchmark"));
  };
  return cb;
}

}  // namespace ridgeline::cli
