// The second part of `zgate demo`: zgate's main job, the secured transaction path. The demo
// writes a small PROCLIB, starts `zgate serve` on the demo's own security database, and talks
// to it as an IMS Connect client would (HWSSMPL1, EBCDIC), showing each refusal the way IBM
// documents it: IMS Connect's RACF=Y sign-on (RSM RC 8 RSN 40 with RACF's return code), OTMA's
// transaction check (a NAK with sense code X'1A'), PassTickets, an IMS command, and a RACF
// change reaching the running server.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "connect/client.h"
#include "common.h"
#include "demo_support.h"
#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "db/catalog.h"
#include "db/sqlite_store.h"
#include "db/unload.h"
#include "tm/queue_store.h"
#include "connect/doors/irm/rsm.h"
#include "connect/doors/irm/wire.h"
#include "racf/processor.h"
#include "saf/security_manager.h"

extern char** environ;

namespace zgate::app {

// Shared with cmd_demo.cpp (only the demo uses them, so they are not in common.h).
void demo_banner(const std::string& text);
int demo_racf(racf::CommandProcessor& proc, const std::vector<std::string>& commands);
int walk_through_odbm(std::uint16_t drda_port);  // demo_odbm.cpp

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The PROCLIB's names, in one place: the HWSCFG member, the PassTicket and the messages use them.
constexpr const char* kDatastore = "IMS1";
constexpr const char* kAppl = "IMSAPPL";  // DATASTORE APPL=: the PassTicket application

// ---- The PROCLIB ------------------------------------------------------------------------------

// HWSCFG00 as in docs/proclib-sample, with RACF=Y (every message's user ID and password or
// PassTicket is verified) and UIDCACHE=Y (a repeated sign-on is answered from the cache);
// DFSPB000 with OTMASE=C (OTMA checks each transaction and command with RACF) and ISIS=R (a
// region may schedule a PSB only if its user ID has READ to it in IIMS); STAGE1 with the
// sample programs and IBM's IVP phone book (DBDLIB/PSBLIB as in docs/proclib-sample).
void write_proclib(const fs::path& proclib, std::uint16_t port, std::uint16_t drda_port) {
  fs::create_directories(proclib / "DBDLIB");
  fs::create_directories(proclib / "PSBLIB");
  write_member(proclib / "DBDLIB", "DFSIVD1", {
      "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)",
      "         DATASET DD1=DFSIVD1,DEVICE=3380,BLOCK=1024",
      "         SEGM  NAME=A1111111,PARENT=0,BYTES=40,RULES=(LLL,HERE)",
      "         FIELD NAME=(A1111111,SEQ,U),BYTES=010,START=00001,TYPE=C",
      "         FIELD NAME=FIRSTNME,BYTES=010,START=00011,TYPE=C",
      "         FIELD NAME=EXTENSN,BYTES=010,START=00021,TYPE=C",
      "         FIELD NAME=ZIPCODE,BYTES=007,START=00031,TYPE=C",
      "         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX",
      "         DBDGEN",
      "         FINISH",
      "         END",
  });
  write_member(proclib / "DBDLIB", "DFSIVD1I", {
      "         DBD   NAME=DFSIVD1I,ACCESS=(INDEX,VSAM,PROT)",
      "         DATASET DD1=DFSIVD1X,DEVICE=3380",
      "         SEGM  NAME=A1111111,BYTES=10",
      "         FIELD NAME=(A1111111,SEQ,U),BYTES=010,START=00001,TYPE=C",
      "         LCHILD NAME=(A1111111,DFSIVD1),INDEX=A1111111",
      "         DBDGEN",
      "         FINISH",
      "         END",
  });
  write_member(proclib / "PSBLIB", "DFSIVP1", {
      "         PCB   TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10",
      "         SENSEG NAME=A1111111,PARENT=0,PROCOPT=A",
      "         PSBGEN LANG=ASSEM,PSBNAME=DFSIVP1",
      "         END",
  });
  // programs/DBUPDAB.c: adds an entry, then abends (or not) as its input says.
  write_member(proclib / "PSBLIB", "DBUPDAB", {
      "         PCB   TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10",
      "         SENSEG NAME=A1111111,PARENT=0",
      "         PSBGEN LANG=C,PSBNAME=DBUPDAB",
      "         END",
  });
  // The seed's Open DB example: PSB1 and PSB2, one DB PCB each on the phone book.
  for (const char* psb : {"PSB1", "PSB2"})
    write_member(proclib / "PSBLIB", psb, {
        "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10,PCBNAME=PHONE",
        "         SENSEG NAME=A1111111,PARENT=0",
        std::string("         PSBGEN LANG=JAVA,PSBNAME=") + psb,
        "         END",
    });
  write_member(proclib, "HWSCFG00", {
      "HWS       (ID=ZGATEHWS,RACF=Y,UIDCACHE=Y)",
      "TCPIP     (PORT=(ID=" + std::to_string(port) + "),EXIT=(HWSSMPL0,HWSSMPL1))",
      std::string("DATASTORE (ID=") + kDatastore + ",GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1,",
      std::string("           APPL=") + kAppl + ")",
      "ODACCESS  (DRDAPORT=(ID=" + std::to_string(drda_port) + "),APPL=" + kAppl + ")",
  });
  // ODBM1 (RRS=Y: the ODBA path) and its data store IMS1, alias IVP1.
  write_member(proclib, "CSLDI000", {"ODBMNAME=ODBM1,IMSPLEX(NAME=PLEX1),RRS=Y,ODBMCFG=000"});
  write_member(proclib, "CSLDC000", {"<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>", "DATASTORE(NAME=IMS1,ALIAS(NAME=IVP1))"});
  write_member(proclib, "DFSPB000", {"IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=C,ISIS=R,ODBASE=Y"});
  write_member(proclib, "STAGE1", {
      "         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP",
      "         APPLCTN PSB=DFSIVP1",
      "         TRANSACT CODE=IVTNO,MSGTYPE=(SNGLSEG,RESPONSE,1)",
      "         APPLCTN PSB=DBUPDAB",
      "         TRANSACT CODE=DBUPDAB,MSGTYPE=(SNGLSEG,RESPONSE,1)",
      "         APPLCTN PSB=ECHOPGM",
      "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)",
      "         APPLCTN PSB=AUTHPGM",
      "         TRANSACT CODE=AUTHTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)",
      "         IMSGEN",
  });
}

// ---- The client side --------------------------------------------------------------------------

// One HWSSMPL1 send-receive message in EBCDIC, as IMS Connect's sample client sends it: the
// transaction code in the IRM and at the start of the data; an IMS command has no IRM code.
struct Message {
  std::string text;        // "ECHOTXN HELLO" or "/DIS OTMA"
  std::string user;
  std::string credential;  // password or PassTicket: never printed
  const char* credential_kind = "password";
};

std::string in_words(const connect::Reply& r) {
  if (r.rsm) return "RSM " + connect::describe_rsm(*r.rsm);
  return connect::reply_text(r, connect::Encoding::Ebcdic);
}

connect::Reply exchange(std::uint16_t port, const Message& m) {
  connect::Request r;
  r.format = connect::ExitFormat::Hwssmpl1;
  r.encoding = connect::Encoding::Ebcdic;
  r.irm.userid = m.user;
  r.irm.password = core::SecretString(m.credential);
  r.irm.datastore = kDatastore;
  r.irm.trancode = m.text.starts_with("/") ? "" : m.text.substr(0, m.text.find(' '));
  r.segments.push_back(connect::Segment{0, connect::encode_chars(m.text, r.encoding, core::CodePage::IBM037)});
  connect::ClientOptions co;
  co.host = "127.0.0.1";
  co.port = port;
  co.timeout = 10s;
  connect::Client c(co);
  c.connect();
  c.send(r);
  return c.read_reply(r.format);
}

// What IBM documents for a message, in words, and the test of the reply.
struct Expectation {
  std::string says;
  std::function<bool(const connect::Reply&)> holds;
};

Expectation runs_and_replies(const std::string& text) {
  return {"the transaction runs; its reply comes back",
          [text](const connect::Reply& r) { return !r.rsm && in_words(r).find(text) != std::string::npos; }};
}

// IMS Connect's RACF=Y sign-on failed: RSM RC 8 (IMS Connect) RSN 40 (security violation),
// with RACF's own VERIFY return code in RSM_RACFRC.
Expectation refused_by_imsconnect(std::uint32_t racf_rc) {
  return {"IMS Connect refuses the sign-on: RSM RC 8 RSN 40, RACF RC " + std::to_string(racf_rc),
          [racf_rc](const connect::Reply& r) {
            return r.rsm && r.rsm->return_code == connect::rc::kConnectError &&
                   r.rsm->reason_code == connect::rc::kSecurityViolation && r.rsm->racf_rc == racf_rc;
          }};
}

// OTMA's RACF check failed: OTMA NAKs the message with sense code X'1A' (security violation),
// which IMS Connect's sample exit returns as RSM RC 16 with the sense code as the reason.
Expectation nak_by_otma() {
  return {"OTMA refuses the transaction: NAK, RSM RC 16 sense X'1A'", [](const connect::Reply& r) {
            return r.rsm && r.rsm->return_code == connect::rc::kOtmaSense && r.rsm->reason_code == 0x1A;
          }};
}

Expectation command_output(const std::string& must_contain) {
  return {"the command runs; IMS answers with its display",
          [must_contain](const connect::Reply& r) {
            return !r.rsm && in_words(r).find(must_contain) != std::string::npos;
          }};
}

class DemoClient {
 public:
  explicit DemoClient(std::uint16_t port) : port_(port) {}

