#include <gtest/gtest.h>

#include "report/catalogue_table.hpp"
#include "report/text_table.hpp"

namespace ridgeline {
namespace {

TEST(TextTable, AlignsColumns) {
  TextTable t({"kernel", "GB/s"});
  t.add_row({"copy", "9.5"});
  t.add_row({"triad", "12.25"});
  EXPECT_EQ(t.render(0), "kernel   GB/s\ncopy      9.5\ntriad   12.25\n");
}

TEST(Format, RatesAndBytes) {
  EXPECT_EQ(format_rate(1234.4), "1234");
  EXPECT_EQ(format_rate(12.345), "12.3");
  EXPECT_EQ(format_rate(1.2345), "1.23");
  EXPECT_EQ(format_rate(0.012345), "0.0123");
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(37486592), "35.8 MiB");
}

TEST(Catalogue, ListShowsEveryKernelWithItsFormula) {
  const std::string text = format_catalogue();
  for (const char* needle :
       {"read", "write", "copy", "scale", "add", "triad", "dot", "peak_fma", "intensity",
        "a[i] = b[i] + s * c[i]", "mma", "wgmma", "gemm", "fp8_e4m3", "2MNK"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle;
}

}  // namespace
}  // namespace ridgeline
