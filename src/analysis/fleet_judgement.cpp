#include "analysis/fleet_judgement.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/ceilings.hpp"
#include "core/statistics.hpp"
#include "core/units.hpp"

namespace ridgeline {
namespace {

// 0.6745 is the 75th percentile of the standard normal: it scales the MAD to a standard
// deviation for normal data, so the cut reads in sigmas (Iglewicz and Hoaglin 1993).
constexpr double kMadToSigma = 0.6745;

bool is_collective(const BenchmarkRecord& r) { return r.family == Family::collective; }

const BenchmarkRecord* find_record(const ResultFile& f, const std::string& name) {
  for (const auto& r : f.benchmarks)
    if (r.name == name) return &r;
  return nullptr;
}

// Benchmark names of the members of one device kind, first seen first, collectives apart.
std::vector<std::string> benchmark_names(const std::vector<FleetMember>& members,
                                         const std::vector<std::size_t>& group) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t m : group)
    for (const auto& r : members[m].file->benchmarks)
      if (!is_collective(r) && seen.insert(r.name).second) names.push_back(r.name);
  return names;
}

void add_reason(std::vector<DeviceFinding>& devices, std::size_t member, VerdictReason reason) {
  devices[member].reasons.push_back(std::move(reason));
}

BenchmarkSpread spread_of(const std::string& name, const std::string& device_name,
                          const std::vector<FleetMember>& members,
                          const std::vector<std::size_t>& group, const FleetOptions& options,
                          std::vector<DeviceFinding>& devices) {
  BenchmarkSpread spread;
  spread.benchmark = name;
  spread.device_name = device_name;
  std::vector<double> rates;
  for (std::size_t m : group) {
    const BenchmarkRecord* r = find_record(*members[m].file, name);
    if (!r) {
      add_reason(devices, m, {ReasonKind::missing_benchmark, name, "", {}, {}, {}, {}});
      continue;
    }
    if (!has_measured_rate(*r)) {
      add_reason(devices, m,
                 {ReasonKind::failed_benchmark,
                  name,
                  r->status == BenchStatus::ok ? std::string("no samples")
                                               : std::string(to_string(r->status)) +
                                                     (r->reason.empty() ? "" : ": " + r->reason),
                  {},
                  {},
                  {},
                  {}});
      continue;
    }
    if (r->unit) spread.unit = *r->unit;
    DeviceValue v;
    v.member = m;
    v.rate = r->median_rate();
    spread.values.push_back(v);
    rates.push_back(v.rate);
  }
  if (rates.empty()) return spread;
  // Judged on performance, higher is better: a latency (ns per load) is inverted first, so
  // the device that takes longest is the slow one; the table keeps the unit's own numbers.
  const bool inverted = lower_is_better(spread.unit);
  const auto performance = [inverted](double rate) { return inverted ? 1 / rate : rate; };
  std::vector<double> performances;
  for (double rate : rates) performances.push_back(performance(rate));
  const auto [low, high] = std::minmax_element(rates.begin(), rates.end());
  spread.median = median(rates);
  spread.best = inverted ? *low : *high;
  spread.worst = inverted ? *high : *low;
  spread.mad = median_absolute_deviation(rates);
  const double median_performance = median(performances);
  const double best_performance = performance(spread.best);
  const double scale =
      std::max(median_absolute_deviation(performances), kMadFloorShare * median_performance);
  for (DeviceValue& v : spread.values) {
    const double p = performance(v.rate);
    v.ratio_to_median = p / median_performance;
    v.ratio_to_best = p / best_performance;
    v.below_best = p < (1 - options.tolerance) * best_performance;
    if (rates.size() >= kMinDevicesForMad && scale > 0) {
      v.robust_z = kMadToSigma * (p - median_performance) / scale;
      v.outlier = *v.robust_z < -options.mad_cut;
    }
    DeviceFinding& d = devices[v.member];
    d.worst_ratio_to_median =
        std::min(d.worst_ratio_to_median.value_or(v.ratio_to_median), v.ratio_to_median);
    d.worst_ratio_to_best =
        std::min(d.worst_ratio_to_best.value_or(v.ratio_to_best), v.ratio_to_best);
    if (v.slow())
      add_reason(devices, v.member, {ReasonKind::slow_benchmark, name, "", v, {}, {}, {}});
  }
  return spread;
}

