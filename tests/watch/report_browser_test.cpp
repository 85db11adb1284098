// The HTML report in a real browser (Debian's chromium, headless): the page parses into the
// findings' rows, a hostile value stays text, and a screenshot is taken for a person to look
// at (ZGATE_REPORT_SCREENSHOT=path keeps a copy; docs/report-screenshot.png is one). Skipped
// only when chromium is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report_fixture.h"
#include "watch/report_html.h"

namespace zgate::watch::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs chromium headless on `page` with `args`; its standard output goes to `out`.
int chromium(const fs::path& dir, const std::string& args, const fs::path& page, const fs::path& out) {
  std::string cmd = "timeout 120 " + std::string(kChromium) +
                    " --headless=new --no-sandbox --disable-gpu --no-first-run --hide-scrollbars"
                    " --user-data-dir=" + (dir / "profile").string() + " " + args + " file://" + page.string() +
                    " > " + out.string() + " 2> " + (dir / "chromium.err").string();
  return std::system(cmd.c_str());
}

class ReportBrowserTest : public ReportTest {
 protected:
  void SetUp() override {
    if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
    dir = fs::temp_directory_path() / ("zgate-report-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
  fs::path dir;
};

TEST_F(ReportBrowserTest, ChromiumParsesTheFindingsAndTakesAScreenshot) {
  build_database();
  // A user whose name is markup: the browser must show it as text.
  auto eve = make_user("EVE", "SYS1", kNow - kDay, "<b id=\"pwned\">Eve</b>");
  eve.operations = true;
  sm->put_user(eve);
  ProclibPosture p = weak_proclib();
  Report r = report(&p);
  fs::path page = dir / "report.html";
  std::ofstream(page, std::ios::binary) << render_html(r);

  fs::path dom = dir / "dom.html";
  ASSERT_EQ(chromium(dir, "--dump-dom", page, dom), 0) << slurp(dir / "chromium.err");
  std::string parsed = slurp(dom);
  // Every finding is a row the browser built, with its check and its fix.
  std::size_t rows = 0;
  for (std::size_t i = parsed.find("<tr class=\"finding\""); i != std::string::npos;
       i = parsed.find("<tr class=\"finding\"", i + 1))
    ++rows;
  EXPECT_EQ(rows, r.findings.size());
  for (const char* check : {"USER-SPECIAL", "USER-NOINTERVAL", "PROFILE-UACC", "PROFILE-ID-STAR", "PROFILE-WARNING",
                            "PTKT-NO-REPLAY", "CONNECT-RACF-N", "CONNECT-NO-TLS", "OTMA-OTMASE-JOIN", "USER-REVOKED",
                            "USER-NEVER-USED"})
    EXPECT_NE(parsed.find(std::string("data-check=\"") + check + "\""), std::string::npos) << check;
  EXPECT_NE(parsed.find("ALTUSER JOEADMIN NOSPECIAL"), std::string::npos);
  EXPECT_NE(parsed.find("ALTUSER APPSRV1 NOPASSWORD NOPHRASE"), std::string::npos);
  EXPECT_NE(parsed.find("HWSCFG00: HWS (ID=ZGATEHWS,RACF=Y)"), std::string::npos);
  // The summary cards hold the counts.
  EXPECT_NE(parsed.find("id=\"count-high\"><div class=\"n\">" + std::to_string(r.count(Severity::High)) + "<"),
            std::string::npos);
  // The hostile name is text, not an element.
  EXPECT_EQ(parsed.find("<b id=\"pwned\">"), std::string::npos);
  EXPECT_NE(parsed.find("&lt;b id=\"pwned\"&gt;Eve&lt;/b&gt;"), std::string::npos);

  fs::path png = dir / "report.png";
  ASSERT_EQ(chromium(dir, "--screenshot=" + png.string() + " --window-size=1280,2000", page, dir / "shot.out"), 0)
      << slurp(dir / "chromium.err");
  ASSERT_TRUE(fs::exists(png));
  std::string image = slurp(png);
  ASSERT_GT(image.size(), 20000u) << "a blank page compresses to a few kilobytes";
  EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  if (const char* keep = std::getenv("ZGATE_REPORT_SCREENSHOT")) {
    fs::copy_file(png, keep, fs::copy_options::overwrite_existing);
    fs::copy_file(page, std::string(keep) + ".html", fs::copy_options::overwrite_existing);
  }
}

}  // namespace
}  // namespace zgate::watch::testing
