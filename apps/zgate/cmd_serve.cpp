// zgate serve --proclib DIR [--db PATH] [--audit PATH] [--programs DIR] [--regions N] [--region-user ID] ...
// IMS Connect in front of OTMA in front of the transaction manager, configured by the PROCLIB
// members an IMS shop already has: HWSCFGxx, DFSPBxxx and the stage-1 transaction definitions,
// with the DBDGEN and PSBGEN decks of its DBDLIB and PSBLIB (<proclib>/DBDLIB, <proclib>/PSBLIB).
#include <CLI/CLI.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "audit/event.h"
#include "common.h"
#include "settings_file.h"
#include "connect/proclib_dir.h"
#include "connect/security_exit.h"
#include "connect/db_security_exit.h"
#include "connect/server.h"
#include "odbm/odbm.h"
#include "odbm/odbm_config.h"
#include "db/catalog.h"
#include "guard/guard.h"
#include "watch/alert_engine.h"
#include "watch/offenses.h"
#include "db/sqlite_store.h"
#include "tm/databases.h"
#include "otma/dfspb.h"
#include "otma/exits.h"
#include "otma/otma.h"
#include "tm/queue_store.h"
#include "tm/stage1_catalog.h"
#include "tm/ras_exit.h"
#include "tm/transaction_table.h"
#include "tm/transaction_manager.h"

