// zgate passticket [--db PATH] [--audit PATH] [--legacy|--enhanced] USERID APPL
// Like IBM's sample generators: reads the PTKTDATA key that applies and prints the ticket.
#include <CLI/CLI.hpp>

#include <iostream>

#include "common.h"

namespace zgate::app {

int run_passticket(int argc, char** argv) {
  CLI::App app{"Print a PassTicket for USERID and application APPL, from the key in the\n"
               "PTKTDATA profile that applies (APPL.GROUP.USER, APPL.USER, APPL.GROUP, APPL).",
               "zgate passticket"};
  std::string db = kDefaultDb, audit, user, appl;
  bool legacy = false, enhanced = false;
  app.add_option("--db", db, "security database (SQLite file)")->capture_default_str();
  app.add_option("--audit", audit, kAuditOptionHelp);
  auto* l = app.add_flag("--legacy", legacy, "the DES-based algorithm (default: enhanced when the profile has an enhanced key)");
  app.add_flag("--enhanced", enhanced, "the HMAC-SHA-512 algorithm")->excludes(l);
  app.add_option("USERID", user)->required();
  app.add_option("APPL", appl)->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  Opened o = open_database(db, audit);
  std::string why;
  using K = saf::SecurityManager::TicketKind;
  auto ticket = o.sm->generate_passticket(user, appl, legacy ? K::Legacy : enhanced ? K::Enhanced : K::Auto, &why);
  if (!ticket) {
    std::cerr << "zgate passticket: " << why << "\n";
    return 8;
  }
  std::cout << *ticket << "\n";
  return 0;
}

}  // namespace zgate::app
