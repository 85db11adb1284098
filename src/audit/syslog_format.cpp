#include "audit/syslog_format.h"

#include <unistd.h>

#include <array>

#include "audit/json_lines_sink.h"
#include "audit/siem_text.h"

namespace zgate::audit {
namespace {

// HOSTNAME, APP-NAME and MSGID are PRINTUSASCII (33-126) of bounded length, "-" when empty.
std::string header_token(std::string_view s, std::size_t max) {
  std::string out;
  for (char ch : s) {
    if (out.size() == max) break;
    auto c = static_cast<unsigned char>(ch);
    out += c >= 33 && c <= 126 ? ch : '_';
  }
  return out.empty() ? "-" : out;
}

std::string this_host() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "-";
  return buf.data();
}

// The SD parameters: what a receiver filters on without parsing MSG.
constexpr std::array<std::string_view, 8> kParams{"event",     "qualifier",   "severity", "violation",
                                                   "user",      "source_ip",   "component_code", "correlation"};

}  // namespace

int syslog_severity(const Event& e) {
  int s = severity_of(e);
  if (s >= 9) return 2;
  if (s >= 7) return 3;
  if (s >= 5) return 4;
  if (s >= 3) return 5;
  return 6;
}

std::string to_syslog(const Event& e, const SyslogFormat& f) {
  static const std::string host = this_host();
  int facility = f.facility >= 0 && f.facility <= 23 ? f.facility : 10;
  std::string out = "<" + std::to_string(facility * 8 + syslog_severity(e)) + ">1 " + siem::rfc3339(e.time) + " ";
  out += header_token(f.hostname.empty() ? host : f.hostname, 255) + " ";
  out += header_token(f.app_name, 48) + " ";
  out += std::to_string(::getpid()) + " ";
  out += header_token(siem::event_id(e), 32) + " ";
  if (f.structured_data) {
    out += "[" + header_token(f.sd_id, 32);
    for (std::string_view name : kParams) {
      std::string v = field(e, name);
      if (v.empty()) continue;
      out += ' ';
      out += name;
      out += "=\"";
      siem::append_escaped(out, v, "\"\\]");
      out += '"';
    }
    out += "] ";
  } else {
    out += "- ";
  }
  switch (f.payload) {
    case SyslogPayload::Json: {
      std::string j = to_json_line(e);
      j.pop_back();  // the newline: the frame delimits the message
      out += j;
      break;
    }
    case SyslogPayload::Leef: out += to_leef(e, f.leef); break;
    case SyslogPayload::Cef: out += to_cef(e, f.cef); break;
  }
  return out;
}

std::string octet_frame(std::string_view msg) {
  std::string out = std::to_string(msg.size());
  out += ' ';
  out += msg;
  return out;
}

}  // namespace zgate::audit
