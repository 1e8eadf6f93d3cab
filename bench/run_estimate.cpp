#include "run_estimate.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include "results/result_reader.hpp"

namespace ridgeline {
namespace {

constexpr std::size_t kFilesTried = 5;

// A previous record's wall time for `repetitions` samples instead of its own count.
std::optional<double> recorded_seconds(const BenchmarkRecord& r, int previous_repetitions,
                                       int repetitions) {
  if (!r.wall_seconds || r.status != BenchStatus::ok || r.sample_seconds.empty())
    return std::nullopt;
  const double per_sample = r.calls_per_sample * r.median_seconds();
  const int taken = static_cast<int>(r.sample_seconds.size());
  const int previous = previous_repetitions > 0 ? previous_repetitions : taken;
  return std::max(*r.wall_seconds + (repetitions - previous) * per_sample, 0.0);
}

}  // namespace

double RunEstimate::total_seconds() const {
  double total = 0;
  for (const auto& c : cases) total += c.seconds;
  return total;
}

std::size_t RunEstimate::recorded_count() const {
  return static_cast<std::size_t>(
      std::count_if(cases.begin(), cases.end(), [](const CaseEstimate& c) { return c.recorded; }));
}

RunEstimate estimate_run(const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const ResultFile* previous, std::string previous_name) {
  std::map<std::string, const BenchmarkRecord*> by_name;
  if (previous)
    for (const auto& r : previous->benchmarks) by_name.emplace(r.name, &r);
  RunEstimate out;
  const double floor = options.repetitions * options.min_sample_seconds;
  for (const auto& c : plan) {
    CaseEstimate e{floor, false};
    if (const auto it = by_name.find(c.name); it != by_name.end())
      if (const auto s =
              recorded_seconds(*it->second, previous->run.repetitions, options.repetitions)) {
        e = {std::max(*s, floor), true};
      }
    out.cases.push_back(e);
  }
  if (out.recorded_count() > 0) out.previous = std::move(previous_name);
  return out;
}

std::optional<PreviousRun> find_previous_run(const std::filesystem::path& directory,
                                             const DeviceInfo& device) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
  const std::string prefix = device.slug() + "-";
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || entry.path().extension() != ".json") continue;
    if (!entry.is_regular_file(ec)) continue;
    files.emplace_back(entry.last_write_time(ec), entry.path());
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a > b; });
  for (std::size_t i = 0; i < files.size() && i < kFilesTried; ++i) {
    LoadResult loaded = load_result_file(files[i].second);
    auto* file = std::get_if<ResultFile>(&loaded);
    if (!file || file->kind != FileKind::run || file->device.id != device.id ||
        file->device.name != device.name)
      continue;
    if (std::none_of(file->benchmarks.begin(), file->benchmarks.end(),
                     [](const BenchmarkRecord& r) { return r.wall_seconds.has_value(); }))
      continue;
    return PreviousRun{files[i].second, std::move(*file)};
  }
  return std::nullopt;
}

RunClock::RunClock(RunEstimate estimate) : estimate_(std::move(estimate)) {}

void RunClock::finished(std::size_t index, double seconds) {
  if (index >= estimate_.cases.size()) return;
  estimated_done_ += estimate_.cases[index].seconds;
  actual_done_ += seconds;
}

double RunClock::seconds_left(std::size_t index) const {
  double left = 0;
  for (std::size_t i = index + 1; i < estimate_.cases.size(); ++i)
    left += estimate_.cases[i].seconds;
  const double scale = estimated_done_ > 0 ? actual_done_ / estimated_done_ : 1.0;
  return left * scale;
}

}  // namespace ridgeline
