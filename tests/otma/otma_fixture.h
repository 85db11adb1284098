#pragma once
// otma's tests run against a real security manager (SQLite in memory, cheap Argon2id, a manual
// clock, a MemorySink to count VERIFYs) and a small scheduler of their own standing in for tm:
// it runs a C++ lambda per transaction code and records the InputMessage OTMA handed it, so
// these tests never depend on the region processes.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "core/clock.h"
#include "otma/otma.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "tm/transaction_manager.h"

namespace zgate::otma::testing {

inline constexpr std::int64_t kT0 = 1'790'000'000;

// The test double for tm: synchronous, one lambda "program" per transaction code.
class LambdaScheduler final : public tm::TransactionManager {
 public:
  using Program = std::function<tm::Outcome(const tm::InputMessage&)>;

  void define(const std::string& code, const std::string& psb, Program p) {
    tm::TransactionDef d;
    d.code = code;
    d.psb = psb;
    table_.add(d);
    std::lock_guard lk(mu_);
    programs_[code] = std::move(p);
  }

  void start() override {}
  void stop() override {}
  void submit(tm::InputMessage m, Completion done) override {
    tm::Outcome o;
    auto def = table_.find(m.trancode);
    {
      std::lock_guard lk(mu_);
      received_.push_back(m);
    }
    if (!def) {
      o.kind = tm::Outcome::Kind::ImsMessage;
      o.segments = {"DFS064 DESTINATION CANNOT BE FOUND OR CREATED"};
    } else if (def->stopped) {
      o.kind = tm::Outcome::Kind::ImsMessage;
      o.segments = {"DFS065 TRAN/LTERM STOPPED"};
    } else {
      Program p;
      {
        std::lock_guard lk(mu_);
        ++counts_[m.trancode].enqueued;
        p = programs_[m.trancode];
      }
      o = p(m);
      std::lock_guard lk(mu_);
      ++counts_[m.trancode].dequeued;
    }
    done(std::move(o));
  }
  tm::TransactionTable& transactions() override { return table_; }
  // The databases the database commands see: a catalog and the stage-1 DATABASEs' states.
  void set_catalog(db::Catalog c) { catalog_ = std::move(c); }
  const db::Catalog* catalog() const override { return &catalog_; }
  db::DatabaseStates* databases() override { return &databases_; }
  tm::QueueCounts counts(const std::string& code) const override {
    std::lock_guard lk(mu_);
    auto it = counts_.find(code);
    return it == counts_.end() ? tm::QueueCounts{} : it->second;
  }
  int regions_running() const override { return 1; }

  std::vector<tm::InputMessage> received() const {
    std::lock_guard lk(mu_);
    return received_;
  }
  std::optional<tm::InputMessage> last() const {
    std::lock_guard lk(mu_);
    if (received_.empty()) return std::nullopt;
    return received_.back();
  }

 private:
  tm::TransactionTable table_;
  db::Catalog catalog_;
  db::DatabaseStates databases_;
  mutable std::mutex mu_;
  std::map<std::string, Program> programs_;
  std::map<std::string, tm::QueueCounts> counts_;
  std::vector<tm::InputMessage> received_;
};

inline tm::Outcome reply(std::string text) {
  tm::Outcome o;
  o.kind = tm::Outcome::Kind::Reply;
  o.segments = {std::move(text)};
  return o;
}

// The installation every test starts from:
//   XCF group XCFGRP1, IMS member IMS1; IMS Connect HWS1 and HWS2 bid as HWSUSER.
//   PAYGRP: CLERK (READ to TIMS PAYTXN), GUEST (no access), OPER (READ to CIMS DIS and SEC).
//   NOBID: defined, but no READ to FACILITY IMSXCF.XCFGRP1.HWS1/HWS2.
//   TIMS PAYTXN and CIMS DIS/SEC/STA/STO/DBR are protected (UACC NONE); TIMS FREETXN is not.
class OtmaTest : public ::testing::Test {
 protected:
  OtmaTest()
      : clock(kT0),
        sm(std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(":memory:"), sink, clock,
                                                  saf::HashCost{1, 8192})) {
    saf::bootstrap_if_empty(*sm);
    saf::Options o = sm->options();
    o.classact = {"TIMS", "GIMS", "CIMS", "DIMS", "FACILITY"};
    sm->put_options(o);
    saf::Group g;
    g.id = "PAYGRP";
    g.superior = "SYS1";
    g.owner = "IBMUSER";
    sm->put_group(g);
    g.id = "AUDGRP";
    sm->put_group(g);
    for (const char* u : {"CLERK", "GUEST", "OPER", "HWSUSER", "NOBID"}) user(u, "PAYGRP");
    user("AUDITOR1", "PAYGRP", {"AUDGRP"});
    profile("TIMS", "PAYTXN", {{"CLERK", saf::Access::Read}, {"AUDGRP", saf::Access::Read}});
    for (const char* c : {"DIS", "SEC", "STA", "STO", "DBR"}) profile("CIMS", c, {{"OPER", saf::Access::Read}});
    profile("FACILITY", "IMSXCF.XCFGRP1.HWS1", {{"HWSUSER", saf::Access::Read}});
    profile("FACILITY", "IMSXCF.XCFGRP1.HWS2", {{"HWSUSER", saf::Access::Read}});

    tm.define("PAYTXN", "PAYPGM", [](const tm::InputMessage& m) { return reply("PAID BY " + m.userid); });
    tm.define("FREETXN", "FREEPGM", [](const tm::InputMessage&) { return reply("FREE"); });
    tm.define("QUIETTXN", "QUIETPGM", [](const tm::InputMessage&) { return tm::Outcome{}; });
    sink.clear();
  }

