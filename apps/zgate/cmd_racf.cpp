// zgate racf [--db PATH] [--as USERID] [COMMAND ...]
// zgate racf [--db PATH] check USERID CLASS RESOURCE ACCESS [--program NAME] [--terminal T]
#include <CLI/CLI.hpp>

#include <iostream>

#include "common.h"
#include "core/text.h"
#include "racf/processor.h"
#include "saf/bootstrap.h"

namespace zgate::app {
namespace {

// "Would this user get in?": the FASTAUTH decision against the current snapshot, explained.
int run_check(saf::SecurityManager& sm, const std::vector<std::string>& args, const std::string& program,
              const std::string& terminal) {
  if (args.size() != 5) {
    std::cerr << "usage: zgate racf [--db PATH] check USERID CLASS RESOURCE ACCESS [--program NAME]\n";
    return 8;
  }
  std::string user = core::upper(args[1]), cls = core::upper(args[2]), resource = core::upper(args[3]);
  auto access = saf::parse_access(args[4]);
  if (!access) {
    std::cerr << "ACCESS must be one of NONE EXECUTE READ UPDATE CONTROL ALTER\n";
    return 8;
  }
  std::vector<std::string> notes;
  saf::AceeRef acee = sm.acee_for(user);
  if (!acee) {
    acee = sm.acee_for(user, {}, /*even_if_revoked=*/true);
    if (acee) {
      notes.push_back("USER " + user + " IS REVOKED: VERIFY WOULD FAIL (RC 1C) BEFORE ANY CHECK");
    } else {
      auto undefined = std::make_shared<saf::Acee>();
      undefined->user = user;
      undefined->defined = false;
      acee = undefined;
      notes.push_back("USER " + user + " IS NOT DEFINED TO RACF: ONLY UACC APPLIES, AND VERIFY WOULD FAIL (RC 04)");
    }
  }
  saf::AuthContext ctx{core::upper(program), core::upper(terminal)};
  saf::Decision d = sm.check(*acee, cls, resource, *access, ctx, "RACFCHK");
  const char* verdict = d.rc == saf::kRcAllowed ? (d.reason_code == 4 ? "ALLOWED (WARNING)" : "ALLOWED")
                        : d.rc == saf::kRcDenied ? "DENIED"
                                                 : "NOT PROTECTED";
  std::cout << "RC=" << d.rc << "  " << verdict << "  USER=" << user << " CLASS=" << cls
            << " RESOURCE=" << resource << " ACCESS=" << saf::access_name(*access) << "\n";
  if (!d.profile.empty())
    std::cout << "PROFILE=" << d.profile << (d.generic ? " (G)" : "")
              << "  AUTHORITY=" << saf::access_name(d.granted) << "\n";
  std::cout << "REASON=" << saf::reason_text(d.reason);
  if (!d.entry.empty()) std::cout << " (" << d.entry << ")";
  std::cout << "\n";
  for (const auto& n : notes) std::cout << "NOTE: " << n << "\n";
  return d.rc;
}

}  // namespace

int run_racf(int argc, char** argv) {
  CLI::App app{"Run RACF commands against the zgate security database.\n"
               "Commands come from the arguments (one command per argument) or, when there are\n"
               "none, one per line from standard input, with TSO continuation ('-' or '+').\n"
               "'check USERID CLASS RESOURCE ACCESS' prints the decision and exits with its\n"
               "RACF return code (0 allowed, 4 not protected, 8 denied).",
               "zgate racf"};
  std::string db = kDefaultDb, audit, as = saf::kFirstAdministrator, program, terminal;
  std::vector<std::string> commands;
  app.add_option("--db", db, "security database (SQLite file)")->capture_default_str();
  app.add_option("--audit", audit, kAuditOptionHelp);
  app.add_option("--as", as, "user ID the commands are issued as")->capture_default_str();
  app.add_option("--program", program, "with check: the program for WHEN(PROGRAM(...)) entries");
  app.add_option("--terminal", terminal, "with check: the terminal / port of entry");
  app.add_option("command", commands, "RACF commands, one per argument");
  app.allow_extras(false);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  Opened o = open_database(db, audit);
  if (!commands.empty() && core::iequals(commands[0], "check"))
    return run_check(*o.sm, commands, program, terminal);

  if (commands.empty()) commands = racf::read_commands(std::cin);
  racf::CommandProcessor proc(*o.sm, core::upper(as));
  int worst = 0;
  for (const auto& c : commands) {
    racf::CommandResult r = proc.execute(c);
    std::cout << r.output;
    worst = std::max(worst, r.rc);
  }
  return worst;
}

}  // namespace zgate::app
