#include "cli/run_progress.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "report/number_format.hpp"

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

HarnessCallbacks progress_callbacks(RunClock& clock, std::size_t total, Progress progress) {
  const bool tty = progress == Progress::terminal;
  // Records arrive once per case in plan order, so their count is the case's index.
  auto done = std::make_shared<std::size_t>(0);
  HarnessCallbacks cb;
  cb.on_start = [tty, &clock, total](std::size_t i, std::size_t, std::string_view name) {
    if (!tty) return;
    const std::string left = i > 1 ? time_left(clock.seconds_left(i - 2)) : std::string();
    fmt::print(stderr, "\r\033[K[{}/{}] {}{}", i, total, name,
               left.empty() ? "" : fmt::format("  ({})", left));
    std::fflush(stderr);
  };
  cb.on_record = [&clock, done, total, progress](const BenchmarkRecord& r) {
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
  };
  return cb;
}

}  // namespace ridgeline::cli
