#pragma once
// ODBM's PROCLIB members: what an IMS systems programmer writes to start an Open Database
// Manager, read with IBM's syntax (core::MemberFormat::Csl: columns 1-72, '*'/'#' comment
// records, /* */ comments, KEYWORD=value and KEYWORD(list), <SECTION=name> headers).
//
//  * CSLDIxxx, the ODBM initialization member: ODBMNAME=, IMSPLEX(NAME=), RRS=Y|N, ODBMCFG=
//    (the suffix of CSLDCxxx), ARMRST=Y|N and LOGOPT=(ACCOUNTING) (accepted, listed in `ignored`).
//  * CSLDCxxx, the ODBM configuration member: the IMS data stores ODBM connects to and their
//    1-4 character aliases, in a global section (every ODBM) and a local one (per ODBM, which
//    overrides the global one). IBM's exact keyword syntax for this member could not be read;
//    zgate's reading is in docs/odbm.md and docs/decisions.md.
//  * ODBMSECURE=I|N|A|E|R, in DFSCGxxx or the COMMON_SERVICE_LAYER section of DFSDFxxx (DFSCGxxx
//    wins): when N, A, E or R is given, IMS ignores ISIS= and ODBASE= for ODBM threads and checks
//    APSB against class AIMS (N none, A RACF and the RAS exit, E the exit only, R RACF only).
//    I, first in IBM's syntax diagram, is read as "not given": ISIS= and ODBASE= decide.
//
// Unknown keywords, bad values and keywords given twice throw core::MemberError naming member,
// line and keyword; a missing or ambiguous member throws core::LibraryError.
#include "odbm/psb_allocation.h"
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/library_dir.h"
#include "core/member_error.h"
#include "core/proclib.h"

namespace zgate::odbm {

// OdbmSecure (ODBMSECURE= values) is psb_allocation.h's: the decision uses it.

struct OdbmDataStore {
  std::string name;                  // DATASTORE(NAME=): the IMS ID, 1-4 characters
  std::vector<std::string> aliases;  // ALIAS(NAME=): 1-4 characters each, unique in the member
  int line = 0;                      // where the deciding DATASTORE(...) starts
};

struct OdbmConfig {
  std::string odbm_name;  // ODBMNAME=, 1-6 characters (required)
  std::string imsplex;    // IMSPLEX(NAME=), 1-5 characters (required)
  bool rrs = true;        // RRS=Y|N; Y, first in IBM's syntax diagram, when not given
  std::string odbmcfg = "000";  // ODBMCFG=: the CSLDCxxx suffix; IBM's default 000
  std::string csldi_member;     // the members read, for messages
  std::string csldc_member;
  std::vector<OdbmDataStore> datastores;  // from CSLDCxxx, in member order
  std::optional<OdbmSecure> odbmsecure;   // from DFSCGxxx / DFSDFxxx; nullopt: ISIS=/ODBASE= decide
  std::string odbmsecure_member;          // where ODBMSECURE= came from ("" when not given)
  struct Ignored {
    std::string member, keyword;
    int line = 0;
  };
  std::vector<Ignored> ignored;  // IBM keywords accepted without effect, in member order

  // The data store an alias (or, failing that, a data store name) names; nullptr if none. The
  // alias of an RDBNAM is 4 bytes padded with blanks: trailing blanks are not part of it.
  const OdbmDataStore* resolve(std::string_view alias) const;
};

// CSLDIxxx. Throws core::MemberError.
OdbmConfig parse_csldi(const core::Member& member);
// CSLDCxxx, for cfg.odbm_name (its local section entries). Throws core::MemberError.
void parse_csldc(const core::Member& member, OdbmConfig& cfg);
// ODBMSECURE= of DFSCGxxx (the whole member) and of DFSDFxxx (its COMMON_SERVICE_LAYER
// section only). nullopt when not given or I. Throws core::MemberError.
std::optional<OdbmSecure> parse_odbmsecure_dfscg(const core::Member& member);
std::optional<OdbmSecure> parse_odbmsecure_dfsdf(const core::Member& member);

// Loads ODBM's configuration from a PROCLIB directory (core/library_dir.h): the one member named
// CSLDI* (or `csldi_name`); none => std::nullopt, no ODBM; several => core::LibraryError. Then
// the CSLDC member ODBMCFG= names (missing => core::LibraryError naming it), and ODBMSECURE= from
// the one DFSCG* member and the one DFSDF* member when present (several of either =>
// core::LibraryError). Only DFSDFxxx's COMMON_SERVICE_LAYER section is parsed.
std::optional<OdbmConfig> load_odbm_config(const std::filesystem::path& proclib, const std::string& csldi_name = "");

}  // namespace zgate::odbm
