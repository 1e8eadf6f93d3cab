#include <fmt/core.h>

#include <algorithm>
#include <memory>

#include "analysis/ceilings.hpp"
#include "analysis/efficiency.hpp"
#include "analysis/roofline_fit.hpp"
#include "cli/commands.hpp"
#include "cli/efficiency_source.hpp"
#include "cli/exit_codes.hpp"
#include "cli/loaded_inputs.hpp"
#include "report/number_format.hpp"
#include "report/roofline_html.hpp"
#include "report/roofline_svg.hpp"
#include "report/text_table.hpp"
#include "results/output_target.hpp"

namespace ridgeline::cli {
namespace {

struct RooflineOptions {
  std::vector<std::string> inputs;
  std::string out;
  std::optional<std::string> html;
  std::optional<std::string> dtypes;  // comma-separated
  std::optional<std::string> efficiency_from;
};

std::vector<std::string> parse_dtype_list(const std::string& text) {
  std::vector<std::string> dtypes;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    if (std::find(std::begin(kDatasheetDtypes), std::end(kDatasheetDtypes), name) ==
        std::end(kDatasheetDtypes))
      throw UsageError(
          fmt::format("--dtype '{}': '{}' is not a dtype (expected a list of "
                      "fp64, fp32, tf32, fp16, bf16, fp8, int8, fp4)",
                      text, name));
    dtypes.push_back(name);
    start = comma + 1;
  }
  return dtypes;
}

// Without --dtype: a run shows every floating-point dtype it measured; a datasheet its
// matrix-unit 16-bit peak (bf16, else fp16) and its fp32 vector peak, the two a reader
// compares. An input with neither shows what it has (fp8 only, int8 only) rather than
// nothing. Integer roofs (OP/s) are otherwise drawn on request: --dtype int8.
std::vector<std::string> default_dtypes(const RooflineInput& in) {
  std::vector<std::string> dtypes;
  if (in.measured) {
    for (const auto& r : in.ceilings.ridges) dtypes.push_back(r.dtype);
    return dtypes;
  }
  for (const char* dtype : {"bf16", "fp16"})
    if (find_ridge(in.ceilings, dtype)) {
      dtypes.emplace_back(dtype);
      break;
    }
  if (find_ridge(in.ceilings, "fp32")) dtypes.emplace_back("fp32");
  if (dtypes.empty() && !in.ceilings.ridges.empty())
    dtypes.push_back(in.ceilings.ridges.front().dtype);
  if (dtypes.empty() && !in.ceilings.integer_ridges.empty())
    dtypes.push_back(in.ceilings.integer_ridges.front().dtype);
  return dtypes;
}

std::string note_of(const LoadedInput& in) {
  if (!in.measured() && in.file.datasheet) {
    const Datasheet& d = *in.file.datasheet;
    std::string note = fmt::format("{}, confidence: {}", d.name,
                                   d.confidence.empty() ? "not stated" : d.confidence);
    for (const auto& s : d.sources) note += "; " + (s.title.empty() ? s.id : s.title);
    return note;
  }
  const ResultFile& f = in.file;
  return fmt::format(
      "{} {}, suite {}, {}, {}, {}", f.device.id, f.device.name,
      f.run.suite.empty() ? "?" : f.run.suite, counted(f.run.repetitions, "repetition"),
      f.run.started_utc.empty() ? "date unknown" : f.run.started_utc, to_string(f.run.status));
}

RooflineInput analyse(const LoadedInput& loaded, const std::optional<std::string>& dtype_list,
                      const std::optional<EfficiencySource>& efficiency) {
  RooflineInput in;
  in.label = loaded.label;
  in.tag = loaded.tag;
  in.origin = loaded.argument;
  in.measured = loaded.measured();
  in.ceilings = find_ceilings(loaded.file);
  const bool carried = carries_to(efficiency, loaded.file);
  if (carried) {
    // The datasheet's ceilings at the shares a run reached of its own chip: an
    // assumption, and named as one wherever the input appears.
    in.ceilings = scaled_ceilings(in.ceilings, efficiency->efficiency);
    in.assumed = true;
    const std::string mark = fmt::format(" (assumed: {} shares)", efficiency->efficiency.chip_id);
    in.label += mark;
    in.tag += " (assumed)";
    warn_if_not_sibling(*efficiency, loaded.file, loaded.argument);
  }
  if (in.measured) {
    in.sweeps = intensity_sweeps(loaded.file);
    in.gemms = gemm_points(loaded.file);
    in.fits = fit_rooflines(loaded.file);
  }
  in.note = note_of(loaded);
  if (carried)
    in.note += fmt::format(
        "; ceilings assumed: datasheet x the shares {} reached of {}'s datasheet ({}), nothing "
        "measured on this chip",
        efficiency->argument, efficiency->efficiency.chip_id, shares_text(efficiency->efficiency));
  if (!dtype_list) {
    in.dtypes = default_dtypes(in);
  } else {
    for (const auto& dtype : parse_dtype_list(*dtype_list)) {
      if (find_ridge(in.ceilings, dtype))
        in.dtypes.push_back(dtype);
      else
        fmt::print(stderr, "ridgeline: note: {}: no {} roof ({}), not drawn\n", loaded.argument,
                   dtype,
                   in.measured ? "this run measured no " + dtype + " peak or no bandwidth"
                   : carried   ? "no " + dtype + " share or no bandwidth share to carry from " +
                                   efficiency->argument
                             : "the datasheet lists no " + dtype + " peak or no bandwidth");
    }
  }
  if (in.ceilings.ridges.empty() && in.ceilings.integer_ridges.empty())
    fmt::print(stderr,
               "ridgeline: note: {}: no ridge point (it needs a bandwidth and a peak); {}\n",
               loaded.argument,
               in.ceilings.best_bandwidth ? "drawn as its bandwidth slope alone"
                                          : "listed in the legend, nothing to draw");
  return in;
}

OutputTarget checked_output(const std::string& path, const char* option) {
  try {
    return OutputTarget(path);
  } catch (const OutputError& e) {
    throw UsageError(fmt::format("{} {}", option, e.what()));
  }
}

void write_output(const OutputTarget& target, const std::string& contents, const char* option) {
  try {
    target.write(contents);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{} {}: cannot write ({})", option, target.name(), e.what()));
  }
}

// Integer roofs read in OP/s and op per byte, floating-point ones in FLOP/s and flop/B.
std::string ridge_table(const std::vector<RooflineInput>& inputs) {
  TextTable table({"input", "source", "dtype", "peak", "bandwidth", "ridge"},
                  {TextTable::Align::left, TextTable::Align::left, TextTable::Align::left});
  for (const auto& in : inputs)
    for (const auto& dtype : in.dtypes)
      if (const RidgePoint* r = find_ridge(in.ceilings, dtype)) {
        const bool integer = r->compute.unit == RateUnit::gigaops;
        table.add_row({in.label,
                       in.measured  ? "measured"
                       : in.assumed ? "assumed"
                                    : "datasheet",
                       dtype, format_si(r->compute.value * 1e9, integer ? "OP/s" : "FLOP/s"),
                       format_si(r->bandwidth.value * 1e9, "B/s"),
                       format_rate(r->flop_per_byte) + (integer ? " op/B" : " flop/B")});
      }
  return table.render();
}

int roofline_command(const RooflineOptions& o) {
  if (o.dtypes) parse_dtype_list(*o.dtypes);  // reject a bad list before reading anything
  // Both outputs are checked before anything is written, so a bad --html cannot leave
  // an SVG behind.
  const OutputTarget svg_out = checked_output(o.out, "--out");
  std::optional<OutputTarget> html_out;
  if (o.html) {
    html_out = checked_output(*o.html, "--html");
    if (html_out->same_as(svg_out))
      throw UsageError(fmt::format(
          "--out {} and --html {} are the same file; the page would replace the picture", o.out,
          *o.html));
  }
  std::vector<LoadedInput> loaded;
  std::optional<EfficiencySource> efficiency;
  try {
    if (o.efficiency_from) efficiency = load_efficiency(*o.efficiency_from);
    loaded = load_inputs(o.inputs);
  } catch (const UnreadableInput& e) {
    fmt::print(stderr, "ridgeline: error: {}\n", e.what());
    return kExitUsage;
  }
  if (efficiency && std::none_of(loaded.begin(), loaded.end(), [&](const LoadedInput& in) {
        return carries_to(efficiency, in.file);
      }))
    throw UsageError(fmt::format(
        "--efficiency-from {}: scales the datasheets of chips other than {}, and no input is one",
        *o.efficiency_from, efficiency->efficiency.chip_id));
  std::vector<RooflineInput> inputs;
  for (const auto& in : loaded) inputs.push_back(analyse(in, o.dtypes, efficiency));
  const bool any_roof = std::any_of(inputs.begin(), inputs.end(), [](const RooflineInput& in) {
    return !in.dtypes.empty() || in.ceilings.best_bandwidth.has_value();
  });
  if (!any_roof)
    throw UsageError(o.dtypes
                         ? fmt::format("--dtype {}: no input has a roof of that dtype", *o.dtypes)
                         : std::string("no input has a bandwidth or a ridge point to draw"));

  const std::string svg = roofline_svg(inputs);
  const std::string html = html_out ? roofline_html(inputs) : std::string();
  write_output(svg_out, svg, "--out");
  if (html_out) write_output(*html_out, html, "--html");
  // A picture on standard output leaves stdout to it: the table goes to stderr.
  std::FILE* report = svg_out.is_standard_output() || (html_out && html_out->is_standard_output())
                          ? stderr
                          : stdout;
  fmt::print(report, "{}", ridge_table(inputs));
  fmt::print(report, "\nwrote {}{}\n", svg_out.name(),
             html_out ? " and " + html_out->name() : std::string());
  return kExitOk;
}

}  // namespace

Subcommand add_roofline_command(CLI::App& app) {
  auto options = std::make_shared<RooflineOptions>();
  auto* cmd = app.add_subcommand(
      "roofline", "draw the rooflines of result files and chip datasheets as SVG (and HTML)");
  cmd->add_option("inputs", options->inputs, "result files and chip:<id> datasheets");
  cmd->add_option("--out", options->out, "the SVG file to write (- for standard output)")
      ->required();
  cmd->add_option("--html", options->html,
                  "also write a self-contained HTML page: the picture and the ceiling tables "
                  "(a file other than --out)");
  cmd->add_option("--efficiency-from", options->efficiency_from,
                  "RUN: draw each chip:<id> datasheet at the measured / datasheet shares RUN "
                  "reached on its own chip (bandwidth, each dtype): an assumption, so labelled");
  cmd->add_option("--dtype", options->dtypes,
                  "roofs to draw, e.g. bf16,fp32 or int8 (integer roofs in OP/s; default: "
                  "every floating-point dtype a run measured; bf16 (else fp16) and fp32 of "
                  "a datasheet)");
  return {cmd, [options] { return roofline_command(*options); }};
}

}  // namespace ridgeline::cli
