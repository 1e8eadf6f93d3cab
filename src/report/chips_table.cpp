#include "report/chips_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "analysis/ceilings.hpp"
#include "analysis/export_metrics.hpp"
#include "report/number_format.hpp"
#include "report/text_table.hpp"

namespace ridgeline {
namespace {

using Column = TableColumn;
using Cell = TableCell;
using Row = std::vector<Cell>;

// Stated values print as stated (989.4, 0.6144); computed ones are rounded for reading.
Cell stated(std::optional<double> v) { return v ? Cell{fmt::format("{:g}", *v), v} : Cell{}; }
Cell computed(std::optional<double> v, std::string text) {
  return v ? Cell{std::move(text), v} : Cell{};
}

std::optional<double> peak(const Datasheet& d, const std::string& dtype) {
  const auto it = d.peak_tflops.find(dtype);
  return it == d.peak_tflops.end() ? std::nullopt : std::optional<double>(it->second);
}

const std::vector<std::string> kPeakDtypes = {"fp64", "fp32", "tf32", "fp16",
                                              "bf16", "fp8",  "int8"};
const std::vector<std::string> kRidgeDtypes = {"fp32", "fp16", "bf16", "fp8"};

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::vector<Column> columns(ChipsView view) {
  std::vector<Column> out{{"id", "id", false}, {"name", "name", false}};
  if (view == ChipsView::specs) {
    out.push_back({"year", "year", true});
    out.push_back({"memory", "memory", false});
    out.push_back({"memory_gb", "GB", true});
    out.push_back({"tbps", "TB/s", true});
    for (const auto& d : kPeakDtypes) out.push_back({d, upper(d), true});
    out.push_back({"tdp_w", "TDP W", true});
    for (const auto& d : kRidgeDtypes) out.push_back({"ridge_" + d, "ridge " + upper(d), true});
  } else {
    out.push_back({"tpp", "TPP", true});
    out.push_back({"tpp_dtype", "TPP from", false});
    out.push_back({"die_area_mm2", "die mm2", true});
    out.push_back({"pd", "PD", true});
    out.push_back({"position", "3A090 (information)", false});
  }
  out.push_back({"confidence", "confidence", false});
  return out;
}

Row specs_row(const ResultFile& f) {
  const Datasheet& d = *f.datasheet;
  Row row{text_cell(d.id), text_cell(d.name)};
  row.push_back(d.year ? Cell{std::to_string(*d.year), *d.year} : Cell{});
  row.push_back(text_cell(d.memory_type));
  row.push_back(stated(d.memory_gb));
  row.push_back(stated(d.memory_bandwidth_tbps));
  for (const auto& dtype : kPeakDtypes) row.push_back(stated(peak(d, dtype)));
  row.push_back(stated(d.tdp_w));
  const Ceilings ceilings = find_ceilings(f);
  for (const auto& dtype : kRidgeDtypes) {
    const auto it = std::find_if(ceilings.ridges.begin(), ceilings.ridges.end(),
                                 [&](const RidgePoint& r) { return r.dtype == dtype; });
    row.push_back(it == ceilings.ridges.end()
                      ? Cell{}
                      : computed(it->flop_per_byte, format_rate(it->flop_per_byte)));
  }
  row.push_back(text_cell(d.confidence));
  return row;
}

Row export_row(const ResultFile& f) {
  const Datasheet& d = *f.datasheet;
  const ExportMetrics m = export_metrics(d);
  Row row{text_cell(d.id), text_cell(d.name)};
  row.push_back(computed(m.tpp, m.tpp ? fmt::format("{:.0f}", *m.tpp) : ""));
  row.push_back(text_cell(m.tpp_dtype));
  row.push_back(stated(d.die_area_mm2));
  row.push_back(computed(m.performance_density, m.performance_density
                                                    ? fmt::format("{:.2f}", *m.performance_density)
                                                    : ""));
  row.push_back(m.tier == ExportTier::unknown ? Cell{} : text_cell(std::string(to_string(m.tier))));
  row.push_back(text_cell(d.confidence));
  return row;
}

void sort_rows(std::vector<Row>& rows, std::size_t column, bool numeric) {
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    const Cell& x = a[column];
    const Cell& y = b[column];
    if (x.known() != y.known()) return x.known();  // unknown values last
    if (!x.known()) return false;
    if (numeric) return x.number.value_or(0) > y.number.value_or(0);
    return x.text < y.text;
  });
}

