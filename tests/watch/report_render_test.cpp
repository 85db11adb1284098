// The report's three forms: text, CSV (RFC 4180, no formula injection) and HTML (every value
// escaped, nothing fetched, nothing run).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report_fixture.h"
#include "watch/report_csv.h"
#include "watch/report_html.h"
#include "watch/report_text.h"

namespace zgate::watch::testing {
namespace {

// A report whose values were written by an attacker: a user name, a profile name, install data.
Report hostile_report() {
  Report r;
  r.generated = kNow;
  r.proclib = "/tmp/<proclib>";
  r.findings.push_back({Severity::High, "PROFILE-UACC", "Resource profiles", "FACILITY <img src=x onerror=alert(1)>",
                        "UACC(READ) on \"<script>alert('x')</script>\" & more", "RALTER FACILITY <b id=\"pwned\">x</b> UACC(NONE)"});
  r.findings.push_back({Severity::Medium, "USER-NOINTERVAL", "User IDs", "@ADMIN", "=HYPERLINK(\"http://evil\",\"x\")",
                        "-2+3"});
  r.findings.push_back({Severity::Low, "USER-REVOKED", "User IDs", "OLD,ONE", "line one\nline \"two\"", "+SUM(A1)"});
  r.privileged.push_back({"@ADMIN", "<b id=\"pwned\">Mallory</b>", "SPECIAL", "SYSTEM", false, 0});
  r.transactions.push_back({"PAY<1>", "TIMS PAY<1>", "NONE", false, false, {{"JOE&CO", "USER"}}, true});
  return r;
}

TEST(ReportHtml, EscapesEveryValue) {
  std::string html = render_html(hostile_report());
  for (const char* raw : {"<img src=x", "<script>", "<b id=\"pwned\">", "PAY<1>", "JOE&CO", "/tmp/<proclib>"})
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  EXPECT_NE(html.find("FACILITY &lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; &amp; more"), std::string::npos);
  EXPECT_NE(html.find("&lt;b id=&quot;pwned&quot;&gt;Mallory&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("JOE&amp;CO"), std::string::npos);
}

TEST(ReportHtml, SelfContained) {
  std::string html = render_html(hostile_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);  // links are the page's own anchors only
  EXPECT_EQ(html.find("url("), std::string::npos);          // nor does the CSS fetch anything
  EXPECT_EQ(html.find("src="), html.find("src=x"));  // no src= of the page's own; the escaped one is text
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(ReportHtml, EscapeFunction) {
  EXPECT_EQ(html_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(html_escape(""), "");
}

TEST(ReportCsv, Rfc4180Quoting) {
  EXPECT_EQ(csv_field("PLAIN"), "PLAIN");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(" edge "), "\" edge \"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(ReportCsv, NoFormulaInjection) {
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("+SUM(A1)"), "'+SUM(A1)");
  EXPECT_EQ(csv_field("-2+3"), "'-2+3");
  EXPECT_EQ(csv_field("@ADMIN"), "'@ADMIN");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(csv_field("A=B"), "A=B");  // only a leading character makes a formula
}

TEST(ReportCsv, OneFindingARow) {
  std::string csv = render_csv(hostile_report());
  EXPECT_EQ(csv.rfind("severity,check,area,subject,finding,fix\r\n", 0), 0u);
  EXPECT_NE(csv.find("MEDIUM,USER-NOINTERVAL,User IDs,'@ADMIN,"), std::string::npos);
  EXPECT_NE(csv.find("LOW,USER-REVOKED,User IDs,\"OLD,ONE\",\"line one\nline \"\"two\"\"\",'+SUM(A1)\r\n"),
            std::string::npos);
  // Header and three records: the line break inside a quoted field is not a record's end.
  std::size_t records = 0;
  for (std::size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++records;
  EXPECT_EQ(records, 4u);
}

TEST_F(ReportTest, TextListsEveryFindingWithItsFix) {
  build_database();
  ProclibPosture p = weak_proclib();
  Report r = report(&p);
  std::string text = render_text(r);
  for (const auto& f : r.findings) {
    EXPECT_NE(text.find(f.subject), std::string::npos) << f.subject;
    if (!f.fix.empty()) {
      std::string first_line = f.fix.substr(0, f.fix.find('\n'));
      EXPECT_NE(text.find(first_line), std::string::npos) << first_line;
    }
  }
  EXPECT_NE(text.find("ALTUSER JOEADMIN NOSPECIAL"), std::string::npos);
  EXPECT_NE(text.find("ALTUSER APPSRV1 NOPASSWORD NOPHRASE"), std::string::npos);
  EXPECT_NE(text.find("WHO CAN RUN EACH TRANSACTION"), std::string::npos);
  EXPECT_NE(text.find(fmt::format("FINDINGS: {} HIGH", r.count(Severity::High))), std::string::npos);
}

TEST_F(ReportTest, HostileInstallationNamesReachTheHtmlEscaped) {
  build_database();
  auto u = make_user("EVE", "SYS1", kNow - kDay, "<script>alert(1)</script>");
  u.special = true;
  sm->put_user(u);
  std::string html = render_html(report());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace zgate::watch::testing
