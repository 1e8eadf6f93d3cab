// libFuzzer target: the one reader of result files must turn any bytes into a ResultFile
// or a one-line LoadError, never a crash, a leak or undefined behaviour. The datasheet
// target is this same entry point with a corpus of datasheets (kind "datasheet").
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "results/result_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = ridgeline::parse_result_text(text, "fuzz.json");
  if (const auto* error = std::get_if<ridgeline::LoadError>(&result)) {
    // Messages are one line naming the origin: callers print them as they are.
    if (error->message.rfind("fuzz.json", 0) != 0) __builtin_trap();
    if (error->message.find('\n') != std::string::npos) __builtin_trap();
  }
  return 0;
}
