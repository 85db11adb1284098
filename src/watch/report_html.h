#pragma once
// The compliance report as one self-contained HTML page: inline CSS, no script, nothing fetched
// (a report mailed to an auditor opens the same offline). Every value from the database or the
// PROCLIB is HTML-escaped: user names, profile names and installation data are written by
// whoever could define them.
#include <string>
#include <string_view>

#include "watch/report_model.h"

namespace zgate::watch {

std::string render_html(const Report& r);
// & < > " ' as character references.
std::string html_escape(std::string_view s);

}  // namespace zgate::watch
