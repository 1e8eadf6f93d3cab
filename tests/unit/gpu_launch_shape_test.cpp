#include <gtest/gtest.h>

#include <stdexcept>

#include "backends/gpu/launch_shape.hpp"

namespace ridgeline::gpu {
namespace {

TEST(LaunchShape, DefaultsAreSixteenByteAccessesFourDeep) {
  const LaunchShape shape = parse_launch_shape({}, 4);
  EXPECT_EQ(shape.access_bytes, 16);
  EXPECT_EQ(shape.unroll, 4);
  EXPECT_EQ(shape.blocks_per_sm, 0);
  EXPECT_EQ(shape.threads_per_block, 256);
  EXPECT_EQ(shape.elements_per_access(4), 4);
  EXPECT_EQ(shape.elements_per_access(8), 2);
}

TEST(LaunchShape, OptionsOverrideDefaults) {
  const LaunchShape shape = parse_launch_shape({{"access_bytes", "8"},
                                                {"unroll", "2"},
                                                {"blocks_per_sm", "4"},
                                                {"threads_per_block", "512"}},
                                               8);
  EXPECT_EQ(shape.access_bytes, 8);
  EXPECT_EQ(shape.unroll, 2);
  EXPECT_EQ(shape.blocks_per_sm, 4);
  EXPECT_EQ(shape.threads_per_block, 512);
  EXPECT_EQ(number_param(to_options(shape), "access_bytes"), 8.0);
  EXPECT_EQ(parse_launch_shape(to_options(shape), 8).unroll, 2);  // round trip
}

void expect_rejected(const Params& options, std::size_t element, const std::string& fragment) {
  try {
    parse_launch_shape(options, element);
    FAIL() << "accepted, expected an error mentioning " << fragment;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(LaunchShape, BadOptionsNameTheProblem) {
  expect_rejected({{"access_bytes", "4"}}, 8, "narrower than one 8-byte element");
  expect_rejected({{"access_bytes", "32"}}, 4, "is not one of 4, 8, 16");
  expect_rejected({{"unroll", "3"}}, 4, "unroll=3");
  expect_rejected({{"threads_per_block", "1024"}}, 4, "threads_per_block=1024");
  expect_rejected({{"blocks_per_sm", "-1"}}, 4, "outside 0..64");
  expect_rejected({{"unroll", "two"}}, 4, "is not an integer");
  expect_rejected({{"warp_size", "32"}}, 4, "unknown GPU option 'warp_size'");
}

}  // namespace
}  // namespace ridgeline::gpu
