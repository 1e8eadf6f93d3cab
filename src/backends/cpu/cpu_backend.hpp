#pragma once
#include "backends/backend.hpp"
namespace ridgeline::cpu {
class CpuBackend;  // placeholder: the CPU backend lands next
}
