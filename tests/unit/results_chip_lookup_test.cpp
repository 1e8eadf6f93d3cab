#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "results/chip_lookup.hpp"
#include "results/input_source.hpp"

namespace ridgeline {
namespace {

// The committed datasheet ids the lookup rules were written against.
const std::vector<std::string> kIds{"amd-mi250x",
                                    "amd-mi300x",
                                    "amd-mi308x",
                                    "amd-mi325x",
                                    "huawei-ascend-910",
                                    "huawei-ascend-910b1",
                                    "huawei-ascend-910b2",
                                    "huawei-ascend-910b3",
                                    "intel-gaudi3",
                                    "nvidia-b200",
                                    "nvidia-b300",
                                    "nvidia-b30a",
                                    "nvidia-h100-pcie",
                                    "nvidia-h100-sxm5",
                                    "nvidia-h20",
                                    "nvidia-h200-sxm",
                                    "nvidia-h800-sxm5",
                                    "nvidia-l20",
                                    "moorethreads-mtt-s4000"};

std::string found(std::string_view name) {
  const ChipLookup l = lookup_chip(name, kIds);
  EXPECT_EQ(l.outcome, ChipLookup::Outcome::found) << name;
  return l.id;
}

TEST(ChipLookup, ExactIdsCommonNamesAndUniquePrefixes) {
  EXPECT_EQ(found("nvidia-h20"), "nvidia-h20");
  EXPECT_EQ(found("h20"), "nvidia-h20");  // a whole name, though h200-sxm begins with it
  EXPECT_EQ(found("nvidia-h200"), "nvidia-h200-sxm");
  EXPECT_EQ(found("h200"), "nvidia-h200-sxm");
  EXPECT_EQ(found("mi300x"), "amd-mi300x");
  EXPECT_EQ(found("MI300X"), "amd-mi300x");
  EXPECT_EQ(found("910b2"), "huawei-ascend-910b2");
  EXPECT_EQ(found("ascend-910"), "huawei-ascend-910");  // whole before prefix
  EXPECT_EQ(found("gaudi"), "intel-gaudi3");
  EXPECT_EQ(found("s4000"), "moorethreads-mtt-s4000");
}

TEST(ChipLookup, AnAmbiguousNameListsEveryCandidate) {
  const ChipLookup l = lookup_chip("h100", kIds);
  EXPECT_EQ(l.outcome, ChipLookup::Outcome::ambiguous);
  EXPECT_EQ(l.candidates, (std::vector<std::string>{"nvidia-h100-pcie", "nvidia-h100-sxm5"}));
  EXPECT_EQ(lookup_chip("sxm5", kIds).candidates,
            (std::vector<std::string>{"nvidia-h100-sxm5", "nvidia-h800-sxm5"}));
  EXPECT_EQ(lookup_chip("mi3", kIds).candidates,
            (std::vector<std::string>{"amd-mi300x", "amd-mi308x", "amd-mi325x"}));
}

TEST(ChipLookup, ATypoSuggestsTheNearestIds) {
  const ChipLookup l = lookup_chip("nvida-h20", kIds);
  EXPECT_EQ(l.outcome, ChipLookup::Outcome::not_found);
  EXPECT_EQ(l.candidates, std::vector<std::string>{"nvidia-h20"});
  // Two edits from nvidia-h20 and nvidia-b200, four from nvidia-h200-sxm: the nearest are
  // offered.
  EXPECT_EQ(lookup_chip("nvidia-h2000", kIds).candidates,
            (std::vector<std::string>{"nvidia-b200", "nvidia-h20"}));
  EXPECT_EQ(lookup_chip("gaudi4", kIds).candidates, std::vector<std::string>{"intel-gaudi3"});
  const ChipLookup far = lookup_chip("tpu-v5", kIds);
  EXPECT_EQ(far.outcome, ChipLookup::Outcome::not_found);
  EXPECT_TRUE(far.candidates.empty());
  EXPECT_EQ(lookup_chip("", kIds).outcome, ChipLookup::Outcome::not_found);
}

TEST(ChipLookup, LoadInputResolvesNamesAndExplainsMisses) {
  if (datasheet_ids().empty()) GTEST_SKIP() << "no datasheets installed";
  const LoadResult h200 = load_input("chip:nvidia-h200");
  ASSERT_TRUE(std::holds_alternative<ResultFile>(h200));
  EXPECT_EQ(std::get<ResultFile>(h200).datasheet->id, "nvidia-h200-sxm");
  const LoadResult ambiguous = load_input("chip:h100");
  ASSERT_TRUE(std::holds_alternative<LoadError>(ambiguous));
  EXPECT_EQ(std::get<LoadError>(ambiguous).message,
            "chip:h100: ambiguous, it could be nvidia-h100-pcie or nvidia-h100-sxm5 (give more "
            "of the id)");
  const LoadResult typo = load_input("chip:nvida-h20");
  ASSERT_TRUE(std::holds_alternative<LoadError>(typo));
  EXPECT_EQ(std::get<LoadError>(typo).message,
            "chip:nvida-h20: no such chip; did you mean nvidia-h20? (`ridgeline chips` lists "
            "them)");
}

}  // namespace
}  // namespace ridgeline
