// zgate demo attack: the seed's scenario, end to end, against a real `zgate serve`.
//
// "A hacker who broke into an application and took its AppID, and who socially engineered
// Joe.Admin's password, uses the AppID from a non-application server, impersonating Joe.Admin,
// to request a large number of credit card numbers." APPSRV1 is the card application's user ID,
// used from its server 127.0.0.10 only; JOEADMIN is a privileged (SPECIAL) user. From the rogue
// address 127.0.0.66 the AppID, then JOEADMIN, ask CARDINQ for card numbers through IMS
// Connect. Each step is asserted, as the seed tells it:
//   Guardium's role: the data-access policy masks card numbers outside the application server,
//     then blocks after its threshold; the blocked client gets OTMA's security NAK as IMS
//     Connect's RSM (RC 16, reason X'1A') and its connection is closed;
//   zSecure Alert's role: the Sigma rule for an application ID used from a foreign source fires;
//   QRadar's role: the correlation joins the AppID alert with JOEADMIN's activity from the same
//     address into one offense of raised severity, with a ticket naming the rogue source;
//   zSecure Audit's role: the compliance report lists both IDs with the fixes.
// Exit 0 when every step behaved as described, 4 when one did not, 8 when the demo could not run.
#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "audit/trail_reader.h"
#include "common.h"
#include "connect/client.h"
#include "connect/doors/irm/irm.h"
#include "connect/doors/irm/rsm.h"
#include "connect/doors/irm/wire.h"
#include "connect/return_codes.h"
#include "demo_support.h"
#include "racf/processor.h"
#include "saf/bootstrap.h"
#include "watch/offenses.h"

