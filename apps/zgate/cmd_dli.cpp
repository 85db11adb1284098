// zgate dli [--tls ...] --user U (--password-env VAR | --passticket --appl APPL) --psb PSB[.ALIAS]
//           --pcb NAME HOST:PORT CALL [SSA...] [--io SEGMENT] [--rows N] [--no-commit]
// DL/I calls over DRDA, as the IMS Universal drivers issue them through IMS Connect's DRDA port
// and ODBM: signs on (SECCHK), allocates the PSB (ACCRDB), issues the call on the PCB, prints
// each segment and the PCB feedback as an IMS programmer reads them, commits an update
// (RDBCMM) and deallocates the PSB.
//
//   GU GHU                one call; its segment and status
//   GN GHN GNP GHNP       repeated until the status is not blank (or --rows segments came); with
//                         --first the first call is a GU, so the list starts at the beginning
//   ISRT REPL DLET        the update, then RDBCMM (--no-commit: RDBRLLBCK instead)
//
// Exit status: 0 the call(s) ended with a blank status or the GB/GE that ends a list; 4 any
// other status code; 8 the sign-on or the allocation was refused; 12 the conversation failed.
#include <CLI/CLI.hpp>

#include <iostream>

#include "client_args.h"
#include "common.h"
#include "connect/drda_client.h"
#include "core/text.h"
#include "odbm/code_points.h"

