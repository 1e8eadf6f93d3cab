// Tables for `ridgeline chips`: the datasheet of every chip with its ridge points, or
// (export view) its ECCN 3A090 metrics. Rows sort by any column; unknown values print
// as "-" (empty in CSV, null in JSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/table_document.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

enum class ChipsView { specs, export_control };

// The column keys `--sort` accepts for a view, in display order.
std::vector<std::string> chips_sort_keys(ChipsView view);

// `chips` are loaded datasheet files (kind "datasheet"). Numeric columns sort descending
// and text columns ascending, unknown values last; ties keep id order. Throws
// std::invalid_argument when sort_key is not one of chips_sort_keys(view).
std::string format_chips(const std::vector<ResultFile>& chips, ChipsView view,
                         std::string_view sort_key, TableFormat format);

}  // namespace ridgeline