namespace zgate::app {

void demo_banner(const std::string& text);
int demo_racf(racf::CommandProcessor& proc, const std::vector<std::string>& commands);

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kAppServer = "127.0.0.10";
constexpr const char* kRogue = "127.0.0.66";
constexpr int kCustomers = 8;

// A 16-digit test PAN: the prefix (a card network's test range), a running number, and the Luhn
// check digit the policy's card-number pattern recognises.
std::string test_pan(const std::string& prefix, int n) {
  std::string body = prefix;
  std::string num = std::to_string(n);
  body += std::string(15 - prefix.size() - num.size(), '0') + num;
  int sum = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    int d = body[body.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string padded(std::string s, std::size_t n) {
  s.resize(n, ' ');
  return s;
}

// The card holders, in `zgate db load`'s flat format (db/unload.h): a CUSTOMER and two CARDs
// each. CRLIMIT is packed decimal (5 bytes, \xNN).
void write_load(const fs::path& file) {
  std::ofstream out(file);
  const char* names[] = {"ANNA MUSTER", "BEN OKAFOR", "CHLOE DURAND", "DAVID KIM",
                         "EMMA ROSSI", "FARID HASSAN", "GRACE LIU", "HUGO SILVA"};
  for (int c = 1; c <= kCustomers; ++c) {
    char custno[16];
    std::snprintf(custno, sizeof custno, "C%09d", c);
    out << "CUSTOMER 01 " << custno << padded(names[c - 1], 40) << padded("1 MAIN STREET, SPRINGFIELD", 60)
        << padded("BR00" + std::to_string(c % 3 + 1), 9) << "\\x20\n";
    out << "CARD 02 " << test_pan("4000", 100 + c) << "1228" << padded("VISA", 8) << "A\\x00\\x05\\x00\\x00\\x0C"
        << "     \\x20\n";
    out << "CARD 02 " << test_pan("5555", 200 + c) << "0627" << padded("MC", 8) << "A\\x00\\x02P\\x00\\x0C"
        << "     \\x20\n";
  }
}

// The card-holder database and CARDINQ (docs/proclib-sample), HWSCFG00 with RACF=Y, DFSPB000
// with OTMASE=C: every message is signed on, and OTMA checks TIMS for each transaction.
void write_proclib(const fs::path& proclib, std::uint16_t port) {
  fs::create_directories(proclib / "DBDLIB");
  fs::create_directories(proclib / "PSBLIB");
  // DBDGEN decks continue in column 72, which write_member does not allow: written as they are.
  std::ofstream(proclib / "DBDLIB" / "CARDDB")
      << "         DBD   NAME=CARDDB,ACCESS=(HIDAM,OSAM)\n"
         "         DATASET DD1=CARDDB,DEVICE=3390,BLOCK=4096\n"
         "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=120,RULES=(LLL,LAST)\n"
         "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=10,START=1,TYPE=C\n"
         "         FIELD NAME=CUSTNAME,BYTES=40,START=11,TYPE=C\n"
         "         FIELD NAME=ADDRESS,BYTES=60,START=51,TYPE=C\n"
         "         FIELD NAME=BRANCH,BYTES=10,START=111,TYPE=C\n"
         "         LCHILD NAME=(CUSTIDX,CARDDBI),PTR=INDX\n"
         "         SEGM  NAME=CARD,PARENT=((CUSTOMER,SNGL)),BYTES=40,            X\n"
         "               RULES=(LLL,LAST)\n"
         "         FIELD NAME=(PAN,SEQ,U),BYTES=16,START=1,TYPE=C\n"
         "         FIELD NAME=EXPIRY,BYTES=4,START=17,TYPE=C\n"
         "         FIELD NAME=CARDTYPE,BYTES=8,START=21,TYPE=C\n"
         "         FIELD NAME=STATUS,BYTES=1,START=29,TYPE=C\n"
         "         FIELD NAME=CRLIMIT,BYTES=5,START=30,TYPE=P\n"
         "         DBDGEN\n"
         "         FINISH\n"
         "         END\n";
  std::ofstream(proclib / "DBDLIB" / "CARDDBI") << "         DBD   NAME=CARDDBI,ACCESS=(INDEX,VSAM,PROT)\n"
                                                   "         DATASET DD1=CARDDBX,DEVICE=3390\n"
                                                   "         SEGM  NAME=CUSTIDX,BYTES=10\n"
                                                   "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=10,START=1,TYPE=C\n"
                                                   "         LCHILD NAME=(CUSTOMER,CARDDB),INDEX=CUSTNO\n"
                                                   "         DBDGEN\n"
                                                   "         FINISH\n"
                                                   "         END\n";
  std::ofstream(proclib / "PSBLIB" / "CARDINQ")
      << "         PCB   TYPE=DB,DBDNAME=CARDDB,PROCOPT=G,KEYLEN=26,             X\n"
         "               PCBNAME=CARDPCB,POS=S\n"
         "         SENSEG NAME=CUSTOMER,PARENT=0\n"
         "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
         "         PSBGEN LANG=C,PSBNAME=CARDINQ,CMPAT=YES\n"
         "         END\n";
  write_member(proclib, "HWSCFG00", {
      "HWS       (ID=ZGATEHWS,RACF=Y)",
      "TCPIP     (PORT=(ID=" + std::to_string(port) + "),EXIT=(HWSSMPL0,HWSSMPL1))",
      "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)",
  });
  write_member(proclib, "DFSPB000", {"IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=C"});
  write_member(proclib, "STAGE1", {
      "         DATABASE DBD=(CARDDB,CARDDBI),ACCESS=RD",
      "         APPLCTN PSB=CARDINQ",
      "         TRANSACT CODE=CARDINQ,MSGTYPE=(SNGLSEG,RESPONSE,1)",
      "         IMSGEN",
  });
}

// The site's alert rule for its application ID (rules/zgate_application_id_foreign_source.yml).
constexpr const char* kAppIdRule = R"(title: Application user ID used from outside its allowed sources
id: 40cd9a71-b72e-4200-985d-53cca6d008bc
status: test
logsource:
  product: zgate
  service: audit
detection:
  selection:
    user: APPSRV1
  filter_source:
    source_ip|cidr:
      - 127.0.0.10/32
  condition: selection and not filter_source
level: high
)";

// Guardium's policy for the card data.
constexpr const char* kPolicy = R"([[rule]]
name = "AppID outside the application server"
kind = "access"
users = ["APPSRV1"]
not_sources = ["127.0.0.10/32"]
action = "alert"
severity = 7

[[rule]]
name = "Mask card numbers outside the application server"
kind = "extrusion"
pattern = "card-number"
not_sources = ["127.0.0.10/32"]
action = "mask"

[[rule]]
name = "Card numbers in volume"
kind = "extrusion"
transactions = ["CARDINQ"]
pattern = "card-number"
not_sources = ["127.0.0.10/32"]
count = 6
window = 60
action = "block"
severity = 9
)";

struct Story {
  int failed = 0;
  void expect(bool holds, const std::string& what) {
    std::cout << (holds ? "  [as described] " : "  [NOT AS DESCRIBED] ") << what << "\n";
    if (!holds) ++failed;
  }
};

// CARDINQ for one customer; with `client_id`, on a persistent socket (the attacker keeps one
// connection open for many requests).
connect::Request cardinq(const std::string& user, const std::string& password, int customer,
                         const std::string& client_id = {}) {
  char custno[16];
  std::snprintf(custno, sizeof custno, "C%09d", customer);
  connect::Request r;
  r.format = connect::ExitFormat::Hwssmpl1;
  r.encoding = connect::Encoding::Ebcdic;
  r.irm.userid = user;
  r.irm.password = core::SecretString(password);
  r.irm.datastore = "IMS1";
  r.irm.trancode = "CARDINQ";
  if (!client_id.empty()) {
    r.irm.socket_type = connect::irmf::kSoctPersistent;
    r.irm.client_id = client_id;
  }
  r.segments.push_back(connect::Segment{0, connect::encode_chars(std::string("CARDINQ ") + custno, r.encoding,
                                                                 core::CodePage::IBM037)});
  return r;
}

std::string shown(const connect::Reply& r) {
  if (r.rsm) return "RSM " + connect::describe_rsm(*r.rsm);
  std::string t = connect::reply_text(r, connect::Encoding::Ebcdic);
  for (char& c : t)
    if (c == '\n' || c == '\r') c = ' ';
  return t;
}

bool has_full_pan(const std::string& text) { return text.find("4000") != std::string::npos && text.find("****") == std::string::npos; }

std::vector<audit::Event> trail_events(const std::string& path) {
  std::vector<audit::Event> out;
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (auto t = audit::read_record(line, ++n)) out.push_back(t->event);
  return out;
}

}  // namespace

