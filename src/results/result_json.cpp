#include "results/result_json.hpp"

#include <cmath>
#include <limits>
#include <tuple>
#include <type_traits>

#include "results/datasheet_rules.hpp"
#include "results/json_fields.hpp"

namespace ridgeline {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
using namespace json_fields;

// ---------------------------------------------------------------------------------------
// The description: every field of every struct of the file, once. `min` is the smallest
// value an int field accepts. Need::required on an optional member means present and not
// null; Need::optional accepts absent or null as "unknown".
template <class Struct, class Member>
struct Field {
  const char* key;
  Member Struct::*member;
  Need need = Need::optional;
  int min = 0;
};

template <class Struct, class Member>
constexpr Field<Struct, Member> field(const char* key, Member Struct::*member,
                                      Need need = Need::optional, int min = 0) {
  return {key, member, need, min};
}

template <class T>
struct Schema;

template <>
struct Schema<CacheLevel> {
  static constexpr auto fields =
      std::tuple{field("level", &CacheLevel::level, Need::required),
                 field("type", &CacheLevel::type, Need::required),
                 field("size_bytes", &CacheLevel::size_bytes, Need::required),
                 field("shared_by", &CacheLevel::shared_by, Need::optional, 1),
                 field("instances", &CacheLevel::instances, Need::optional, 1)};
};

template <>
struct Schema<DeviceInfo> {
  static constexpr auto fields =
      std::tuple{field("id", &DeviceInfo::id),
                 field("backend", &DeviceInfo::backend, Need::required),
                 field("name", &DeviceInfo::name, Need::required),
                 field("vendor", &DeviceInfo::vendor),
                 field("arch", &DeviceInfo::arch),
                 field("compute_units", &DeviceInfo::compute_units),
                 field("compute_unit_kind", &DeviceInfo::compute_unit_kind),
                 field("clock_mhz", &DeviceInfo::clock_mhz),
                 field("simd_bits", &DeviceInfo::simd_bits),
                 field("caches", &DeviceInfo::caches),
                 field("memory_bytes", &DeviceInfo::memory_bytes),
                 field("extra", &DeviceInfo::extra)};
};

template <>
struct Schema<Verification> {
  static constexpr auto fields =
      std::tuple{field("verdict", &Verification::verdict, Need::required),
                 field("checked", &Verification::checked),
                 field("mismatches", &Verification::mismatches),
                 field("max_abs_error", &Verification::max_abs_error),
                 field("tolerance", &Verification::tolerance),
                 field("detail", &Verification::detail)};
};

template <>
struct Schema<Spread> {
  static constexpr auto fields = std::tuple{field("min", &Spread::min, Need::required),
                                            field("median", &Spread::median, Need::required),
                                            field("max", &Spread::max, Need::required)};
};

template <>
struct Schema<RunConditions> {
  static constexpr auto fields =
      std::tuple{field("source", &RunConditions::source),
                 field("samples", &RunConditions::samples),
                 field("core_clock_mhz", &RunConditions::core_clock_mhz),
                 field("memory_clock_mhz", &RunConditions::memory_clock_mhz),
                 field("power_w", &RunConditions::power_w),
                 field("temperature_c", &RunConditions::temperature_c),
                 field("throttle_reasons", &RunConditions::throttle_reasons)};
};

template <>
struct Schema<BenchmarkRecord> {
  using R = BenchmarkRecord;
  static constexpr auto fields =
      std::tuple{field("name", &R::name, Need::required),
                 field("family", &R::family),
                 field("kernel", &R::kernel),
                 field("dtype", &R::dtype),
                 field("elements", &R::elements),
                 field("array_bytes", &R::array_bytes),
                 field("bytes_per_call", &R::bytes_per_call, Need::required),
                 field("flops_per_call", &R::flops_per_call, Need::required),
                 field("unit", &R::unit, Need::required),
                 field("params", &R::params),
                 field("status", &R::status, Need::required),
                 field("reason", &R::reason),
                 field("verification", &R::verification),
                 field("calls_per_sample", &R::calls_per_sample, Need::optional, 1),
                 field("samples_seconds", &R::sample_seconds, Need::required),
                 field("samples_cpu_seconds", &R::sample_cpu_seconds),
                 field("samples_end_seconds", &R::sample_end_seconds),
                 field("peak_per_mhz", &R::peak_per_mhz),
                 field("physical_limit", &R::physical_limit),
                 field("conditions", &R::conditions),
                 field("wall_seconds", &R::wall_seconds),
                 field("host_busy_share", &R::host_busy_share)};
};

template <>
struct Schema<ToolInfo> {
  static constexpr auto fields =
      std::tuple{field("version", &ToolInfo::version), field("git_sha", &ToolInfo::git_sha),
                 field("compiler", &ToolInfo::compiler), field("flags", &ToolInfo::flags),
                 field("build_type", &ToolInfo::build_type)};
};

template <>
struct Schema<HostInfo> {
  static constexpr auto fields =
      std::tuple{field("hostname", &HostInfo::hostname), field("os", &HostInfo::os),
                 field("kernel", &HostInfo::kernel), field("cpus", &HostInfo::cpus)};
};

template <>
struct Schema<HostState> {
  static constexpr auto fields = std::tuple{field("load_avg", &HostState::load_avg),
                                            field("cpu_governor", &HostState::cpu_governor)};
};

template <>
struct Schema<RunWarning> {
  static constexpr auto fields = std::tuple{field("kind", &RunWarning::kind, Need::required),
                                            field("benchmarks", &RunWarning::benchmarks),
                                            field("message", &RunWarning::message, Need::required)};
};

template <>
struct Schema<RunInfo> {
  static constexpr auto fields =
      std::tuple{field("status", &RunInfo::status, Need::required),
                 field("started_utc", &RunInfo::started_utc, Need::required),
                 field("finished_utc", &RunInfo::finished_utc),
                 field("suite", &RunInfo::suite),
                 field("repetitions", &RunInfo::repetitions),
                 field("command_line", &RunInfo::command_line),
                 field("planned_benchmarks", &RunInfo::planned_benchmarks),
                 field("host_at_start", &RunInfo::host_at_start),
                 field("host_at_end", &RunInfo::host_at_end),
                 field("duration_seconds", &RunInfo::duration_seconds),
                 field("passes", &RunInfo::passes, Need::optional, 1)};
};

template <>
struct Schema<Placement> {
  using P = Placement;
  static constexpr auto fields = std::tuple{field("launcher", &P::launcher, Need::required),
                                            field("rank", &P::rank, Need::required),
                                            field("world_size", &P::world_size, Need::required, 1),
                                            field("local_rank", &P::local_rank),
                                            field("local_size", &P::local_size, Need::optional, 1),
                                            field("node_id", &P::node_id),
                                            field("node_name", &P::node_name),
                                            field("job_id", &P::job_id),
                                            field("coordination", &P::coordination),
                                            field("binding", &P::binding)};
};

template <>
struct Schema<HardwareSample> {
  using S = HardwareSample;
  static constexpr auto fields = std::tuple{
      field("core_clock_mhz", &S::core_clock_mhz), field("memory_clock_mhz", &S::memory_clock_mhz),
      field("power_w", &S::power_w), field("temperature_c", &S::temperature_c),
      field("throttle_reasons", &S::throttle_reasons)};
};

template <>
struct Schema<TracePoint> {
  static constexpr auto fields = std::tuple{field("seconds", &TracePoint::seconds, Need::required),
                                            field("sample", &TracePoint::sample, Need::required)};
};

template <>
struct Schema<HardwareTrace> {
  static constexpr auto fields =
      std::tuple{field("source", &HardwareTrace::source),
                 field("interval_seconds", &HardwareTrace::interval_seconds),
                 field("points", &HardwareTrace::points, Need::required)};
};

template <>
struct Schema<DatasheetSource> {
  static constexpr auto fields = std::tuple{field("id", &DatasheetSource::id, Need::required),
                                            field("title", &DatasheetSource::title, Need::required),
                                            field("url", &DatasheetSource::url)};
};

template <>
struct Schema<Datasheet> {
  using D = Datasheet;
  static constexpr auto fields =
      std::tuple{field("id", &D::id, Need::required),
                 field("name", &D::name, Need::required),
                 field("vendor", &D::vendor, Need::required),
                 field("year", &D::year, Need::optional, 1),
                 field("confidence", &D::confidence, Need::required),
                 field("memory_type", &D::memory_type),
                 field("memory_gb", &D::memory_gb),
                 field("memory_bandwidth_tbps", &D::memory_bandwidth_tbps),
                 field("peak_tflops", &D::peak_tflops),
                 field("interconnect", &D::interconnect),
                 field("interconnect_gbps", &D::interconnect_gbps),
                 field("tdp_w", &D::tdp_w),
                 field("die_area_mm2", &D::die_area_mm2),
                 field("sources", &D::sources, Need::required),
                 field("field_sources", &D::field_sources),
                 field("notes", &D::notes)};
};

template <>
struct Schema<ResultFile> {
  using F = ResultFile;
  static constexpr auto fields =
      std::tuple{field("schema_version", &F::schema_version, Need::required),
                 field("kind", &F::kind, Need::required),
                 field("tool", &F::tool),
                 field("host", &F::host),
                 field("run", &F::run, Need::required),
                 field("device", &F::device, Need::required),
                 field("benchmarks", &F::benchmarks, Need::required),
                 field("warnings", &F::warnings),
                 field("datasheet", &F::datasheet),
                 field("placement", &F::placement),
                 field("trace", &F::trace)};
};

template <class T>
concept Described = requires {
  Schema<T>::fields;
};

// Enums travel as their names (to_string); parsing tries each value in declaration order,
// so no enum needs a separate list of accepted names here.
template <class T>
concept NamedEnum = std::is_enum_v<T> && requires(T t) {
  to_string(t);
};

template <NamedEnum E>
std::optional<E> parse_name(std::string_view text) {
  for (int i = 0; i < 64; ++i) {
    const auto value = static_cast<E>(i);
    const std::string_view name = to_string(value);
    if (name == "unknown") break;
    if (name == text) return value;
  }
  return std::nullopt;
}

template <NamedEnum E>
std::string allowed_names() {
  std::string out;
  for (int i = 0; i < 64; ++i) {
    const std::string_view name = to_string(static_cast<E>(i));
    if (name == "unknown") break;
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// ---------------------------------------------------------------------------------------
// Encoding: one template serves json and ordered_json.
template <class J, class T>
J encode(const T& value);

template <class J>
J encode_param(const Param& p) {
  return std::visit([](const auto& v) { return J(v); }, p.value());
}

template <class J, class T>
J encode(const T& value) {
  if constexpr (Described<T>) {
    J j = J::object();
    std::apply([&](const auto&... f) { ((j[f.key] = encode<J>(value.*(f.member))), ...); },
               Schema<T>::fields);
    if constexpr (std::is_same_v<T, BenchmarkRecord>) {
      // Derived, for readers that do not recompute; never read back. A non-finite sample
      // is reported by the writer under its own path, so no median is taken from it. A
      // benchmark that did not pass has no headline rate: its samples stay for diagnosis,
      // but a rate that failed verification or beat the physical limit is not a result.
      bool finite = true;
      for (double s : value.sample_seconds) finite = finite && std::isfinite(s);
      if (value.status == BenchStatus::ok) {
        j["median_seconds"] = finite ? value.median_seconds() : 0.0;
        j["median_rate"] = finite ? value.median_rate() : 0.0;
      }
    }
    return j;
  } else if constexpr (IsOptional<T>::value) {
    return value ? encode<J>(*value) : J(nullptr);
  } else if constexpr (NamedEnum<T>) {
    return J(std::string(to_string(value)));
  } else if constexpr (std::is_same_v<T, Params>) {
    J j = J::object();
    for (const auto& [key, param] : value) j[key] = encode_param<J>(param);
    return j;
  } else if constexpr (std::is_same_v<T, std::vector<double>> ||
                       std::is_same_v<T, std::vector<std::string>>) {
    return J(value);
  } else if constexpr (requires { value.begin()->first; }) {  // a map of string keys
    J j = J::object();
    for (const auto& [key, v] : value) j[key] = encode<J>(v);
    return j;
  } else if constexpr (requires { value.begin(); } && !std::is_same_v<T, std::string>) {
    J j = J::array();
    for (const auto& element : value) j.push_back(encode<J>(element));
    return j;
  } else {
    return J(value);
  }
}

// ---------------------------------------------------------------------------------------
// Rules that relate fields to each other, run once a struct is decoded.
// Any other struct has none.
template <class T>
void check_rules(const T&, const std::string&) {}

void check_rules(const BenchmarkRecord& r, const std::string& path) {
  // A CPU time must belong to a wall-clock sample, or per-sample pairs would shift.
  if (!r.sample_cpu_seconds.empty() && r.sample_cpu_seconds.size() != r.sample_seconds.size())
    fail(path + ".samples_cpu_seconds", "has " + std::to_string(r.sample_cpu_seconds.size()) +
                                            " entries but samples_seconds has " +
                                            std::to_string(r.sample_seconds.size()));
  if (!r.sample_end_seconds.empty() && r.sample_end_seconds.size() != r.sample_seconds.size())
    fail(path + ".samples_end_seconds", "has " + std::to_string(r.sample_end_seconds.size()) +
                                            " entries but samples_seconds has " +
                                            std::to_string(r.sample_seconds.size()));
}

void check_rules(const Placement& p, const std::string& path) {
  if (p.rank < 0 || p.rank >= p.world_size)
    fail(path + ".rank", "must be from 0 to world_size - 1 (" + std::to_string(p.world_size - 1) +
                             "), got " + std::to_string(p.rank));
}

void check_rules(const Datasheet& d, const std::string& path) { check_datasheet(d, path); }

void check_rules(const ResultFile& f, const std::string& path) {
  const std::string sheet_path = path.empty() ? "datasheet" : path + ".datasheet";
  if (f.kind != FileKind::datasheet) {
    if (f.datasheet) fail(sheet_path, "is only allowed when kind is \"datasheet\"");
    return;
  }
  if (!f.datasheet) fail(sheet_path, "is missing (kind is \"datasheet\")");
  // chip:<id> resolves to <id>.json; the device must say which chip it describes.
  const std::string chip = "chip:" + f.datasheet->id;
  if (f.device.id != chip)
    fail(
        (path.empty() ? "" : path + ".") + "device.id",
        "must be \"" + chip + "\" to match datasheet.id (got " + quoted_excerpt(f.device.id) + ")");
}

// ---------------------------------------------------------------------------------------
// Decoding: every read names its JSON path, so a reader's error points at the bad field.
template <class T>
void decode(const json& j, const std::string& path, T& out, int min = 0);

Param decode_param(const json& j, const std::string& path) {
  if (j.is_string()) return Param(j.get<std::string>());
  if (j.is_number_integer()) {
    if (j.is_number_unsigned() &&
        j.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return Param(static_cast<double>(j.get<std::uint64_t>()));
    return Param(j.get<std::int64_t>());
  }
  if (j.is_number()) return Param(get_finite(j, path));
  fail(path, "must be a number or a string");
}

template <class T>
void decode(const json& j, const std::string& path, T& out, int min) {
  if constexpr (Described<T>) {
    const Fields fields(j, path);
    std::apply(
        [&](const auto&... f) {
          (
              [&] {
                auto& member = out.*(f.member);
                const json* v = fields.find(f.key, f.need);
                if (v == nullptr) return;
                using Member = std::remove_cvref_t<decltype(member)>;
                if constexpr (IsOptional<Member>::value)
                  if (v->is_null() && f.need == Need::required)
                    fail(fields.path(f.key), "must not be null");
                decode(*v, fields.path(f.key), member, f.min);
              }(),
              ...);
        },
        Schema<T>::fields);
    check_rules(out, path);
  } else if constexpr (IsOptional<T>::value) {
    if (j.is_null()) {
      out.reset();
      return;
    }
    decode(j, path, out.emplace(), min);
  } else if constexpr (NamedEnum<T>) {
    const std::string text = get_string(j, path);
    const auto parsed = parse_name<T>(text);
    if (!parsed)
      fail(path, "must be one of " + allowed_names<T>() + " (got " + quoted_excerpt(text) + ")");
    out = *parsed;
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = get_string(j, path);
  } else if constexpr (std::is_same_v<T, bool>) {
    out = get_bool(j, path);
  } else if constexpr (std::is_same_v<T, double>) {
    out = get_finite(j, path);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    out = get_u64(j, path);
  } else if constexpr (std::is_same_v<T, int>) {
    out = get_int(j, path, min);
  } else if constexpr (std::is_same_v<T, Params>) {
    if (!j.is_object()) fail(path, "must be an object of numbers and strings");
    out.clear();
    for (const auto& [key, value] : j.items()) out[key] = decode_param(value, path + "." + key);
  } else if constexpr (requires { out.begin()->first; }) {  // a map of string keys
    if (!j.is_object()) fail(path, "must be an object");
    out.clear();
    for (const auto& [key, value] : j.items()) decode(value, path + "." + key, out[key]);
  } else {  // a vector
    if (!j.is_array()) fail(path, "must be an array");
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
      decode(j[i], element_path(path, i), out.emplace_back());
  }
}

}  // namespace

ojson result_file_to_json(const ResultFile& f) { return encode<ojson>(f); }

ResultFile result_file_from_json(const json& j, const std::string& path) {
  ResultFile f;
  decode(j, path, f);
  return f;
}

}  // namespace ridgeline
