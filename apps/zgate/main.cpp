// zgate: one binary, git-style subcommands. Wiring only: the work is in src/.
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "common.h"
#include "connect/db_security_exit.h"
#include "connect/security_exit.h"
#include "otma/exits.h"
#include "tm/ras_exit.h"
#include "tm/region_main.h"

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "usage: zgate <command> [options]\n"
      "\n"
      "An off-mainframe IMS transaction security stack with a RACF-compatible security manager.\n"
      "\n"
      "commands:\n"
      "  demo        create a security database and walk through RACF commands, decisions and\n"
      "              a PassTicket (what the README's first command runs)\n"
      "  racf        run RACF commands (ADDUSER, RDEFINE, PERMIT, SETROPTS, ...) against the\n"
      "              security database, from arguments or one per line from standard input;\n"
      "              'zgate racf check USER CLASS RESOURCE ACCESS' asks for a decision\n"
      "  passticket  print a PassTicket for a user and application from its PTKTDATA key\n"
      "  serve       start IMS Connect, OTMA and the transaction manager from a PROCLIB\n"
      "              directory (HWSCFGxx, DFSPBxxx, STAGE1 members)\n"
      "  send        send a transaction to an IMS Connect and print the reply or the RSM\n"
      "  cmd         send an IMS command (/DIS OTMA, /SECURE OTMA ...) the same way\n"
      "  db          unload, load or list an IMS database of the PROCLIB's DBDLIB\n"
      "  dli         issue a DL/I call through IMS Connect's DRDA port and ODBM (GU, GN, ISRT ...)\n"
      "  audit       read the audit trail: 'zgate audit list' with filters, 'zgate audit verify'\n"
      "              checks its hash chain\n"
      "  report      the compliance report (privileged users, policy, UACC, PassTickets, IMS\n"
      "              Connect and OTMA posture, who can run what) as text, CSV or HTML\n"
      "  offenses    the offenses alerts and violations make up: list, show, close\n"
      "\n"
      "Run 'zgate <command> --help' for a command's options.\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    usage(stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  // Every zgate command handles passwords, PassTickets or keys (serve verifies them, racf sets
  // them, passticket and send use them): no core file may carry them (issue 14, hole 13), and
  // a process of the same OS user (a program in a region, before its sandbox or without one)
  // may neither ptrace this one nor read its /proc/<pid>/mem or environ. Regions and the exit
  // helper inherit the core limit and confine themselves further (tm/region_sandbox.h).
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  try {
    if (cmd == "racf") return zgate::app::run_racf(argc - 1, argv + 1);
    if (cmd == "passticket") return zgate::app::run_passticket(argc - 1, argv + 1);
    if (cmd == "demo") return zgate::app::run_demo(argc - 1, argv + 1);
    if (cmd == "serve") return zgate::app::run_serve(argc - 1, argv + 1);
    if (cmd == "send") return zgate::app::run_send(argc - 1, argv + 1);
    if (cmd == "cmd") return zgate::app::run_cmd(argc - 1, argv + 1);
    if (cmd == "db") return zgate::app::run_db(argc - 1, argv + 1);
    if (cmd == "dli") return zgate::app::run_dli(argc - 1, argv + 1);
    if (cmd == "audit") return zgate::app::run_audit(argc - 1, argv + 1);
    if (cmd == "report") return zgate::app::run_report(argc - 1, argv + 1);
    if (cmd == "offenses") return zgate::app::run_offenses(argc - 1, argv + 1);
    // A dependent region started by `zgate serve`; not for people to run.
    if (cmd == "region") return zgate::tm::region_main(argc - 1, argv + 1);
    // The OTMA security exits' helper process, started by `zgate serve`; not for people to run.
    if (cmd == "exit-host") return zgate::otma::exit_host_main(argc - 1, argv + 1);
    // The IMS Connect security exit's (IMSLSECX) helper process, likewise.
    if (cmd == "security-exit-host") return zgate::connect::security_exit_host_main(argc - 1, argv + 1);
    // The IMS Connect DB security exit's (HWSAUTH0) helper process, likewise.
    if (cmd == "hwsauth0-host") return zgate::connect::hwsauth0_host_main(argc - 1, argv + 1);
    // The Resource Access Security exit's (DFSRAS00) helper process, likewise.
    if (cmd == "ras-exit-host") return zgate::tm::ras_exit_host_main(argc - 1, argv + 1);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zgate %s: %s\n", cmd.c_str(), e.what());
    return 12;
  }
  std::fprintf(stderr, "zgate: '%s' is not a zgate command\n\n", cmd.c_str());
  usage(stderr);
  return 2;
}