  void user(const std::string& id, const std::string& dflt, std::vector<std::string> more = {}) {
    saf::User u;
    u.id = id;
    u.owner = "IBMUSER";
    u.default_group = dflt;
    more.insert(more.begin(), dflt);
    for (const auto& gname : more) {
      saf::Connect c;
      c.group = gname;
      u.connects.push_back(c);
    }
    sm->put_user(u);
  }
  void revoke(const std::string& id) {
    saf::User u = *sm->user(id);
    u.revoked = true;
    sm->put_user(u);
  }
  void profile(const std::string& cls, const std::string& name,
               std::vector<std::pair<std::string, saf::Access>> acl) {
    saf::Profile p;
    p.cls = cls;
    p.name = name;
    p.owner = "IBMUSER";
    p.uacc = saf::Access::None;
    for (auto& [id, a] : acl) p.acl.push_back({id, a, 0});
    sm->put_profile(p);
  }

  void start(SecurityLevel level = SecurityLevel::Full) {
    OtmaConfig cfg;
    cfg.group = "XCFGRP1";
    cfg.ims_member = "IMS1";
    cfg.level = level;
    otma = std::make_unique<Otma>(*sm, sink, tm, cfg);
  }
  BidResult bid(const std::string& member = "HWS1", const std::string& userid = "HWSUSER",
                std::int64_t acee_age = 0) {
    ClientBid b;
    b.group = "XCFGRP1";
    b.member = member;
    b.ims_member = "IMS1";
    b.userid = userid;
    b.acee_age = acee_age;
    return otma->client_bid(b);
  }

  OtmaReply send(const std::string& text, const std::string& userid, char flag = 'F',
                 const std::string& member = "HWS1", const std::string& tpipe = "CLIENT01",
                 const std::string& group = {}) {
    OtmaMessage m;
    m.tmember = member;
    m.tpipe = tpipe;
    m.segments = {text};
    m.security.flag = flag;
    m.security.userid = userid;
    m.security.group = group;
    return send(std::move(m));
  }
  OtmaReply send(OtmaMessage m) {
    std::optional<OtmaReply> out;
    otma->send(std::move(m), [&](OtmaReply r) { out = std::move(r); });
    EXPECT_TRUE(out.has_value()) << "done was not called";
    return out.value_or(OtmaReply{});
  }
  // Sends an IMS command; returns its output lines.
  // The ACEECT column of /DISPLAY OTMA's row for `member` (-1: no such row).
  int aceect(const std::string& member) {
    for (const auto& line : command("/DIS OTMA")) {
      if (line.rfind(" -" + member + " ", 0) != 0) continue;
      return std::stoi(line.substr(line.find_last_of(' ') + 1));
    }
    return -1;
  }

  std::vector<std::string> command(const std::string& text, const std::string& userid = "OPER",
                                   const std::string& member = "HWS1") {
    OtmaReply r = send(text, userid, 'F', member);
    EXPECT_EQ(r.kind, OtmaReply::Kind::Data) << text << ": " << r.message;
    return r.segments;
  }

  // VERIFYs OTMA made (successful or not): SMF JOBINIT events from component OTMA.
  int verifies(const std::string& user = {}) const {
    int n = 0;
    for (const auto& e : sink.events())
      if (e.code == audit::EventCode::JobInit && e.component == "OTMA" && e.detail.find("OTMA") == std::string::npos &&
          (user.empty() || e.user == user))
        ++n;
    return n;
  }

  audit::MemorySink sink;
  core::ManualClock clock;
  std::unique_ptr<saf::SecurityManager> sm;
  LambdaScheduler tm;
  std::unique_ptr<Otma> otma;
};

inline bool is_nak(const OtmaReply& r) { return r.kind == OtmaReply::Kind::Nak; }
inline bool ran(const OtmaReply& r, const std::string& text) {
  return r.kind == OtmaReply::Kind::Data && r.segments.size() == 1 && r.segments[0] == text;
}
inline bool contains(const std::vector<std::string>& lines, const std::string& s) {
  for (const auto& l : lines)
    if (l.find(s) != std::string::npos) return true;
  return false;
}

}  // namespace zgate::otma::testing
