#include "watch/report_text.h"

#include <fmt/format.h>

namespace zgate::watch {
namespace {

void rule(std::string& out, char c = '=') { out += std::string(78, c) + "\n"; }

// Lines after the first indented by `pad`.
std::string indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

// Words filled into lines of at most `width` characters (a longer word gets a line of its own).
std::string wrap(const std::string& text, std::size_t width) {
  std::string out, line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    line += line.empty() ? word : " " + word;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      flush_word();
      if (c == '\n') {
        out += line + "\n";
        line.clear();
      }
    } else {
      word += c;
    }
  }
  flush_word();
  return out + line;
}

}  // namespace

std::string render_text(const Report& r) {
  std::string out;
  rule(out);
  out += "ZGATE COMPLIANCE REPORT  " + report_date(r.generated) + "\n";
  out += fmt::format("{} USERS, {} GROUPS, {} PROFILES", r.users, r.groups, r.profiles);
  out += r.proclib.empty() ? std::string("; NO PROCLIB READ\n") : "; PROCLIB " + r.proclib + "\n";
  out += fmt::format("FINDINGS: {} HIGH, {} MEDIUM, {} LOW, {} INFO\n", r.count(Severity::High),
                     r.count(Severity::Medium), r.count(Severity::Low), r.count(Severity::Info));
  rule(out);

  for (const auto& f : r.findings) {
    out += fmt::format("\n{:<6} {} / {}: {}\n", severity_name(f.severity), f.area, f.check, f.subject);
    out += indent(wrap(f.text, 71), "       ") + "\n";
    if (!f.fix.empty()) out += indent("FIX: " + f.fix, "       ") + "\n";
  }
  if (r.findings.empty()) out += "\nNO FINDINGS\n";

  out += "\n";
  rule(out);
  out += "PRIVILEGED USERS\n";
  rule(out, '-');
  out += fmt::format("{:<8} {:<20} {:<26} {:<16} {}\n", "USER", "NAME", "ATTRIBUTES", "SCOPE", "LAST USED");
  for (const auto& p : r.privileged)
    out += fmt::format("{:<8} {:<20} {:<26} {:<16} {}{}\n", p.user, p.name.substr(0, 20), p.attributes, p.scope,
                       report_date(p.last_access), p.revoked ? " REVOKED" : "");

  out += "\n";
  rule(out);
  out += "PASSWORD AND PHRASE POLICY (SETROPTS)\n";
  rule(out, '-');
  for (const auto& p : r.policy)
    out += fmt::format("{:<22} {:<20} {:<4} {}\n", p.setting, p.value, p.ok ? "OK" : "NO", p.expected);

  out += "\n";
  rule(out);
  out += "WHO CAN RUN EACH TRANSACTION (TIMS, READ)\n";
  rule(out, '-');
  if (!r.transaction_note.empty()) out += "NOTE: " + r.transaction_note + "\n";
  for (const auto& t : r.transactions) {
    out += fmt::format("{:<8} {}{}{}\n", t.code, t.profile.empty() ? "NO PROFILE" : t.profile,
                       t.uacc.empty() ? "" : " UACC(" + t.uacc + ")", t.warning ? " WARNING" : "");
    if (t.everyone) out += "         EVERY USER\n";
    std::string line;
    for (const auto& g : t.grants) {
      std::string item = g.user + " (" + g.via + ")";
      if (line.size() + item.size() > 68) {
        out += "         " + line + "\n";
        line.clear();
      }
      line += line.empty() ? item : ", " + item;
    }
    if (!line.empty()) out += "         " + line + "\n";
    if (t.grants.empty() && !t.everyone) out += "         NOBODY\n";
  }
  return out;
}

}  // namespace zgate::watch