// Each ceiling the datasheet states against the device's measured one.
void check_floors(FleetJudgement& j, const DatasheetLookup& datasheet_for) {
  std::set<std::string> without_datasheet;
  for (std::size_t m = 0; m < j.members.size(); ++m) {
    const FleetMember& member = j.members[m];
    if (!member.file) continue;
    const std::optional<ResultFile> sheet =
        datasheet_for ? datasheet_for(member.file->device) : std::nullopt;
    if (!sheet || !sheet->datasheet) {
      without_datasheet.insert(member.device_name);
      continue;
    }
    const Ceilings measured = find_ceilings(*member.file);
    const Ceilings stated = find_ceilings(*sheet);
    auto check = [&](const Ceiling& got, const Ceiling& want, std::string ceiling) {
      FloorCheck f;
      f.member = m;
      f.chip_id = sheet->datasheet->id;
      f.ceiling = std::move(ceiling);
      f.benchmark = got.benchmark;
      f.unit = got.unit;
      f.measured = got.value;
      f.datasheet = want.value;
      f.below = got.value < *j.options.floor * want.value;
      j.floors.push_back(f);
      if (f.below)
        add_reason(j.devices, m, {ReasonKind::below_floor, f.ceiling, f.chip_id, {}, f, {}, {}});
    };
    if (measured.best_bandwidth && stated.best_bandwidth)
      check(*measured.best_bandwidth, *stated.best_bandwidth, "memory bandwidth");
    for (const Ceiling& got : measured.compute)
      for (const Ceiling& want : stated.compute)
        if (got.dtype == want.dtype && got.unit == want.unit)
          check(got, want, got.dtype + " compute");
  }
  for (const auto& name : without_datasheet)
    j.notes.push_back("no datasheet matches " + name + ": --floor not applied to it");
}

void check_drifts(FleetJudgement& j) {
  for (std::size_t m = 0; m < j.members.size(); ++m) {
    const auto& file = j.members[m].file;
    if (!file || !file->run.duration_seconds) continue;
    const double window = drift_window_seconds(run_seconds(*file));
    for (const auto& r : file->benchmarks) {
      const auto drift = drift_of(r, window);
      if (!drift) continue;
      DriftCheck d{m, r.name, *drift, drift->change() < -j.options.max_drift};
      j.drifts.push_back(d);
      if (d.degrades) add_reason(j.devices, m, {ReasonKind::degrades, r.name, "", {}, {}, d, {}});
    }
    if (file->trace) j.devices[m].throttle_events = throttle_events(*file->trace).total();
  }
}

void judge_collectives(FleetJudgement& j) {
  std::vector<std::string> names;
  std::map<std::string, std::vector<std::pair<std::size_t, const BenchmarkRecord*>>> by_name;
  for (std::size_t m = 0; m < j.members.size(); ++m) {
    if (!j.members[m].file) continue;
    for (const auto& r : j.members[m].file->benchmarks) {
      if (!is_collective(r)) continue;
      auto& ranks = by_name[r.name];
      if (ranks.empty()) names.push_back(r.name);
      ranks.emplace_back(m, &r);
    }
  }
  for (const auto& name : names) {
    CollectiveFinding c;
    c.benchmark = name;
    std::vector<double> algbw;
    std::vector<double> busbw;
    std::vector<std::pair<double, std::size_t>> in_call;  // seconds, member
    std::vector<double> call_seconds;
    for (const auto& [m, r] : by_name[name]) {
      if (!has_measured_rate(*r)) {
        add_reason(j.devices, m,
                   {ReasonKind::failed_benchmark,
                    name,
                    std::string(to_string(r->status)) + (r->reason.empty() ? "" : ": " + r->reason),
                    {},
                    {},
                    {},
                    {}});
        continue;
      }
      ++c.members;
      if (const auto t = text_param(r->params, param_keys::kTransport)) c.transport = *t;
      if (const auto ranks = text_param(r->params, param_keys::kCollectiveRanks)) c.ranks = *ranks;
      algbw.push_back(r->median_rate());
      busbw.push_back(r->median_rate() *
                      number_param(r->params, param_keys::kBusFactor).value_or(0));
      call_seconds.push_back(r->median_seconds());
      if (const auto s = number_param(r->params, param_keys::kInCallSeconds))
        in_call.emplace_back(*s, m);
    }
    if (c.members == 0) continue;
    c.algbw = median(algbw);
    c.busbw = median(busbw);
    const bool symmetric = name.rfind("broadcast/", 0) != 0;
    if (symmetric && in_call.size() >= kMinDevicesForMad) {
      std::sort(in_call.begin(), in_call.end());
      c.straggler = in_call.front().second;
      std::vector<double> all;
      std::vector<double> others;
      for (std::size_t i = 0; i < in_call.size(); ++i) {
        all.push_back(in_call[i].first);
        if (i > 0) others.push_back(in_call[i].first);
      }
      const double call = median(call_seconds);
      c.lateness = call > 0 ? (median(others) - in_call.front().first) / call : 0;
      const double mid = median(all);
      const double scale = std::max(median_absolute_deviation(all), kMadFloorShare * mid);
      if (scale > 0) c.robust_z = kMadToSigma * (in_call.front().first - mid) / scale;
      c.slow = c.lateness > j.options.tolerance && c.robust_z && *c.robust_z < -j.options.mad_cut;
    }
    j.collectives.push_back(c);
    if (c.slow)
      add_reason(j.devices, *c.straggler, {ReasonKind::straggler, name, "", {}, {}, {}, c});
  }
}

