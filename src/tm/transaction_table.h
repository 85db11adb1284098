#pragma once
// The transactions IMS knows: read from the stage-1 system definition (APPLCTN PSB=... followed
// by its TRANSACT CODE=... macros), as IMS builds them at SYSGEN, with their run-time status.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/member_error.h"
#include "core/proclib.h"
#include "db/database_states.h"

namespace zgate::tm {

struct TransactionDef {
  std::string code;      // TRANSACT CODE= (1-8 characters)
  std::string psb;       // the APPLCTN PSB= it belongs to: names the program
  bool response = true;  // MSGTYPE=(...,RESPONSE|NONRESPONSE)
  bool multiseg = false; // MSGTYPE=(SNGLSEG|MULTSEG,...)
  int priority = 1;      // PRTY=(normal,...)
  bool conversational = false;  // SPA= given (conversations come later; refused for now)
  // run-time status (/STA, /STO TRAN)
  bool stopped = false;
  // Where its APPLCTN is (stage-1 member and line), for start-up's errors about the PSB.
  std::string member;
  int line = 0;
};

// A stage-1 DATABASE macro (IBM, System Definition, "DATABASE macro"): DBD=name or
// DBD=(name,...), one entry per name; ACCESS=EX|UP|RD|RO, IBM's default EX; RESIDENT is
// accepted and has no effect. The name is a DBD of DBDLIB (checked against the catalog at
// start-up: tm/stage1_catalog.h).
struct DatabaseDef {
  std::string dbd;
  db::AccessIntent access = db::AccessIntent::Ex;
  std::string member;
  int line = 0;
};

// A stage-1 operand or macro that zgate accepts (and checks) but does not act on, for start-up
// to name: "TRANSACT PROCLIM" (zgate's processing limit is --processing-limit), "SECURITY
// macro". One entry per kind, at its first line; `more` counts its other occurrences.
struct Stage1Ignored {
  std::string what;
  int line = 0;
  int more = 0;
};
// The member's, in order of first appearance. Call it on a member add_stage1 accepted.
std::vector<Stage1Ignored> stage1_ignored(const core::Member& member);

class TransactionTable {
 public:
  TransactionTable() = default;
  TransactionTable(TransactionTable&& o) noexcept;
  TransactionTable& operator=(TransactionTable&& o) noexcept;

  // Adds the APPLCTN/TRANSACT and DATABASE definitions of one parsed stage-1 member. Throws
  // core::MemberError for an unknown macro keyword, a bad value, a TRANSACT before any
  // APPLCTN, a duplicate code or a database defined twice.
  void add_stage1(const core::Member& member);
  void add(TransactionDef d);  // for tests and programmatic setup

  std::optional<TransactionDef> find(const std::string& code) const;
  std::vector<TransactionDef> all() const;  // sorted by code
  std::vector<DatabaseDef> databases() const;  // stage-1 order
  // /STA TRAN and /STO TRAN; false if the code is not defined.
  bool set_stopped(const std::string& code, bool stopped);

 private:
  mutable std::mutex mu_;
  std::map<std::string, TransactionDef> defs_;
  std::vector<DatabaseDef> dbs_;
};

}  // namespace zgate::tm
