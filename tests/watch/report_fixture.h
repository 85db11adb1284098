#pragma once
// A security database with one of each thing the compliance report looks for, built through
// saf's admin API on an in-memory store, and a PROCLIB posture with IMS Connect and OTMA's
// weak settings: the report's tests read findings off it.
#include <gtest/gtest.h>

#include <memory>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "watch/report_model.h"

namespace zgate::watch::testing {

inline constexpr std::int64_t kNow = 1'796'000'000;  // 2026-11-30
inline constexpr std::int64_t kDay = 86400;

class ReportTest : public ::testing::Test {
 protected:
  ReportTest()
      : clock(kNow),
        sm(std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(":memory:"), sink, clock,
                                                  saf::HashCost{1, 8192})) {
    saf::bootstrap_if_empty(*sm);
  }

  void group(const std::string& id) {
    saf::Group g;
    g.id = id;
    g.superior = "SYS1";
    g.owner = "IBMUSER";
    g.created = clock.now();
    sm->put_group(g);
  }

  saf::User make_user(const std::string& id, const std::string& dflt, std::int64_t last_access,
                      const std::string& name = {}) {
    saf::User u;
    u.id = id;
    u.name = name.empty() ? id + " TEST" : name;
    u.owner = "IBMUSER";
    u.default_group = dflt;
    u.created = kNow - 300 * kDay;
    u.password_hash = sm->hash_secret("PASS1");
    u.password_date = u.created;
    u.last_access = last_access;
    saf::Connect c;
    c.group = dflt;
    u.connects.push_back(c);
    return u;
  }

  saf::Profile make_profile(const std::string& cls, const std::string& name, saf::Access uacc = saf::Access::None) {
    saf::Profile p;
    p.cls = cls;
    p.name = name;
    p.owner = "IBMUSER";
    p.uacc = uacc;
    return p;
  }

  // One of each: SPECIAL JOEADMIN, group-SPECIAL GRPADM, revoked OLDREV, never-used NEWBIE,
  // inactive SLEEPY, NOINTERVAL APPSRV1 (a trusted client of IMS Connect ZGATEHWS), PAYUSER in
  // PAYGRP; TIMS PAYROLL UACC(READ), TIMS IVTNO for PAYGRP, TIMS PAY* (G) for PAYGRP, CIMS DIS
  // with ID(*), TIMS WARNME in WARNING mode, PTKTDATA IMSAPPL with NO REPLAY PROTECTION.
  void build_database() {
    group("PAYGRP");
    const std::int64_t recent = kNow - 2 * kDay;
    auto joe = make_user("JOEADMIN", "SYS1", recent, "JOE ADMIN");
    joe.special = true;
    sm->put_user(joe);
    auto grpadm = make_user("GRPADM", "PAYGRP", recent);
    grpadm.connects[0].special = true;
    sm->put_user(grpadm);
    auto oldrev = make_user("OLDREV", "SYS1", kNow - 500 * kDay);
    oldrev.revoked = true;
    sm->put_user(oldrev);
    sm->put_user(make_user("NEWBIE", "SYS1", 0));
    sm->put_user(make_user("SLEEPY", "PAYGRP", kNow - 200 * kDay));
    auto app = make_user("APPSRV1", "SYS1", recent, "PAYMENTS APP SERVER");
    app.password_interval = 0;
    sm->put_user(app);
    sm->put_user(make_user("PAYUSER", "PAYGRP", recent));

    saf::Options o = sm->options();
    o.classact = {"TIMS", "GIMS", "CIMS", "DIMS", "FACILITY", "PTKTDATA"};
    o.generic = {"TIMS", "FACILITY"};
    sm->put_options(o);

    sm->batch([&] {
      sm->put_profile(make_profile("TIMS", "PAYROLL", saf::Access::Read));
      auto ivtno = make_profile("TIMS", "IVTNO");
      ivtno.acl.push_back({"PAYGRP", saf::Access::Read, 0});
      sm->put_profile(ivtno);
      auto pay = make_profile("TIMS", "PAY*");
      pay.acl.push_back({"PAYGRP", saf::Access::Read, 0});
      sm->put_profile(pay);
      auto warn = make_profile("TIMS", "WARNME");
      warn.warning = true;
      sm->put_profile(warn);
      auto dis = make_profile("CIMS", "DIS");
      dis.acl.push_back({"*", saf::Access::Read, 0});
      sm->put_profile(dis);
      auto ptkt = make_profile("PTKTDATA", "IMSAPPL");
      ptkt.appldata = "NO REPLAY PROTECTION";
      ptkt.ssignon = saf::SsignOn{};
      ptkt.ssignon->legacy_key = "0123456789ABCDEF";
      sm->put_profile(ptkt);
      auto trusted = make_profile("FACILITY", "HWS.ZGATEHWS.TRUSTED");
      trusted.acl.push_back({"APPSRV1", saf::Access::Read, 0});
      sm->put_profile(trusted);
    });
  }

  // HWS RACF=N on a plain port, UIDCACHE=Y without aging, OTMASE=J, ISIS=N; stage-1 defines
  // IVTNO, PAYROLL, PAYSLIP (the generic PAY*) and ORPHAN (no profile).
  static ProclibPosture weak_proclib() {
    ProclibPosture p;
    p.directory = "/etc/zgate/proclib";
    p.hws.id = "ZGATEHWS";
    p.hws.racf = false;
    p.hws.uidcache = true;
    p.hws.racfid = "ZGATEDEF";
    connect::PortDef port;
    port.id = 9999;
    p.hws.ports.push_back(port);
    connect::DatastoreDef ds;
    ds.id = "IMS1";
    ds.group = "XCFGRP";
    ds.member = "HWSMEM1";
    ds.tmember = "IMS1";
    ds.appl = "IMSAPPL";
    p.hws.datastores.push_back(ds);
    otma::Dfspb d;
    d.otma.level = otma::SecurityLevel::Join;
    d.isis = tm::Isis::None;
    p.dfspb = d;
    for (const char* code : {"IVTNO", "PAYROLL", "PAYSLIP", "ORPHAN"}) {
      tm::TransactionDef t;
      t.code = code;
      t.psb = code;
      p.transactions.push_back(t);
    }
    return p;
  }

  Report report(const ProclibPosture* proclib = nullptr) { return build_report(*sm, proclib, kNow); }

  static const Finding* find(const Report& r, const std::string& check, const std::string& subject) {
    for (const auto& f : r.findings)
      if (f.check == check && f.subject == subject) return &f;
    return nullptr;
  }

  audit::MemorySink sink;
  core::ManualClock clock;
  std::unique_ptr<saf::SecurityManager> sm;
};

}  // namespace zgate::watch::testing
