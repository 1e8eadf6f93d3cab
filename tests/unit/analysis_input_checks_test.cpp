// What a reader is told about an input before trusting it.
#include <gtest/gtest.h>

#include "analysis/input_checks.hpp"

namespace ridgeline {
namespace {

ResultFile run_with(RunStatus status, int planned, std::size_t held) {
  ResultFile f;
  f.kind = FileKind::run;
  f.run.status = status;
  f.run.planned_benchmarks = planned;
  f.benchmarks.resize(held);
  return f;
}

TEST(InputChecks, ACompleteRunWithoutWarningsSaysNothing) {
  EXPECT_TRUE(input_warnings(run_with(RunStatus::complete, 4, 4)).empty());
}

TEST(InputChecks, UnfinishedRunsSayHowMuchTheyHold) {
  const auto interrupted = input_warnings(run_with(RunStatus::interrupted, 40, 12));
  ASSERT_EQ(interrupted.size(), 1u);
  EXPECT_EQ(interrupted[0],
            "run interrupted (Ctrl-C or SIGTERM) before its end; it holds 12 of 40 planned "
            "benchmarks");
  const auto incomplete = input_warnings(run_with(RunStatus::incomplete, 0, 1));
  ASSERT_EQ(incomplete.size(), 1u);
  EXPECT_NE(incomplete[0].find("run incomplete"), std::string::npos);
  EXPECT_NE(incomplete[0].find("it holds 1 benchmark"), std::string::npos);  // plan unknown
}

TEST(InputChecks, RecordedWarningsAreCountedByKind) {
  ResultFile f = run_with(RunStatus::complete, 2, 2);
  f.warnings = {{WarningKind::noisy, {}, "x"}, {WarningKind::busy_host, {}, "y"}};
  const auto lines = input_warnings(f);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "the run recorded 2 self-check warnings (noisy, busy_host; ridgeline show prints "
            "them)");
}

TEST(InputChecks, DatasheetsAndPlainGoogleBenchmarkFilesHaveNoRunStatus) {
  ResultFile chip = run_with(RunStatus::incomplete, 0, 0);
  chip.kind = FileKind::datasheet;
  EXPECT_TRUE(input_warnings(chip).empty());
  chip.kind = FileKind::gbench;
  EXPECT_TRUE(input_warnings(chip).empty());
}

}  // namespace
}  // namespace ridgeline
