#include "report/table_formats.hpp"

namespace ridgeline {
namespace {

std::string markdown_escape(const std::string& cell) {
  std::string out;
  for (char ch : cell) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + '"';
}

}  // namespace

std::optional<TableFormat> parse_table_format(std::string_view name) {
  if (name == "table") return TableFormat::table;
  if (name == "md") return TableFormat::md;
  if (name == "csv") return TableFormat::csv;
  if (name == "json") return TableFormat::json;
  return std::nullopt;
}

std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<TextTable::Align>& align,
                           const std::vector<std::vector<std::string>>& rows) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string text = "|";
    for (const auto& c : cells) {
      text += ' ';
      text += markdown_escape(c);
      text += " |";
    }
    return text + "\n";
  };
  std::string out = line(header) + "|";
  for (std::size_t i = 0; i < header.size(); ++i)
    out += i < align.size() && align[i] == TextTable::Align::right ? "---:|" : "---|";
  out += '\n';
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

}  // namespace ridgeline
