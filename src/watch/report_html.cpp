#include "watch/report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace zgate::watch {
namespace {

// The page's style: system fonts, one accent per severity, tables that read like a console's
// listings (monospace IDs and commands) with room to breathe; prints without the colours' ink.
constexpr const char* kStyle = R"css(
:root{--ink:#1d2330;--muted:#5d6778;--line:#e3e7ee;--bg:#f4f6f9;--card:#fff;
--high:#c62828;--high-bg:#fdecec;--medium:#d97706;--medium-bg:#fff4e0;--low:#2563eb;--low-bg:#e8f0fe;
--info:#64748b;--info-bg:#eef1f5;--ok:#15803d;--ok-bg:#e7f6ec}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:linear-gradient(135deg,#17233b,#24385e);color:#fff;padding:28px 40px 24px}
header h1{margin:0;font-size:26px;font-weight:650;letter-spacing:.2px}
header p{margin:6px 0 0;color:#c9d3e6;font-size:14px}
main{max-width:1200px;margin:0 auto;padding:24px 40px 48px}
code,.mono{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;margin:-44px 0 24px}
.card{background:var(--card);border-radius:10px;padding:16px 20px;box-shadow:0 1px 3px rgba(16,24,40,.12);border-top:4px solid var(--info)}
.card .n{font-size:34px;font-weight:700;line-height:1.1}
.card .l{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.6px}
.card.high{border-color:var(--high)}.card.high .n{color:var(--high)}
.card.medium{border-color:var(--medium)}.card.medium .n{color:var(--medium)}
.card.low{border-color:var(--low)}.card.low .n{color:var(--low)}
.card.info .n{color:var(--info)}
nav{display:flex;flex-wrap:wrap;gap:6px 18px;background:var(--card);border-radius:10px;padding:12px 20px;margin-bottom:24px;box-shadow:0 1px 3px rgba(16,24,40,.08)}
nav a{color:#24385e;text-decoration:none;font-size:14px;white-space:nowrap}
nav a span{color:var(--muted)}
nav .sep{border-left:1px solid var(--line);margin:0 2px}
section{background:var(--card);border-radius:10px;padding:20px 24px;margin-bottom:24px;box-shadow:0 1px 3px rgba(16,24,40,.08)}
section h2{margin:0 0 4px;font-size:19px}
section p.lead{margin:0 0 14px;color:var(--muted);font-size:14px}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted);background:#f8f9fb;
padding:8px 10px;border-bottom:2px solid var(--line);white-space:nowrap}
th.sort::after{content:" \2195";color:#a3acba}
td{padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:none}
tbody tr:hover{background:#fafbfd}
.sev{display:inline-block;min-width:70px;text-align:center;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:650;letter-spacing:.4px}
.sev.high{background:var(--high-bg);color:var(--high)}.sev.medium{background:var(--medium-bg);color:#b45309}
.sev.low{background:var(--low-bg);color:var(--low)}.sev.info{background:var(--info-bg);color:var(--info)}
td.subject{white-space:nowrap}
td.subject .mono,td.subject.mono{font-weight:650;font-size:13.5px}
.check{color:var(--muted);font-size:11.5px;letter-spacing:.3px;font-weight:400}
table.findings{table-layout:fixed}
table.findings col.c-sev{width:104px}table.findings col.c-subj{width:210px}table.findings col.c-fix{width:40%}
table.findings td.subject{white-space:normal;word-break:break-word}
pre.fix{margin:0;background:#0f1729;color:#e2e8f0;border-radius:6px;padding:8px 10px;white-space:pre-wrap;overflow-wrap:break-word;user-select:all}
.ok{color:var(--ok);font-weight:650}.no{color:var(--high);font-weight:650}
.chip{display:inline-block;background:#eef2f8;border-radius:6px;padding:1px 8px;margin:2px 4px 2px 0;font-size:12.5px}
.chip small{color:var(--muted)}
.chip.all{background:var(--high-bg);color:var(--high);font-weight:650}
.note{background:var(--medium-bg);border-left:4px solid var(--medium);padding:10px 14px;border-radius:6px;margin:0 0 14px;font-size:14px}
.none{color:var(--muted);font-style:italic}
.nowrap{white-space:nowrap}
.first{border-left:5px solid var(--high)}
.first ol{margin:0;padding-left:22px}.first li{padding:5px 0;border-bottom:1px solid var(--line)}
.first li:last-child{border-bottom:none}.first .subject{font-weight:650}
.first .area{color:var(--muted);font-size:12.5px;margin:0 10px 0 6px}
code.inline{display:inline-block;background:#0f1729;color:#e2e8f0;border-radius:5px;padding:1px 8px;white-space:pre-wrap;vertical-align:top;user-select:all}
footer{color:var(--muted);font-size:12.5px;text-align:center;padding:0 40px 32px}
@media print{body{background:#fff}header{background:#17233b;-webkit-print-color-adjust:exact;print-color-adjust:exact}
section,.card,nav{box-shadow:none;border:1px solid var(--line)}nav{display:none}pre.fix{background:#f3f4f6;color:#111}}
)css";

const char* css_class(Severity s) {
  switch (s) {
    case Severity::High: return "high";
    case Severity::Medium: return "medium";
    case Severity::Low: return "low";
    case Severity::Info: return "info";
  }
  return "info";
}

std::string anchor(const std::string& area) {
  std::string a = "area-";
  for (char c : area) a += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
  return a;
}

// One section per area, in the report's reading order; within it, most severe first.
void findings(std::string& out, const Report& r) {
  std::map<std::string, std::vector<const Finding*>> by_area;
  for (const auto& f : r.findings) by_area[f.area].push_back(&f);
  std::vector<std::string> areas;
  for (const auto& a : report_areas())
    if (by_area.contains(a)) areas.push_back(a);
  for (const auto& area : areas) {
    const auto& list = by_area[area];
    out += fmt::format("<section id=\"{}\"><h2>{}</h2><p class=\"lead\">{} finding{}</p>\n", anchor(area),
                       html_escape(area), list.size(), list.size() == 1 ? "" : "s");
    out += "<table class=\"findings\"><colgroup><col class=\"c-sev\"><col class=\"c-subj\"><col><col class=\"c-fix\">"
           "</colgroup><thead><tr><th class=\"sort\">Severity</th><th class=\"sort\">Subject</th>"
           "<th>Finding</th><th>Fix</th></tr></thead><tbody>\n";
    for (const Finding* f : list) {
      out += fmt::format("<tr class=\"finding\" data-check=\"{}\"><td><span class=\"sev {}\">{}</span></td>",
                         html_escape(f->check), css_class(f->severity), severity_name(f->severity));
      out += fmt::format("<td class=\"subject\"><span class=\"mono\">{}</span><div class=\"check\">{}</div></td>",
                         html_escape(f->subject), html_escape(f->check));
      out += "<td>" + html_escape(f->text) + "</td><td>";
      out += f->fix.empty() ? std::string("<span class=\"none\">nothing to change</span>")
                            : "<pre class=\"fix\"><code>" + html_escape(f->fix) + "</code></pre>";
      out += "</td></tr>\n";
    }
    out += "</tbody></table></section>\n";
  }
}

// The HIGH findings on their own, subject and fix side by side: the page's to-do list.
void fix_first(std::string& out, const Report& r) {
  std::size_t n = r.count(Severity::High);
  if (n == 0) return;
  out += fmt::format("<section id=\"first\" class=\"first\"><h2>Fix first</h2><p class=\"lead\">The {} HIGH "
                     "finding{}: a control that is off, or bypassed for everyone</p><ol>\n",
                     n, n == 1 ? "" : "s");
  for (const auto& f : r.findings) {
    if (f.severity != Severity::High) continue;
    out += "<li><span class=\"mono subject\">" + html_escape(f.subject) + "</span> <span class=\"area\">" +
           html_escape(f.area) + "</span>";
    if (!f.fix.empty()) out += "<code class=\"inline\">" + html_escape(f.fix) + "</code>";
    out += "</li>\n";
  }
  out += "</ol></section>\n";
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const Report& r) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         // Nothing may be fetched, nothing run: the page stands alone even if a value slipped.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
  out += "<title>zgate compliance report " + report_date(r.generated) + "</title><style>" + kStyle +
         "</style></head><body>\n";
  out += "<header><h1>IMS security compliance report</h1><p>";
  out += fmt::format("Generated {} by zgate &middot; {} users, {} groups, {} profiles &middot; ",
                     report_date(r.generated), r.users, r.groups, r.profiles);
  out += r.proclib.empty() ? std::string("no PROCLIB read")
                           : "PROCLIB <span class=\"mono\">" + html_escape(r.proclib) + "</span>";
  out += "</p></header>\n<main>\n<div class=\"cards\">";
  for (Severity s : {Severity::High, Severity::Medium, Severity::Low, Severity::Info})
    out += fmt::format("<div class=\"card {}\" id=\"count-{}\"><div class=\"n\">{}</div><div class=\"l\">{}</div></div>",
                       css_class(s), css_class(s), r.count(s), severity_name(s));
  out += "</div>\n<nav>";
  out += "<a href=\"#first\">Fix first</a>";
  for (const auto& a : report_areas()) {
    std::size_t n = std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.area == a; });
    if (n == 0) continue;
    out += fmt::format("<a href=\"#{}\">{} <span>({})</span></a>", anchor(a), html_escape(a), n);
  }
  out += "<span class=\"sep\"></span><a href=\"#privileged\">All privileged users</a><a href=\"#policy\">Policy "
         "settings</a><a href=\"#transactions\">Who can run what</a></nav>\n";

  if (r.findings.empty()) out += "<section><h2>Findings</h2><p class=\"none\">No findings.</p></section>\n";
  fix_first(out, r);
  findings(out, r);

  out += "<section id=\"privileged\"><h2>All privileged users</h2><p class=\"lead\">System-wide and group-level "
         "SPECIAL, OPERATIONS and AUDITOR</p><table><thead><tr><th class=\"sort\">User</th><th class=\"sort\">Name</th>"
         "<th class=\"sort\">Attributes</th><th class=\"sort\">Scope</th><th class=\"sort\">Last used</th></tr></thead><tbody>\n";
  for (const auto& p : r.privileged)
    out += fmt::format("<tr><td class=\"subject mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td>"
                       "<td>{}{}</td></tr>\n",
                       html_escape(p.user), html_escape(p.name), html_escape(p.attributes), html_escape(p.scope),
                       report_date(p.last_access), p.revoked ? " <span class=\"sev info\">REVOKED</span>" : "");
  if (r.privileged.empty()) out += "<tr><td colspan=\"5\" class=\"none\">No privileged users.</td></tr>\n";
  out += "</tbody></table></section>\n";

  out += "<section id=\"policy\"><h2>Password and phrase policy</h2><p class=\"lead\">SETROPTS PASSWORD and "
         "INACTIVE, against what an auditor expects</p><table><thead><tr><th>Setting</th><th>Value</th><th></th>"
         "<th>Expected</th></tr></thead><tbody>\n";
  for (const auto& p : r.policy)
    out += fmt::format("<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                       html_escape(p.setting), html_escape(p.value), p.ok ? "ok" : "no", p.ok ? "&#10003;" : "&#10007;",
                       html_escape(p.expected));
  out += "</tbody></table></section>\n";

  out += "<section id=\"transactions\"><h2>Who can run each transaction</h2><p class=\"lead\">RACF's own decision "
         "for READ in class TIMS, user by user, with groups, grouping profiles and generic profiles resolved</p>\n";
  if (!r.transaction_note.empty()) out += "<p class=\"note\">" + html_escape(r.transaction_note) + "</p>\n";
  out += "<table><thead><tr><th class=\"sort\">Transaction</th><th class=\"sort\">Profile</th><th>UACC</th>"
         "<th>Users</th></tr></thead><tbody>\n";
  for (const auto& t : r.transactions) {
    out += fmt::format("<tr class=\"tran\"><td class=\"subject mono\">{}</td><td class=\"mono nowrap\">{}</td><td class=\"mono\">{}{}</td><td>",
                       html_escape(t.code),
                       t.profile.empty() ? std::string("<span class=\"none\">none</span>") : html_escape(t.profile),
                       html_escape(t.uacc), t.warning ? " <span class=\"sev high\">WARNING</span>" : "");
    if (t.everyone) out += "<span class=\"chip all\">every user</span>";
    for (const auto& g : t.grants)
      out += fmt::format("<span class=\"chip\"><span class=\"mono\">{}</span> <small>{}</small></span>",
                         html_escape(g.user), html_escape(g.via));
    if (t.grants.empty() && !t.everyone) out += "<span class=\"none\">nobody</span>";
    out += "</td></tr>\n";
  }
  if (r.transactions.empty()) out += "<tr><td colspan=\"4\" class=\"none\">No transactions known.</td></tr>\n";
  out += "</tbody></table></section>\n</main>\n";
  out += "<footer>zgate report &middot; severities and fixes: docs/reports.md &middot; the fixes are RACF commands "
         "and PROCLIB member changes; a RACLISTed class needs its REFRESH.</footer>\n</body></html>\n";
  return out;
}

}  // namespace zgate::watch
