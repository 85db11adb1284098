#pragma once
// The server log: one line on stderr per event, with IMS Connect's message ID where IBM has
// one (HWSS0742W, HWSP1445E, ...). Lines quote what clients sent, escaped (log_safe).
#include <string>
#include <string_view>

namespace zgate::connect {

void hws_log(std::string_view message_id, std::string_view text);  // control characters escaped
std::string log_safe(std::string_view text);

}  // namespace zgate::connect
