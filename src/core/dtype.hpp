// Data types by name: the text form used in benchmark names, the CLI and result files.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "kernels/declaration.hpp"

namespace ridgeline {

using kernels::DType;

std::string_view to_string(DType t);
std::optional<DType> parse_dtype(std::string_view name);
std::size_t size_of(DType t);
bool is_integer(DType t);
// The name a datasheet uses for this dtype's peak: both fp8 formats share "fp8".
std::string_view datasheet_dtype(DType t);
// Every dtype set in a kernel's mask, in declaration order.
std::vector<DType> dtypes_in(kernels::DTypeMask mask);

}  // namespace ridgeline
