#include "backends/gpu/launch_shape.hpp"

#include <charconv>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

namespace ridgeline::gpu {
namespace {

int parse_int(std::string_view key, std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw std::invalid_argument("option " + std::string(key) + "='" + std::string(text) +
                                "' is not an integer");
  return value;
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

LaunchShape parse_launch_shape(const std::map<std::string, std::string>& options,
                               std::size_t element_bytes) {
  LaunchShape shape;
  for (const auto& [key, text] : options) {
    const int value = parse_int(key, text);
    if (key == kAccessBytesOption)
      shape.access_bytes = one_of(key, value, {4, 8, 16});
    else if (key == kUnrollOption)
      shape.unroll = one_of(key, value, {1, 2, 4});
    else if (key == kThreadsPerBlockOption)
      shape.threads_per_block = one_of(key, value, {64, 128, 256, kMaxThreadsPerBlock});
    else if (key == kBlocksPerSmOption) {
      if (value < 0 || value > 64)
        throw std::invalid_argument("option blocks_per_sm=" + text +
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

std::map<std::string, std::string> to_options(const LaunchShape& shape) {
  return {{kAccessBytesOption, std::to_string(shape.access_bytes)},
          {kUnrollOption, std::to_string(shape.unroll)},
          {kBlocksPerSmOption, std::to_string(shape.blocks_per_sm)},
          {kThreadsPerBlockOption, std::to_string(shape.threads_per_block)}};
}

}  // namespace ridgeline::gpu
