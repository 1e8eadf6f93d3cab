#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/spelling.hpp"

namespace ridgeline {
namespace {

const std::vector<std::string> kCommands{"run",     "list",    "devices", "roofline",
                                         "project", "compare", "chips",   "help"};

TEST(EditDistance, CountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(edit_distance("run", "run"), 0u);
  EXPECT_EQ(edit_distance("rnu", "run"), 1u);
  EXPECT_EQ(edit_distance("verison", "version"), 1u);
  EXPECT_EQ(edit_distance("suit", "suite"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(LikelyMeant, TyposOfCommandsAndOptions) {
  EXPECT_EQ(likely_meant("rnu", kCommands), std::vector<std::string>{"run"});
  EXPECT_EQ(likely_meant("chisp", kCommands), std::vector<std::string>{"chips"});
  EXPECT_EQ(likely_meant("comp", kCommands), std::vector<std::string>{"compare"});  // a prefix
  const std::vector<std::string> run_options{"device", "suite", "filter",     "repetitions",
                                             "size",   "out",   "time-limit", "help"};
  EXPECT_EQ(likely_meant("suit", run_options), std::vector<std::string>{"suite"});
  EXPECT_EQ(likely_meant("rep", run_options), std::vector<std::string>{"repetitions"});
  EXPECT_EQ(likely_meant("verison", std::vector<std::string>{"help", "version"}),
            std::vector<std::string>{"version"});
}

TEST(LikelyMeant, NothingForAWordFarFromEveryCandidate) {
  EXPECT_TRUE(likely_meant("benchmark", kCommands).empty());
  EXPECT_TRUE(likely_meant("xyz", kCommands).empty());
}

TEST(LikelyMeant, TiesAreAllKept) {
  EXPECT_EQ(likely_meant("lis", std::vector<std::string>{"list", "lift", "lisp"}),
            (std::vector<std::string>{"list", "lisp"}));  // the prefix rule
  EXPECT_EQ(likely_meant("ab", std::vector<std::string>{"ax", "xb", "zz"}),
            (std::vector<std::string>{"ax", "xb"}));
}

TEST(OneOf, ASentence) {
  EXPECT_EQ(one_of(std::vector<std::string>{}), "");
  EXPECT_EQ(one_of(std::vector<std::string>{"a"}), "a");
  EXPECT_EQ(one_of(std::vector<std::string>{"a", "b"}), "a or b");
  EXPECT_EQ(one_of(std::vector<std::string>{"a", "b", "c"}), "a, b or c");
}

}  // namespace
}  // namespace ridgeline
