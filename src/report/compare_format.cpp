#include "report/compare_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "report/number_format.hpp"
#include "report/text_table.hpp"

namespace ridgeline {

std::optional<CompareFormat> parse_compare_format(std::string_view name) {
  if (name == "table") return CompareFormat::table;
  if (name == "md") return CompareFormat::markdown;
  if (name == "csv") return CompareFormat::csv;
  if (name == "json") return CompareFormat::json;
  return std::nullopt;
}

namespace {

using Row = std::vector<std::string>;

// ---------------------------------------------------------------------------------------
// Cells shared by every format; unknown values are "-" in tables and empty in CSV.

std::string percent(double fraction) { return fmt::format("{:+.1f}%", fraction * 100); }
std::string noise(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }
std::string p_value(double p) { return fmt::format("{:.2g}", p); }

// GCC 12 warns falsely (maybe-uninitialized) on optional<double> temporaries here, so
// cells take the value and whether it is known.
std::string cell(bool known, double value, std::string (*format)(double),
                 std::string_view unknown) {
  return known ? format(value) : std::string(unknown);
}

std::string rate_cell(double v) { return format_rate(v); }

// Whether a latency (ns/load, lower is better) is among the compared benchmarks.
bool has_latency(const SampleComparison& s) {
  return std::any_of(s.benchmarks.begin(), s.benchmarks.end(), [](const BenchmarkComparison& b) {
    return b.unit && lower_is_better(*b.unit);
  });
}

std::string direction(const SampleComparison& s) {
  if (s.metric != Metric::rate) return "time per call, lower is better";
  return has_latency(s) ? "rates, higher is better; latencies (ns/load), lower is better"
                        : "rates, higher is better";
}

// "geometric mean of rate ratios NEW/BASE over 4 benchmarks: 0.802 (-19.8%); 4 SLOWER"
std::string summary_line(const SampleComparison& s) {
  std::string line = "no benchmark measured on both sides";
  if (s.geomean_ratio)
    line = fmt::format(
        "geometric mean of {} ratios NEW/BASE{} over {}: {:.3f} ({})", to_string(s.metric),
        s.metric == Metric::rate && has_latency(s) ? " (latencies BASE/NEW)" : "",
        counted(s.geomean_count, "benchmark"), *s.geomean_ratio, percent(*s.geomean_ratio - 1));
  std::map<std::string_view, int> counts;
  for (const auto& b : s.benchmarks) ++counts[to_string(b.verdict)];
  std::string separator = "; ";
  for (const auto& [verdict, n] : counts) {
    line += fmt::format("{}{} {}", separator, n, verdict);
    separator = ", ";
  }
  return line;
}

// The unit a comparison's medians are in: the rate's, or ns per call for times; empty
// when neither side was measured.
std::string unit_label(const BenchmarkComparison& b) {
  if (!b.base && !b.candidate) return "";
  if (b.metric == Metric::time) return "ns";
  return b.unit ? std::string(to_string(*b.unit)) : "";
}

std::string unit_label(const CeilingRow& r) {
  return r.unit ? std::string(to_string(*r.unit)) : "flop/byte";
}

Row sample_cells(const BenchmarkComparison& b, std::string_view unknown) {
  const auto& base = b.base;
  const auto& candidate = b.candidate;
  return {b.name,
          unit_label(b).empty() ? std::string(unknown) : unit_label(b),
          cell(base.has_value(), base ? base->median : 0, rate_cell, unknown),
          cell(candidate.has_value(), candidate ? candidate->median : 0, rate_cell, unknown),
          cell(b.ratio.has_value(), b.ratio.value_or(1) - 1, percent, unknown),
          cell(b.test.has_value(), b.test ? b.test->p_value : 1, p_value, unknown),
          cell(base && base->noise, base ? base->noise.value_or(0) : 0, noise, unknown),
          cell(candidate && candidate->noise, candidate ? candidate->noise.value_or(0) : 0, noise,
               unknown),
          std::string(to_string(b.verdict)),
          b.note};
}

const Row kSampleHeader{"benchmark", "unit",       "base",      "new",     "change",
                        "p",         "noise base", "noise new", "verdict", "note"};

// What each side of a ceiling comparison is called: a run's values are measured, a
// datasheet's stated; the reference is always a datasheet.
struct CeilingWords {
  std::string subject;    // "measured" or "datasheet"
  std::string reference;  // "datasheet" or, beside another datasheet, "reference"
};

CeilingWords words_of(const CeilingComparison& c) {
  if (c.subject_is_datasheet) return {"datasheet", "reference"};
  return {"measured", "datasheet"};
}

Row ceiling_header(const CeilingComparison& c) {
  const CeilingWords w = words_of(c);
  return {"ceiling", "unit", w.subject, w.reference, "% of " + w.reference};
}

// "measured run.json  vs  datasheet chip:nvidia-h20"
std::string ceiling_title(const CeilingComparison& c, const std::string& subject,
                          const std::string& reference, std::string_view separator) {
  const CeilingWords w = words_of(c);
  const std::string reference_words =
      c.subject_is_datasheet ? "reference datasheet" : std::string("datasheet");
  return fmt::format("{} {}{}{} {}", w.subject, subject, separator, reference_words, reference);
}

// Names and words left, numbers right.
using Align = TextTable::Align;
const std::vector<Align> kSampleAlign{Align::left,  Align::left,  Align::right, Align::right,
                                      Align::right, Align::right, Align::right, Align::right,
                                      Align::left,  Align::left};
const std::vector<Align> kCeilingAlign{Align::left, Align::left, Align::right, Align::right,
                                       Align::right};

std::string share(double v) { return fmt::format("{:.1f}%", v * 100); }

Row ceiling_cells(const CeilingRow& r, std::string_view unknown) {
  return {r.ceiling, unit_label(r),
          cell(r.measured.has_value(), r.measured.value_or(0), rate_cell, unknown),
          cell(r.reference.has_value(), r.reference.value_or(0), rate_cell, unknown),
          cell(r.ratio.has_value(), r.ratio.value_or(0), share, unknown)};
}

struct CeilingSides {
  const std::string& measured;
  const std::string& reference;
};

CeilingSides sides(const LabelledComparison& c, const CeilingComparison& ceilings) {
  return ceilings.reference_is_base ? CeilingSides{c.candidate, c.base}
                                    : CeilingSides{c.base, c.candidate};
}

// ---------------------------------------------------------------------------------------
// Terminal table

std::string table(const std::vector<LabelledComparison>& comparisons, const CompareOptions& o) {
  std::string out;
  for (const auto& c : comparisons) {
    if (!out.empty()) out += '\n';
    if (const auto* s = std::get_if<SampleComparison>(&c.result)) {
      out += fmt::format("BASE {}  vs  NEW {}  ({}; threshold {:g}%, alpha {:g})\n", c.base,
                         c.candidate, direction(*s), o.threshold * 100, o.alpha);
      TextTable t(kSampleHeader, kSampleAlign);
      for (const auto& b : s->benchmarks) t.add_row(sample_cells(b, "-"));
      out += t.render() + summary_line(*s) + '\n';
    } else {
      const auto& ceilings = std::get<CeilingComparison>(c.result);
      const auto [measured, reference] = sides(c, ceilings);
      out += "ceilings: " + ceiling_title(ceilings, measured, reference, "  vs  ") + '\n';
      TextTable t(ceiling_header(ceilings), kCeilingAlign);
      for (const auto& r : ceilings.rows) t.add_row(ceiling_cells(r, "-"));
      out += t.render();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Markdown

std::string markdown_escape(const std::string& cell) {
  std::string out;
  for (char ch : cell) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string markdown_table(const Row& header, const std::vector<Align>& align,
                           const std::vector<Row>& rows) {
  auto line = [](const Row& cells) {
    std::string text = "|";
    for (const auto& c : cells) {
      text += ' ';
      text += markdown_escape(c);
      text += " |";
    }
    text += '\n';
    return text;
  };
  std::string out = line(header) + "|";
  for (const Align a : align) out += a == Align::left ? "---|" : "---:|";
  out += '\n';
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string markdown(const std::vector<LabelledComparison>& comparisons, const CompareOptions& o) {
  std::string out;
  for (const auto& c : comparisons) {
    if (!out.empty()) out += '\n';
    std::vector<Row> rows;
    if (const auto* s = std::get_if<SampleComparison>(&c.result)) {
      out += fmt::format("### `{}` vs `{}`\n\n{}; threshold {:g}%, alpha {:g}.\n\n", c.base,
                         c.candidate, direction(*s), o.threshold * 100, o.alpha);
      for (const auto& b : s->benchmarks) rows.push_back(sample_cells(b, ""));
      out += markdown_table(kSampleHeader, kSampleAlign, rows) + '\n' + summary_line(*s) + '\n';
    } else {
      const auto& ceilings = std::get<CeilingComparison>(c.result);
      const auto [measured, reference] = sides(c, ceilings);
      out += fmt::format("### Ceilings: {}\n\n", ceiling_title(ceilings, "`" + measured + "`",
                                                               "`" + reference + "`", " vs "));
      for (const auto& r : ceilings.rows) rows.push_back(ceiling_cells(r, ""));
      out += markdown_table(ceiling_header(ceilings), kCeilingAlign, rows);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// CSV: full-precision numbers, empty cells for unknown values

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + '"';
}

std::string csv_line(const Row& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cells[i]);
  }
  out += '\n';
  return out;
}

std::string full_precision(double v) { return fmt::format("{}", v); }

Row csv_sample_cells(const LabelledComparison& c, const BenchmarkComparison& b) {
  const auto& base = b.base;
  const auto& candidate = b.candidate;
  return {c.base,
          c.candidate,
          b.name,
          std::string(to_string(b.verdict)),
          base || candidate ? std::string(to_string(b.metric)) : std::string(),
          unit_label(b),
          cell(base.has_value(), base ? base->median : 0, full_precision, ""),
          cell(candidate.has_value(), candidate ? candidate->median : 0, full_precision, ""),
          cell(b.ratio.has_value(), b.ratio.value_or(1) - 1, full_precision, ""),
          cell(b.test.has_value(), b.test ? b.test->p_value : 1, full_precision, ""),
          b.test ? std::string(to_string(b.test->method)) : std::string(),
          cell(base && base->noise, base ? base->noise.value_or(0) : 0, full_precision, ""),
          cell(candidate && candidate->noise, candidate ? candidate->noise.value_or(0) : 0,
               full_precision, ""),
          b.note};
}

const Row kCsvSampleHeader{"base", "new",         "benchmark",  "verdict", "metric",
                           "unit", "base_median", "new_median", "change",  "p_value",
                           "test", "base_noise",  "new_noise",  "note"};
const Row kCsvCeilingHeader{"measured",       "reference",       "ceiling", "unit",
                            "measured_value", "reference_value", "ratio",   "measured_kind"};

// What the measured side of a ceiling comparison is: "run", or "datasheet" (stated values).
std::string measured_kind(const CeilingComparison& c) {
  return c.subject_is_datasheet ? "datasheet" : "run";
}

std::string csv(const std::vector<LabelledComparison>& comparisons) {
  std::string samples, ceilings;
  for (const auto& c : comparisons) {
    if (const auto* s = std::get_if<SampleComparison>(&c.result)) {
      for (const auto& b : s->benchmarks) samples += csv_line(csv_sample_cells(c, b));
      continue;
    }
    const auto& rows = std::get<CeilingComparison>(c.result);
    const auto [measured, reference] = sides(c, rows);
    for (const auto& r : rows.rows)
      ceilings +=
          csv_line({measured, reference, r.ceiling, unit_label(r),
                    cell(r.measured.has_value(), r.measured.value_or(0), full_precision, ""),
                    cell(r.reference.has_value(), r.reference.value_or(0), full_precision, ""),
                    cell(r.ratio.has_value(), r.ratio.value_or(0), full_precision, ""),
                    measured_kind(rows)});
  }
  std::string out;
  if (!samples.empty()) {
    out += csv_line(kCsvSampleHeader);
    out += samples;
  }
  if (!ceilings.empty()) {
    if (!out.empty()) out += '\n';
    out += csv_line(kCsvCeilingHeader);
    out += ceilings;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// JSON: numbers at full precision, null for unknown

using ojson = nlohmann::ordered_json;

ojson json_number(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson json_side(const std::optional<SampleSummary>& side) {
  if (!side) return nullptr;
  return {
      {"median", side->median}, {"noise", json_number(side->noise)}, {"samples", side->samples}};
}

ojson json_samples(const LabelledComparison& c, const SampleComparison& s) {
  ojson benchmarks = ojson::array();
  for (const auto& b : s.benchmarks) {
    ojson e = {{"name", b.name}, {"verdict", to_string(b.verdict)}};
    e["metric"] = b.base || b.candidate ? ojson(to_string(b.metric)) : ojson(nullptr);
    e["unit"] = unit_label(b).empty() ? ojson(nullptr) : ojson(unit_label(b));
    e["base"] = json_side(b.base);
    e["new"] = json_side(b.candidate);
    e["ratio"] = json_number(b.ratio);
    e["p_value"] = json_number(b.test ? std::optional(b.test->p_value) : std::nullopt);
    e["test"] = b.test ? ojson(to_string(b.test->method)) : ojson(nullptr);
    e["note"] = b.note.empty() ? ojson(nullptr) : ojson(b.note);
    benchmarks.push_back(std::move(e));
  }
  return {{"base", c.base},
          {"new", c.candidate},
          {"mode", "samples"},
          {"metric", to_string(s.metric)},
          {"environment_differences", s.environment_differences},
          {"geomean_ratio", json_number(s.geomean_ratio)},
          {"geomean_count", s.geomean_count},
          {"benchmarks", std::move(benchmarks)}};
}

ojson json_ceilings(const LabelledComparison& c, const CeilingComparison& ceilings) {
  const auto [measured, reference] = sides(c, ceilings);
  ojson rows = ojson::array();
  for (const auto& r : ceilings.rows)
    rows.push_back({{"ceiling", r.ceiling},
                    {"unit", unit_label(r)},
                    {"measured", json_number(r.measured)},
                    {"reference", json_number(r.reference)},
                    {"ratio", json_number(r.ratio)}});
  return {{"base", c.base},
          {"new", c.candidate},
          {"mode", "ceilings"},
          {"measured", measured},
          {"measured_kind", measured_kind(ceilings)},
          {"reference", reference},
          {"ceilings", std::move(rows)}};
}

std::string json(const std::vector<LabelledComparison>& comparisons, const CompareOptions& o) {
  ojson list = ojson::array();
  for (const auto& c : comparisons) {
    if (const auto* s = std::get_if<SampleComparison>(&c.result))
      list.push_back(json_samples(c, *s));
    else
      list.push_back(json_ceilings(c, std::get<CeilingComparison>(c.result)));
  }
  const ojson doc = {
      {"threshold", o.threshold}, {"alpha", o.alpha}, {"comparisons", std::move(list)}};
  return doc.dump(2) + '\n';
}

}  // namespace

std::string format_comparisons(const std::vector<LabelledComparison>& comparisons,
                               const CompareOptions& options, CompareFormat format) {
  switch (format) {
    case CompareFormat::table:
      return table(comparisons, options);
    case CompareFormat::markdown:
      return markdown(comparisons, options);
    case CompareFormat::csv:
      return csv(comparisons);
    case CompareFormat::json:
      return json(comparisons, options);
  }
  return {};
}

}  // namespace ridgeline