  // Sends `m`, prints the request (credential masked) and the reply, and judges it.
  // `settle` allows for a change made by another process: the server sees it at its next poll
  // of the database (every 500 ms), so a reply that does not match yet is asked again a few
  // times before it counts as wrong.
  bool step(const std::string& title, const Message& m, const Expectation& e, bool settle = false) {
    std::cout << "\n" << title << "\n";
    std::cout << "client> " << m.text << "   (user " << m.user << ", " << m.credential_kind << " ********)\n";
    connect::Reply r;
    bool ok = false;
    try {
      for (int attempt = 0; attempt < (settle ? 6 : 1) && !ok; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(500ms);
        r = exchange(port_, m);
        ok = e.holds(r);
      }
    } catch (const std::exception& ex) {
      std::cout << "client: " << ex.what() << "\n";
      ++failures_;
      return false;
    }
    std::istringstream reply(in_words(r));
    for (std::string line; std::getline(reply, line);) std::cout << "server> " << line << "\n";
    std::cout << (ok ? "  as IBM documents: " : "  UNEXPECTED, IBM documents: ") << e.says << "\n";
    if (!ok) ++failures_;
    return ok;
  }

  int failures() const { return failures_; }

 private:
  std::uint16_t port_;
  int failures_ = 0;
};

// ---- The walk-through -------------------------------------------------------------------------

// The IVP's input: transaction code X(10), command X(8), last name X(10), first name X(10),
// extension X(10), zip code X(7).
std::string ivtno(const std::string& cmd, const std::string& last, const std::string& first = "",
                  const std::string& ext = "", const std::string& zip = "") {
  auto pad = [](std::string v, std::size_t n) {
    v.resize(n, ' ');
    return v;
  };
  return pad("IVTNO", 10) + pad(cmd, 8) + pad(last, 10) + pad(first, 10) + pad(ext, 10) + pad(zip, 7);
}

// The sends, with the server running. Returns the number of replies that were not as expected.
int walk_through(std::uint16_t port, saf::SecurityManager& sm, racf::CommandProcessor& admin) {
  DemoClient client(port);
  client.step("ALICE runs ECHOTXN with her password (she holds READ to TIMS ECHOTXN)",
              {"ECHOTXN HELLO FROM ALICE", "ALICE", "WONDER1"}, runs_and_replies("HELLO FROM ALICE"));
  // A wrong password is never answered from UIDCACHE: RACF's VERIFY says RC 8.
  client.step("ALICE again, with a wrong password",
              {"ECHOTXN HELLO AGAIN", "ALICE", "GUESS1"}, refused_by_imsconnect(8));
  client.step("BOB runs ECHOTXN with his password (no access to TIMS ECHOTXN)",
              {"ECHOTXN HELLO FROM BOB", "BOB", "BUILDER2"}, nak_by_otma());

  std::string why;
  auto ticket = sm.generate_passticket("ALICE", kAppl, saf::SecurityManager::TicketKind::Auto, &why);
  if (!ticket) {
    std::cout << "\npassticket ALICE " << kAppl << ": " << why << "\n";
    return client.failures() + 1;
  }
  client.step(std::string("ALICE signs on with a PassTicket for APPL ") + kAppl + " (the DATASTORE's APPL=)",
              {"ECHOTXN HELLO WITH A TICKET", "ALICE", *ticket, "PassTicket"},
              runs_and_replies("HELLO WITH A TICKET"));
  client.step("ALICE issues an IMS command (she holds READ to CIMS DIS)",
              {"/DIS OTMA", "ALICE", "WONDER1"}, command_output("HWSMEM1"));

  // A RACF change reaches the running server, with IBM's timing: TIMS is RACLISTed in this
  // demo, so OTMA decides from the in-storage profiles until SETROPTS RACLIST(TIMS) REFRESH.
  demo_banner("IBMUSER permits BOB while the server runs");
  demo_racf(admin, {"PERMIT ECHOTXN CLASS(TIMS) ID(BOB) ACCESS(READ)"});
  std::this_thread::sleep_for(1s);  // two polls of the database by the server
  client.step("BOB again, a second after the PERMIT: TIMS is RACLISTed, nothing changes yet",
              {"ECHOTXN HELLO FROM BOB", "BOB", "BUILDER2"}, nak_by_otma());
  std::cout << "\n";
  demo_racf(admin, {"SETROPTS RACLIST(TIMS) REFRESH"});
  std::this_thread::sleep_for(1s);
  client.step("BOB again, after the REFRESH", {"ECHOTXN HELLO FROM BOB", "BOB", "BUILDER2"},
              runs_and_replies("HELLO FROM BOB"), /*settle=*/true);

  // IBM's IVP phone book: transaction IVTNO, PSB DFSIVP1, database DFSIVD1 (loaded with the
  // IVP's first entries before the server started). Under ISIS=R the regions' own user ID
  // (IMSREGN) needs READ to the PSB in IIMS before any region may schedule it.
  demo_banner("The IVP phone book (IVTNO, PSB DFSIVP1, database DFSIVD1) under ISIS=R");
  client.step("ALICE displays LAST1 (she may run IVTNO, but the regions' IMSREGN has no READ to IIMS DFSIVP1)",
              {ivtno("DISPLAY", "LAST1"), "ALICE", "WONDER1"},
              {"ISIS=R: the region may not schedule PSB DFSIVP1; the message is refused with DFS2854A",
               [](const connect::Reply& r) { return !r.rsm && in_words(r).find("DFS2854A") != std::string::npos; }});
  std::cout << "\n";
  demo_racf(admin, {"PERMIT DFSIVP1 CLASS(IIMS) ID(IMSREGN) ACCESS(READ)"});
  client.step("ALICE displays LAST1 again, once the regions may schedule DFSIVP1",
              {ivtno("DISPLAY", "LAST1"), "ALICE", "WONDER1"}, runs_and_replies("ENTRY WAS DISPLAYED"), /*settle=*/true);
  client.step("ALICE adds LAST6", {ivtno("ADD", "LAST6", "FIRST6", "8-111-6666", "D06/R06"), "ALICE", "WONDER1"},
              runs_and_replies("ENTRY WAS ADDED"));
  client.step("ALICE updates LAST6's extension", {ivtno("UPDATE", "LAST6", "", "8-222-6666"), "ALICE", "WONDER1"},
              runs_and_replies("ENTRY WAS UPDATED"));
  client.step("ALICE displays LAST6", {ivtno("DISPLAY", "LAST6"), "ALICE", "WONDER1"},
              runs_and_replies("LAST6     FIRST6    8-222-6666D06/R06"));
  client.step("ALICE deletes LAST6", {ivtno("DELETE", "LAST6"), "ALICE", "WONDER1"}, runs_and_replies("ENTRY WAS DELETED"));
  client.step("ALICE displays LAST6 once more", {ivtno("DISPLAY", "LAST6"), "ALICE", "WONDER1"},
              runs_and_replies("SPECIFIED PERSON WAS NOT FOUND"));
  client.step("ALICE runs DBUPDAB, which adds LAST7 to the phone book and then abends (S0C4)",
              {"DBUPDAB S0C4 LAST7", "ALICE", "WONDER1"},
              {"the program abends: DFS555I with the abend code, and its change is backed out",
               [](const connect::Reply& r) {
                 const std::string w = in_words(r);
                 return !r.rsm && w.find("DFS555I") != std::string::npos && w.find("S0C4") != std::string::npos;
               }});
  client.step("ALICE displays LAST7: the abended program left nothing behind", {ivtno("DISPLAY", "LAST7"), "ALICE", "WONDER1"},
              runs_and_replies("SPECIFIED PERSON WAS NOT FOUND"));
  client.step("BOB displays LAST1 (no READ to TIMS IVTNO)", {ivtno("DISPLAY", "LAST1"), "BOB", "BUILDER2"}, nak_by_otma());
  return client.failures();
}

}  // namespace

