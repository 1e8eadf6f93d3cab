// What a command prints, as data: lines of text and tables of cells, rendered in the
// format the user asked for (--format table|md|csv|json). One renderer for every
// command, so a table reads the same in a terminal, a pull request, a spreadsheet and a
// script. Unknown values are "-" in a terminal or markdown, empty in CSV, null in JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ridgeline {

enum class TableFormat { table, md, csv, json };
std::optional<TableFormat> parse_table_format(std::string_view name);
inline constexpr std::string_view kTableFormatNames = "table, md, csv or json";

struct TableColumn {
  std::string key;     // the CSV header and JSON field: "rate", "ridge_bf16"
  std::string header;  // what a terminal and markdown print: "rate", "ridge BF16"
  bool numeric = false;
};

// One value: the text a person reads, the number behind it (if any) for JSON and sorting.
struct TableCell {
  std::string text;  // empty: unknown
  std::optional<double> number;
  bool known() const { return !text.empty(); }
};
TableCell text_cell(std::string text);
// `text` is how the value reads ("15.2", "4.00 TB/s"); JSON gets `value` itself.
TableCell number_cell(double value, std::string text);

struct ReportTable {
  std::string key;    // the table's name in CSV and JSON: "memory", "ridge"
  std::string title;  // the line a terminal and markdown print above it (may be empty)
  std::vector<TableColumn> columns;
  std::vector<std::vector<TableCell>> rows;
  std::vector<std::string> notes;  // lines after the rows
  int indent = 2;                  // of a terminal table's rows
};

struct ReportDocument {
  std::vector<std::string> heading;  // lines before the first table
  std::vector<ReportTable> tables;   // a table without rows is left out
  std::vector<std::string> footing;  // lines after the last table
};

// table: heading, then each table with its title, a blank line between blocks; md: the
// same with markdown tables; csv: one block per table (a leading "table" column names it
// when there are several), blank lines between, no prose; json: one object, each table
// (empty ones too) an array of row objects under its key, every line of prose under
// "notes".
std::string render(const ReportDocument& document, TableFormat format);

// The pieces, for a command whose JSON has a shape of its own.
std::string render_text_table(const ReportTable& table);
std::string render_markdown_table(const ReportTable& table);
std::string render_csv_table(const ReportTable& table, bool with_table_column);
nlohmann::ordered_json json_rows(const ReportTable& table);

}  // namespace ridgeline
