#include "report/fleet_format.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/number_format.hpp"
#include "report/percent_text.hpp"

namespace ridgeline {
namespace {

using Row = std::vector<std::string>;
using Align = TextTable::Align;
using ojson = nlohmann::ordered_json;

constexpr std::size_t kNamesShown = 3;  // missing benchmarks named before "and N more"

std::string ratio(double r) { return fmt::format("{:.2f}", r); }
std::string share(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }
std::string rank_text(const FleetMember& m) { return m.rank ? std::to_string(*m.rank) : ""; }

std::string rate_with_unit(double rate, RateUnit unit) {
  return format_rate(rate) + " " + std::string(to_string(unit));
}

// "copy/fp64 0.70x median, 32.0% below best, z -23.6"
std::string slow_text(const VerdictReason& r) {
  const DeviceValue& v = *r.value;
  std::string text = fmt::format("{} {}x median", r.benchmark, ratio(v.ratio_to_median));
  if (v.below_best) text += fmt::format(", {} below best", share(1 - v.ratio_to_best));
  if (v.robust_z) text += fmt::format(", z {:.1f}", *v.robust_z);
  return text;
}

// The reasons in words, missing benchmarks folded into one phrase.
std::vector<std::string> reason_texts(const FleetJudgement& j, const DeviceFinding& d) {
  std::vector<std::string> out;
  std::vector<std::string> missing;
  for (const auto& r : d.reasons) {
    if (r.kind == ReasonKind::missing_benchmark)
      missing.push_back(r.benchmark);
    else
      out.push_back(reason_text(j, r));
  }
  if (!missing.empty()) {
    std::string names;
    for (std::size_t i = 0; i < missing.size() && i < kNamesShown; ++i)
      names += (i ? ", " : "") + missing[i];
    if (missing.size() > kNamesShown)
      names += fmt::format(" and {} more", missing.size() - kNamesShown);
    out.push_back(fmt::format("no {}: {}", counted(missing.size(), "benchmark"), names));
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string fleet_heading(const FleetJudgement& j) {
  std::set<std::string> nodes;
  std::set<std::string> jobs;
  std::size_t files = 0;
  for (const auto& m : j.members) {
    if (!m.node.empty()) nodes.insert(m.node);
    if (!m.job_id.empty()) jobs.insert(m.job_id);
    if (m.file) ++files;
  }
  std::string text = fmt::format("fleet of {} on {}", counted(j.members.size(), "device"),
                                 counted(nodes.size(), "node"));
  if (files < j.members.size())
    text += fmt::format(" ({} without a file)", j.members.size() - files);
  if (!jobs.empty()) text += fmt::format(", job {}", fmt::join(jobs, ", "));
  return text + "\n" +
         fmt::format(
             "SLOW: more than {} below the best device, or robust z below -{:g} (median "
             "absolute deviation, {} or more devices){}\n",
             share(j.options.tolerance), j.options.mad_cut, kMinDevicesForMad,
             j.options.floor
                 ? fmt::format(", or a ceiling below {:g} x the datasheet's", *j.options.floor)
                 : "");
}

// The device of a spread whose rate is lowest.
const DeviceValue* slowest(const BenchmarkSpread& s) {
  const DeviceValue* worst = nullptr;
  for (const auto& v : s.values)
    if (!worst || v.rate < worst->rate) worst = &v;
  return worst;
}

struct Tables {
  Row benchmark_header{"benchmark", "unit", "devices", "median", "best",
                       "worst",     "MAD",  "slow",    "slowest"};
  std::vector<Align> benchmark_align{Align::left,  Align::left,  Align::right,
                                     Align::right, Align::right, Align::right,
                                     Align::right, Align::right, Align::left};
  std::vector<Row> benchmarks;
  Row device_header{"rank", "node", "device", "verdict", "vs median", "vs best", "reasons"};
  std::vector<Align> device_align{Align::right, Align::left,  Align::left, Align::left,
                                  Align::right, Align::right, Align::left};
  std::vector<Row> devices;
  Row node_header{"node", "devices", "verdict", "not passing"};
  std::vector<Align> node_align{Align::left, Align::right, Align::left, Align::left};
  std::vector<Row> nodes;
  Row collective_header{"benchmark", "transport", "ranks",       "algbw",
                        "busbw",     "straggler", "others wait", "verdict"};
  std::vector<Align> collective_align{Align::left,  Align::left, Align::left,  Align::right,
                                      Align::right, Align::left, Align::right, Align::left};
  std::vector<Row> collectives;
  Row floor_header{"device", "ceiling", "measured", "datasheet", "share", "chip", "verdict"};
  std::vector<Align> floor_align{Align::left,  Align::left, Align::right, Align::right,
                                 Align::right, Align::left, Align::left};
  std::vector<Row> floors;
  Row drift_header{"device", "benchmark", "first", "last", "change", "window", "verdict"};
  std::vector<Align> drift_align{Align::left,  Align::left,  Align::right, Align::right,
                                 Align::right, Align::right, Align::left};
  std::vector<Row> drifts;
};

Tables tables_of(const FleetJudgement& j, std::string_view unknown) {
  Tables t;
  for (const auto& s : j.benchmarks) {
    std::size_t slow = 0;
    for (const auto& v : s.values) slow += v.slow() ? 1 : 0;
    const DeviceValue* worst = slowest(s);
    t.benchmarks.push_back(
        {s.benchmark, std::string(to_string(s.unit)), std::to_string(s.values.size()),
         format_rate(s.median), format_rate(s.best), format_rate(s.worst),
         s.median > 0 ? share(s.mad / s.median) : std::string(unknown), std::to_string(slow),
         worst ? fmt::format("{} ({}x median)", j.members[worst->member].label(),
                             ratio(worst->ratio_to_median))
               : std::string(unknown)});
  }
  for (const auto& d : j.devices) {
    const FleetMember& m = j.members[d.member];
    t.devices.push_back(
        {rank_text(m), m.node.empty() ? std::string(unknown) : m.node,
         m.file ? m.device_id : std::string(unknown), std::string(to_string(d.verdict)),
         d.worst_ratio_to_median ? ratio(*d.worst_ratio_to_median) : std::string(unknown),
         d.worst_ratio_to_best ? ratio(*d.worst_ratio_to_best) : std::string(unknown),
         joined(reason_texts(j, d))});
  }
  for (const auto& n : j.nodes) {
    std::vector<std::string> failing;
    for (std::size_t m : n.members)
      if (j.devices[m].verdict != DeviceVerdict::pass) failing.push_back(j.members[m].label());
    t.nodes.push_back({n.node.empty() ? "(unknown)" : n.node, std::to_string(n.members.size()),
                       std::string(to_string(n.verdict)),
                       fmt::format("{}", fmt::join(failing, ", "))});
  }
  for (const auto& c : j.collectives)
    t.collectives.push_back(
        {c.benchmark, c.transport, c.ranks, rate_with_unit(c.algbw, RateUnit::gigabytes),
         rate_with_unit(c.busbw, RateUnit::gigabytes),
         c.straggler ? j.members[*c.straggler].label() : std::string(unknown),
         c.straggler ? share(c.lateness) : std::string(unknown), c.slow ? "SLOW" : "PASS"});
  for (const auto& f : j.floors)
    t.floors.push_back({j.members[f.member].label(), f.ceiling, rate_with_unit(f.measured, f.unit),
                        rate_with_unit(f.datasheet, f.unit), share(f.measured / f.datasheet),
                        f.chip_id, f.below ? "SLOW" : "PASS"});
  for (const auto& d : j.drifts)
    t.drifts.push_back({j.members[d.member].label(), d.benchmark, format_rate(d.drift.first_rate),
                        format_rate(d.drift.last_rate), format_signed_percent(d.drift.change()),
                        format_duration(d.drift.window_seconds), d.degrades ? "SLOW" : "PASS"});
  return t;
}

std::string text_tables(const FleetJudgement& j) {
  const Tables t = tables_of(j, "-");
  std::string out = fleet_heading(j);
  auto section = [&](std::string_view title, const Row& header, const std::vector<Align>& align,
                     const std::vector<Row>& rows) {
    if (rows.empty()) return;
    TextTable table(header, align);
    for (const auto& row : rows) table.add_row(row);
    out += fmt::format("\n{}\n{}", title, table.render());
  };
  section("Benchmarks (median rate over the devices; MAD as a share of the median)",
          t.benchmark_header, t.benchmark_align, t.benchmarks);
  section(
      "Collectives (busbw = algbw x nccl-tests' factor; the straggler spends the least time "
      "inside the calls)",
      t.collective_header, t.collective_align, t.collectives);
  section(fmt::format("Datasheet floors (--floor {:g})", j.options.floor.value_or(0)),
          t.floor_header, t.floor_align, t.floors);
  section("Sustained: first against last window", t.drift_header, t.drift_align, t.drifts);
  section("Devices (lowest rate / fleet median and / best device over their benchmarks)",
          t.device_header, t.device_align, t.devices);
  section("Nodes", t.node_header, t.node_align, t.nodes);
  for (const auto& note : j.notes) out += fmt::format("note: {}\n", note);
  return out + fmt::format("\n{}\n", verdict_line(j));
}

std::string markdown_tables(const FleetJudgement& j) {
  const Tables t = tables_of(j, "");
  std::string out = fleet_heading(j);
  auto section = [&](std::string_view title, const Row& header, const std::vector<Align>& align,
                     const std::vector<Row>& rows) {
    if (rows.empty()) return;
    out += fmt::format("\n### {}\n\n{}", title, markdown_table(header, align, rows));
  };
  section("Benchmarks", t.benchmark_header, t.benchmark_align, t.benchmarks);
  section("Collectives", t.collective_header, t.collective_align, t.collectives);
  section("Datasheet floors", t.floor_header, t.floor_align, t.floors);
  section("Sustained", t.drift_header, t.drift_align, t.drifts);
  section("Devices", t.device_header, t.device_align, t.devices);
  section("Nodes", t.node_header, t.node_align, t.nodes);
  for (const auto& note : j.notes) out += fmt::format("\nnote: {}\n", note);
  return out + fmt::format("\n**{}**\n", verdict_line(j));
}

std::string full(double v) { return fmt::format("{}", v); }

std::string csv_tables(const FleetJudgement& j) {
  std::string out = csv_line({"rank", "node", "device", "device_name", "benchmark", "unit", "rate",
                              "fleet_median", "fleet_best", "ratio_to_median", "ratio_to_best",
                              "robust_z", "below_best", "outlier", "device_verdict"});
  for (const auto& s : j.benchmarks)
    for (const auto& v : s.values) {
      const FleetMember& m = j.members[v.member];
      out += csv_line({rank_text(m), m.node, m.device_id, m.device_name, s.benchmark,
                       std::string(to_string(s.unit)), full(v.rate), full(s.median), full(s.best),
                       full(v.ratio_to_median), full(v.ratio_to_best),
                       v.robust_z ? full(*v.robust_z) : "", v.below_best ? "true" : "false",
                       v.outlier ? "true" : "false",
                       std::string(to_string(j.devices[v.member].verdict))});
    }
  out += '\n';
  out += csv_line({"rank", "node", "device", "verdict", "reasons"});
  for (const auto& d : j.devices) {
    const FleetMember& m = j.members[d.member];
    out += csv_line({rank_text(m), m.node, m.device_id, std::string(to_string(d.verdict)),
                     joined(reason_texts(j, d))});
  }
  return out;
}

ojson optional_number(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson json_of(const FleetJudgement& j) {
  ojson doc = ojson::object();
  doc["verdict"] = to_string(j.overall());
  doc["options"] = {{"tolerance", j.options.tolerance},
                    {"mad_cut", j.options.mad_cut},
                    {"mad_floor_share", kMadFloorShare},
                    {"floor", optional_number(j.options.floor)},
                    {"max_drift", j.options.max_drift}};
  auto member_json = [&](std::size_t i) {
    const FleetMember& m = j.members[i];
    return ojson{{"label", m.label()},
                 {"source", m.source},
                 {"rank", m.rank ? ojson(*m.rank) : ojson(nullptr)},
                 {"world_size", m.world_size ? ojson(*m.world_size) : ojson(nullptr)},
                 {"job_id", m.job_id},
                 {"node", m.node},
                 {"device", m.device_id},
                 {"device_name", m.device_name}};
  };
  doc["benchmarks"] = ojson::array();
  for (const auto& s : j.benchmarks) {
    ojson values = ojson::array();
    for (const auto& v : s.values)
      values.push_back({{"device", j.members[v.member].label()},
                        {"rate", v.rate},
                        {"ratio_to_median", v.ratio_to_median},
                        {"ratio_to_best", v.ratio_to_best},
                        {"robust_z", optional_number(v.robust_z)},
                        {"below_best", v.below_best},
                        {"outlier", v.outlier}});
    doc["benchmarks"].push_back({{"benchmark", s.benchmark},
                                 {"device_name", s.device_name},
                                 {"unit", to_string(s.unit)},
                                 {"median", s.median},
                                 {"best", s.best},
                                 {"worst", s.worst},
                                 {"mad", s.mad},
                                 {"devices", values}});
  }
  doc["collectives"] = ojson::array();
  for (const auto& c : j.collectives)
    doc["collectives"].push_back(
        {{"benchmark", c.benchmark},
         {"transport", c.transport},
         {"ranks", c.ranks},
         {"algbw_gbps", c.algbw},
         {"busbw_gbps", c.busbw},
         {"straggler", c.straggler ? ojson(j.members[*c.straggler].label()) : ojson(nullptr)},
         {"lateness", c.lateness},
         {"slow", c.slow}});
  doc["floors"] = ojson::array();
  for (const auto& f : j.floors)
    doc["floors"].push_back({{"device", j.members[f.member].label()},
                             {"ceiling", f.ceiling},
                             {"benchmark", f.benchmark},
                             {"unit", to_string(f.unit)},
                             {"measured", f.measured},
                             {"datasheet", f.datasheet},
                             {"chip", f.chip_id},
                             {"below", f.below}});
  doc["drifts"] = ojson::array();
  for (const auto& d : j.drifts)
    doc["drifts"].push_back({{"device", j.members[d.member].label()},
                             {"benchmark", d.benchmark},
                             {"window_seconds", d.drift.window_seconds},
                             {"first_rate", d.drift.first_rate},
                             {"last_rate", d.drift.last_rate},
                             {"change", d.drift.change()},
                             {"degrades", d.degrades}});
  doc["devices"] = ojson::array();
  for (const auto& d : j.devices) {
    ojson device = member_json(d.member);
    device["verdict"] = to_string(d.verdict);
    device["reasons"] = reason_texts(j, d);
    device["worst_ratio_to_median"] = optional_number(d.worst_ratio_to_median);
    device["worst_ratio_to_best"] = optional_number(d.worst_ratio_to_best);
    device["throttle_events"] = d.throttle_events ? ojson(*d.throttle_events) : ojson(nullptr);
    doc["devices"].push_back(device);
  }
  doc["nodes"] = ojson::array();
  for (const auto& n : j.nodes) {
    ojson members = ojson::array();
    for (std::size_t m : n.members) members.push_back(j.members[m].label());
    doc["nodes"].push_back(
        {{"node", n.node}, {"verdict", to_string(n.verdict)}, {"devices", members}});
  }
  doc["notes"] = j.notes;
  return doc;
}

}  // namespace

std::string reason_text(const FleetJudgement& j, const VerdictReason& r) {
  switch (r.kind) {
    case ReasonKind::no_file:
      return r.detail.empty() ? "no result file" : fmt::format("no result file (job {})", r.detail);
    case ReasonKind::run_incomplete:
      return fmt::format("run incomplete after {} (killed or crashed)",
                         counted(std::stoull(r.detail), "benchmark"));
    case ReasonKind::missing_benchmark:
      return fmt::format("no {}", r.benchmark);
    case ReasonKind::failed_benchmark:
      return fmt::format("{} {}", r.benchmark, r.detail);
    case ReasonKind::slow_benchmark:
      return slow_text(r);
    case ReasonKind::below_floor: {
      const FloorCheck& f = *r.floor;
      return fmt::format("{} {} < {:g} x {} ({})", f.ceiling, rate_with_unit(f.measured, f.unit),
                         j.options.floor.value_or(0), rate_with_unit(f.datasheet, f.unit),
                         f.chip_id);
    }
    case ReasonKind::degrades: {
      const DriftCheck& d = *r.drift;
      return fmt::format("{} {} from the first to the last {}", d.benchmark,
                         format_signed_percent(d.drift.change()),
                         format_duration(d.drift.window_seconds));
    }
    case ReasonKind::straggler:
      return fmt::format("straggler of {}: the others wait {} of each call for it", r.benchmark,
                         share(r.collective->lateness));
  }
  return "";
}

std::string verdict_line(const FleetJudgement& j) {
  std::vector<std::string> failing;
  for (const auto& d : j.devices)
    if (d.verdict != DeviceVerdict::pass)
      failing.push_back(fmt::format("{} {}", j.members[d.member].label(), to_string(d.verdict)));
  if (failing.empty())
    return fmt::format("fleet verdict: PASS (all {} pass)", counted(j.devices.size(), "device"));
  return fmt::format("fleet verdict: {} ({} of {} not passing: {})", to_string(j.overall()),
                     failing.size(), counted(j.devices.size(), "device"), fmt::join(failing, ", "));
}

std::string format_fleet(const FleetJudgement& j, TableFormat format) {
  switch (format) {
    case TableFormat::table:
      return text_tables(j);
    case TableFormat::md:
      return markdown_tables(j);
    case TableFormat::csv:
      return csv_tables(j);
    case TableFormat::json:
      return json_of(j).dump(2) + "\n";
  }
  return {};
}

}  // namespace ridgeline
