#pragma once
// An ODBM for the tests: a real security manager (SQLite in memory, cheap Argon2id) with the
// seed's users USERIDA and USERIDB and ODBM's job user ODBMJOB, the IVP phone book database in
// a fresh SQLite file, PSBs PSB1 and PSB2 (each one DB PCB on DFSIVD1, PCBNAME=PHONE) and
// DFSIVP1 (IBM's, no PCBNAME), and the helpers to protect PSBs and permit users.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>

#include "audit/sink.h"
#include "core/clock.h"
#include "db/catalog.h"
#include "db/program_isolation.h"
#include "db/scheduled_psb.h"
#include "db/sqlite_store.h"
#include "db/decks.h"
#include "odbm/odbm.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "saf/tokens.h"

namespace zgate::odbm::testing {

inline std::string psb_deck(const std::string& name) {
  return "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10,PCBNAME=PHONE\n"
         "         SENSEG NAME=A1111111,PARENT=0\n"
         "         PSBGEN LANG=C,PSBNAME=" + name + "\n"
         "         END\n";
}

inline std::string person(const std::string& last, const std::string& first, const std::string& ext,
                          const std::string& zip) {
  auto pad = [](std::string s, std::size_t n) {
    s.resize(n, ' ');
    return s;
  };
  return pad(last, 10) + pad(first, 10) + pad(ext, 10) + pad(zip, 7) + "   ";
}

struct OdbmWorld {
  OdbmWorld() : clock(1'790'000'000), sm(saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}) {
    saf::bootstrap_if_empty(sm);
    for (const char* u : {"USERIDA", "USERIDB", "ODBMJOB"}) user(u);
    saf::Options o = sm.options();
    for (const char* c : {"AIMS", "IIMS", "JIMS"}) o.classact.insert(c);
    sm.put_options(o);

    using db::testing::deck;
    catalog = db::build_catalog({deck("DFSIVD1", db::testing::kPhoneBook), deck("DFSIVD1I", db::testing::kPhoneIndex)},
                                {deck("PSB1", psb_deck("PSB1")), deck("PSB2", psb_deck("PSB2")),
                                 deck("DFSIVP1", db::testing::kIvpPsb)});
    dir = std::filesystem::temp_directory_path() / ("zgate-odbm-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir);
    std::vector<const db::Dbd*> dbds;
    for (const auto& [n, d] : catalog.dbds) dbds.push_back(&d);
    store = std::make_unique<db::SqliteStore>(dir / "db.sqlite", dbds);
    {  // the phone book's first entries, inserted as a program would
      db::ScheduledPsb loader(*catalog.psb("PSB1"), catalog.dbds, *store, isolation);
      for (const auto& p : {person("LAST1", "FIRST1", "8-111-1111", "D01/R01"),
                            person("LAST2", "FIRST2", "8-111-2222", "D02/R02")}) {
        db::DbCall c;
        c.function = "ISRT";
        const std::string ssa = "A1111111 ";
        c.ssas = {ssa};
        c.io = p;
        auto r = loader.call(0, c, std::nullopt);
        EXPECT_EQ(std::string(r.status, 2), "  ") << r.why;
      }
      store->commit(loader.changes());
      loader.committed();
    }
    opt.job_user = "ODBMJOB";
    opt.job_group = "SYS1";
    opt.aliases = {"IVP1"};
  }
  ~OdbmWorld() {
    odbm_.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  void user(const std::string& id) {
    saf::User u;
    u.id = id;
    u.owner = "IBMUSER";
    u.default_group = "SYS1";
    u.connects.push_back(saf::Connect{"SYS1"});
    u.password_hash = sm.hash_secret("SECRET1");
    u.password_date = clock.now();
    sm.put_user(u);
  }
  // RDEFINE cls psb UACC(NONE), PERMIT psb CLASS(cls) ID(each) ACCESS(READ).
  void protect(const std::string& cls, const std::string& psb, std::vector<std::string> readers = {}) {
    saf::Profile p;
    p.cls = cls;
    p.name = psb;
    p.owner = "IBMUSER";
    p.uacc = saf::Access::None;
    for (auto& r : readers) p.acl.push_back(saf::AccessEntry{r, saf::Access::Read});
    sm.put_profile(p);
  }
  // The seed's example in class `cls`: USERIDA may allocate PSB1 and PSB2, USERIDB only PSB1.
  void seed_profiles(const std::string& cls) {
    protect(cls, "PSB1", {"USERIDA", "USERIDB"});
    protect(cls, "PSB2", {"USERIDA"});
  }

  Odbm& odbm() {
    if (!odbm_)
      odbm_ = std::make_unique<Odbm>(sm, sink, OdbmDatabases{&catalog, store.get(), &isolation, nullptr}, opt);
    return *odbm_;
  }
  // The RACO IMS Connect would seal for `user` after a VERIFY.
  std::vector<std::uint8_t> raco_for(const std::string& user, std::int64_t at = 0) {
    saf::AceeRef a = sm.acee_for(user);
    auto b = saf::seal_raco(*a, sm.raco_key(), at ? at : clock.now());
    return std::vector<std::uint8_t>(b.begin(), b.end());
  }

  core::ManualClock clock;
  audit::MemorySink sink;
  saf::SecurityManager sm;
  db::Catalog catalog;
  std::filesystem::path dir;
  std::unique_ptr<db::SqliteStore> store;
  db::ProgramIsolation isolation;
  OdbmOptions opt;
  std::unique_ptr<Odbm> odbm_;
};

}  // namespace zgate::odbm::testing
