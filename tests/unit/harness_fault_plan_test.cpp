// The RIDGELINE_FAULT test hook: what it accepts and how it picks cases.
#include <gtest/gtest.h>

#include <stdexcept>

#include "backends/fault/fault_plan.hpp"

namespace ridgeline::fault {
namespace {

const KernelDecl& kernel(std::string_view name) { return *find_kernel(name); }

TEST(FaultPlan, ItemsNameAFaultAKernelAndOptionallyADtype) {
  const auto plan = parse_fault_plan("alloc:triad,wrong:copy/fp32,,abortable-hang:intensity");
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(fault_for(plan, kernel("triad"), DType::fp64), Fault::alloc);
  EXPECT_EQ(fault_for(plan, kernel("copy"), DType::fp32), Fault::wrong);
  EXPECT_EQ(fault_for(plan, kernel("copy"), DType::fp64), std::nullopt);
  EXPECT_EQ(fault_for(plan, kernel("intensity"), DType::fp64), Fault::abortable_hang);
  EXPECT_EQ(fault_for(plan, kernel("scale"), DType::fp64), std::nullopt);
}

TEST(FaultPlan, SlowMakesAKernelLookSlower) {
  const auto plan = parse_fault_plan("slow:peak_fma/fp32");
  EXPECT_EQ(fault_for(plan, kernel("peak_fma"), DType::fp32), Fault::slow);
  EXPECT_EQ(fault_for(plan, kernel("peak_fma"), DType::fp64), std::nullopt);
  EXPECT_EQ(to_string(Fault::slow), "slow");
  EXPECT_GT(kSlowdown, 1);
}

TEST(FaultPlan, BadItemsAreNamed) {
  const auto message = [](std::string_view spec) {
    try {
      parse_fault_plan(spec);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("melt:triad"),
            "RIDGELINE_FAULT item 'melt:triad': unknown fault (expected alloc, launch, wrong, "
            "hang, abortable-hang, lost, slow, fast, kill)");
  EXPECT_NE(message("slow=130:triad").find("above 0 and below 100"), std::string::npos);
  EXPECT_NE(message("wrong=30:triad").find("only slow takes =<percent>"), std::string::npos);
  EXPECT_NE(message("slow:triad@two").find("the rank after @"), std::string::npos);
  EXPECT_NE(message("hang:nope").find("'hang:nope': unknown kernel"), std::string::npos);
  EXPECT_NE(message("hang:triad/fp7").find("unknown dtype"), std::string::npos);
  EXPECT_NE(message("triad").find("expected <fault>[=<percent>]:<kernel>"), std::string::npos);
  EXPECT_NE(message(",").find("names no fault"), std::string::npos);
}

TEST(FaultPlan, SlowTakesAPercentEveryKernelAndARank) {
  const auto plan = parse_fault_plan("slow=45:*@2,kill:peak_fma@3,slow:triad");
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].fault, Fault::slow);
  EXPECT_EQ(plan[0].kernel, nullptr);
  EXPECT_EQ(plan[0].rank, 2);
  EXPECT_DOUBLE_EQ(plan[0].percent, 45);
  EXPECT_DOUBLE_EQ(plan[2].percent, kDefaultSlowPercent);
  // Rank 2 is slow everywhere (the first item wins); rank 3 dies in peak_fma; the others
  // are slow in triad only.
  const auto rank2 = for_rank(plan, 2);
  EXPECT_EQ(fault_for(rank2, kernel("copy"), DType::fp64), Fault::slow);
  const auto rank3 = for_rank(plan, 3);
  EXPECT_EQ(fault_for(rank3, kernel("peak_fma"), DType::fp32), Fault::kill);
  EXPECT_EQ(fault_for(rank3, kernel("copy"), DType::fp64), std::nullopt);
  EXPECT_EQ(fault_for(for_rank(plan, 0), kernel("triad"), DType::fp32), Fault::slow);
}

}  // namespace
}  // namespace ridgeline::fault
