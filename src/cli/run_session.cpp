#include "cli/run_session.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "cli/exit_codes.hpp"
#include "cli/run_metadata.hpp"
#include "cli/trace_recorder.hpp"
#include "host_activity.hpp"
#include "report/number_format.hpp"
#include "report/run_warnings.hpp"
#include "stop_request.hpp"

namespace ridgeline::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The measuring thread is stuck in the backend: keep the timed-out record (the file stays
// "incomplete") and say so; the harness then ends the process.
void report_hang(ResultWriter& writer, const std::string& write_error, bool tty,
                 const BenchmarkRecord& r) {
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
}

}  // namespace

void merge_pass(BenchmarkRecord& into, BenchmarkRecord pass, int pass_number) {
  into.sample_seconds.insert(into.sample_seconds.end(), pass.sample_seconds.begin(),
                             pass.sample_seconds.end());
  into.sample_cpu_seconds.insert(into.sample_cpu_seconds.end(), pass.sample_cpu_seconds.begin(),
                                 pass.sample_cpu_seconds.end());
  into.sample_end_seconds.insert(into.sample_end_seconds.end(), pass.sample_end_seconds.begin(),
                                 pass.sample_end_seconds.end());
  // Pairs must stay pairs: a pass without CPU times drops them for the whole record.
  if (into.sample_cpu_seconds.size() != into.sample_seconds.size()) into.sample_cpu_seconds.clear();
  if (into.sample_end_seconds.size() != into.sample_seconds.size()) into.sample_end_seconds.clear();
  for (auto& [key, value] : pass.params) into.params[key] = value;
  into.params[param_keys::kPasses] = pass_number;
  if (into.status == BenchStatus::ok && pass.status != BenchStatus::ok) {
    into.status = pass.status;
    into.reason = fmt::format("pass {}: {}", pass_number, pass.reason);
    into.verification = pass.verification;
  } else if (into.status == BenchStatus::ok && !pass.verification.passed()) {
    into.verification = pass.verification;
  }
}

SessionResult run_session(const DeviceInfo& device, const std::vector<PlanPart>& parts,
                          ResultWriter& writer, const SessionOptions& options,
                          const SessionHooks& hooks) {
  SessionResult result;
  const auto started = Clock::now();
  HarnessOptions harness = options.harness;
  const bool sustained = options.duration_seconds.has_value();
  std::unique_ptr<TraceRecorder> trace;
  if (sustained) {
    harness.run_started = started;
    if (!parts.empty() && parts.front().backend)
      trace = std::make_unique<TraceRecorder>(*parts.front().backend, device,
                                              options.trace_interval_seconds, started);
  }
  const bool tty = options.progress == Progress::terminal;
  std::size_t planned = 0;
  for (const PlanPart& part : parts) planned += part.plan.size();
  std::map<std::string, std::size_t> index_of;
  std::string& write_error = result.write_error;
  bool time_up = false;

  for (int pass = 1; !time_up; ++pass) {
    std::size_t offset = 0;
    // Each pass is announced and timed afresh against the one-pass estimate.
    if (sustained && pass > 1 && options.progress != Progress::quiet)
      fmt::print(stderr, "{}pass {}\n", tty ? "\r\033[K" : "", pass);
    RunClock clock(options.estimate);
    const HarnessCallbacks display = progress_callbacks(clock, planned, options.progress);
    for (const PlanPart& part : parts) {
      if (part.plan.empty()) continue;
      HarnessCallbacks cb;
      cb.before_case = [&, offset, pass](std::size_t i) {
        // Every pass after the first stops once the duration is over (the first runs
        // whole, so every benchmark has samples).
        if (sustained && pass > 1) {
          const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
          const bool mine = elapsed >= *options.duration_seconds;
          if (!(hooks.keep_going ? hooks.keep_going(mine) : !mine)) {
            time_up = true;
            return false;
          }
        }
        if (hooks.before_case) hooks.before_case(offset + i);
        return true;
      };
      cb.on_start = [&display, offset](std::size_t i, std::size_t n, std::string_view name) {
        display.on_start(offset + i, n, name);
      };
      cb.on_record = [&, pass](const BenchmarkRecord& r) {
        display.on_record(r);
        // A pass counts once it recorded a benchmark: the one the duration ended before
        // its first case does not.
        result.passes = pass;
        if (!write_error.empty()) return;
        try {
          if (trace) writer.set_trace(trace->snapshot());
          writer.set_passes(pass);
          const auto it = index_of.find(r.name);
          if (it == index_of.end()) {
            BenchmarkRecord first = r;
            if (sustained) first.params[param_keys::kPasses] = 1;
            writer.append(std::move(first));
            index_of[r.name] = writer.current().benchmarks.size() - 1;
          } else {
            BenchmarkRecord merged = writer.current().benchmarks[it->second];
            merge_pass(merged, r, pass);
            writer.replace(it->second, std::move(merged));
          }
        } catch (const std::exception& e) {
          // The file on disk still holds every benchmark before this one; stop measuring
          // rather than produce results nobody can keep.
          write_error = e.what();
          request_stop();
        }
      };
      cb.on_hung = [&writer, &write_error, tty](const BenchmarkRecord& r) {
        report_hang(writer, write_error, tty, r);
      };
      const HarnessSummary s = run_cases(*part.backend, device, part.plan, harness, cb);
      result.interrupted = result.interrupted || s.interrupted;
      result.library_missing += s.library_missing;
      offset += part.plan.size();
      if (result.interrupted || !write_error.empty() || time_up) break;
    }
    if (!sustained || result.interrupted || !write_error.empty()) break;
  }
  if (trace) {
    trace->stop();
    writer.set_trace(trace->snapshot());
  }
  result.interrupted = result.interrupted && write_error.empty();
  result.status = result.interrupted    ? RunStatus::interrupted
                  : write_error.empty() ? RunStatus::complete
                                        : RunStatus::incomplete;
  if (write_error.empty()) {
    try {
      writer.finish(result.status, utc_now_iso8601(), [](ResultFile& f) {
        f.run.host_at_end = read_host_state();
        f.warnings = run_warnings(f);  // the self-check, over everything measured
      });
    } catch (const std::exception& e) {
      write_error = e.what();
      result.status = RunStatus::incomplete;
    }
  }
  for (const auto& r : writer.current().benchmarks) {
    switch (r.status) {
      case BenchStatus::ok:
        ++result.ok;
        break;
      case BenchStatus::failed:
        ++result.failed;
        break;
      case BenchStatus::skipped:
        ++result.skipped;
        break;
    }
  }
  return result;
}

int session_exit_code(const SessionResult& r) {
  if (!r.write_error.empty()) return kExitFailures;
  if (r.interrupted) return 128 + stop_signal();  // 130 for Ctrl-C, 143 for SIGTERM
  // A skip at run time means a planned benchmark could not run (e.g. out of memory):
  // the planner already left out what the device does not support. Cases skipped for a
  // vendor library the host lacks are not failures: the host said so.
  return r.failed + r.skipped - r.library_missing > 0 ? kExitFailures : kExitOk;
}

}  // namespace ridgeline::cli
