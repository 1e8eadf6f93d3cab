// One document, four formats.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/table_document.hpp"

namespace ridgeline {
namespace {

ReportDocument sample() {
  ReportDocument d;
  d.heading = {"cpu:0  Example CPU"};
  ReportTable rates;
  rates.key = "rates";
  rates.title = "Rates";
  rates.columns = {{"kernel", "kernel", false}, {"rate", "GB/s", true}, {"note", "note", false}};
  rates.rows = {{text_cell("triad"), number_cell(15.25, "15.3"), text_cell("a, \"b\"")},
                {text_cell("copy"), {}, text_cell("x|y")}};
  ReportTable empty;
  empty.key = "warnings";
  empty.title = "Warnings";
  empty.columns = {{"message", "message", false}};
  ReportTable counts;
  counts.key = "counts";
  counts.columns = {{"n", "n", true}};
  counts.rows = {{number_cell(3, "3")}};
  d.tables = {rates, empty, counts};
  d.footing = {"1 ok"};
  return d;
}

TEST(TableDocument, TerminalTableHasTitlesBlankLinesAndDashesForUnknown) {
  EXPECT_EQ(render(sample(), TableFormat::table),
            "cpu:0  Example CPU\n"
            "\n"
            "Rates\n"
            "  kernel  GB/s  note\n"
            "  triad   15.3  a, \"b\"\n"
            "  copy       -  x|y\n"
            "\n"
            "  n\n"
            "  3\n"
            "\n"
            "1 ok\n");
}

TEST(TableDocument, MarkdownEscapesPipes) {
  const std::string md = render(sample(), TableFormat::md);
  EXPECT_NE(md.find("### Rates\n\n| kernel | GB/s | note |\n|---|---:|---|\n"), std::string::npos);
  EXPECT_NE(md.find("| copy | - | x\\|y |"), std::string::npos);
}

TEST(TableDocument, CsvNamesTheTableWhenThereAreSeveralAndQuotes) {
  EXPECT_EQ(render(sample(), TableFormat::csv),
            "table,kernel,rate,note\n"
            "rates,triad,15.3,\"a, \"\"b\"\"\"\n"
            "rates,copy,,x|y\n"
            "\n"
            "table,n\n"
            "counts,3\n");
}

TEST(TableDocument, JsonKeepsNumbersNullsAndEveryTable) {
  const auto doc = nlohmann::json::parse(render(sample(), TableFormat::json));
  EXPECT_DOUBLE_EQ(doc["rates"][0]["rate"].get<double>(), 15.25);  // the value, not its text
  EXPECT_TRUE(doc["rates"][1]["rate"].is_null());
  EXPECT_EQ(doc["rates"][1]["note"], "x|y");
  EXPECT_TRUE(doc["warnings"].is_array());  // empty, but present
  EXPECT_TRUE(doc["counts"][0]["n"].is_number_integer());
  EXPECT_EQ(doc["notes"], nlohmann::json::parse(R"(["cpu:0  Example CPU", "1 ok"])"));
}

TEST(TableDocument, FormatNames) {
  EXPECT_EQ(parse_table_format("md"), TableFormat::md);
  EXPECT_EQ(parse_table_format("markdown"), std::nullopt);
}

}  // namespace
}  // namespace ridgeline
