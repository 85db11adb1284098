#pragma once
// The compliance report's findings as CSV (RFC 4180: CRLF line ends, every field that holds a
// comma, a quote, a line break or edge blanks is quoted, quotes doubled), one finding a row:
// severity, check, area, subject, finding, fix. A spreadsheet runs a cell that starts with
// = + - @ (or a tab or CR) as a formula; user names, profile names and installation data come
// from whoever could define them, so such a cell is written with a leading apostrophe (OWASP's
// "CSV injection" advice) and reads as text.
#include <string>
#include <string_view>

#include "watch/report_model.h"

namespace zgate::watch {

std::string render_csv(const Report& r);
// One field, escaped as above (for tests and other tables).
std::string csv_field(std::string_view value);

}  // namespace zgate::watch
