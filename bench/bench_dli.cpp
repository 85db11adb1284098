// bench_dli: the DL/I engine against SQLite used directly, on the same table, in the same run.
//
//   bench_dli [--sizes 1000,100000,1000000] [--ops N] [--rounds R] [--only GU|GN|ISRT|REPL]
//
// For each database size (root segments of IBM's phone book, DFSIVD1's 40-byte A1111111):
//   GU    a GU by key (qualified SSA, A1111111 EQ key) on random keys
//         / SELECT data WHERE k = ? (the same hierarchic key) on a prepared statement
//   GN    unqualified GN through the database from the start
//         / one SELECT ... ORDER BY k stepped row by row
//   ISRT  ISRT of new roots in one unit of work, then its sync point
//         / INSERT of the same rows in one transaction
//   REPL  GHU + REPL of random roots in one unit of work, then its sync point
//         / UPDATE of the same rows in one transaction
// Each cell runs the two sides in turn, --rounds times, and prints the medians and their ratio
// (zgate / SQLite: 1.0 is the floor; the goal for GU is at most 2). The last table says how
// GU grows with the database: its time at each size over its time at the first.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/proclib.h"
#include "db/dbd.h"
#include "db/hierarchy.h"
#include "db/psb.h"
#include "db/scheduled_psb.h"
#include "db/sqlite_store.h"

namespace {

using namespace zgate;
using Clock = std::chrono::steady_clock;

const char* kDbd =
    "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
    "         SEGM  NAME=A1111111,PARENT=0,BYTES=40\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
    "         DBDGEN\n"
    "         END\n";
const char* kPsb =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=DFSIVP1\n"
    "         END\n";

std::string name_of(std::size_t i) {
  char b[16];
  std::snprintf(b, sizeof b, "N%09zu", i);
  return b;
}
std::string record(const std::string& name, const char* rest) {
  std::string r = name;
  r.resize(10, ' ');
  r += rest;
  r.resize(40, ' ');
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Sqlite {
  sqlite3* db = nullptr;
  explicit Sqlite(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) std::abort();
    sqlite3_exec(db, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
  }
  ~Sqlite() { sqlite3_close_v2(db); }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
      std::abort();
    }
    return s;
  }
};

