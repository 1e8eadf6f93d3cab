#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/argument_check.hpp"
#include "cli/byte_size.hpp"
#include "cli/count_argument.hpp"
#include "cli/exact_decimal.hpp"
#include "cli/exit_codes.hpp"

namespace ridgeline::cli {
namespace {

std::string size_error(const std::string& text) {
  try {
    parse_byte_size(text, "--size");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

constexpr CountRange kParams{1, 100'000'000'000'000};
constexpr CountRange kDim{1, 1ull << 31};

std::string count_error(const std::string& text, const char* option, CountRange range) {
  try {
    parse_count(text, option, range);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ByteSize, DecimalUnitsAreSiLikeTheRates) {
  EXPECT_EQ(parse_byte_size("4096", "--size"), 4096u);
  EXPECT_EQ(parse_byte_size("1.5G", "--size"), 1'500'000'000u);  // "unknown unit" before
  EXPECT_EQ(parse_byte_size("1MB", "--size"), 1'000'000u);       // was 2^20
  EXPECT_EQ(parse_byte_size("512M", "--size"), 512'000'000u);
  EXPECT_EQ(parse_byte_size("2gb", "--size"), 2'000'000'000u);
  EXPECT_EQ(parse_byte_size("3k", "--size"), 3000u);
  EXPECT_EQ(parse_byte_size("3K", "--size"), 3000u);
  EXPECT_EQ(parse_byte_size("1.5 GB", "--size"), 1'500'000'000u);
  EXPECT_EQ(parse_byte_size("2T", "--size"), 2'000'000'000'000u);
  EXPECT_EQ(parse_byte_size("1e9", "--size"), 1'000'000'000u);
  EXPECT_EQ(parse_byte_size("7", "--size"), 7u);  // whole elements are checked by run
  EXPECT_EQ(parse_byte_size("100b", "--size"), 100u);
}

TEST(ByteSize, BinaryUnitsSaySo) {
  EXPECT_EQ(parse_byte_size("1GiB", "--size"), 1ull << 30);
  EXPECT_EQ(parse_byte_size("1.5GiB", "--size"), 3ull << 29);
  EXPECT_EQ(parse_byte_size("512mib", "--size"), 512ull << 20);
  EXPECT_EQ(parse_byte_size("4Ki", "--size"), 4096u);
  EXPECT_EQ(parse_byte_size("0.5KiB", "--size"), 512u);
  EXPECT_EQ(parse_byte_size("1TiB", "--size"), 1ull << 40);
}

TEST(ByteSize, ExactlyAsWrittenOrRefused) {
  // 0.1 is not a binary fraction: read exactly, 0.1 KiB is 102.4 bytes.
  EXPECT_EQ(size_error("0.1KiB"), "--size '0.1KiB': not a whole number of bytes (102.4 bytes)");
  EXPECT_EQ(parse_byte_size("0.1KB", "--size"), 100u);
  EXPECT_EQ(parse_byte_size("1.000000001G", "--size"), 1'000'000'001u);
  EXPECT_EQ(size_error("1.5"), "--size '1.5': not a whole number of bytes (1.5 bytes)");
}

TEST(ByteSize, RejectsZeroNegativeGarbageAndOverflow) {
  EXPECT_EQ(size_error("0"), "--size '0': must be greater than zero");
  EXPECT_EQ(size_error("-1"), "--size '-1': must be a positive number of bytes");
  EXPECT_EQ(size_error("abc"), "--size 'abc': not a size (e.g. 1073741824, 1.5G, 512MiB)");
  EXPECT_EQ(size_error(""), "--size '': not a size (e.g. 1073741824, 1.5G, 512MiB)");
  EXPECT_EQ(size_error("12Q"),
            "--size '12Q': unknown unit 'Q' (use B, kB, MB, GB, TB for 1e3 ... 1e12 bytes or "
            "KiB, MiB, GiB, TiB for 2^10 ... 2^40)");
  for (const char* too_large : {"99999999999999999999", "17179869184TiB", "1e30", "1e1000"})
    EXPECT_EQ(size_error(too_large), "--size '" + std::string(too_large) + "': too large");
  EXPECT_EQ(size_error("1234567890123456789012345"),  // 25 digits: beyond what is read
            "--size '1234567890123456789012345': not a size (e.g. 1073741824, 1.5G, 512MiB)");
}

TEST(Count, SuffixesOfModelSizesAndContexts) {
  EXPECT_EQ(parse_count("8B", "--params", kParams), 8'000'000'000u);
  EXPECT_EQ(parse_count("70B", "--params", kParams), 70'000'000'000u);
  EXPECT_EQ(parse_count("8e9", "--params", kParams), 8'000'000'000u);
  EXPECT_EQ(parse_count("8G", "--params", kParams), 8'000'000'000u);
  EXPECT_EQ(parse_count("1.5M", "--params", kParams), 1'500'000u);
  EXPECT_EQ(parse_count("2T", "--params", kParams), 2'000'000'000'000u);
  EXPECT_EQ(parse_count("4k", "--context", kParams), 4000u);
  EXPECT_EQ(parse_count("128K", "--context", kParams), 128'000u);
  EXPECT_EQ(parse_count("4096", "--m", kDim), 4096u);
  EXPECT_EQ(parse_count("2147483648", "--m", kDim), 2147483648u);
}

TEST(Count, WholeAndInRangeOrOneLineNamingTheRange) {
  EXPECT_EQ(count_error("0.5", "--params", kParams),
            "--params '0.5': not a whole number (expected a whole number from 1 to 100T; "
            "suffixes k, M, B or G, T)");
  EXPECT_EQ(count_error("1.5", "--m", kDim),
            "--m '1.5': not a whole number (expected a whole number from 1 to 2147483648; "
            "suffixes k, M, B or G, T)");
  EXPECT_EQ(count_error("1e30", "--m", kDim),
            "--m '1e30': out of range (expected a whole number from 1 to 2147483648; suffixes "
            "k, M, B or G, T)");
  EXPECT_EQ(count_error("2147483649", "--m", kDim),
            "--m '2147483649': out of range (expected a whole number from 1 to 2147483648; "
            "suffixes k, M, B or G, T)");
  EXPECT_EQ(count_error("0", "--params", kParams),
            "--params '0': out of range (expected a whole number from 1 to 100T; suffixes k, M, "
            "B or G, T)");
  EXPECT_EQ(count_error("-1", "--params", kParams),
            "--params '-1': not a count (expected a whole number from 1 to 100T; suffixes k, M, "
            "B or G, T)");
  EXPECT_EQ(count_error("8Q", "--params", kParams),
            "--params '8Q': unknown suffix 'Q' (expected a whole number from 1 to 100T; "
            "suffixes k, M, B or G, T)");
  EXPECT_EQ(count_error("8BB", "--params", kParams),
            "--params '8BB': unknown suffix 'BB' (expected a whole number from 1 to 100T; "
            "suffixes k, M, B or G, T)");
  EXPECT_EQ(count_error("200T", "--params", kParams),
            "--params '200T': out of range (expected a whole number from 1 to 100T; suffixes "
            "k, M, B or G, T)");
}

TEST(Count, DescribesRangesInTheirOwnSuffixes) {
  EXPECT_EQ(describe(CountRange{1, 10'000'000}), "1 to 10M");
  EXPECT_EQ(describe(CountRange{1, 65'536}), "1 to 65536");
  EXPECT_EQ(describe(CountRange{1, 1ull << 31}), "1 to 2147483648");
}

TEST(ExactDecimal, ReadsTheNumberAndLeavesTheUnit) {
  const auto d = read_leading_decimal("12.50e-1GiB");
  ASSERT_TRUE(d);
  EXPECT_EQ(static_cast<std::uint64_t>(d->number.digits), 1250u);
  EXPECT_EQ(d->number.exponent, -3);
  EXPECT_EQ(d->rest, "GiB");
  const auto e = read_leading_decimal("2e");  // no exponent digits: "e" is left over
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rest, "e");
  EXPECT_FALSE(read_leading_decimal(".").has_value());
  EXPECT_FALSE(read_leading_decimal("G").has_value());
  EXPECT_EQ(scale(read_leading_decimal(".5")->number, 4).value, 2u);
}

// The CLI11 app is built the way app.cpp builds it, to check the "did you mean" lines.
struct TestApp {
  CLI::App app{"test", "ridgeline"};
  TestApp() {
    app.set_version_flag("-v,--version", "1");
    auto* run = app.add_subcommand("run", "");
    run->add_option("--suite", suite, "");
    run->add_option("--size", suite, "");
    run->add_option("--out", suite, "");
    app.add_subcommand("list", "");
  }
  std::string suite;
  std::optional<ArgumentProblem> check(std::vector<std::string> args) {
    static const std::string kHelp = "help";
    return find_unknown_argument(app, args, std::span(&kHelp, 1));
  }
};

TEST(ArgumentCheck, NamesTheUnknownTokenAndTheNearestKnownOne) {
  TestApp t;
  auto p = t.check({"rnu"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown command 'rnu'; did you mean run?");
  EXPECT_EQ(p->command, "");
  p = t.check({"--verison"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '--verison'; did you mean --version?");
  p = t.check({"run", "--suit", "quick"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '--suit'; did you mean --suite?");
  EXPECT_EQ(p->command, "run");
  p = t.check({"run", "--colour=red"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '--colour'");
  p = t.check({"run", "-suite", "quick"});  // one dash: named whole, the long form offered
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '-suite'; did you mean --suite?");
  p = t.check({"run", "---"});  // all dashes (found by fuzz_cli_args: it threw)
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '---'");
  p = t.check({"---"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown option '---'");
  p = t.check({"benchmark"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown command 'benchmark'");
}

TEST(ArgumentCheck, LetsKnownArgumentsValuesAndNumbersThrough) {
  TestApp t;
  EXPECT_FALSE(t.check({"run", "--suite", "quick", "--size=-5", "--out", "-"}));
  EXPECT_FALSE(t.check({"run", "--suite", "-1"}));
  EXPECT_FALSE(t.check({"run", "--", "--anything"}));
  EXPECT_FALSE(t.check({"run", "-h"}));
  EXPECT_FALSE(t.check({"-v"}));
  EXPECT_FALSE(t.check({"help", "run"}));
  EXPECT_FALSE(t.check({}));
}

}  // namespace
}  // namespace ridgeline::cli
