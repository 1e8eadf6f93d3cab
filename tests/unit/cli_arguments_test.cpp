#include <gtest/gtest.h>

#include "cli/byte_size.hpp"
#include "cli/exit_codes.hpp"

namespace ridgeline::cli {
namespace {

TEST(ByteSize, AcceptsPlainAndBinarySuffixes) {
  EXPECT_EQ(parse_byte_size("4096", "--size"), 4096u);
  EXPECT_EQ(parse_byte_size("512M", "--size"), 512ull << 20);
  EXPECT_EQ(parse_byte_size("1GiB", "--size"), 1ull << 30);
  EXPECT_EQ(parse_byte_size("2gb", "--size"), 2ull << 30);
  EXPECT_EQ(parse_byte_size("3K", "--size"), 3072u);
}

TEST(ByteSize, RejectsZeroNegativeGarbageAndOverflow) {
  for (const char* bad :
       {"0", "-1", "", "abc", "12Q", "1.5G", "99999999999999999999", "17179869184T"}) {
    EXPECT_THROW(parse_byte_size(bad, "--size"), UsageError) << bad;
  }
  try {
    parse_byte_size("0", "--size");
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--size '0': must be greater than zero");
  }
}

}  // namespace
}  // namespace ridgeline::cli
