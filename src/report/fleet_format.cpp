#include "report/fleet_format.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/number_format.hpp"
#include "report/percent_text.hpp"

namespace ridgeline {
namespace {

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

std::vector<std::string> fleet_heading(const FleetJudgement& j) {
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
  return {text,
          fmt::format("SLOW: more than {} below the best device, or robust z below -{:g} (median "
                      "absolute deviation, {} or more devices){}",
                      share(j.options.tolerance), j.options.mad_cut, kMinDevicesForMad,
                      j.options.floor ? fmt::format(", or a ceiling below {:g} x the datasheet's",
                                                    *j.options.floor)
                                      : "")};
}

// The device of a spread whose rate is lowest.
const DeviceValue* slowest(const BenchmarkSpread& s) {
  const DeviceValue* worst = nullptr;
  for (const auto& v : s.values)
    if (!worst || v.rate < worst->rate) worst = &v;
  return worst;
}

TableCell rate_cell(double rate) { return number_cell(rate, format_rate(rate)); }
TableCell rate_cell(double rate, RateUnit unit) {
  return number_cell(rate, rate_with_unit(rate, unit));
}
TableCell ratio_cell(const std::optional<double>& r) {
  return r ? number_cell(*r, ratio(*r)) : TableCell{};
}
TableCell share_cell(double fraction) { return number_cell(fraction, share(fraction)); }
TableCell count_cell(std::size_t n) {
  return number_cell(static_cast<double>(n), std::to_string(n));
}

ReportTable table_of(std::string key, std::string title,
                     std::vector<std::pair<std::string, bool>> columns) {
  ReportTable t;
  t.key = std::move(key);
  t.title = std::move(title);
  t.indent = 2;
  for (auto& [header, numeric] : columns) t.columns.push_back({header, header, numeric});
  return t;
}

// Every table of the judgement; a renderer leaves out the empty ones.
std::vector<ReportTable> tables_of(const FleetJudgement& j) {
  ReportTable benchmarks = table_of(
      "benchmarks", "Benchmarks (median rate over the devices; MAD as a share of the median)",
      {{"benchmark", false},
       {"unit", false},
       {"devices", true},
       {"median", true},
       {"best", true},
       {"worst", true},
       {"MAD", true},
       {"slow", true},
       {"slowest", false}});
  for (const auto& s : j.benchmarks) {
    std::size_t slow = 0;
    for (const auto& v : s.values) slow += v.slow() ? 1 : 0;
    const DeviceValue* worst = slowest(s);
    benchmarks.rows.push_back(
        {text_cell(s.benchmark), text_cell(std::string(to_string(s.unit))),
         count_cell(s.values.size()), rate_cell(s.median), rate_cell(s.best), rate_cell(s.worst),
         s.median > 0 ? share_cell(s.mad / s.median) : TableCell{}, count_cell(slow),
         worst ? text_cell(fmt::format("{} ({}x median)", j.members[worst->member].label(),
                                       ratio(worst->ratio_to_median)))
               : TableCell{}});
  }
  ReportTable collectives =
      table_of("collectives",
               "Collectives (busbw = algbw x nccl-tests' factor; the straggler spends the least "
               "time inside the calls)",
               {{"benchmark", false},
                {"transport", false},
                {"ranks", false},
                {"algbw", true},
                {"busbw", true},
                {"straggler", false},
                {"others wait", true},
                {"verdict", false}});
  for (const auto& c : j.collectives)
    collectives.rows.push_back(
        {text_cell(c.benchmark), text_cell(c.transport), text_cell(c.ranks),
         rate_cell(c.algbw, RateUnit::gigabytes), rate_cell(c.busbw, RateUnit::gigabytes),
         c.straggler ? text_cell(j.members[*c.straggler].label()) : TableCell{},
         c.straggler ? share_cell(c.lateness) : TableCell{}, text_cell(c.slow ? "SLOW" : "PASS")});
  ReportTable floors = table_of(
      "floors", fmt::format("Datasheet floors (--floor {:g})", j.options.floor.value_or(0)),
      {{"device", false},
       {"ceiling", false},
       {"measured", true},
       {"datasheet", true},
       {"share", true},
       {"chip", false},
       {"verdict", false}});
  for (const auto& f : j.floors)
    floors.rows.push_back({text_cell(j.members[f.member].label()), text_cell(f.ceiling),
                           rate_cell(f.measured, f.unit), rate_cell(f.datasheet, f.unit),
                           share_cell(f.measured / f.datasheet), text_cell(f.chip_id),
                           text_cell(f.below ? "SLOW" : "PASS")});
  ReportTable drifts = table_of("drifts", "Sustained: first against last window",
                                {{"device", false},
                                 {"benchmark", false},
                                 {"first", true},
                                 {"last", true},
                                 {"change", true},
                                 {"window", true},
                                 {"verdict", false}});
  for (const auto& d : j.drifts)
    drifts.rows.push_back(
        {text_cell(j.members[d.member].label()), text_cell(d.benchmark),
         rate_cell(d.drift.first_rate), rate_cell(d.drift.last_rate),
         number_cell(d.drift.change(), format_signed_percent(d.drift.change())),
         number_cell(d.drift.window_seconds, format_duration(d.drift.window_seconds)),
         text_cell(d.degrades ? "SLOW" : "PASS")});
  ReportTable devices = table_of(
      "devices", "Devices (lowest rate / fleet median and / best device over their benchmarks)",
      {{"rank", true},
       {"node", false},
       {"device", false},
       {"verdict", false},
       {"vs median", true},
       {"vs best", true},
       {"reasons", false}});
  for (const auto& d : j.devices) {
    const FleetMember& m = j.members[d.member];
    devices.rows.push_back({m.rank ? number_cell(*m.rank, std::to_string(*m.rank)) : TableCell{},
                            text_cell(m.node), text_cell(m.file ? m.device_id : std::string()),
                            text_cell(std::string(to_string(d.verdict))),
                            ratio_cell(d.worst_ratio_to_median), ratio_cell(d.worst_ratio_to_best),
                            text_cell(joined(reason_texts(j, d)))});
  }
  ReportTable nodes =
      table_of("nodes", "Nodes",
               {{"node", false}, {"devices", true}, {"verdict", false}, {"not passing", false}});
  for (const auto& n : j.nodes) {
    std::vector<std::string> failing;
    for (std::size_t m : n.members)
      if (j.devices[m].verdict != DeviceVerdict::pass) failing.push_back(j.members[m].label());
    nodes.rows.push_back({text_cell(n.node.empty() ? "(unknown)" : n.node),
                          count_cell(n.members.size()),
                          text_cell(std::string(to_string(n.verdict))),
                          text_cell(fmt::format("{}", fmt::join(failing, ", ")))});
  }
  std::vector<ReportTable> all;
  for (auto* t : {&benchmarks, &collectives, &floors, &drifts, &devices, &nodes})
    all.push_back(std::move(*t));
  return all;
}

// table and md: the heading, every table with rows, the notes and the verdict.
std::string document_text(const FleetJudgement& j, TableFormat format) {
  ReportDocument d;
  d.heading = fleet_heading(j);
  d.tables = tables_of(j);
  if (format == TableFormat::md)
    for (auto& t : d.tables) t.title = t.title.substr(0, t.title.find(" ("));
  for (const auto& note : j.notes) d.footing.push_back("note: " + note);
  if (!d.footing.empty()) d.footing.push_back("");
  d.footing.push_back(format == TableFormat::md ? "**" + verdict_line(j) + "**" : verdict_line(j));
  return render(d, format);
}

std::string full(double v) { return fmt::format("{}", v); }

// One record per device and benchmark (full precision), a blank line, one per device.
std::string csv_tables(const FleetJudgement& j) {
  ReportTable values;
  for (const char* key : {"rank", "node", "device", "device_name", "benchmark", "unit", "rate",
                          "fleet_median", "fleet_best", "ratio_to_median", "ratio_to_best",
                          "robust_z", "below_best", "outlier", "device_verdict"})
    values.columns.push_back({key, key, false});
  for (const auto& s : j.benchmarks)
    for (const auto& v : s.values) {
      const FleetMember& m = j.members[v.member];
      std::vector<TableCell> row;
      for (std::string text :
           {rank_text(m), m.node, m.device_id, m.device_name, s.benchmark,
            std::string(to_string(s.unit)), full(v.rate), full(s.median), full(s.best),
            full(v.ratio_to_median), full(v.ratio_to_best), v.robust_z ? full(*v.robust_z) : "",
            std::string(v.below_best ? "true" : "false"), std::string(v.outlier ? "true" : "false"),
            std::string(to_string(j.devices[v.member].verdict))})
        row.push_back(text_cell(std::move(text)));
      values.rows.push_back(std::move(row));
    }
  ReportTable devices;
  for (const char* key : {"rank", "node", "device", "verdict", "reasons"})
    devices.columns.push_back({key, key, false});
  for (const auto& d : j.devices) {
    const FleetMember& m = j.members[d.member];
    devices.rows.push_back({text_cell(rank_text(m)), text_cell(m.node), text_cell(m.device_id),
                            text_cell(std::string(to_string(d.verdict))),
                            text_cell(joined(reason_texts(j, d)))});
  }
  return render_csv_table(values, false) + "\n" + render_csv_table(devices, false);
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
    case TableFormat::md:
      return document_text(j, format);
    case TableFormat::csv:
      return csv_tables(j);
    case TableFormat::json:
      return json_of(j).dump(2) + "\n";
  }
  return {};
}

}  // namespace ridgeline
