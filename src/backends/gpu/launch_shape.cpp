#include "backends/gpu/launch_shape.hpp"

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

namespace ridgeline::gpu {
namespace {

// Options are numbers; text that holds exactly an integer is accepted too.
int integer_option(std::string_view key, const Param& param) {
  const auto number = param.number();
  if (!number || *number != std::floor(*number) || std::abs(*number) > 1e9)
    throw std::invalid_argument("option " + std::string(key) + "='" + param.text() +
                                "' is not an integer");
  return static_cast<int>(*number);
}

int one_of(std::string_view key, int value, std::initializer_list<int> allowed) {
  for (int a : allowed)
    if (a == value) return value;
  std::string list;
  for (int a : allowed) {
    if (!list.empty()) list += ", ";
    list += std::to_string(a);
  }
  throw std::invalid_argument("option " + std::string(key) + "=" + std::to_string(value) +
                              " is not one of " + list);
}

}  // namespace

LaunchShape parse_launch_shape(const Params& options, std::size_t element_bytes) {
  LaunchShape shape;
  for (const auto& [key, param] : options) {
    const int value = integer_option(key, param);
    if (key == kAccessBytesOption)
      shape.access_bytes = one_of(key, value, {4, 8, 16});
    else if (key == kUnrollOption)
      shape.unroll = one_of(key, value, {1, 2, 4});
    else if (key == kThreadsPerBlockOption)
      shape.threads_per_block = one_of(key, value, {64, 128, 256, kMaxThreadsPerBlock});
    else if (key == kBlocksPerSmOption) {
      if (value < 0 || value > 64)
        throw std::invalid_argument("option blocks_per_sm=" + param.text() +
                                    " is outside 0..64 (0 = as many as fit)");
      shape.blocks_per_sm = value;
    } else
      throw std::invalid_argument("unknown GPU option '" + key +
                                  "' (expected access_bytes, unroll, blocks_per_sm or "
                                  "threads_per_block)");
  }
  if (static_cast<std::size_t>(shape.access_bytes) < element_bytes)
    throw std::invalid_argument("option access_bytes=" + std::to_string(shape.access_bytes) +
                                " is narrower than one " + std::to_string(element_bytes) +
                                "-byte element");
  return shape;
}

Params to_options(const LaunchShape& shape) {
  return {{kAccessBytesOption, shape.access_bytes},
          {kUnrollOption, shape.unroll},
          {kBlocksPerSmOption, shape.blocks_per_sm},
          {kThreadsPerBlockOption, shape.threads_per_block}};
}

std::vector<Params> launch_shape_sweep(std::size_t element_bytes) {
  const LaunchShape base;
  std::vector<Params> out;
  for (int bytes : {4, 8})
    if (static_cast<std::size_t>(bytes) >= element_bytes && bytes != base.access_bytes)
      out.push_back({{kAccessBytesOption, bytes}});
  for (int unroll : {1, 2})
    if (unroll != base.unroll) out.push_back({{kUnrollOption, unroll}});
  for (int blocks : {1, 2, 4})
    if (blocks != base.blocks_per_sm) out.push_back({{kBlocksPerSmOption, blocks}});
  for (int threads : {128, kMaxThreadsPerBlock})
    if (threads != base.threads_per_block) out.push_back({{kThreadsPerBlockOption, threads}});
  return out;
}

}  // namespace ridgeline::gpu