ReportTable chips_table(const std::vector<Column>& cols, std::vector<Row> rows) {
  ReportTable t;
  t.key = "chips";
  t.columns = cols;
  t.rows = std::move(rows);
  t.indent = 2;
  return t;
}

std::string thresholds_text() {
  using R = ExportRule;
  return fmt::format(
      "3A090.a: TPP >= {:g}, or TPP >= {:g} and PD >= {:g}; 3A090.b: {:g} <= TPP < {:g} and "
      "{:g} <= PD < {:g}, or TPP >= {:g} and {:g} <= PD < {:g}",
      R::kTppA, R::kTppDensityA, R::kDensityA, R::kTppB1, R::kTppA, R::kDensityB1, R::kDensityA,
      R::kTppB2, R::kDensityB2, R::kDensityA);
}

constexpr std::string_view kLegalNote =
    "Information, not legal advice: the rule has conditions beyond these numbers.";

std::string footer(ChipsView view) {
  if (view == ChipsView::specs)
    return "Dense peaks in TFLOPS (TOPS for INT8): FP64/FP32 vector units, the rest matrix "
           "units. TB/s = 1e12 B/s. Ridge = peak / bandwidth in flop/byte. '-' = unknown.\n";
  return fmt::format(
      "TPP = dense TFLOPS (TOPS) x operand bits, max over dtypes; PD = TPP / die area (mm2).\n"
      "{} ({}).\n{}\n",
      thresholds_text(), ExportRule::kCitation, kLegalNote);
}

}  // namespace

std::vector<std::string> chips_sort_keys(ChipsView view) {
  std::vector<std::string> keys;
  for (const auto& c : columns(view)) keys.push_back(c.key);
  return keys;
}

std::string format_chips(const std::vector<ResultFile>& chips, ChipsView view,
                         std::string_view sort_key, TableFormat format) {
  const std::vector<Column> cols = columns(view);
  const auto sort_at =
      std::find_if(cols.begin(), cols.end(), [&](const Column& c) { return c.key == sort_key; });
  if (sort_at == cols.end()) {
    std::string valid;
    for (const auto& c : cols) valid += (valid.empty() ? "" : ", ") + c.key;
    throw std::invalid_argument(
        fmt::format("--sort '{}' is not a column (valid: {})", sort_key, valid));
  }

  std::vector<Row> rows;
  for (const auto& f : chips)
    if (f.datasheet) rows.push_back(view == ChipsView::specs ? specs_row(f) : export_row(f));
  sort_rows(rows, static_cast<std::size_t>(sort_at - cols.begin()), sort_at->numeric);

  const ReportTable table = chips_table(cols, std::move(rows));
  switch (format) {
    case TableFormat::table:
      return render_text_table(table) + "\n" + footer(view);
    case TableFormat::md:
      return render_markdown_table(table) + "\n" + footer(view);
    case TableFormat::csv:
      return render_csv_table(table, false);
    case TableFormat::json: {
      auto doc = nlohmann::ordered_json::object();
      doc["chips"] = json_rows(table);
      if (view == ChipsView::export_control) {
        doc["rule"] = ExportRule::kCitation;
        doc["thresholds"] = thresholds_text();
        doc["note"] = kLegalNote;
      }
      return doc.dump(2) + "\n";
    }
  }
  return {};
}

}  // namespace ridgeline