struct Cell {
  std::vector<double> ours, floor;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{1000, 100000, 1000000};
  std::size_t ops = 20000;
  int rounds = 3;
  std::string only;  // --only GU|GN|ISRT|REPL
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--sizes") {
      sizes.clear();
      std::string v = argv[i + 1];
      for (std::size_t at = 0; at <= v.size();) {
        std::size_t e = v.find(',', at);
        if (e == std::string::npos) e = v.size();
        sizes.push_back(std::stoul(v.substr(at, e - at)));
        at = e + 1;
      }
    } else if (a == "--ops") {
      ops = std::stoul(argv[i + 1]);
    } else if (a == "--only") {
      only = argv[i + 1];
    } else if (a == "--rounds") {
      rounds = std::stoi(argv[i + 1]);
    }
  }
  auto d = core::parse_member("DFSIVD1", kDbd, core::MemberFormat::Stage1);
  auto p = core::parse_member("DFSIVP1", kPsb, core::MemberFormat::Stage1);
  db::DbdMap dbds;
  db::Dbd dbd = db::read_dbd(d.member);
  dbds.emplace(dbd.name, dbd);
  db::Psb psb = db::read_psb(p.member);
  const db::Hierarchy h(dbds.at("DFSIVD1"));

  char tmpl[] = "/tmp/zgate-bench-dli-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(tmpl);
  std::printf("%-5s %9s %14s %14s %7s\n", "call", "roots", "zgate ns/op", "sqlite ns/op", "ratio");
  std::vector<double> gu_at;
  for (std::size_t n : sizes) {
    const std::string file = (dir / ("ims-" + std::to_string(n) + ".db")).string();
    db::SqliteStore store(file, {&dbds.at("DFSIVD1")});
    {
      std::vector<db::Change> batch;
      for (std::size_t i = 0; i < n; ++i) {
        const std::string nm = name_of(i * 2);  // even names: ISRT adds odd ones
        std::string key = nm;
        key.resize(10, ' ');
        batch.push_back({"DFSIVD1", h.component(0, key, 0), record(nm, "FIRST     8-111-1111D01/R01")});
        if (batch.size() == 50000) {
          store.commit(batch);
          batch.clear();
        }
      }
      store.commit(batch);
    }
    Sqlite direct(file);
    sqlite3_stmt* sel = direct.prepare("SELECT data FROM \"db_DFSIVD1\" WHERE k = ?");
    sqlite3_stmt* scan = direct.prepare("SELECT k, data FROM \"db_DFSIVD1\" ORDER BY k");
    sqlite3_stmt* ins = direct.prepare("INSERT INTO \"db_DFSIVD1\" (k, data) VALUES (?, ?)");
    sqlite3_stmt* upd = direct.prepare("UPDATE \"db_DFSIVD1\" SET data = ? WHERE k = ?");
    db::ProgramIsolation pi;
    std::mt19937_64 rng(42);
    const std::size_t k_ops = std::min(ops, n);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < k_ops; ++i) names.push_back(name_of((rng() % n) * 2));

    auto keyed = [&](const std::string& nm) {
      std::string key = nm;
      key.resize(10, ' ');
      return h.component(0, key, 0);
    };
    auto ssa_for = [](const std::string& nm) {
      std::string v = nm;
      v.resize(10, ' ');
      return "A1111111(A1111111EQ" + v + ")";
    };
    std::size_t inserted = 0;  // odd names used so far by ISRT rounds (both sides insert new rows)

    struct Op {
      const char* name;
      std::function<double()> ours, floor;
    };
    auto time_per = [](std::size_t count, const std::function<void()>& f) {
      auto t0 = Clock::now();
      f();
      return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / static_cast<double>(count);
    };
    std::vector<Op> opsv;
    opsv.push_back({"GU",
                    [&] {
                      db::ScheduledPsb s(psb, dbds, store, pi);
                      std::vector<std::string> ssas;
                      for (auto& nm : names) ssas.push_back(ssa_for(nm));
                      return time_per(k_ops, [&] {
                        for (auto& q : ssas) {
                          db::DbCall c;
                          c.function = "GU";
                          c.ssas = {q};
                          if (s.call(0, c, std::nullopt).status[0] != ' ') std::abort();
                        }
                      });
                    },
                    [&] {
                      std::vector<std::string> keys;
                      for (auto& nm : names) keys.push_back(keyed(nm));
                      return time_per(k_ops, [&] {
                        for (auto& k : keys) {
                          sqlite3_bind_blob(sel, 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
                          if (sqlite3_step(sel) != SQLITE_ROW) std::abort();
                          volatile auto* b = sqlite3_column_blob(sel, 0);
                          (void)b;
                          sqlite3_reset(sel);
                        }
                      });
                    }});
    opsv.push_back({"GN",
                    [&] {
                      db::ScheduledPsb s(psb, dbds, store, pi);
                      return time_per(k_ops, [&] {
                        db::DbCall c;
                        c.function = "GN";
                        for (std::size_t i = 0; i < k_ops; ++i)
                          if (s.call(0, c, std::nullopt).status[0] != ' ') std::abort();
                      });
                    },
                    [&] {
                      return time_per(k_ops, [&] {
                        for (std::size_t i = 0; i < k_ops; ++i) {
                          if (sqlite3_step(scan) != SQLITE_ROW) std::abort();
                          volatile auto* b = sqlite3_column_blob(scan, 1);
                          (void)b;
                        }
                        sqlite3_reset(scan);
                      });
                    }});
    opsv.push_back({"ISRT",
                    [&] {
                      db::ScheduledPsb s(psb, dbds, store, pi);
                      const std::size_t base = inserted;
                      inserted += k_ops;
                      return time_per(k_ops, [&] {
                        for (std::size_t i = 0; i < k_ops; ++i) {
                          std::string rec = record(name_of((base + i) * 2 + 1), "NEW");
                          db::DbCall c;
                          c.function = "ISRT";
                          c.ssas = {"A1111111 "};
                          c.io = rec;
                          if (s.call(0, c, std::nullopt).status[0] != ' ') std::abort();
                        }
                        store.commit(s.changes());
                        s.committed();
                      });
                    },
                    [&] {
                      const std::size_t base = inserted;
                      inserted += k_ops;
                      return time_per(k_ops, [&] {
                        sqlite3_exec(direct.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
                        for (std::size_t i = 0; i < k_ops; ++i) {
                          const std::string nm = name_of((base + i) * 2 + 1);
                          const std::string k = keyed(nm), rec = record(nm, "NEW");
                          sqlite3_bind_blob(ins, 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
                          sqlite3_bind_blob(ins, 2, rec.data(), static_cast<int>(rec.size()), SQLITE_STATIC);
                          if (sqlite3_step(ins) != SQLITE_DONE) std::abort();
                          sqlite3_reset(ins);
                        }
                        sqlite3_exec(direct.db, "COMMIT", nullptr, nullptr, nullptr);
                      });
                    }});
    opsv.push_back({"REPL",
                    [&] {
                      db::ScheduledPsb s(psb, dbds, store, pi);
                      return time_per(k_ops, [&] {
                        for (auto& nm : names) {
                          const std::string q = ssa_for(nm);
                          db::DbCall c;
                          c.function = "GHU";
                          c.ssas = {q};
                          auto r = s.call(0, c, std::nullopt);
                          if (r.status[0] != ' ') std::abort();
                          r.io[12] = r.io[12] == 'X' ? 'Y' : 'X';
                          db::DbCall u;
                          u.function = "REPL";
                          u.io = r.io;
                          if (s.call(0, u, std::nullopt).status[0] != ' ') std::abort();
                        }
                        store.commit(s.changes());
                        s.committed();
                      });
                    },
                    [&] {
                      return time_per(k_ops, [&] {
                        sqlite3_exec(direct.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
                        for (auto& nm : names) {
                          const std::string k = keyed(nm), rec = record(nm, "UPDATED");
                          sqlite3_bind_blob(upd, 1, rec.data(), static_cast<int>(rec.size()), SQLITE_STATIC);
                          sqlite3_bind_blob(upd, 2, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
                          if (sqlite3_step(upd) != SQLITE_DONE) std::abort();
                          sqlite3_reset(upd);
                        }
                        sqlite3_exec(direct.db, "COMMIT", nullptr, nullptr, nullptr);
                      });
                    }});
    for (auto& op : opsv) {
      if (!only.empty() && only != op.name) continue;
      Cell c;
      for (int r = 0; r < rounds; ++r) {
        c.ours.push_back(op.ours());
        c.floor.push_back(op.floor());
      }
      const double a = median(c.ours), b = median(c.floor);
      std::printf("%-5s %9zu %14.0f %14.0f %7.2f\n", op.name, n, a, b, a / b);
      if (std::string(op.name) == "GU") gu_at.push_back(a);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(scan);
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
  }
  std::printf("\nGU growth (time at each size / time at %zu roots):", sizes.front());
  for (std::size_t i = 0; i < gu_at.size(); ++i) std::printf("  %zu: %.2f", sizes[i], gu_at[i] / gu_at.front());
  std::printf("\n");
  std::filesystem::remove_all(dir);
  return 0;
}
