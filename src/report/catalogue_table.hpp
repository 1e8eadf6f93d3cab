// Tables for `ridgeline list` (the kernel catalogue) and `ridgeline devices`.
#pragma once

#include <string>
#include <vector>

#include "core/device.hpp"
#include "report/table_document.hpp"

namespace ridgeline {

ReportDocument catalogue_document();
// `absent`: one line per backend without a device, saying why.
ReportDocument devices_document(const std::vector<DeviceInfo>& devices,
                                const std::vector<std::string>& absent);

std::string format_catalogue(TableFormat format = TableFormat::table);

}  // namespace ridgeline
