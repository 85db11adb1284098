#pragma once
// Stage-1 held against DBDLIB and PSBLIB, as IMS's system definition and ACBGEN hold them
// together: every DATABASE names a DBD of DBDLIB (IBM: "The name that you use on the DATABASE
// macro is the same as the name used on the DBD statement, or the member name in IMS.DBDLIB");
// a HIDAM database's primary index is defined with a DATABASE of its own (IBM: "Two DATABASE
// macro instructions are required for a HIDAM database: one for the INDEX DBD and one for the
// HIDAM DBD"); every DB PCB of an APPLCTN's PSB names a database stage-1 defines, so that no
// program is scheduled with a PCB on a database the online system does not know.
//
// An APPLCTN whose PSB is not in PSBLIB is a message-only program: zgate schedules it with its
// I/O PCB alone, as before databases existed (IMS would need its PSB in ACBLIB; zgate's
// sample programs have none). Start-up names them once, as a warning.
#include <string>
#include <vector>

#include "db/catalog.h"
#include "db/database_states.h"
#include "tm/transaction_table.h"

namespace zgate::tm {

// Throws core::MemberError (the stage-1 member, the DATABASE or APPLCTN line, keyword DBD or
// PSB). Returns the warnings start-up prints: the PSBs that are not in PSBLIB.
std::vector<std::string> check_stage1(const TransactionTable& table, const db::Catalog& catalog);

// One entry per stage-1 DATABASE, started, with its ACCESS=.
void define_databases(const TransactionTable& table, db::DatabaseStates& states);

}  // namespace zgate::tm
