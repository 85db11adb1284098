#pragma once
// Who may allocate a PSB through ODBM: the check IMS makes when ODBM's thread issues APSB for
// a client (the seed's "Open DB security"; IBM IMS 15, "Security for ODBM allocate PSB (APSB)
// requests", "ODBASE= parameter", "ISIS= parameter", "RAS security").
//
//   ODBMSECURE= given (DFSCGxxx, or DFSDFxxx's COMMON_SERVICE_LAYER section): it decides for
//       every ODBM, whatever RRS= says, and ISIS= and ODBASE= are ignored. Class AIMS.
//       N no check; R RACF; E the RAS exit (DFSRAS00) alone; A RACF, then the exit.
//   RRS=Y, ODBASE=Y: APSB security. RACF checks READ to the PSB in class AIMS; ISIS= is not
//       used. The RAS exit, when one is loaded, is called after RACF allowed (IBM: with
//       ODBASE=Y "the DFSRAS00 user exit, if it exists, is loaded in order to provide the
//       extended functionality of the exit").
//   RRS=Y, ODBASE=N: RAS. ISIS= decides, class IIMS: N none, R RACF, C the exit, A both.
//   RRS=N (the CCTL/DRA path): ISIS= decides as above for the user ID and group ODBM passes
//       in the PAPL; ODBASE= does not apply (APSB security is ODBA's, RRS=Y only).
//
// Whose identity: the ACEE ODBM built from IMS Connect's RACO (RACF=Y), else ODBM's own job
// user ID and group (RACF=N at IMS Connect: no RACO). RACF return code 4 (no profile protects
// the PSB, or the class is inactive) allows, as IMS bypasses APSB and RAS security for a PSB
// not defined to the class. A refusal from RACF stands (the exit is not called after it).
#include <functional>
#include <optional>
#include <string>

#include "saf/security_manager.h"

namespace zgate::odbm {

// ODBMSECURE= values.
enum class OdbmSecure : char { None = 'N', Both = 'A', Exit = 'E', Racf = 'R' };

// The RAS exit as ODBM reaches it: the application wires DFSRAS00 (tm::RasExit) in.
struct RasExitCall {
  std::string userid, group, resource_class, psb;
  char isis = 'C';        // 'C' exit alone, 'A' after RACF
  bool saf_called = false;
  int saf_rc = 0;
};
struct RasExitVerdict {
  bool allowed = false;
  int rc = 8;
  std::string reason;
};
using RasExitFn = std::function<RasExitVerdict(const RasExitCall&)>;

struct AllocationSecurity {
  bool rrs = true;                         // CSLDIxxx RRS=
  bool odbase = false;                     // DFSPB ODBASE=
  char isis = 'N';                         // DFSPB ISIS=: N, R, C or A (tm::parse_isis checked it)
  std::optional<OdbmSecure> odbmsecure;    // overrides the three above when set
  RasExitFn ras_exit;                      // empty: no DFSRAS00 loaded
};

// The method that decides, for the log and the audit record.
struct AllocationMethod {
  const char* name = "NONE";      // "APSB", "RAS", "CCTL RAS", "ODBMSECURE", "NONE"
  std::string resource_class;     // AIMS or IIMS; empty when nothing is checked
  bool racf = false;
  bool exit = false;
};
AllocationMethod allocation_method(const AllocationSecurity& sec);

struct AllocationDecision {
  bool allowed = false;
  AllocationMethod method;
  int racf_rc = 0;         // RACF's return code (0, 4, 8); the exit's RC when the exit refused
  bool exit_refused = false;
  std::string why;         // for the log and the audit detail
};

// The check for `who` allocating `psb`. Never throws for a refusal; an exit that is needed but
// not loaded refuses (deny by default).
AllocationDecision check_allocation(saf::SecurityManager& saf, const AllocationSecurity& sec,
                                    const saf::Acee& who, const std::string& psb, const std::string& source);

}  // namespace zgate::odbm