namespace zgate::app {

namespace {

// tm is built before otma (otma schedules through it), yet tm's alternate-PCB output goes to
// otma's tpipes: this forwarder closes the loop once otma exists.
struct ForwardingRouter : tm::OutputRouter {
  tm::OutputRouter* target = nullptr;
  void resolve(tm::OutputMessage& m) override {
    if (target) target->resolve(m);
  }
  std::uint64_t route(const tm::OutputMessage& m) override { return target ? target->route(m) : 0; }
  tm::CalloutResult callout(const tm::CalloutRequest& r) override {
    return target ? target->callout(r) : tm::CalloutResult{};
  }
};

// --otma-exit DFSCTRN0=PATH (also DFSCCMD0, DFSYRTUX).
bool add_otma_exit(otma::ExitConfig& cfg, const std::string& spec, std::string& error) {
  auto eq = spec.find('=');
  if (eq == std::string::npos) {
    error = "--otma-exit wants NAME=PATH, got '" + spec + "'";
    return false;
  }
  const std::string name = spec.substr(0, eq);
  for (auto p : {otma::ExitPoint::Transaction, otma::ExitPoint::Command, otma::ExitPoint::ResumeTpipe})
    if (otma::exit_name(p) == name) {
      cfg.libraries[p] = spec.substr(eq + 1);
      return true;
    }
  error = "--otma-exit: '" + name + "' is not DFSCTRN0, DFSCCMD0 or DFSYRTUX";
  return false;
}

// IMS Connect's security posture at start, one record per data store: an auditor (and the
// alert rules) see a data store served with RACF=N or without TLS from the trail alone.
void audit_start(audit::Sink& sink, const connect::HwsConfig& hws) {
  for (const auto& ds : hws.datastores) {
    audit::Event e;
    e.code = audit::EventCode::None;
    e.component = "IMSCONN";
    e.component_code = "HWS_START";
    e.datastore = ds.id;
    e.appl = ds.appl;
    e.resource = hws.id;
    e.detail = std::string("RACF=") + (hws.racf ? "Y" : "N") + " UIDCACHE=" + (hws.uidcache ? "Y" : "N") +
               " TLS=" + (hws.tls ? "Y" : "N") + " TMEMBER=" + ds.member + " OTMA=" + ds.tmember;
    e.severity = hws.racf ? 2 : 7;
    sink.write(e);
  }
}

}  // namespace

int run_serve(int argc, char** argv) {
  CLI::App app{"Start IMS Connect, OTMA and the transaction manager from a PROCLIB directory.",
               "zgate serve"};
  std::string proclib, db = kDefaultDb, audit, programs = default_programs_dir(), region_user = "IMSREGN";
  // Regions and the exit helper become this OS user when the server runs as root.
  std::string region_os_user = "nobody";
  std::string hwscfg_name, dfspb_name, dfsydt_name, exit_path, ras_exit_path, hwsauth0_path, queues, dbdlib, psblib;
  std::string policy_path, rules_dir, settings_path;
  bool audit_schedules = false;
  std::vector<std::string> alert_hook;
  std::vector<std::string> otma_exits;
  int regions = 2, threads = 2, proclim_ms = 10000;
  std::size_t odbm_max_threads = odbm::OdbmOptions{}.max_threads;
  bool ibm1047 = false;
  app.add_option("--proclib", proclib, "directory holding HWSCFGxx, DFSPBxxx and STAGE1 members")->required();
  app.add_option("--db", db, "security database (SQLite file)")->capture_default_str();
  app.add_option("--audit", audit, kAuditOptionHelp);
  app.add_option("--programs", programs, "program library: <PSB>.so transaction programs")->capture_default_str();
  app.add_option("--regions", regions, "message processing regions (worker processes)")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--region-user", region_user, "the regions' own user ID")->capture_default_str();
  app.add_option("--region-os-user", region_os_user,
                 "OS user the regions and the exit helper run as when zgate serve runs as root "
                 "(never root; ignored when not root: they keep the server's user, sandboxed)")
      ->capture_default_str();
  app.add_option("--processing-limit", proclim_ms, "milliseconds a program may run before it is ended (U0240)")->capture_default_str();
  app.add_option("--hwscfg", hwscfg_name, "the HWSCFG member to use when there are several");
  app.add_option("--dfspb", dfspb_name, "the DFSPB member to use when there are several");
  app.add_option("--dfsydt", dfsydt_name, "the DFSYDT member (OTMA descriptors) to use when there are several");
  app.add_option("--dbdlib", dbdlib, "DBDLIB: one DBDGEN deck per DBD, named by the DBD (default: <proclib>/DBDLIB)");
  app.add_option("--psblib", psblib, "PSBLIB: one PSBGEN deck per PSB, named by the PSB (default: <proclib>/PSBLIB)");
  app.add_option("--queues", queues, "queue store for recoverable messages (SQLite file; default: zgate-queues.db beside --db)");
  app.add_option("--security-exit", exit_path, "IMSLSECX-style security exit (shared library, run in its own confined helper process)");
  app.add_option("--ras-exit", ras_exit_path,
                 "DFSRAS00 Resource Access Security exit (shared library, run in its own confined helper "
                 "process): decides PSB scheduling under DFSPB ISIS=C or A");
  app.add_option("--hwsauth0", hwsauth0_path,
                 "HWSAUTH0 DB security exit (shared library, run in its own confined helper process): "
                 "called first for every sign-on on the ODACCESS DRDA port");
  app.add_option("--otma-exit", otma_exits, "OTMA exit NAME=PATH: DFSCTRN0, DFSCCMD0 or DFSYRTUX (repeatable)");
  app.add_option("--policy", policy_path,
                 "data-access policy (TOML [[rule]] tables: docs/policies.md): asked before each transaction, "
                 "command and DL/I call, and on what goes back");
  app.add_option("--settings", settings_path,
                 "zgate's settings file (TOML): [audit] trail, fsync and rotation, [[audit.syslog]] SIEM "
                 "receivers (RFC 5424, LEEF, CEF over TCP or TLS), [alerts] rules and hook, [policy] file; "
                 "options given on the command line win");
  app.add_option("--rules", rules_dir,
                 "Sigma alert rules (every *.yml of the directory; the repository's rules/ are the shipped "
                 "ones): evaluated on the audit stream, alerts and offenses written to the audit trail");
  app.add_option("--alert-hook", alert_hook,
                 "program run for each alert and ticket with the record as one JSON line on its standard input "
                 "(the program's path, then its arguments; no shell)")
      ->expected(1, -1);
  app.add_flag("--audit-schedules", audit_schedules,
               "an audit record (TM SCHEDULE) for every message a program is scheduled for; costs "
               "throughput (docs/monitoring.md)");
  app.add_option("--threads", threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_flag("--ibm1047", ibm1047, "EBCDIC clients use code page 1047 (default 037)");
  app.add_option("--odbm-max-threads", odbm_max_threads,
                 "PSBs ODBM may have allocated at once (CSLDCxxx MAXTHRD=), one pool thread each")
      ->capture_default_str()->check(CLI::Range(1, 4096));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  // Configuration first: a bad member stops start-up before anything listens.
  connect::ProclibMembers members;
  otma::OtmaConfig otma_cfg;
  otma::Destinations destinations;
  tm::TransactionTable table;
  std::shared_ptr<const db::Catalog> catalog;
  std::vector<std::string> warnings;
  tm::Isis isis = tm::Isis::None;
  bool odbase = false;
  std::string imsid;
  std::optional<odbm::OdbmConfig> odbm_cfg;  // CSLDIxxx, CSLDCxxx, ODBMSECURE=
  guard::Policy policy;
  std::optional<Settings> settings;
  // Every keyword of every member that zgate accepts and does not act on, said at start-up:
  // "<member> <keyword> (line N) is accepted but has no effect in zgate".
  std::vector<std::string> ignored;
  auto note_ignored = [&ignored](const std::string& member, const std::string& what, int line, int more = 0) {
    std::string where;
    if (line > 0) where = " (line " + std::to_string(line) + (more > 0 ? " and " + std::to_string(more) + " more" : "") + ")";
    ignored.push_back(member + " " + what + where + " is accepted but has no effect in zgate");
  };
  try {
    members = connect::load_proclib(proclib, hwscfg_name, dfspb_name, dfsydt_name);
    const otma::Dfspb dfspb = otma::parse_dfspb(members.dfspb);
    otma::require_otma_started(dfspb, members.dfspb.name);
    otma_cfg = dfspb.otma;
    otma::require_ras_exit(dfspb, members.dfspb.name, !ras_exit_path.empty());
    isis = dfspb.isis;
    odbase = dfspb.odbase;
    imsid = dfspb.imsid.empty() ? std::string("IMS1") : dfspb.imsid;
    odbm_cfg = odbm::load_odbm_config(proclib);
    if (odbm_cfg)
      for (const auto& i : odbm_cfg->ignored) note_ignored(i.member, i.keyword, i.line);
    for (const auto& i : dfspb.ignored) note_ignored(members.dfspb.name, i.keyword, i.line);
    for (const auto& m : members.stage1) {
      table.add_stage1(m);
      for (const auto& i : tm::stage1_ignored(m)) note_ignored(m.name, i.what, i.line, i.more);
    }
    if (members.dfsydt) destinations = otma::routable(*members.dfsydt);
    // DBDLIB and PSBLIB, checked as a set and against stage-1's DATABASE and APPLCTN macros.
    if (dbdlib.empty()) dbdlib = (std::filesystem::path(proclib) / "DBDLIB").string();
    if (psblib.empty()) psblib = (std::filesystem::path(proclib) / "PSBLIB").string();
    catalog = std::make_shared<const db::Catalog>(db::read_catalog(dbdlib, psblib));
    warnings = tm::check_stage1(table, *catalog);
    if (!settings_path.empty()) {
      settings = load_settings(settings_path);
      if (rules_dir.empty()) rules_dir = settings->rules_dir;
      if (alert_hook.empty()) alert_hook = settings->alert_hook;
      if (policy_path.empty()) policy_path = settings->policy_file;
      if (audit.empty()) audit = settings->audit.trail;
    }
    if (!policy_path.empty()) policy = guard::load_policy(policy_path);
  } catch (const std::exception& e) {
    std::cerr << "zgate serve: " << e.what() << "\n";
    return 8;
  }
  for (const auto& kw : members.hws.ignored) note_ignored(members.hwscfg.name, kw, 0);
  for (const auto& line : ignored) std::cerr << "zgate serve: " << line << "\n";
  for (const auto& line : warnings) std::cerr << "zgate serve: " << line << "\n";
  if (members.dfsydt)
    for (const auto& why : members.dfsydt->ignored)
      std::cerr << "zgate serve: " << members.dfsydt->member << " " << why << "\n";
  otma::ExitConfig exit_cfg;
  exit_cfg.host_command = {"/proc/self/exe", "exit-host"};
  exit_cfg.os_user = region_os_user;
  for (const auto& spec : otma_exits) {
    std::string error;
    if (!add_otma_exit(exit_cfg, spec, error)) {
      std::cerr << "zgate serve: " << error << "\n";
      return 8;
    }
  }
  if (queues.empty()) queues = (std::filesystem::path(db).parent_path() / "zgate-queues.db").string();

  // SIGINT/SIGTERM are taken by one thread that stops the server; block them everywhere else
  // before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Opened o;
  try {
    o = open_database(db, audit, Auditing::Bus, settings ? settings->audit.trail_options : audit::JsonLinesOptions{});
    if (settings) add_receivers(o, settings->audit);
  } catch (const std::exception& e) {
    std::cerr << "zgate serve: " << e.what() << "\n";
    return 8;
  }
  if (settings)
    for (const auto& r : settings->audit.syslog)
      std::cerr << "zgate serve: audit receiver " << r.name << ": " << r.host << ":" << r.port << "\n";
  // RACF commands run by another process (`zgate racf --db` on the same file) reach this
  // server within half a second: users and non-RACLISTed classes at once, RACLISTed classes
  // at their SETROPTS RACLIST REFRESH.
  o.sm->start_watching(std::chrono::milliseconds(500));

  tm::RegionConfig rc;
  rc.count = regions;
  rc.audit_schedules = audit_schedules;
  rc.userid = region_user;
  rc.program_dir = programs;
  rc.processing_limit = std::chrono::milliseconds(proclim_ms);
  rc.region_command = {"/proc/self/exe", "region"};
  rc.os_user = region_os_user;
  rc.catalog = catalog;
  rc.scheduling.isis = isis;
  // The queue data set, and the exits (in their helper process), before anything runs.
  std::unique_ptr<tm::QueueStore> store;
  std::unique_ptr<db::SqliteStore> database_store;
  std::unique_ptr<tm::Databases> databases;
  std::unique_ptr<otma::OtmaExits> exits;
  std::shared_ptr<connect::SecurityExit> security_exit;
  std::shared_ptr<connect::DbSecurityExit> db_security_exit;
  try {
    store = std::make_unique<tm::QueueStore>(queues);
    // The IMS databases live in the queue store's file: a message's database changes and its
    // queue changes commit in one transaction (db/sqlite_store.h).
    if (const auto tables = db::database_tables(*catalog); !tables.empty()) {
      database_store = std::make_unique<db::SqliteStore>(queues, tables);
      databases.reset(new tm::Databases{*catalog, *database_store, true, {}, nullptr});
    }
    if (!exit_cfg.libraries.empty()) exits = std::make_unique<otma::OtmaExits>(exit_cfg);
    if (!ras_exit_path.empty()) {
      // Regions call it under ISIS=C or A; ODBM's allocations also under ODBASE=Y and
      // ODBMSECURE=A or E (odbm/psb_allocation.h).
      const bool drda = members.hws.odaccess && members.hws.odaccess->drda_port;
      if (!tm::isis_calls_exit(isis) && !drda)
        std::cerr << "zgate serve: --ras-exit is given, but DFSRAS00 is called only under ISIS=C or A (ISIS="
                  << static_cast<char>(isis) << ") or for ODBM's allocations (no ODACCESS DRDAPORT=)\n";
      tm::RasExit::Host host;
      host.command = {"/proc/self/exe", "ras-exit-host"};
      host.os_user = region_os_user;
      rc.scheduling.exit = std::make_shared<tm::RasExit>(ras_exit_path, std::move(host));
    }
    if (!exit_path.empty()) {
      connect::SecurityExit::Host host;
      host.command = {"/proc/self/exe", "security-exit-host"};
      host.os_user = region_os_user;
      security_exit = std::make_shared<connect::SecurityExit>(exit_path, std::move(host));
    }
    if (!hwsauth0_path.empty()) {
      connect::DbSecurityExit::Host host;
      host.command = {"/proc/self/exe", "hwsauth0-host"};
      host.os_user = region_os_user;
      db_security_exit = std::make_shared<connect::DbSecurityExit>(hwsauth0_path, std::move(host));
    }
  } catch (const std::exception& e) {
    std::cerr << "zgate serve: " << e.what() << "\n";
    return 8;
  }
  // The watching side on the bus: the alert rules raise alerts (back onto the bus, so they reach
  // every sink), and the offenses correlate alerts, policy decisions and violations.
  std::shared_ptr<watch::AlertEngine> alerts;
  if (!rules_dir.empty()) {
    watch::AlertEngine::Options ao;
    ao.hook.argv = alert_hook;
    alerts = std::make_shared<watch::AlertEngine>(*o.sink, ao);
    try {
      alerts->load_directory(rules_dir);
    } catch (const std::exception& e) {
      std::cerr << "zgate serve: " << e.what() << "\n";
      return 8;
    }
    const auto st = alerts->stats();
    std::cerr << "zgate serve: alert rules " << rules_dir << ": " << st.rules << " rules, " << st.correlations
              << " correlations\n";
    o.bus->subscribe([alerts](const audit::Event& e) { alerts->on_event(e); });
  }
  watch::Offenses::Options off_opt;
  off_opt.privileged = [sm = o.sm.get()](const std::string& u) {
    auto user = sm->user(u);
    return user && (user->special || user->operations);
  };
  auto offenses = std::make_shared<watch::Offenses>(o.sink, off_opt);
  o.bus->subscribe([offenses](const audit::Event& e) { offenses->on_event(e); });

  // The data-access policy: its decisions go on the audit bus like RACF's.
  std::unique_ptr<guard::Guard> guard;
  if (!policy_path.empty()) {
    std::cerr << "zgate serve: data-access policy " << policy_path << ": " << policy.rules.size() << " rules\n";
    guard = std::make_unique<guard::Guard>(std::move(policy), *o.sink);
  }
  ForwardingRouter router;
  auto tmgr = tm::make_transaction_manager(*o.sm, *o.sink, std::move(table), rc, &router, store.get(), databases.get());
  // OTMA (with the hold queues recovered from the store) exists before the regions start, so
  // that recovered input messages find their tpipes.
  otma::Otma otma(*o.sm, *o.sink, *tmgr, otma_cfg, store.get());
  otma.set_exits(exits.get());
  otma.set_guard(guard.get());
  otma.set_destinations(std::move(destinations));
  router.target = &otma.router();

  // ODBM, behind ODACCESS DRDAPORT=: the same databases, program isolation and /STO states as
  // the transaction manager's programs.
  std::unique_ptr<odbm::Odbm> odbm;
  if (members.hws.odaccess && members.hws.odaccess->drda_port) {
    if (!odbm_cfg) {
      std::cerr << "zgate serve: ODACCESS DRDAPORT= is given but the PROCLIB has no CSLDIxxx member: no ODBM "
                   "runs, and every allocation on the DRDA port is refused\n";
    } else if (!databases) {
      std::cerr << "zgate serve: ODACCESS DRDAPORT= is given but DBDLIB defines no database: every "
                   "allocation on the DRDA port is refused\n";
    } else {
      odbm::OdbmOptions oo;
      oo.name = odbm_cfg->odbm_name;
      oo.max_threads = odbm_max_threads;
      oo.datastore = imsid;
      oo.security.rrs = odbm_cfg->rrs;
      oo.security.odbmsecure = odbm_cfg->odbmsecure;
      // The aliases of this IMS in CSLDCxxx; data stores that are other IMSs are not reachable.
      for (const auto& ds : odbm_cfg->datastores) {
        if (ds.name == imsid) oo.aliases.insert(ds.aliases.begin(), ds.aliases.end());
        else
          std::cerr << "zgate serve: " << odbm_cfg->csldc_member << " DATASTORE " << ds.name << " (line " << ds.line
                    << ") is not this IMS (" << imsid << "): its aliases reach nothing\n";
      }
      // ODBM's own user ID and group: its started task's identity, from the STARTED class
      // (RDEFINE STARTED ODBM1.* STDATA(USER(...) GROUP(...)), RACLISTed).
      if (auto started = o.sm->started_task(oo.name, oo.name)) {
        oo.job_user = started->user;
        oo.job_group = started->group;
      } else {
        std::cerr << "zgate serve: no STARTED profile gives ODBM " << oo.name
                  << " a user ID (RDEFINE STARTED " << oo.name << ".* STDATA(USER(...)), SETROPTS RACLIST(STARTED)): "
                     "an allocation without a RACO (RACF=N) is refused\n";
      }
      oo.security.odbase = odbase;
      oo.guard = guard.get();
      oo.security.isis = static_cast<char>(isis);
      if (rc.scheduling.exit) {
        std::shared_ptr<const tm::RasExit> ras = rc.scheduling.exit;
        oo.security.ras_exit = [ras](const odbm::RasExitCall& c) {
          tm::RasExit::Call call;
          call.userid = c.userid;
          call.group = c.group;
          call.resource_class = c.resource_class;
          call.resource = c.psb;
          call.isis = c.isis;
          call.saf_called = c.saf_called;
          call.saf_rc = c.saf_rc;
          tm::RasExit::Verdict v = ras->call(call);
          return odbm::RasExitVerdict{v.allowed, v.rc, v.reason};
        };
      }
      odbm = std::make_unique<odbm::Odbm>(
          *o.sm, *o.sink,
          odbm::OdbmDatabases{catalog.get(), database_store.get(), &databases->isolation, databases->states}, oo);
      std::cerr << "zgate serve: ODBM " << oo.name << " (RRS=" << (oo.security.rrs ? 'Y' : 'N') << ", job user "
                << (oo.job_user.empty() ? "none" : oo.job_user) << ") serves the DRDA port with PSB allocation by "
                << odbm::allocation_method(oo.security).name << "\n";
    }
  }

  connect::ServerOptions so;
  so.hws = members.hws;
  so.odbm = odbm.get();
  so.db_security_exit = std::move(db_security_exit);
  so.threads = threads;
  so.code_page = ibm1047 ? core::CodePage::IBM1047 : core::CodePage::IBM037;
  so.security_exit = std::move(security_exit);
  connect::Server server(std::move(so), *o.sm, *o.sink, otma);
  // The programs' answers are read on IMS Connect's I/O threads, which send the replies.
  tmgr->lend_io_threads(&server.io_threads());
  tmgr->start();
  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << "zgate serve: " << e.what() << "\n";
    tmgr->stop();
    return 8;
  }

  audit_start(*o.sink, members.hws);

  std::thread signals([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  server.run();
  // run() also returns when something else stopped the server; wake the signal thread.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  tmgr->stop();  // before the server goes: late completions still post to its executor
  o.bus->end_subscriptions();  // the alert rules and offenses see the last events, then let go
  std::cerr << "zgate serve: IMS Connect " << members.hws.id << " ended\n";
  return 0;
}

}  // namespace zgate::app