// The transaction part of `zgate demo`, on the database the first part set up (ALICE, BOB,
// the PAYROLL group, TIMS RACLISTed, PTKTDATA IMSAPPL). 0 when every reply was as IBM
// documents it.
int run_transaction_demo(saf::SecurityManager& sm, racf::CommandProcessor& admin, const std::string& db) {
  if (db == ":memory:") {
    std::cout << "\n(the transaction part needs a database file that zgate serve can open; skipped)\n";
    return 0;
  }
  demo_banner("IBMUSER defines what the secured transaction path needs");
  int rc = demo_racf(admin, {
      // IMS Connect's own user ID: OTMA checks it when IMS Connect joins (the client-bid).
      "ADDUSER ZGATEHWS NAME('IMS CONNECT') DFLTGRP(SYS1) NOPASSWORD",
      // The message processing regions' user ID.
      "ADDUSER IMSREGN NAME('IMS REGIONS') DFLTGRP(SYS1) NOPASSWORD",
      "RDEFINE TIMS ECHOTXN UACC(NONE)",
      "PERMIT ECHOTXN CLASS(TIMS) ID(ALICE) ACCESS(READ)",
      "RDEFINE TIMS IVTNO UACC(NONE)",
      "PERMIT IVTNO CLASS(TIMS) ID(ALICE) ACCESS(READ)",
      "RDEFINE TIMS DBUPDAB UACC(NONE)",
      "PERMIT DBUPDAB CLASS(TIMS) ID(ALICE) ACCESS(READ)",
      // ISIS=R: the PSB is protected in IIMS; nobody may schedule it yet.
      "SETROPTS CLASSACT(IIMS)",
      "RDEFINE IIMS DFSIVP1 UACC(NONE)",
      "RDEFINE CIMS DIS UACC(NONE)",
      "PERMIT DIS CLASS(CIMS) ID(ALICE) ACCESS(READ)",
      "SETROPTS RACLIST(TIMS) REFRESH",
      // The seed's Open DB example, under ODBASE=Y: PSB allocation is checked in AIMS.
      "ADDUSER USERIDA DFLTGRP(SYS1) PASSWORD(PWDA1)",
      "ALTUSER USERIDA PASSWORD(PWDA1) NOEXPIRED",
      "ADDUSER USERIDB DFLTGRP(SYS1) PASSWORD(PWDB1)",
      "ALTUSER USERIDB PASSWORD(PWDB1) NOEXPIRED",
      "SETROPTS CLASSACT(AIMS)",
      "RDEFINE AIMS PSB1 UACC(NONE)",
      "RDEFINE AIMS PSB2 UACC(NONE)",
      "PERMIT PSB1 CLASS(AIMS) ID(USERIDA USERIDB) ACCESS(READ)",
      "PERMIT PSB2 CLASS(AIMS) ID(USERIDA) ACCESS(READ)",
  });
  if (rc != 0) {
    std::cout << "demo: the RACF definitions failed (RC=" << rc
              << "); the demo sets up a new database: give --db a file that does not exist yet\n";
    return rc;
  }

  // Each RACF command above committed on its own (BEGIN IMMEDIATE ... COMMIT), so the server
  // starts from all of it; from here on the two processes share the file through SQLite's
  // locks, and the demo only writes between its messages.
  auto work = fs::temp_directory_path() / ("zgate-demo-" + std::to_string(::getpid()) + "-ims");
  fs::remove_all(work);
  std::uint16_t port = 0, drda_port = 0;
  demo_banner("A PROCLIB for IMS Connect, OTMA and the transaction manager");
  try {
    port = free_loopback_port();
    drda_port = free_loopback_port();
    while (drda_port == port) drda_port = free_loopback_port();
    write_proclib(work / "proclib", port, drda_port);
    // The IVP's first entries, as `zgate db load` loads them, into the server's queue data set.
    const db::Catalog catalog = db::read_catalog(work / "proclib" / "DBDLIB", work / "proclib" / "PSBLIB");
    tm::QueueStore queue(work / "queues.db");
    db::SqliteStore store(work / "queues.db", db::database_tables(catalog));
    std::istringstream entries(
        "A1111111 01 LAST1     FIRST1    8-111-1111D01/R01  \\x20\n"
        "A1111111 01 LAST2     FIRST2    8-111-2222D02/R02  \\x20\n"
        "A1111111 01 LAST3     FIRST3    8-111-3333D03/R03  \\x20\n");
    const std::size_t n = db::load(store, *catalog.dbd("DFSIVD1"), entries);
    std::cout << "$ zgate db load --proclib " << (work / "proclib").string() << " DFSIVD1 <IVP entries>\n"
              << "zgate db: " << n << " segments of DFSIVD1 loaded\n";
  } catch (const std::exception& e) {
    std::cout << "demo: " << e.what() << "\n";
    return 8;
  }

  demo_banner("zgate serve");
  std::vector<std::string> args = {"zgate", "serve", "--proclib", (work / "proclib").string(), "--db", db,
                                   "--programs", default_programs_dir(), "--queues", (work / "queues.db").string()};
  std::cout << "$ zgate serve --proclib " << args[3] << " --db " << db << " --programs " << args[7] << "\n";
  int failures = 0;
  int server_rc = -1;
  std::string log;
  try {
    ServerProcess server(args, work / "serve.log");
    if (!server.wait_ready(20s)) {
      std::cout << "demo: zgate serve did not become ready (no HWSC0000I); its log:\n" << server.log();
      return 8;
    }
    show_log_lines(server.log(), "HWSC0000I");
    failures = walk_through(port, sm, admin);
    failures += walk_through_odbm(drda_port);
    server_rc = server.stop(10s);
    log = server.log();
  } catch (const std::exception& e) {
    std::cout << "demo: " << e.what() << "\n";
    return 8;
  }
  std::cout << "\n$ kill -TERM <zgate serve>\n";
  show_log_lines(log, "ended");
  if (server_rc != 0) {
    std::cout << "demo: zgate serve ended with " << server_rc << "; its log:\n" << log;
    return 8;
  }
  if (failures != 0) {
    std::cout << "demo: " << failures << " repl" << (failures == 1 ? "y was" : "ies were")
              << " not as IBM documents; the server's log is in " << (work / "serve.log").string() << "\n";
    return 8;
  }
  fs::remove_all(work);
  std::cout << "demo: the secured transaction path behaved as IBM documents\n";
  return 0;
}

}  // namespace zgate::app
