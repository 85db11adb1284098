// zgate report [--db DB] [--proclib DIR] [--format text|csv|html] [-o FILE]
// The compliance report (issue 17, section 5): privileged, revoked, inactive and never-used
// users, the password policy, UACC / ID(*) / WARNING on the IMS classes and FACILITY, PassTicket
// keys without replay protection, IMS Connect's and OTMA's posture from the PROCLIB, and who can
// run each transaction, each finding with its severity and its fix (src/watch/report_model.h).
// Exit code: 0 no HIGH finding, 4 at least one HIGH, 8 the report could not be made.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common.h"
#include "watch/report_csv.h"
#include "watch/report_html.h"
#include "watch/report_proclib.h"
#include "watch/report_text.h"

namespace zgate::app {

int run_report(int argc, char** argv) {
  CLI::App app{"Print the compliance report: findings with their severity and fix, privileged users,\n"
               "password policy, and who can run each transaction. Exit 0 when no HIGH finding, 4\n"
               "when there is one, 8 when the report could not be made.",
               "zgate report"};
  std::string db = kDefaultDb, audit, proclib, format = "text", output;
  app.add_option("--db", db, "security database (SQLite file)")->capture_default_str();
  app.add_option("--audit", audit, kAuditOptionHelp);
  app.add_option("--proclib", proclib, "PROCLIB directory (HWSCFGxx, DFSPBxxx, STAGE1): adds IMS Connect's and "
                                       "OTMA's posture and the stage-1 transactions");
  app.add_option("--format", format, "text, csv (the findings) or html (one self-contained page)")
      ->check(CLI::IsMember({"text", "csv", "html"}))
      ->capture_default_str();
  app.add_option("-o,--output", output, "write to this file instead of standard output");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  std::optional<watch::ProclibPosture> posture;
  if (!proclib.empty()) {
    try {
      posture = watch::read_proclib_posture(proclib);
    } catch (const std::exception& e) {
      std::cerr << "zgate report: " << e.what() << "\n";
      return 8;
    }
  }
  // A report on a database that is not there would create and bootstrap one, and describe that.
  if (db != ":memory:" && !std::filesystem::exists(db)) {
    std::cerr << "zgate report: no security database " << db << "\n";
    return 8;
  }
  Opened o = open_database(db, audit);
  watch::Report r = watch::build_report(*o.sm, posture ? &*posture : nullptr, o.sm->clock().now());
  std::string text = format == "csv" ? watch::render_csv(r) : format == "html" ? watch::render_html(r) : watch::render_text(r);
  if (output.empty()) {
    std::cout << text;
  } else {
    std::ofstream f(output, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) {
      std::cerr << "zgate report: cannot write " << output << "\n";
      return 8;
    }
  }
  return r.count(watch::Severity::High) ? 4 : 0;
}

}  // namespace zgate::app
