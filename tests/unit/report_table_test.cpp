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

TEST(Catalogue, ListShowsEveryKernelWithItsFormula) {
  const std::string text = format_catalogue();
  for (const char* needle :
       {"read", "write", "copy", "scale", "add", "triad", "dot", "peak_fma", "intensity",
        "a[i] = b[i] + s * c[i]", "mma", "wgmma", "gemm", "fp8_e4m3", "2MNK"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle;
}

}  // namespace
}  // namespace ridgeline
