#include <fmt/core.h>

#include <algorithm>
#include <memory>

#include "analysis/projection.hpp"
#include "cli/commands.hpp"
#include "cli/count_argument.hpp"
#include "cli/efficiency_source.hpp"
#include "cli/exit_codes.hpp"
#include "cli/loaded_inputs.hpp"
#include "report/projection_json.hpp"
#include "report/projection_table.hpp"
#include "results/output_target.hpp"

namespace ridgeline::cli {
namespace {

// Numbers are taken as text and checked here, so every bad value gets the same kind of
// message naming the option ("--params '-1': expected a number above 0").
struct ProjectOptions {
  std::vector<std::string> inputs;
  std::string workload;
  std::string dtype = "bf16";
  std::optional<std::string> params, layers, hidden, kv_heads, heads, head_dim, context, batch;
  std::optional<std::string> m, n, k;
  std::string format = "table";
  std::optional<std::string> out;
  std::optional<std::string> efficiency_from;
};

// What a model shape can sensibly be: the largest models have about 2T parameters, 126
// layers and a 10M-token context; the limits leave room and refuse typos such as 1e30.
constexpr CountRange kParams{1, 100'000'000'000'000};
constexpr CountRange kLayers{1, 10'000};
constexpr CountRange kWidth{1, 1'000'000};  // hidden
constexpr CountRange kHeads{1, 10'000};     // heads and kv-heads
constexpr CountRange kHeadDim{1, 65'536};
constexpr CountRange kContext{1, 10'000'000};
constexpr CountRange kBatch{1, 1'000'000};
constexpr CountRange kMatrixDim{1, 1ull << 31};  // m, n, k: a 32-bit signed index

int int_count(const std::string& text, std::string_view option, CountRange range) {
  return static_cast<int>(parse_count(text, option, range));  // every int range fits
}

const std::string& required(const std::optional<std::string>& value, std::string_view option,
                            std::string_view workload) {
  if (!value) throw UsageError(fmt::format("--workload {} needs {}", workload, option));
  return *value;
}

void reject(const std::optional<std::string>& value, std::string_view option,
            std::string_view workload) {
  if (value) throw UsageError(fmt::format("{} does not apply to --workload {}", option, workload));
}

std::vector<int> batch_list(const std::string& text) {
  std::vector<int> batches;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    try {
      batches.push_back(int_count(item, "--batch", kBatch));
    } catch (const UsageError&) {
      throw UsageError(
          fmt::format("--batch '{}': '{}' is not a batch size (expected a comma-separated list "
                      "of whole numbers from {}, e.g. 1,8,64 or 1k)",
                      text, item, describe(kBatch)));
    }
    start = comma + 1;
  }
  return batches;
}

LlmShape llm_shape(const ProjectOptions& o) {
  constexpr std::string_view kLlm = "llm";
  LlmShape s;
  s.params =
      static_cast<double>(parse_count(required(o.params, "--params", kLlm), "--params", kParams));
  s.layers = int_count(required(o.layers, "--layers", kLlm), "--layers", kLayers);
  s.hidden = int_count(required(o.hidden, "--hidden", kLlm), "--hidden", kWidth);
  s.kv_heads = int_count(required(o.kv_heads, "--kv-heads", kLlm), "--kv-heads", kHeads);
  s.context = int_count(required(o.context, "--context", kLlm), "--context", kContext);
  if (o.heads && o.head_dim)
    throw UsageError("--heads and --head-dim: give one (head_dim = hidden / heads)");
  if (o.heads) {
    const int heads = int_count(*o.heads, "--heads", kHeads);
    if (s.hidden % heads != 0)
      throw UsageError(fmt::format("--heads {}: does not divide --hidden {}", heads, s.hidden));
    if (s.kv_heads > heads)
      throw UsageError(fmt::format("--kv-heads {}: more than --heads {}", s.kv_heads, heads));
    s.head_dim = s.hidden / heads;
  } else if (o.head_dim) {
    s.head_dim = int_count(*o.head_dim, "--head-dim", kHeadDim);
  } else {
    // 128 is the head width of nearly every current model (Llama, Qwen, Mistral); it
    // only sizes the KV cache, and the header of the output prints it.
    s.head_dim = 128;
  }
  return s;
}

std::string available_dtypes(const ResultFile& file) {
  std::string list;
  for (const auto& c : find_ceilings(file).compute) list += (list.empty() ? "" : ", ") + c.dtype;
  return list.empty() ? "none" : list;
}

// What stops a projection onto this input, in words; empty when nothing does.
std::string missing_ceiling(const LoadedInput& in, const MachineCeilings& m,
                            std::string_view dtype) {
  const std::string what = in.measured() ? "this run" : "the datasheet";
  if (!m.compute && !m.bandwidth)
    return fmt::format("{} has neither a {} peak nor a memory bandwidth", what, dtype);
  if (!m.bandwidth) return fmt::format("{} has no memory bandwidth", what);
  if (!m.compute) {
    if (in.measured())
      return fmt::format(
          "{} not measured by this run (it measured {}); no peak is borrowed "
          "from another dtype, try --dtype with one of those",
          dtype, available_dtypes(in.file));
    return fmt::format("the datasheet lists no {} peak (it lists {})", dtype,
                       available_dtypes(in.file));
  }
  return {};
}

std::optional<double> memory_bytes(const LoadedInput& in) {
  if (in.file.datasheet && in.file.datasheet->memory_gb) return *in.file.datasheet->memory_gb * 1e9;
  if (in.measured() && in.file.device.memory_bytes)
    return static_cast<double>(in.file.device.memory_bytes);
  return std::nullopt;
}

// What stops a carried projection: a share the run did not measure.
std::string missing_share(const EfficiencySource& source, const MachineCeilings& m,
                          std::string_view dtype) {
  const std::string measured = shares_text(source.efficiency);
  if (!m.carried->bandwidth_share)
    return fmt::format("{} has no bandwidth share of {} to carry (it has {})", source.argument,
                       source.efficiency.chip_id, measured);
  if (!m.carried->compute_share)
    return fmt::format(
        "{} has no {} share of {} to carry (it has {}); no share is borrowed from another "
        "dtype",
        source.argument, dtype, source.efficiency.chip_id, measured);
  return {};
}

std::vector<ProjectionTarget> targets_of(const std::vector<LoadedInput>& inputs,
                                         std::string_view dtype,
                                         const std::optional<EfficiencySource>& efficiency) {
  std::vector<ProjectionTarget> targets;
  for (const auto& in : inputs) {
    const bool carried = carries_to(efficiency, in.file);
    ProjectionTarget t{in.label,
                       in.argument,
                       carried ? carried_ceilings(in.file, dtype, efficiency->efficiency)
                               : machine_ceilings(in.file, dtype),
                       memory_bytes(in),
                       {},
                       carried ? efficiency->argument : std::string()};
    t.missing = carried ? missing_share(*efficiency, t.ceilings, dtype) : std::string();
    if (t.missing.empty()) t.missing = missing_ceiling(in, t.ceilings, dtype);
    if (carried) warn_if_not_sibling(*efficiency, in.file, in.argument);
    targets.push_back(std::move(t));
  }
  return targets;
}

int project_command(const ProjectOptions& o) {
  const auto format = parse_table_format(o.format);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected {}", o.format, kTableFormatNames));
  std::optional<OutputTarget> out;
  if (o.out) {
    try {
      out.emplace(*o.out);
    } catch (const OutputError& e) {
      throw UsageError(fmt::format("--out {}", e.what()));
    }
  }
  const auto element_bytes = bytes_per_element(o.dtype);
  if (!element_bytes)
    throw UsageError(
        fmt::format("--dtype '{}': expected one of fp64, fp32, tf32, fp16, bf16, "
                    "fp8, int8, fp4",
                    o.dtype));
  // Check the whole command line before reading any input.
  std::optional<LlmShape> llm;
  std::vector<int> batches;
  std::optional<ProjectedGemm> matrix;
  if (o.workload == "llm") {
    for (const auto& [value, option] :
         {std::pair{&o.m, "--m"}, std::pair{&o.n, "--n"}, std::pair{&o.k, "--k"}})
      reject(*value, option, o.workload);
    llm = llm_shape(o);
    batches = batch_list(o.batch.value_or("1"));
  } else if (o.workload == "gemm") {
    for (const auto& [value, option] :
         {std::pair{&o.params, "--params"}, std::pair{&o.layers, "--layers"},
          std::pair{&o.hidden, "--hidden"}, std::pair{&o.kv_heads, "--kv-heads"},
          std::pair{&o.heads, "--heads"}, std::pair{&o.head_dim, "--head-dim"},
          std::pair{&o.context, "--context"}, std::pair{&o.batch, "--batch"}})
      reject(*value, option, o.workload);
    const auto dim = [&](const std::optional<std::string>& value, std::string_view option) {
      return static_cast<double>(
          parse_count(required(value, option, o.workload), option, kMatrixDim));
    };
    matrix = ProjectedGemm{dim(o.m, "--m"), dim(o.n, "--n"), dim(o.k, "--k")};
  } else {
    throw UsageError(fmt::format("--workload '{}': expected llm or gemm", o.workload));
  }

  std::vector<LoadedInput> inputs;
  std::optional<EfficiencySource> efficiency;
  try {
    if (o.efficiency_from) efficiency = load_efficiency(*o.efficiency_from);
    inputs = load_inputs(o.inputs);
  } catch (const UnreadableInput& e) {
    fmt::print(stderr, "ridgeline: error: {}\n", e.what());
    return kExitUsage;
  }
  if (efficiency && std::none_of(inputs.begin(), inputs.end(), [&](const LoadedInput& in) {
        return carries_to(efficiency, in.file);
      }))
    throw UsageError(fmt::format(
        "--efficiency-from {}: scales the datasheets of chips other than {}, and no input is one",
        *o.efficiency_from, efficiency->efficiency.chip_id));
  const auto targets = targets_of(inputs, o.dtype, efficiency);
  if (std::all_of(targets.begin(), targets.end(),
                  [](const ProjectionTarget& t) { return !t.missing.empty(); })) {
    std::string why;
    for (const auto& t : targets)
      why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", t.origin, t.missing);
    fmt::print(stderr, "ridgeline: error: --dtype {}: nothing to project onto ({})\n", o.dtype,
               why);
    return kExitUsage;
  }
  const bool json = *format == TableFormat::json;
  std::string text;
  if (llm) {
    const LlmProjectionRequest request{*llm, o.dtype, *element_bytes, batches};
    text = json ? llm_projection_json(request, targets)
                : render(llm_projection_document(request, targets), *format);
  } else {
    text =
        json ? gemm_projection_json(*matrix, o.dtype, *element_bytes, targets)
             : render(gemm_projection_document(*matrix, o.dtype, *element_bytes, targets), *format);
  }
  if (!out) {
    fmt::print("{}", text);
    return kExitOk;
  }
  try {
    out->write(text);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ridgeline: error: --out {}: cannot write ({})\n", out->name(), e.what());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

Subcommand add_project_command(CLI::App& app) {
  auto o = std::make_shared<ProjectOptions>();
  auto* cmd = app.add_subcommand("project",
                                 "project an LLM or a GEMM onto measured runs and chip datasheets");
  cmd->add_option("inputs", o->inputs, "result files and chip:<id> datasheets");
  cmd->add_option("--workload", o->workload, "llm or gemm")->required();
  cmd->add_option("--dtype", o->dtype, "weights, KV cache and compute dtype")
      ->capture_default_str();
  // Counts take k, M, B (or G), T as powers of 1000: 8B, 70B, 4k (4000), 128k.
  cmd->add_option("--params", o->params,
                  "llm: parameters, e.g. 8B or 8e9 (" + describe(kParams) + ")");
  cmd->add_option("--layers", o->layers, "llm: transformer layers (" + describe(kLayers) + ")");
  cmd->add_option("--hidden", o->hidden, "llm: model width (" + describe(kWidth) + ")");
  cmd->add_option("--kv-heads", o->kv_heads, "llm: key/value heads (" + describe(kHeads) + ")");
  cmd->add_option("--heads", o->heads, "llm: attention heads (head_dim = hidden / heads)");
  cmd->add_option("--head-dim", o->head_dim,
                  "llm: width of one head (default 128; " + describe(kHeadDim) + ")");
  cmd->add_option("--context", o->context,
                  "llm: prompt length and decode context in tokens, e.g. 4096 or 128k (k = 1000; " +
                      describe(kContext) + ")");
  cmd->add_option("--batch", o->batch,
                  "llm: batch sizes, e.g. 1,8,64,256 (default 1; each " + describe(kBatch) + ")");
  cmd->add_option("--m", o->m, "gemm: rows of A and C (" + describe(kMatrixDim) + ")");
  cmd->add_option("--n", o->n, "gemm: columns of B and C (" + describe(kMatrixDim) + ")");
  cmd->add_option("--k", o->k, "gemm: columns of A, rows of B (" + describe(kMatrixDim) + ")");
  cmd->add_option("--format", o->format,
                  "table, md, csv or json (json: full precision, SI base units)")
      ->capture_default_str();
  cmd->add_option("--efficiency-from", o->efficiency_from,
                  "RUN: scale each chip:<id> datasheet's ceilings by the measured / datasheet "
                  "share RUN reached on its own chip (bandwidth, each dtype): an assumption");
  cmd->add_option("--out", o->out, "write the projection to FILE instead of standard output");
  return {cmd, [o] { return project_command(*o); }};
}

}  // namespace ridgeline::cli
