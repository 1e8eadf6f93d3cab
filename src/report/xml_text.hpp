// Text made safe for XML and HTML content and attribute values.
#pragma once

#include <string>
#include <string_view>

namespace ridgeline {

std::string xml_escape(std::string_view text);

}  // namespace ridgeline
