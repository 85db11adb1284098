#pragma once
// The DBDs and PSBs an IMS system has: its DBDLIB and PSBLIB, from which IBM's ACBGEN builds
// the ACBLIB that the online system schedules from. zgate reads the DBDGEN and PSBGEN source
// decks themselves, one member per DBD or PSB (the member name is the DBD's NAME= or the PSB's
// PSBNAME=, as DBDGEN and PSBGEN name the load modules they write), and checks the set as
// ACBGEN would: every PSB against the DBDs it names (check_psb), every HIDAM primary index
// present and naming its HIDAM DBD back. An inconsistent set throws core::MemberError naming
// member, line and keyword; `zgate serve` does not start on one.
//
// The folders: <PROCLIB>/DBDLIB and <PROCLIB>/PSBLIB by default (see README.md), read with
// the PROCLIB directory rules (core/library_dir.h). A missing folder is an empty library.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/proclib.h"
#include "db/catalog_view.h"
#include "db/dbd.h"
#include "db/psb.h"

namespace zgate::db {

struct Catalog {
  DbdMap dbds;
  std::map<std::string, Psb, std::less<>> psbs;

  const Dbd* dbd(std::string_view name) const;  // nullptr: not in DBDLIB
  const Psb* psb(std::string_view name) const;  // nullptr: not in PSBLIB
};

// Reads each deck (read_dbd / read_psb), requires its name to be its member's and unique,
// then checks the whole set (check_catalog). Throws core::MemberError.
Catalog build_catalog(const std::vector<core::Member>& dbd_members, const std::vector<core::Member>& psb_members);

// The cross-member rules: check_psb for every PSB; a HIDAM DBD's primary index (its root's
// LCHILD PTR=INDX) is an INDEX DBD in the catalog whose LCHILD names the HIDAM DBD and its root
// back; an INDEX DBD indexes a HIDAM DBD of the catalog that names it. Throws core::MemberError.
void check_catalog(const Catalog& c);

// Every member of the two folders, parsed in assembler (stage-1) format, then build_catalog.
// A folder that does not exist is an empty library; one that cannot be read, or two files for
// one member, throws core::LibraryError.
Catalog read_catalog(const std::filesystem::path& dbdlib, const std::filesystem::path& psblib);

// The DBDs that hold data: all but INDEX DBDs (zgate keeps a HIDAM root's key order itself).
std::vector<const Dbd*> database_tables(const Catalog& c);

}  // namespace zgate::db
