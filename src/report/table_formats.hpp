// The formats every table command prints (chips, compare, fleet): a terminal table,
// markdown, CSV and JSON, and the markdown and CSV lines they share.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/text_table.hpp"

namespace ridgeline {

enum class TableFormat { table, md, csv, json };

std::optional<TableFormat> parse_table_format(std::string_view name);  // table|md|csv|json

// A markdown table; `|` inside a cell is escaped.
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<TextTable::Align>& align,
                           const std::vector<std::vector<std::string>>& rows);

// One CSV record (RFC 4180 quoting: a field with a comma, quote or line break is quoted).
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace ridgeline
