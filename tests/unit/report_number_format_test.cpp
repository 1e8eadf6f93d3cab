#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "report/number_format.hpp"

namespace ridgeline {
namespace {

TEST(FormatRate, ThreeSignificantDigitsWithoutExponent) {
  EXPECT_EQ(format_rate(1234.4), "1234");
  EXPECT_EQ(format_rate(12.345), "12.3");
  EXPECT_EQ(format_rate(1.2345), "1.23");
  EXPECT_EQ(format_rate(0.012345), "0.0123");
  EXPECT_EQ(format_rate(99.96), "100");  // rounds into the next width, not "100.0"
  EXPECT_EQ(format_rate(999999), "999999");
  EXPECT_EQ(format_rate(1.5e30), "1.5e+30");  // never 31 digits
  EXPECT_EQ(format_rate(NAN), "-");
}

TEST(FormatSi, PrefixesUpToQuettaThenScientific) {
  EXPECT_EQ(format_si(1.48e14, "FLOP/s"), "148 TFLOP/s");
  EXPECT_EQ(format_si(2.0e10, "B/s"), "20.0 GB/s");
  EXPECT_EQ(format_si(999.7, "B"), "1.00 kB");  // the prefix follows what is printed
  EXPECT_EQ(format_si(512, "B"), "512 B");
  // --m 1e30 once printed a 70-digit EFLOP figure; 2 x (2^31)^3 flops now reads so:
  EXPECT_EQ(format_si(2.0 * std::pow(2.0, 93), "FLOP"), "19.8 RFLOP");
  EXPECT_EQ(format_si(2e30, "FLOP"), "2.00 QFLOP");
  EXPECT_EQ(format_si(2e35, "FLOP"), "2.00e+05 QFLOP");
  EXPECT_EQ(format_si(INFINITY, "B"), "-");
}

TEST(FormatBytes, BinaryUnits) {
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(37486592), "35.8 MiB");
  EXPECT_EQ(format_bytes(1.5e9), "1.40 GiB");
  EXPECT_EQ(format_bytes(1024.0 * 1023.9), "1024 KiB");  // no "1.02e+03"
}

TEST(FormatDuration, TheUnitThatKeepsTheNumberShort) {
  EXPECT_EQ(format_duration(0), "0 s");
  EXPECT_EQ(format_duration(4.2e-10), "0.42 ns");
  EXPECT_EQ(format_duration(3.5e-7), "350 ns");
  EXPECT_EQ(format_duration(929e-6), "929 us");
  EXPECT_EQ(format_duration(4.13e-3), "4.13 ms");
  EXPECT_EQ(format_duration(0.9996), "1.00 s");
  EXPECT_EQ(format_duration(30.2), "30.2 s");
  EXPECT_EQ(format_duration(59.9996), "1.00 min");
  EXPECT_EQ(format_duration(754), "12.6 min");
  EXPECT_EQ(format_duration(35558), "9.88 h");  // was "35558 s"
  EXPECT_EQ(format_duration(1.34e14), "3.72e+10 h");
  EXPECT_EQ(format_duration(-1), "-");
}

TEST(FormatCount, ModelSizeSuffixes) {
  EXPECT_EQ(format_count(8e9), "8B");
  EXPECT_EQ(format_count(70.6e9), "70.6B");
  EXPECT_EQ(format_count(1.5e6), "1.5M");
  EXPECT_EQ(format_count(4096), "4.1k");
  EXPECT_EQ(format_count(512), "512");
  EXPECT_EQ(format_count(1e14), "100T");
  EXPECT_EQ(format_count(999.6e9), "1T");
}

TEST(Counted, NounsAgreeWithTheirCount) {
  EXPECT_EQ(counted(1, "repetition"), "1 repetition");
  EXPECT_EQ(counted(10, "repetition"), "10 repetitions");
  EXPECT_EQ(counted(std::size_t{0}, "benchmark"), "0 benchmarks");
  EXPECT_EQ(counted(1.0, "byte"), "1 byte");
  EXPECT_EQ(counted(0.5, "byte"), "0.5 bytes");
  EXPECT_EQ(counted(std::uint64_t{2}, "KV head"), "2 KV heads");
  EXPECT_EQ(counted(3, "child", "children"), "3 children");
}

}  // namespace
}  // namespace ridgeline
