#include "report/table_document.hpp"

#include <cmath>
#include <cstdint>

#include "report/text_table.hpp"

namespace ridgeline {
namespace {

std::string shown(const TableCell& cell) { return cell.known() ? cell.text : "-"; }

std::string markdown_escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char ch : s) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  line += '\n';
  return line;
}

std::string lines(const std::vector<std::string>& text) {
  std::string out;
  for (const auto& line : text) {
    out += line;
    out += '\n';
  }
  return out;
}

// Blocks of text with one blank line between them; empty blocks are skipped.
std::string joined_blocks(const std::vector<std::string>& blocks) {
  std::string out;
  for (const auto& block : blocks) {
    if (block.empty()) continue;
    if (!out.empty()) out += '\n';
    out += block;
  }
  return out;
}

// Whole numbers (counts, bytes, years) as JSON integers, the rest as they are.
nlohmann::ordered_json json_number(double v) {
  constexpr double kExact = 9007199254740992.0;  // 2^53: every integer below is a double
  if (v == std::floor(v) && std::abs(v) < kExact) return static_cast<std::int64_t>(v);
  return v;
}

std::vector<const ReportTable*> filled(const ReportDocument& d) {
  std::vector<const ReportTable*> out;
  for (const auto& t : d.tables)
    if (!t.rows.empty()) out.push_back(&t);
  return out;
}

}  // namespace

std::optional<TableFormat> parse_table_format(std::string_view name) {
  if (name == "table") return TableFormat::table;
  if (name == "md") return TableFormat::md;
  if (name == "csv") return TableFormat::csv;
  if (name == "json") return TableFormat::json;
  return std::nullopt;
}

TableCell text_cell(std::string text) { return TableCell{std::move(text), std::nullopt}; }

TableCell number_cell(double value, std::string text) { return TableCell{std::move(text), value}; }

std::string render_text_table(const ReportTable& t) {
  std::vector<std::string> header;
  std::vector<TextTable::Align> align;
  for (const auto& c : t.columns) {
    header.push_back(c.header);
    align.push_back(c.numeric ? TextTable::Align::right : TextTable::Align::left);
  }
  TextTable table(header, align);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(shown(cell));
    table.add_row(std::move(cells));
  }
  return table.render(t.indent);
}

std::string render_markdown_table(const ReportTable& t) {
  std::string out = "|";
  std::string rule = "|";
  for (const auto& c : t.columns) {
    out += ' ';
    out += markdown_escape(c.header);
    out += " |";
    rule += c.numeric ? "---:|" : "---|";
  }
  out += '\n';
  out += rule;
  out += '\n';
  for (const auto& row : t.rows) {
    out += '|';
    for (const auto& cell : row) {
      out += ' ';
      out += markdown_escape(shown(cell));
      out += " |";
    }
    out += '\n';
  }
  return out;
}

std::string render_csv_table(const ReportTable& t, bool with_table_column) {
  std::vector<std::string> keys;
  if (with_table_column) keys.emplace_back("table");
  for (const auto& c : t.columns) keys.push_back(c.key);
  std::string out = csv_line(keys);
  for (const auto& row : t.rows) {
    std::vector<std::string> fields;
    if (with_table_column) fields.push_back(t.key);
    for (const auto& cell : row) fields.push_back(cell.text);
    out += csv_line(fields);
  }
  return out;
}

nlohmann::ordered_json json_rows(const ReportTable& t) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    auto obj = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
      const TableCell& cell = row[i];
      if (!cell.known())
        obj[t.columns[i].key] = nullptr;
      else if (cell.number)
        obj[t.columns[i].key] = json_number(*cell.number);
      else
        obj[t.columns[i].key] = cell.text;
    }
    out.push_back(std::move(obj));
  }
  return out;
}

std::string render(const ReportDocument& d, TableFormat format) {
  const auto tables = filled(d);
  switch (format) {
    case TableFormat::table:
    case TableFormat::md: {
      const bool md = format == TableFormat::md;
      std::vector<std::string> blocks{lines(d.heading)};
      for (const ReportTable* t : tables) {
        std::string block;
        if (!t->title.empty()) {
          if (md) block += "### ";
          block += t->title;
          block += md ? "\n\n" : "\n";
        }
        block += md ? render_markdown_table(*t) : render_text_table(*t);
        if (!t->notes.empty()) {
          if (md) block += '\n';
          block += lines(t->notes);
        }
        blocks.push_back(std::move(block));
      }
      blocks.push_back(lines(d.footing));
      return joined_blocks(blocks);
    }
    case TableFormat::csv: {
      std::vector<std::string> blocks;
      for (const ReportTable* t : tables) blocks.push_back(render_csv_table(*t, tables.size() > 1));
      return joined_blocks(blocks);
    }
    case TableFormat::json: {
      auto doc = nlohmann::ordered_json::object();
      std::vector<std::string> notes = d.heading;
      for (const ReportTable& t : d.tables) {  // empty ones too: scripts find every key
        doc[t.key] = json_rows(t);
        notes.insert(notes.end(), t.notes.begin(), t.notes.end());
      }
      notes.insert(notes.end(), d.footing.begin(), d.footing.end());
      if (!notes.empty()) doc["notes"] = notes;
      // Invalid UTF-8 from OS strings (a CPU name) must not abort the output.
      std::string text = doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      text += '\n';
      return text;
    }
  }
  return {};
}

}  // namespace ridgeline
