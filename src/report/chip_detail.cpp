#include "report/chip_detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/ceilings.hpp"
#include "report/number_format.hpp"

namespace ridgeline {
namespace {

struct Field {
  std::string path;  // as field_sources names it
  std::string label;
  std::string unit;  // read with the label: "memory bandwidth, TB/s"
  TableCell value;
};

TableCell stated(const std::optional<double>& v) {
  return v ? number_cell(*v, fmt::format("{:g}", *v)) : TableCell{};
}

std::vector<Field> fields_of(const Datasheet& d) {
  std::vector<Field> out{
      {"year", "year", "", d.year ? number_cell(*d.year, std::to_string(*d.year)) : TableCell{}},
      {"memory_type", "memory", "", text_cell(d.memory_type)},
      {"memory_gb", "memory capacity", "GB", stated(d.memory_gb)},
      {"memory_bandwidth_tbps", "memory bandwidth", "TB/s", stated(d.memory_bandwidth_tbps)}};
  for (const auto dtype : kDatasheetDtypes) {  // every one: what no source states shows "-"
    const std::string name(dtype);
    const auto it = d.peak_tflops.find(name);
    out.push_back({"peak_tflops." + name, name + " dense peak", dtype == "int8" ? "TOPS" : "TFLOPS",
                   it == d.peak_tflops.end() ? TableCell{} : stated(it->second)});
  }
  out.push_back({"interconnect", "interconnect", "", text_cell(d.interconnect)});
  out.push_back(
      {"interconnect_gbps", "interconnect bandwidth", "GB/s", stated(d.interconnect_gbps)});
  out.push_back({"tdp_w", "TDP", "W", stated(d.tdp_w)});
  out.push_back({"die_area_mm2", "die area", "mm2", stated(d.die_area_mm2)});
  return out;
}

}  // namespace

ReportDocument chip_detail(const ResultFile& chip) {
  ReportDocument doc;
  if (!chip.datasheet) return doc;
  const Datasheet& d = *chip.datasheet;
  doc.heading.push_back(fmt::format("chip:{}  {}  ({}; confidence: {})", d.id, d.name, d.vendor,
                                    d.confidence.empty() ? "not stated" : d.confidence));

  std::map<std::string, int> number_of;  // source id -> its number in the sources table
  for (const auto& s : d.sources) number_of.emplace(s.id, static_cast<int>(number_of.size()) + 1);

  ReportTable fields;
  fields.key = "fields";
  fields.title = "Stated (dense peaks; FP64/FP32 vector units, the rest matrix units)";
  fields.columns = {
      {"field", "field", false}, {"value", "value", true}, {"sources", "sources", false}};
  for (const auto& f : fields_of(d)) {
    std::string cited;
    if (const auto it = d.field_sources.find(f.path); it != d.field_sources.end())
      for (const auto& id : it->second) {
        const auto n = number_of.find(id);
        cited += fmt::format("{}[{}]", cited.empty() ? "" : " ",
                             n == number_of.end() ? id : std::to_string(n->second));
      }
    // An unknown field stays in the table as unknown: nothing is estimated.
    const std::string label = f.unit.empty() ? f.label : fmt::format("{}, {}", f.label, f.unit);
    fields.rows.push_back({text_cell(label), f.value, text_cell(cited)});
  }
  doc.tables.push_back(std::move(fields));

  ReportTable ridges;
  ridges.key = "ridge";
  ridges.title = "Ridge point = dense peak / memory bandwidth (computed)";
  ridges.columns = {{"dtype", "dtype", false}, {"ridge", "ridge", true}, {"unit", "unit", false}};
  const Ceilings ceilings = find_ceilings(chip);
  for (const auto* list : {&ceilings.ridges, &ceilings.integer_ridges})
    for (const auto& r : *list)
      ridges.rows.push_back({text_cell(r.dtype),
                             number_cell(r.flop_per_byte, format_rate(r.flop_per_byte)),
                             text_cell(list == &ceilings.ridges ? "flop/byte" : "op/byte")});
  doc.tables.push_back(std::move(ridges));

  ReportTable sources;
  sources.key = "sources";
  sources.title = "Sources";
  sources.columns = {
      {"number", "#", true}, {"id", "id", false}, {"title", "title", false}, {"url", "url", false}};
  for (const auto& s : d.sources)
    sources.rows.push_back({number_cell(number_of[s.id], fmt::format("[{}]", number_of[s.id])),
                            text_cell(s.id), text_cell(s.title), text_cell(s.url)});
  doc.tables.push_back(std::move(sources));
  if (!d.notes.empty()) doc.footing.push_back("Notes: " + d.notes);
  return doc;
}

}  // namespace ridgeline