namespace zgate::app {

namespace {

const char* reply_name(std::uint16_t cp) {
  namespace c = odbm::cp;
  switch (cp) {
    case c::SECCHKRM: return "SECCHKRM";
    case c::ACCSECRD: return "ACCSECRD";
    case c::RDBATHRM: return "RDBATHRM (not authorized to the PSB)";
    case c::RDBNFNRM: return "RDBNFNRM (no such PSB or alias)";
    case c::RDBAFLRM: return "RDBAFLRM (allocation failed)";
    case c::RDBACCRM: return "RDBACCRM (a PSB is already allocated)";
    case c::PRCCNVRM: return "PRCCNVRM (conversation protocol error)";
    case c::SYNTAXRM: return "SYNTAXRM (data stream syntax error)";
    case c::VALNSPRM: return "VALNSPRM (value not supported)";
    case c::CMDNSPRM: return "CMDNSPRM (command not supported)";
    case c::RDBNACRM: return "RDBNACRM (no PSB allocated)";
    default: return "an unexpected reply";
  }
}

const char* secchk_text(int code) {
  namespace c = odbm::cp;
  switch (code) {
    case c::kSecchkSecmecNotSupported: return "security mechanism not supported";
    case c::kSecchkPasswordExpired: return "password expired";
    case c::kSecchkPasswordInvalid: return "password invalid";
    case c::kSecchkPasswordMissing: return "password missing";
    case c::kSecchkUseridMissing: return "user ID missing";
    case c::kSecchkUseridInvalid: return "user ID invalid";
    case c::kSecchkUseridRevoked: return "user ID revoked";
    default: return "refused";
  }
}

void print_feedback(const std::string& call, const std::string& pcb, const odbm::AibFeedback& aib,
                    const odbm::PcbFeedback& f) {
  if (aib.return_code != 0) {
    std::printf("%s %s: AIB return code X'%04X' reason X'%04X'%s\n", call.c_str(), pcb.c_str(), aib.return_code,
                aib.reason_code, aib.reason_code == odbm::kAibRsnNoPcb ? " (no PCB of that name)" : "");
    return;
  }
  std::printf("%s %s: status '%s' level %02d segment %-8s key feedback '%s'\n", call.c_str(), pcb.c_str(),
              f.status.c_str(), f.level, f.segment.c_str(), f.key_feedback.c_str());
}

}  // namespace

int run_dli(int argc, char** argv) {
  CLI::App app{"Issue DL/I calls through IMS Connect's DRDA port and ODBM, as the IMS Universal drivers do.",
               "zgate dli"};
  TransportArgs transport;
  PasswordArgs pw;
  pw.db = kDefaultDb;
  pw.password_env = "ZGATE_PASSWORD";
  std::string user, psb, pcb, call, io;
  std::vector<std::string> ssas;
  std::size_t rows = 0;
  bool first = false, no_commit = false;
  bool ibm1047 = false;
  add_transport_options(app, transport);
  app.add_option("CALL", call, "GU GHU GN GHN GNP GHNP ISRT REPL DLET")->required();
  app.add_option("SSA", ssas, "segment search arguments, as a program codes them (quote each)");
  app.add_option("--user", user, "RACF user ID (SECCHK USRID)")->required();
  app.add_option("--password-env", pw.password_env, "environment variable holding the password or PassTicket")
      ->capture_default_str();
  app.add_flag("--passticket", pw.passticket, "generate a PassTicket for --user and --appl from the local security database (--db)");
  app.add_option("--appl", pw.appl, "application name for the PassTicket (HWSCFG ODACCESS APPL=)");
  app.add_option("--db", pw.db, "security database for --passticket")->capture_default_str();
  app.add_option("--audit", pw.audit, kAuditOptionHelp);
  app.add_option("--psb", psb, "PSBNAME[.ALIAS] to allocate (ACCRDB RDBNAM)")->required();
  app.add_option("--pcb", pcb, "the DB PCB's PCBNAME= (DBPCBnn for one without a name)")->required();
  app.add_option("--io", io, "the segment for ISRT and REPL");
  app.add_option("--rows", rows, "GN calls: stop after this many segments");
  app.add_flag("--first", first, "GN calls: start with GU (DLIFUNCFLG X'80'), so the list begins at the start");
  app.add_flag("--no-commit", no_commit, "updates: roll back (RDBRLLBCK) instead of committing");
  app.add_flag("--ibm1047", ibm1047, "EBCDIC code page IBM-1047 (default IBM-037)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto co = client_options(transport, "zgate dli");
  if (!co) return 2;
  if (pw.passticket) pw.password_env.clear();
  else if (!std::getenv(pw.password_env.c_str())) {
    std::cerr << "zgate dli: set the password (or a PassTicket) in " << pw.password_env
              << ", or use --passticket; it is never taken from the command line\n";
    return 2;
  }
  auto password = resolve_password(pw, user, "zgate dli");
  if (!password) return pw.passticket ? 8 : 2;

  call = core::upper(call);
  const bool update = call == "ISRT" || call == "REPL" || call == "DLET";
  const bool get = call == "GU" || call == "GHU" || call == "GN" || call == "GHN" || call == "GNP" || call == "GHNP";
  if (!update && !get) {
    std::cerr << "zgate dli: " << call << " is not a DL/I database call ODBM takes\n";
    return 2;
  }
  connect::DrdaClient c(*co, ibm1047 ? core::CodePage::IBM1047 : core::CodePage::IBM037);
  c.connect();
  auto signed_on = c.sign_on(user, *password);
  if (!signed_on.ok) {
    std::printf("sign-on of %s refused: %s, SECCHKCD X'%02X' (%s)\n", core::upper(user).c_str(),
                reply_name(signed_on.reply), signed_on.code < 0 ? 0 : signed_on.code, secchk_text(signed_on.code));
    return 8;
  }
  auto allocated = c.allocate(psb);
  if (!allocated.ok) {
    std::printf("PSB %s not allocated: %s%s%s\n", core::upper(psb).c_str(), reply_name(allocated.reply),
                allocated.diagnostic.empty() ? "" : ": ", allocated.diagnostic.c_str());
    return 8;
  }
  int rc = 0;
  if (get) {
    const bool list = call != "GU" && call != "GHU";
    auto result = c.query(pcb, call, ssas, first, rows ? rows : std::numeric_limits<std::size_t>::max());
    for (const auto& r : result) {
      print_feedback(call, pcb, r.aib, r.pcb);
      if (!r.data.empty()) std::printf("  %s\n", r.data.c_str());
      const std::string& st = r.pcb.status;
      const bool ends_list = list && (st == "GB" || st == "GE");
      if (r.aib.return_code != 0 || !(st == "  " || st == "GA" || st == "GK" || ends_list)) rc = 4;
    }
  } else {
    auto u = c.update(pcb, call, ssas, io);
    if (u.reply != odbm::cp::OUTAIBDBPCB) {
      std::printf("%s refused: %s\n", call.c_str(), reply_name(u.reply));
      rc = 12;
    } else {
      print_feedback(call, pcb, u.aib, u.pcb);
      if (u.aib.return_code != 0 || u.pcb.status != "  ") rc = 4;
      if (no_commit || rc) {
        c.rollback();
        std::printf("RDBRLLBCK: the change is backed out\n");
      } else {
        auto done = c.commit();
        std::printf(done.ok ? "RDBCMM: committed\n" : "RDBCMM: the commit failed; the change is backed out\n");
        if (!done.ok) rc = 12;
      }
    }
  }
  c.deallocate();
  return rc;
}

}  // namespace zgate::app