int run_demo_attack(int argc, char** argv) {
  CLI::App app{"The seed's AppID attack, end to end: policy, alert, offense, report.", "zgate demo attack"};
  std::string dir;
  app.add_option("--dir", dir, "working folder (default: a new one in the temporary folder)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  const fs::path work = dir.empty() ? fs::temp_directory_path() / ("zgate-attack-" + std::to_string(::getpid())) : fs::path(dir);
  fs::create_directories(work);
  const fs::path proclib = work / "proclib";
  const std::string db = (work / "zgate.db").string();
  Story story;
  try {
    const std::uint16_t port = free_loopback_port();
    demo_banner("The site: card holders, CARDINQ, RACF=Y, OTMASE=C");
    write_proclib(proclib, port);
    Opened o = open_database(db);
    racf::CommandProcessor admin(*o.sm, saf::kFirstAdministrator);
    const std::string app_pw = "APPSRV#1", joe_pw = "JOE2SEC";
    int rc = demo_racf(admin, {
        "SETROPTS CLASSACT(TIMS) RACLIST(TIMS)",
        "SETROPTS PASSWORD(REVOKE(5) INTERVAL(90))",
        "ADDGROUP CARDS SUPGROUP(SYS1) OWNER(SYS1)",
        "ADDUSER APPSRV1 NAME('CARD APPLICATION') DFLTGRP(CARDS)",
        "ALTUSER APPSRV1 PASSWORD(" + app_pw + ") NOEXPIRED",
        "PASSWORD USER(APPSRV1) NOINTERVAL",
        "ADDUSER JOEADMIN NAME('JOE ADMIN') DFLTGRP(SYS1) SPECIAL",
        "ALTUSER JOEADMIN PASSWORD(" + joe_pw + ") NOEXPIRED",
        "ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD",
        "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD",
        "RDEFINE TIMS CARDINQ UACC(NONE)",
        "PERMIT CARDINQ CLASS(TIMS) ID(CARDS JOEADMIN) ACCESS(READ)",
        "SETROPTS RACLIST(TIMS) REFRESH",
    });
    if (rc > 4) throw std::runtime_error("the RACF definitions failed");
    write_load(work / "CARDDB.load");
    std::string out;
    if (run_self({"db", "load", "--proclib", proclib.string(), "--db", db, "--queues", (work / "queues.db").string(),
                  "CARDDB", (work / "CARDDB.load").string()},
                 out) != 0)
      throw std::runtime_error("zgate db load failed: " + out);
    std::cout << out;
    fs::create_directories(work / "rules");
    std::ofstream(work / "rules" / "appsrv1_foreign_source.yml") << kAppIdRule;
    std::ofstream(work / "policy.toml") << kPolicy;
    std::cout << "alert rule: APPSRV1 from anywhere but " << kAppServer << " (Sigma, " << (work / "rules").string()
              << ")\npolicy: " << (work / "policy.toml").string()
              << ": alert on the AppID elsewhere; mask card numbers outside the application server; block more "
                 "than 6 within a minute\n";

    ServerProcess server({"zgate", "serve", "--proclib", proclib.string(), "--db", db, "--programs", default_programs_dir(),
                          "--queues", (work / "queues.db").string(), "--rules", (work / "rules").string(), "--policy",
                          (work / "policy.toml").string()},
                         work / "serve.log");
    if (!server.wait_ready(20s)) throw std::runtime_error("zgate serve did not start:\n" + server.log());
    show_log_lines(server.log(), "HWSC0000I");

    auto client = [&](const char* from) {
      connect::ClientOptions co;
      co.port = port;
      co.source_address = from;
      co.timeout = 10s;
      return co;
    };

    demo_banner(std::string("1. The application server ") + kAppServer + " asks CARDINQ as APPSRV1");
    {
      connect::Client c(client(kAppServer));
      c.connect();
      c.send(cardinq("APPSRV1", app_pw, 1));
      auto r = c.read_reply(connect::ExitFormat::Hwssmpl1);
      std::cout << "  reply: " << shown(r) << "\n";
      story.expect(!r.rsm && has_full_pan(shown(r)), "the application gets the card numbers it needs, unmasked");
    }

    demo_banner(std::string("2. From the rogue address ") + kRogue + ", the stolen AppID");
    {
      connect::Client c(client(kRogue));
      c.connect();
      c.send(cardinq("APPSRV1", app_pw, 2));
      auto r = c.read_reply(connect::ExitFormat::Hwssmpl1);
      std::cout << "  reply: " << shown(r) << "\n";
      story.expect(!r.rsm && shown(r).find("************") != std::string::npos && !has_full_pan(shown(r)),
                   "RACF lets the AppID in (its password is right), but the policy masks the card numbers");
    }

    demo_banner(std::string("3. From ") + kRogue + ", impersonating JOEADMIN, card numbers in volume");
    {
      connect::Client c(client(kRogue));
      c.connect();
      int answered = 0;
      bool blocked = false, closed = false;
      for (int cust = 3; cust <= kCustomers && !blocked; ++cust) {
        c.send(cardinq("JOEADMIN", joe_pw, cust, "ROGUE01"));
        auto r = c.read_reply(connect::ExitFormat::Hwssmpl1);
        std::cout << "  CARDINQ C" << cust << ": " << shown(r) << "\n";
        if (r.rsm) {
          blocked = r.rsm->return_code == connect::rc::kOtmaSense && r.rsm->reason_code == 0x1A;
          break;
        }
        ++answered;
      }
      story.expect(blocked, "after its threshold the policy blocks: OTMA's security NAK, RSM RC 16 reason X'1A'");
      story.expect(answered == 3, "three replies on the one persistent socket (six card numbers, masked) went "
                                  "back before the block");
      try {
        c.send(cardinq("JOEADMIN", joe_pw, 8, "ROGUE01"));
        c.read_reply(connect::ExitFormat::Hwssmpl1);
      } catch (const std::exception&) {
        closed = true;
      }
      story.expect(closed, "and the connection is closed (S-GATE TERMINATE)");
    }

    demo_banner("4. What zgate recorded: alerts, policy decisions, the offense and its ticket");
    const std::string trail = audit_path_for(db);
    std::vector<audit::Event> events;
    for (int i = 0; i < 100; ++i) {  // the bus delivers after the replies: wait for the block and the ticket
      events = trail_events(trail);
      bool ticket = false, block = false;
      for (const auto& e : events) {
        ticket = ticket || ((e.component_code == "TICKET" || e.component_code == "TICKET_UPDATED") &&
                            e.detail.find("JOEADMIN") != std::string::npos);
        block = block || e.component_code == "POLICY_BLOCK";
      }
      if (ticket && block) break;
      std::this_thread::sleep_for(100ms);
    }
    int sigma = 0, blocks = 0;
    for (const auto& e : events) {
      if (e.component == "WATCH" && e.component_code == "ALERT" && e.source_ip == kRogue) ++sigma;
      if (e.component == "GUARD" && e.component_code == "POLICY_BLOCK") ++blocks;
      if (e.component == "WATCH" || e.component == "GUARD")
        std::cout << "  " << audit::format_time(e.time) << " " << e.component << " " << e.component_code << " "
                  << (e.user.empty() ? "-" : e.user) << " " << (e.source_ip.empty() ? "-" : e.source_ip)
                  << " sev " << audit::severity_of(e) << ": " << (e.detail.empty() ? e.resource : e.detail) << "\n";
    }
    story.expect(sigma >= 1, "the alert rule fired for APPSRV1 used from " + std::string(kRogue));
    story.expect(blocks == 1, "the policy's block is on the trail");
    watch::Offenses offenses(nullptr, {.privileged = [](const std::string& u) { return u == "JOEADMIN"; }});
    for (const auto& e : events) offenses.on_event(e);
    const watch::Offense* off = nullptr;
    for (const auto& x : offenses.all())
      if (x.sources.count(kRogue)) off = &x;
    story.expect(off != nullptr, "one offense for the rogue source");
    if (off) {
      std::string users;
      for (const auto& u : off->users) users += " " + u;
      std::cout << "  offense " << off->id << ": magnitude " << off->magnitude << ", severity " << off->severity
                << ", users" << users << ", " << off->event_count << " events\n";
      story.expect(off->users.count("APPSRV1") && off->users.count("JOEADMIN"),
                   "it joins the AppID's alert with JOEADMIN's activity from the same address");
      story.expect(off->severity >= 9, "its severity is raised: the alert rules and the policy agree");
    }
    const audit::Event* ticket = nullptr;
    for (const auto& e : events)
      if (e.component_code == "TICKET" || e.component_code == "TICKET_UPDATED") ticket = &e;
    if (ticket) std::cout << "  " << ticket->component_code << ": " << ticket->detail << "\n";
    story.expect(ticket && ticket->detail.find(kRogue) != std::string::npos &&
                     ticket->detail.find("JOEADMIN") != std::string::npos,
                 "a ticket is opened, naming the rogue source and both IDs");
    std::cout << "  (zgate offenses list --db " << db << " shows it; zgate offenses close closes it)\n";
    server.stop(5s);

    demo_banner("5. The compliance report on both IDs");
    std::string report;
    run_self({"report", "--db", db, "--proclib", proclib.string()}, report);
    std::istringstream lines(report);
    bool app_fix = false, joe_fix = false;
    for (std::string line; std::getline(lines, line);) {
      if (line.find("APPSRV1") == std::string::npos && line.find("JOEADMIN") == std::string::npos) continue;
      std::cout << "  " << line << "\n";
      app_fix = app_fix || line.find("ALTUSER APPSRV1") != std::string::npos || line.find("PASSWORD USER(APPSRV1)") != std::string::npos;
      joe_fix = joe_fix || line.find("ALTUSER JOEADMIN NOSPECIAL") != std::string::npos;
    }
    story.expect(app_fix, "APPSRV1 is listed with its fix");
    story.expect(joe_fix, "JOEADMIN is listed with its fix (ALTUSER JOEADMIN NOSPECIAL)");
  } catch (const std::exception& e) {
    std::cerr << "zgate demo attack: " << e.what() << "\n";
    return 8;
  }
  std::cout << "\n" << (story.failed == 0 ? "zgate demo attack: every step behaved as the seed describes\n"
                                          : "zgate demo attack: " + std::to_string(story.failed) +
                                                " steps did not behave as described\n")
            << "working folder: " << work.string() << "\n";
  return story.failed == 0 ? 0 : 4;
}

}  // namespace zgate::app
