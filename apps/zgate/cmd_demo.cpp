// zgate demo [--db PATH]: the README's first command. Creates a security database (with its
// first SPECIAL administrator, IBMUSER), defines a small IMS installation with RACF commands,
// asks for decisions, and signs on with a password and with a PassTicket, printing each step
// the way an administrator would see it. Then it runs the secured transaction path on that
// database: `zgate serve` and an IMS Connect client (demo_transactions.cpp).
#include <CLI/CLI.hpp>
#include <sodium.h>

#include <filesystem>
#include <iostream>
#include <regex>

#include "common.h"
#include "core/bytes.h"
#include "racf/processor.h"
#include "saf/bootstrap.h"

namespace zgate::app {

// The transaction part (demo_transactions.cpp).
int run_transaction_demo(saf::SecurityManager& sm, racf::CommandProcessor& admin, const std::string& db);

void demo_banner(const std::string& text) { std::cout << "\n==== " << text << " ====\n"; }

namespace {

// A command as the demo shows it: passwords, phrases and PassTicket keys are secrets even in
// a demo, and what is on the screen ends up in terminal logs and screenshots. Only a value
// without parentheses is a secret: SETROPTS PASSWORD(REVOKE(3) ...) is a policy.
std::string masked(const std::string& command) {
  static const std::regex secret(R"(\b(PASSWORD|PHRASE|KEYMASKED)\([^()]*\))", std::regex::icase);
  return std::regex_replace(command, secret, "$1(********)");
}

}  // namespace

// Runs RACF commands as IBMUSER, echoing each; the worst return code.
int demo_racf(racf::CommandProcessor& proc, const std::vector<std::string>& commands) {
  int worst = 0;
  for (const auto& c : commands) {
    std::cout << "racf> " << masked(c) << "\n";
    auto r = proc.execute(c);
    std::cout << r.output;
    worst = std::max(worst, r.rc);
  }
  return worst;
}

namespace {

void show_check(saf::SecurityManager& sm, const std::string& user, const std::string& cls,
                const std::string& resource, saf::Access access) {
  auto acee = sm.acee_for(user);
  if (!acee) {
    std::cout << "check " << user << ": user cannot sign on\n";
    return;
  }
  auto d = sm.check(*acee, cls, resource, access, {}, "DEMO");
  std::cout << "check " << user << " " << cls << " " << resource << " " << saf::access_name(access)
            << " -> RC=" << d.rc << " "
            << (d.rc == 0 ? "ALLOWED" : d.rc == 8 ? "DENIED" : "NOT PROTECTED (IMS allows it)");
  if (!d.profile.empty()) std::cout << " by " << d.profile << (d.generic ? " (G)" : "");
  std::cout << ": " << saf::reason_text(d.reason) << "\n";
}

void show_verify(saf::SecurityManager& sm, const std::string& user, const std::string& credential,
                 const std::string& appl, const char* what) {
  saf::VerifyRequest req;
  req.user = user;
  req.password = core::SecretString(credential);
  req.appl = appl;
  req.component = "DEMO";
  auto r = sm.verify(req);
  std::cout << "verify " << user << " with " << what << " -> RC=" << std::hex << std::uppercase
            << r.rc << std::dec << " " << r.message << (r.passticket ? " (PassTicket)" : "") << "\n";
  if (!r.warning.empty()) std::cout << "  " << r.warning << "\n";  // SETROPTS PASSWORD(WARNING(n))
}

}  // namespace

int run_demo(int argc, char** argv) {
  // zgate demo attack: the seed's scenario (demo_attack.cpp).
  if (argc > 1 && std::string(argv[1]) == "attack") return run_demo_attack(argc - 1, argv + 1);
  CLI::App app{"Walk through zgate's security manager with RACF commands. 'zgate demo attack': the seed's "
               "AppID attack, end to end.",
               "zgate demo"};
  std::string db, audit;
  app.add_option("--db", db, "security database to create (default: a new file in a temporary folder)");
  app.add_option("--audit", audit, kAuditOptionHelp);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (db.empty()) {
    auto dir = std::filesystem::temp_directory_path() / ("zgate-demo-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    db = (dir / "zgate.db").string();
  }
  Opened o = open_database(db, audit);
  saf::SecurityManager& sm = *o.sm;
  std::cout << "zgate demo: security database " << db
            << (o.created ? " created; first administrator IBMUSER (SPECIAL, group SYS1)\n" : " opened\n");
  std::cout << "audit log: " << audit_path_for(db, audit) << "\n";

  // A fresh random PassTicket key for the application, as KEYMASKED takes it.
  core::Bytes key(8);
  randombytes_buf(key.data(), key.size());
  std::string key_hex = core::to_hex(key);

  racf::CommandProcessor admin(sm, saf::kFirstAdministrator);
  demo_banner("IBMUSER defines groups, users and IMS transaction profiles");
  int rc = demo_racf(admin, {
      "SETROPTS CLASSACT(TIMS GIMS CIMS PTKTDATA) GENERIC(TIMS) RACLIST(TIMS PTKTDATA)",
      "SETROPTS PASSWORD(REVOKE(3) INTERVAL(90))",
      "ADDGROUP PAYROLL SUPGROUP(SYS1) OWNER(SYS1)",
      "ADDUSER ALICE NAME('ALICE ADAMS') DFLTGRP(PAYROLL)",
      "ADDUSER BOB NAME('BOB BROWN') DFLTGRP(SYS1)",
      // ADDUSER's PASSWORD is expired, for the user to change at first sign-on; an
      // administrator sets a usable one with ALTUSER ... NOEXPIRED.
      "ALTUSER ALICE PASSWORD(WONDER1) NOEXPIRED",
      "ALTUSER BOB PASSWORD(BUILDER2) NOEXPIRED",
      "RDEFINE TIMS PAY* UACC(NONE) AUDIT(ALL(READ))",
      "PERMIT PAY* CLASS(TIMS) ID(PAYROLL) ACCESS(READ)",
      "RDEFINE TIMS PAYADMIN UACC(NONE)",
      "PERMIT PAYADMIN CLASS(TIMS) ID(BOB) ACCESS(READ)",
      "RDEFINE PTKTDATA IMSAPPL SSIGNON(KEYMASKED(" + key_hex + ")) APPLDATA('NO REPLAY PROTECTION')",
      "SETROPTS RACLIST(TIMS PTKTDATA) REFRESH",
      "LISTUSER ALICE",
      "RLIST TIMS PAY* AUTHUSER",
  });
  sodium_memzero(key_hex.data(), key_hex.size());

  demo_banner("Decisions (FASTAUTH against the RACLIST snapshot)");
  show_check(sm, "ALICE", "TIMS", "PAYROLL", saf::Access::Read);
  show_check(sm, "BOB", "TIMS", "PAYROLL", saf::Access::Read);
  show_check(sm, "BOB", "TIMS", "PAYADMIN", saf::Access::Read);
  show_check(sm, "ALICE", "TIMS", "PAYADMIN", saf::Access::Read);
  show_check(sm, "ALICE", "TIMS", "ORDERS", saf::Access::Read);

  demo_banner("Sign-on (VERIFY) with a password, a wrong one, and a PassTicket");
  show_verify(sm, "ALICE", "WONDER1", "", "her password");
  show_verify(sm, "ALICE", "GUESS", "", "a wrong password");
  std::string why;
  auto ticket = sm.generate_passticket("ALICE", "IMSAPPL", saf::SecurityManager::TicketKind::Auto, &why);
  if (ticket) {
    std::cout << "passticket ALICE IMSAPPL -> " << *ticket << "\n";
    show_verify(sm, "ALICE", *ticket, "IMSAPPL", "that PassTicket");
  } else {
    std::cout << "passticket: " << why << "\n";
    rc = 8;
  }
  rc = std::max(rc, run_transaction_demo(sm, admin, db));

  demo_banner("Done");
  std::cout << "Try: zgate racf --db " << db << " \"LISTUSER BOB\"\n"
            << "     zgate racf --db " << db << " check BOB TIMS PAYROLL READ\n"
            << "     zgate passticket --db " << db << " ALICE IMSAPPL\n";
  return rc;
}

}  // namespace zgate::app
