#pragma once
// The compliance report as plain text, for a terminal or a mail: the summary by severity, the
// findings grouped by section with their fixes indented under them, then the tables.
#include <string>

#include "watch/report_model.h"

namespace zgate::watch {

std::string render_text(const Report& r);

}  // namespace zgate::watch