DeviceVerdict verdict_of(const DeviceFinding& d) {
  DeviceVerdict v = DeviceVerdict::pass;
  for (const auto& r : d.reasons) {
    DeviceVerdict from = DeviceVerdict::slow;
    switch (r.kind) {
      case ReasonKind::failed_benchmark:
        from = DeviceVerdict::failed;
        break;
      case ReasonKind::no_file:
      case ReasonKind::run_incomplete:
      case ReasonKind::missing_benchmark:
        from = DeviceVerdict::missing;
        break;
      case ReasonKind::slow_benchmark:
      case ReasonKind::below_floor:
      case ReasonKind::degrades:
      case ReasonKind::straggler:
        break;
    }
    if (severity(from) > severity(v)) v = from;
  }
  return v;
}

}  // namespace

std::string_view to_string(DeviceVerdict v) {
  switch (v) {
    case DeviceVerdict::pass:
      return "PASS";
    case DeviceVerdict::slow:
      return "SLOW";
    case DeviceVerdict::missing:
      return "MISSING";
    case DeviceVerdict::failed:
      return "FAILED";
  }
  return "UNKNOWN";
}

int severity(DeviceVerdict v) { return static_cast<int>(v); }

std::string FleetMember::label() const {
  std::vector<std::string> parts;
  if (rank) parts.push_back(std::string("r").append(std::to_string(*rank)));
  if (!file) {
    parts.emplace_back("(no file)");
  } else {
    for (const std::string& part : {node, device_id})
      if (!part.empty()) parts.push_back(part);
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

DeviceVerdict FleetJudgement::overall() const {
  DeviceVerdict worst = DeviceVerdict::pass;
  for (const auto& d : devices)
    if (severity(d.verdict) > severity(worst)) worst = d.verdict;
  return worst;
}

std::vector<FleetMember> fleet_members(std::vector<std::pair<std::string, ResultFile>> files) {
  std::vector<FleetMember> members;
  // job id and world size -> ranks seen
  std::map<std::pair<std::string, int>, std::set<int>> jobs;
  for (auto& [source, file] : files) {
    FleetMember m;
    m.source = source;
    m.device_id = file.device.id;
    m.device_name = file.device.name;
    m.node = file.host.hostname;
    if (file.placement) {
      const Placement& p = *file.placement;
      if (!p.node_name.empty()) m.node = p.node_name;
      if (p.launcher != Launcher::none) {
        m.rank = p.rank;
        m.world_size = p.world_size;
        m.job_id = p.job_id;
        jobs[{p.job_id, p.world_size}].insert(p.rank);
      }
    }
    m.file = std::move(file);
    members.push_back(std::move(m));
  }
  for (const auto& [job, seen] : jobs) {
    for (int r = 0; r < job.second; ++r) {
      if (seen.contains(r)) continue;
      FleetMember missing;
      missing.rank = r;
      missing.world_size = job.second;
      missing.job_id = job.first;
      members.push_back(std::move(missing));
    }
  }
  return members;
}

FleetJudgement judge_fleet(std::vector<FleetMember> members, const FleetOptions& options,
                           const DatasheetLookup& datasheet_for) {
  FleetJudgement j;
  j.options = options;
  j.members = std::move(members);
  j.devices.resize(j.members.size());
  std::vector<std::string> kinds;
  std::map<std::string, std::vector<std::size_t>> by_kind;
  for (std::size_t m = 0; m < j.members.size(); ++m) {
    j.devices[m].member = m;
    const FleetMember& member = j.members[m];
    if (!member.file) {
      add_reason(j.devices, m, {ReasonKind::no_file, "", member.job_id, {}, {}, {}, {}});
      continue;
    }
    if (member.file->run.status == RunStatus::incomplete)
      add_reason(j.devices, m,
                 {ReasonKind::run_incomplete,
                  "",
                  std::to_string(member.file->benchmarks.size()),
                  {},
                  {},
                  {},
                  {}});
    auto& group = by_kind[member.device_name];
    if (group.empty()) kinds.push_back(member.device_name);
    group.push_back(m);
  }
  if (kinds.size() > 1)
    j.notes.push_back(std::to_string(kinds.size()) +
                      " device kinds: each is judged against devices of its own name");
  for (const auto& kind : kinds) {
    const auto& group = by_kind[kind];
    for (const auto& name : benchmark_names(j.members, group)) {
      BenchmarkSpread spread = spread_of(name, kind, j.members, group, options, j.devices);
      if (!spread.values.empty()) j.benchmarks.push_back(std::move(spread));
    }
  }
  if (options.floor) check_floors(j, datasheet_for);
  check_drifts(j);
  judge_collectives(j);
  for (auto& d : j.devices) d.verdict = verdict_of(d);
  std::vector<std::string> node_order;
  std::map<std::string, std::size_t> node_index;
  for (std::size_t m = 0; m < j.members.size(); ++m) {
    const std::string& node = j.members[m].node;
    auto [it, added] = node_index.emplace(node, j.nodes.size());
    if (added) j.nodes.push_back(NodeFinding{node, DeviceVerdict::pass, {}});
    NodeFinding& n = j.nodes[it->second];
    n.members.push_back(m);
    if (severity(j.devices[m].verdict) > severity(n.verdict)) n.verdict = j.devices[m].verdict;
  }
  return j;
}

}  // namespace ridgeline
