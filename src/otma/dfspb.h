#pragma once
// The IMS side's OTMA parameters from DFSPBxxx (the IMS control region's PROCLIB member of
// KEYWORD=value parameters): GRNAME=, OTMA=, OTMANM=, OTMASE=, OTMAMD=, OTMASP=, OTMAASY=
// (IBM "Summary of the OTMA configuration parameters"), and the PSB scheduling security of the
// transaction manager: ISIS= (tm/psb_scheduling.h) and ODBASE= (recorded for ODBM). The member
// also carries many IMS parameters zgate has no use for (buffer pools, PST counts, suffixes):
// they are accepted and listed in `ignored` so start-up can say so. An unknown keyword, a bad
// value or a keyword given twice throws core::MemberError naming member, line and keyword.
//
// OTMANM= defaults to APPLID1= (IBM: "OTMA uses the APPLID of the IMS system"), else IMSID=,
// else "IMS1" (zgate's default, as IMSID= defaults to IMS1 in the IMS procedure).
#include <string>
#include <vector>

#include "core/member_error.h"
#include "core/proclib.h"
#include "otma/otma.h"
#include "tm/psb_scheduling.h"

namespace zgate::otma {

struct Dfspb {
  OtmaConfig otma;
  bool otma_start = false;      // OTMA=Y (or M): OTMA starts with IMS; IBM default N
  bool otmamd = false;          // OTMAMD=Y: OTMAYPRX may override the member (recorded only)
  bool otmasp = false;          // OTMASP=Y: synchronized tpipes for MQ (recorded only)
  char otmaasy = 'N';           // OTMAASY=Y|N|S (recorded only)
  int otma_line = 0;            // the line of OTMA=, 0 when not given
  std::string imsid;            // IMSID= (1-4 characters)
  tm::Isis isis = tm::Isis::None;  // ISIS=N|R|C|A (0, 1, 2 read as N): IBM default N
  int isis_line = 0;            // the line of ISIS=, 0 when not given
  bool odbase = false;          // ODBASE=Y|N, IBM default N (recorded only: ODBM's APSB vs RAS)
  struct Ignored {
    std::string keyword;
    int line = 0;
  };
  std::vector<Ignored> ignored;  // IBM keywords accepted without effect, in member order
};

Dfspb parse_dfspb(const core::Member& member);
OtmaConfig read_dfspb(const core::Member& member);

// What `zgate serve` needs of the member beyond its syntax: OTMA started (OTMA=Y or M). IMS
// with OTMA=N, IMS's default when OTMA= is not given, starts no OTMA, so every IMS Connect
// data store would be unavailable; zgate serves only through OTMA and refuses to start
// instead (docs/decisions.md). Throws core::MemberError naming member, line and keyword.
void require_otma_started(const Dfspb& d, const std::string& member);

// ISIS=C and ISIS=A have the DFSRAS00 exit decide: without one (`zgate serve --ras-exit`)
// nobody could, so start-up stops (deny by default). Throws core::MemberError naming member,
// line and keyword.
void require_ras_exit(const Dfspb& d, const std::string& member, bool exit_given);

}  // namespace zgate::otma
