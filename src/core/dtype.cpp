#include "core/dtype.hpp"

#include <array>

namespace ridgeline {
namespace {
struct DTypeInfo {
  DType type;
  std::string_view name;
  std::size_t bytes;
  bool integer;
};
constexpr std::array<DTypeInfo, 9> kDTypes{{
    {DType::fp64, "fp64", 8, false},
    {DType::fp32, "fp32", 4, false},
    {DType::fp16, "fp16", 2, false},
    {DType::bf16, "bf16", 2, false},
    {DType::int32, "int32", 4, true},
    {DType::int8, "int8", 1, true},
    {DType::tf32, "tf32", 4, false},  // stored in 32-bit words, multiplied at 10-bit mantissa
    {DType::fp8_e4m3, "fp8_e4m3", 1, false},
    {DType::fp8_e5m2, "fp8_e5m2", 1, false},
}};
const DTypeInfo& info(DType t) { return kDTypes[static_cast<std::size_t>(t)]; }
}  // namespace

std::string_view to_string(DType t) {
  return static_cast<std::size_t>(t) < kDTypes.size() ? info(t).name : "unknown";
}
std::size_t size_of(DType t) { return info(t).bytes; }
bool is_integer(DType t) { return info(t).integer; }

std::optional<DType> parse_dtype(std::string_view name) {
  for (const auto& d : kDTypes)
    if (d.name == name) return d.type;
  return std::nullopt;
}

std::string_view datasheet_dtype(DType t) {
  if (t == DType::fp8_e4m3 || t == DType::fp8_e5m2) return "fp8";
  return to_string(t);
}

std::vector<DType> dtypes_in(kernels::DTypeMask mask) {
  std::vector<DType> out;
  for (const auto& d : kDTypes)
    if (mask & kernels::mask_of(d.type)) out.push_back(d.type);
  return out;
}

}  // namespace ridgeline
