#pragma once
// A database for the DL/I tests: customers, their cards, each card's transactions (twins of
// equal date, RULES LAST) and free-text notes (unkeyed, RULES FIRST), in a fresh SQLite file,
// with a PSB whose PCBs see it in different ways.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include "db/dbd.h"
#include "db/psb.h"
#include "db/scheduled_psb.h"
#include "db/sqlite_store.h"
#include "decks.h"

namespace zgate::db::testing {

inline const char* kCustDbd =
    "         DBD   NAME=CUSTDB,ACCESS=(HIDAM,OSAM)\n"
    "         DATASET DD1=CUSTDB\n"
    "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=40\n"
    "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=8,START=1,TYPE=C\n"
    "         FIELD NAME=CUSTNAME,BYTES=30,START=9,TYPE=C\n"
    "         FIELD NAME=REGION,BYTES=2,START=39,TYPE=C\n"
    "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=24\n"
    "         FIELD NAME=(PAN,SEQ,U),BYTES=16,START=1,TYPE=C\n"
    "         FIELD NAME=EXPIRY,BYTES=4,START=17,TYPE=C\n"
    "         FIELD NAME=LIMIT,BYTES=4,START=21,TYPE=C\n"
    "         SEGM  NAME=TXN,PARENT=CARD,BYTES=20,RULES=(LLL,LAST)\n"
    "         FIELD NAME=(TXNDATE,SEQ,M),BYTES=8,START=1,TYPE=C\n"
    "         FIELD NAME=AMOUNT,BYTES=12,START=9,TYPE=C\n"
    "         SEGM  NAME=NOTE,PARENT=CUSTOMER,BYTES=20,RULES=(LLL,FIRST)\n"
    "         DBDGEN\n"
    "         FINISH\n"
    "         END\n";

// PCB 0 ALLPCB: everything, PROCOPT=AP. PCB 1 READPCB: customers and cards, read only.
// PCB 2 NAMEPCB: customers through SENFLD (number; name not replaceable). PCB 3 INSPCB: ISRT
// only. PCB 4 NOPATH: A without P.
inline const char* kCustPsb =
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=AP,KEYLEN=32,PCBNAME=ALLPCB\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
    "         SENSEG NAME=TXN,PARENT=CARD\n"
    "         SENSEG NAME=NOTE,PARENT=CUSTOMER\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=G,KEYLEN=24,PCBNAME=READPCB\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=A,KEYLEN=8,PCBNAME=NAMEPCB\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENFLD NAME=CUSTNO,START=1\n"
    "         SENFLD NAME=CUSTNAME,START=9,REPL=NO\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=I,KEYLEN=24,PCBNAME=INSPCB\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=A,KEYLEN=32,PCBNAME=NOPATH\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
    "         PSBGEN LANG=C,PSBNAME=CUSTPSB\n"
    "         END\n";

enum Pcb : std::size_t { kAll = 0, kRead = 1, kName = 2, kIns = 3, kNoPath = 4 };

inline std::string pad(std::string s, std::size_t n) {
  s.resize(n, ' ');
  return s;
}
// An unqualified SSA, or one with command codes ("CARD", "D").
inline std::string ssa(const std::string& seg, const std::string& codes = "") {
  return pad(seg, 8) + (codes.empty() ? " " : "*" + codes);
}
// SEG(FIELD  OPvalue): the value padded to `width` bytes.
inline std::string qual(const std::string& seg, const std::string& field, const std::string& op, const std::string& value,
                        std::size_t width, const std::string& codes = "") {
  return pad(seg, 8) + (codes.empty() ? "" : "*" + codes) + "(" + pad(field, 8) + op + pad(value, width) + ")";
}
inline std::string customer(const std::string& no, const std::string& name, const std::string& region = "EU") {
  return pad(no, 8) + pad(name, 30) + pad(region, 2);
}
inline std::string card(const std::string& pan, const std::string& exp = "1228", const std::string& limit = "5000") {
  return pad(pan, 16) + pad(exp, 4) + pad(limit, 4);
}
inline std::string txn(const std::string& date, const std::string& amount) { return pad(date, 8) + pad(amount, 12); }

struct DliWorld {
  std::filesystem::path file;
  DbdMap dbds;
  Psb psb;
  std::unique_ptr<SqliteStore> store;
  ProgramIsolation pi;

  DliWorld() {
    char tmpl[] = "/tmp/zgate-dli-XXXXXX";
    file = std::filesystem::path(::mkdtemp(tmpl)) / "ims.db";
    Dbd d = read_dbd(deck("CUSTDB", kCustDbd));
    dbds.emplace(d.name, std::move(d));
    psb = read_psb(deck("CUSTPSB", kCustPsb));
    check_psb(psb, dbds);
    open();
  }
  ~DliWorld() {
    store.reset();
    std::filesystem::remove_all(file.parent_path());
  }
  void open() { store = std::make_unique<SqliteStore>(file, std::vector<const Dbd*>{&dbds.at("CUSTDB")}); }
  std::unique_ptr<ScheduledPsb> schedule() { return std::make_unique<ScheduledPsb>(psb, dbds, *store, pi); }

  // Loads customers 00000001..n (names "CUSTOMER n"), each with two cards and, on the first
  // card, transactions; then commits.
  void load(int n) {
    auto s = schedule();
    for (int i = 1; i <= n; ++i) {
      char no[16];
      std::snprintf(no, sizeof no, "%08d", i);
      ASSERT_EQ(st(*s, kAll, "ISRT", {ssa("CUSTOMER")}, customer(no, "CUSTOMER " + std::to_string(i))), "  ");
      ASSERT_EQ(st(*s, kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", no, 8), ssa("CARD")}, card(std::string("4111") + no + "0001")), "  ");
      ASSERT_EQ(st(*s, kAll, "ISRT", {ssa("TXN")}, txn("20261201", "10.00")), "  ");
      ASSERT_EQ(st(*s, kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", no, 8), ssa("CARD")}, card(std::string("5500") + no + "0002")), "  ");
    }
    store->commit(s->changes());
    s->committed();
  }

  // One call; returns the status as two characters.
  static std::string st(ScheduledPsb& s, std::size_t pcb, const std::string& fn, const std::vector<std::string>& ssas,
                        const std::string& io = "", std::string* out = nullptr) {
    DbCall c;
    c.function = fn;
    for (const auto& x : ssas) c.ssas.push_back(x);
    c.io = io;
    auto r = s.call(pcb, c, std::nullopt);
    if (out) *out = r.io;
    return std::string(r.status, 2);
  }
};

}  // namespace zgate::db::testing
