// libFuzzer target for IMS type-1 commands through OTMA (otma/commands.cpp, and the CIMS verb
// command_verb takes for RACF): /DISPLAY, /START, /STOP, /SECURE, /DEQUEUE as an operator's
// client sends them. Each input line is one command, run in order against a fresh OTMA: member
// HWS1 at NONE with held output on three tpipes, HWS2 at CHECK. Every command is sent twice:
//   - by OPER on HWS1 (allowed): the answer is data, never a NAK while HWS1 is at NONE; it is
//     an IBM-style DFS message or a /DISPLAY listing (header ... *yyddd/hhmmss* stamp); a
//     refusal (DFS165 DFS105I DFS107 DFS110I DFS122 DFS127 DFS128 DFS1268) or a display
//     changes nothing (transactions' STOP flags, tpipes' STOP flags and queue counts, security
//     levels); a display answers the same to the same command in lower case; and a
//     /START|/STOP TRAN or /SECURE OTMA that COMPLETED without EXCEPT did what it says;
//   - by GUEST on HWS2 (CHECK; every verb IMS knows protected in CIMS, GUEST permitted to
//     none; a verb added to commands.cpp needs its profile here): NAKed,
//     or DFS165 (a verb IMS does not know, so no CIMS profile names it), and nothing changes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "audit/sink.h"
#include "core/clock.h"
#include "core/text.h"
#include "otma/otma.h"
#include "otma/otma_impl.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "tm/transaction_manager.h"

namespace {

using namespace zgate;

// tm's stand-in: a table and counts, no regions (the commands only read and flag the table).
class TableOnly final : public zgate::tm::TransactionManager {
 public:
  TableOnly() {
    for (const char* code : {"PAYTXN", "FREETXN", "ECHOTXN"}) {
      zgate::tm::TransactionDef d;
      d.code = code;
      d.psb = std::string(code).substr(0, 4) + "PGM";
      table_.add(d);
    }
  }
  void start() override {}
  void stop() override {}
  void submit(zgate::tm::InputMessage, Completion done) override {
    zgate::tm::Outcome o;
    o.kind = zgate::tm::Outcome::Kind::ImsMessage;
    o.segments = {"DFS065 TRAN/LTERM STOPPED"};
    done(std::move(o));
  }
  zgate::tm::TransactionTable& transactions() override { return table_; }
  zgate::tm::QueueCounts counts(const std::string&) const override { return {}; }
  int regions_running() const override { return 0; }

 private:
  zgate::tm::TransactionTable table_;
};

// The security database, built once (commands do not change it).
struct Racf {
  audit::NullSink sink;
  core::ManualClock clock{1'790'000'000};
  saf::SecurityManager sm{saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}};
  Racf() {
    saf::bootstrap_if_empty(sm);
    saf::Options o = sm.options();
    o.classact = {"TIMS", "CIMS", "FACILITY"};
    sm.put_options(o);
    for (const char* id : {"OPER", "GUEST", "HWSUSER"}) {
      saf::User u;
      u.id = id;
      u.owner = "IBMUSER";
      u.default_group = "SYS1";
      u.connects.push_back(saf::Connect{.group = "SYS1"});
      sm.put_user(u);
    }
    for (const char* verb : {"DIS", "STA", "STO", "SEC", "DEQ", "DBR"}) {
      saf::Profile p;
      p.cls = "CIMS";
      p.name = verb;
      p.owner = "IBMUSER";
      p.uacc = saf::Access::None;
      p.acl.push_back({"OPER", saf::Access::Read, 0});
      sm.put_profile(p);
    }
  }
};

constexpr const char* kMembers[] = {"HWS1", "HWS2", "HWS3"};
constexpr const char* kCommandTpipe = "CMDPIPE";  // the tpipe the commands arrive on

// What a command may change, compared before and after.
using TpipeState = std::tuple<std::string, bool, std::uint64_t>;  // name, stopped, QCT
struct State {
  std::map<std::string, bool> stopped_trans;
  std::map<std::string, std::vector<TpipeState>> tpipes;
  std::map<std::string, otma::SecurityLevel> levels;
  bool operator==(const State&) const = default;
};

State state_of(otma::Otma& o, zgate::tm::TransactionManager& t) {
  State s;
  for (const auto& d : t.transactions().all()) s.stopped_trans[d.code] = d.stopped;
  std::vector<std::string> members = o.queues().members();
  for (const char* m : kMembers) members.push_back(m);
  members.push_back("NEWMEMBR");  // a member no command names: the global level
  for (const auto& m : members) {
    s.levels[m] = o.level_for(m);
    for (const auto& tp : o.queues().tpipes(m)) {
      // The commands' own tpipe comes into being with the first reply (IMS creates a tpipe on
      // the first message that names it): only its STOP flag and held output count.
      if (tp.name == kCommandTpipe && !tp.stopped && tp.queued == 0) continue;
      s.tpipes[m].emplace_back(tp.name, tp.stopped, tp.queued);
    }
  }
  return s;
}

bool starts(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// OTMA's test: the first non-blank character is '/'.
bool is_command(std::string_view s) {
  std::size_t i = s.find_first_not_of(' ');
  return i != std::string_view::npos && s[i] == '/';
}

// A listing without the commands' own tpipe's row (its ENQCT/DEQCT count the commands).
std::vector<std::string> listing(std::vector<std::string> lines) {
  std::erase_if(lines, [](const std::string& l) { return starts(l, std::string(" -") + kCommandTpipe + " "); });
  return lines;
}

bool is_refusal(const std::string& first) {
  for (std::string_view p : {"DFS165 ", "DFS105I ", "DFS107 ", "DFS110I ", "DFS122 ", "DFS127 ", "DFS128 ", "DFS1268 "})
    if (starts(first, p)) return true;
  return false;
}
bool is_display(const std::vector<std::string>& lines) {
  const std::string& h = lines.front();
  return starts(h, " GROUP/MEMBER ") || starts(h, " MEMBER/TPIPE ") || starts(h, " TRAN ");
}
// *yyddd/hhmmss*
bool is_stamp(const std::string& s) {
  if (s.size() != 14 || s[0] != '*' || s[6] != '/' || s[13] != '*') return false;
  for (std::size_t i : {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

otma::OtmaReply send(otma::Otma& o, const std::string& text, const std::string& user, const std::string& member) {
  otma::OtmaMessage m;
  m.tmember = member;
  m.tpipe = kCommandTpipe;
  m.segments = {text};
  m.security.flag = 'F';
  m.security.userid = user;
  std::optional<otma::OtmaReply> out;
  o.send(std::move(m), [&](otma::OtmaReply r) { out = std::move(r); });
  if (!out) std::abort();  // done must be called, synchronously for a command
  return *out;
}

void check_effect(const std::vector<std::string>& w, const std::vector<std::string>& lines, otma::Otma& o,
                  zgate::tm::TransactionManager& t) {
  if (lines.size() != 1 || !starts(lines[0], "DFS058I ") || lines[0].find(" EXCEPT ") != std::string::npos) return;
  if (w.size() < 2) std::abort();  // completed, but with no keyword?
  const std::string verb = w[0].substr(1, 3);
  const bool tran = w[1] == "TRAN" || w[1] == "TRANS" || w[1] == "TRANSACTION";
  if ((verb == "STA" || verb == "STO") && tran) {
    std::vector<std::string> codes(w.begin() + 2, w.end());
    if (codes.size() == 1 && codes[0] == "ALL") codes.clear();
    for (const auto& d : t.transactions().all())
      if (codes.empty() || std::find(codes.begin(), codes.end(), d.code) != codes.end())
        if (d.stopped != (verb == "STO")) std::abort();
  }
  if (verb == "SEC" && w.size() >= 3) {
    static const std::map<std::string, otma::SecurityLevel> kLevels = {
        {"NONE", otma::SecurityLevel::None}, {"JOIN", otma::SecurityLevel::Join},
        {"CHECK", otma::SecurityLevel::Check}, {"FULL", otma::SecurityLevel::Full},
        {"PROFILE", otma::SecurityLevel::Profile}};
    auto it = kLevels.find(w[2]);
    if (it == kLevels.end()) return;
    if (w.size() == 5) {
      if (o.level_for(w[4]) != it->second) std::abort();
    } else if (w.size() == 3) {
      if (o.level_for("NEWMEMBR") != it->second) std::abort();
    } else {
      std::abort();  // /SECURE OTMA level with 1 or 3+ more words cannot complete
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Racf* racf = new Racf();
  audit::NullSink sink;
  TableOnly tmgr;
  otma::OtmaConfig cfg;
  cfg.group = "XCFGRP1";
  cfg.ims_member = "IMS1";
  cfg.level = otma::SecurityLevel::None;
  otma::Otma o(racf->sm, sink, tmgr, cfg);
  for (const char* m : {"HWS1", "HWS2"}) {
    otma::ClientBid b{.group = "XCFGRP1", .member = m, .ims_member = "IMS1", .userid = "HWSUSER"};
    if (!o.client_bid(b).accepted) std::abort();
  }
  if (send(o, "/SECURE OTMA CHECK TMEMBER HWS2", "OPER", "HWS1").kind != otma::OtmaReply::Kind::Data) std::abort();
  for (const char* tp : {"CLIENT01", "TPIPE2", "TPIPE2", "Tpipe3"}) {
    zgate::tm::OutputMessage alt;
    alt.destination = tp;
    alt.tmember = "HWS1";
    alt.segments = {"HELD OUTPUT"};
    o.router().route(alt);
  }

  std::string_view text(reinterpret_cast<const char*>(data), size);
  int n = 0;
  for (std::size_t pos = 0; pos <= text.size() && n < 16; ++n) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string cmd(text.substr(pos, nl - pos));
    pos = nl + 1;

    // As GUEST on HWS2 (CHECK unless a command changed it): refused before IMS runs it, unless
    // no CIMS profile names the verb.
    const auto hws2 = o.level_for("HWS2");
    const bool hws2_checks = hws2 == otma::SecurityLevel::Check || hws2 == otma::SecurityLevel::Full ||
                             hws2 == otma::SecurityLevel::Profile;
    State before = state_of(o, tmgr);
    auto g = send(o, cmd, "GUEST", "HWS2");
    if (hws2_checks) {
      if (g.kind == otma::OtmaReply::Kind::Data) {
        if (is_command(cmd) && (g.segments.size() != 1 || g.segments[0] != "DFS165 COMMAND VERB IS INVALID"))
          std::abort();
        if (!is_command(cmd) && g.segments.empty()) std::abort();  // a transaction: a DFS message
      }
      if (!(state_of(o, tmgr) == before)) std::abort();
    }

    // As OPER on HWS1.
    const bool hws1_open = o.level_for("HWS1") == otma::SecurityLevel::None;
    before = state_of(o, tmgr);
    auto r = send(o, cmd, "OPER", "HWS1");
    if (r.kind == otma::OtmaReply::Kind::Nak) {
      if (hws1_open) std::abort();
      continue;
    }
    if (r.segments.empty()) std::abort();
    if (!is_command(cmd)) continue;  // a transaction, not a command
    const auto& lines = r.segments;
    const State after = state_of(o, tmgr);
    if (is_display(lines)) {
      if (!is_stamp(lines.back()) || !(after == before)) std::abort();
      auto again = send(o, std::string(core::upper(cmd)), "OPER", "HWS1");
      std::string lower = cmd;
      for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      auto low = send(o, lower, "OPER", "HWS1");
      if (listing(again.segments) != listing(lines) || listing(low.segments) != listing(lines)) std::abort();
      continue;
    }
    if (lines.size() > 2 || !starts(lines[0], "DFS")) std::abort();
    if (is_refusal(lines[0]) && !(after == before)) std::abort();
    check_effect(otma::command_words(cmd), lines, o, tmgr);
  }
  return 0;
}
