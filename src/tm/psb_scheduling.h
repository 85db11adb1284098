#pragma once
// PSB scheduling security: IMS's resource access security (RAS) for the moment a transaction's
// message is scheduled into a dependent region, before the program runs. DFSPB's ISIS= says who
// decides (IBM IMS 15.6, "ISIS= parameter for procedures"; IMS 15.1, "RAS security"):
//
//   ISIS=N  no check (IMS's default; 0, 1 and 2 are read as N)
//   ISIS=R  RACF: the dependent region's user ID needs READ to the PSB in class IIMS (grouped
//           by JIMS). RC 4 (no profile, class inactive) allows: RAS protects the PSBs an
//           installation defines.
//   ISIS=C  the DFSRAS00 exit (tm/ras_exit.h) decides alone
//   ISIS=A  RACF first; a RACF refusal stands (the exit is not called), otherwise the exit decides
//
// Whose user ID: the dependent region's own (RegionConfig::userid), under every OTMA security
// level, FULL included. IBM: "RAS allows an application program to access a PSB if the user ID
// of the dependent region in which the application program is running is authorized for that
// PSB" (IMS 15.4, "Design considerations for DBCTL security"); and a refused schedule leaves the
// message for "another eligible dependent region" (DFS2497W), a property of the region, not of
// the requester. The requester's ACEE under FULL (dli_service.h's region_identity) is what the
// region's DL/I calls use after the message is given to it; it does not enter this check.
//
// A refusal: the program does not run; the message is consumed at a sync point like an abended
// one (no output, alternate output none) and the sender gets
//   DFS2854A MPRnnnn, REGION, n, rrr-FAILED SECURITY CHECK, PSB=p, TRAN=t
// with IBM's reason codes: 084 RACF refused, 088 the exit refused, 090 the region's user ID is
// not defined to RACF (no ACEE could be built). An audit event is written (SMF 80 event 2, or
// event 1 for 090), unless RACF's own record of the check already says it. docs/decisions.md
// ("PSB scheduling security") says where zgate differs from IBM and what is unconfirmed.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "saf/security_manager.h"
#include "tm/message.h"

namespace zgate::tm {

class RasExit;  // tm/ras_exit.h

enum class Isis : char { None = 'N', Racf = 'R', Exit = 'C', Both = 'A' };

// An ISIS= value as IMS reads it: N, R, C, A; 0, 1 and 2 are N (IBM: "N replaces values of 0,
// 1, and 2"). nullopt for anything else.
std::optional<Isis> parse_isis(std::string_view value);
bool isis_calls_exit(Isis isis);  // C and A

// What the transaction manager is configured with (RegionConfig::scheduling).
struct SchedulingSecurity {
  Isis isis = Isis::None;
  std::shared_ptr<const RasExit> exit;  // required for C and A; not called otherwise
};

// One schedule: which region would run which PSB for which message.
struct ScheduleRequest {
  const InputMessage& message;
  std::string psb;
  int region = 0;
  std::string region_userid;  // RegionConfig::userid
  saf::AceeRef region_acee;   // built at the region's start; null when RACF does not know it
};

// nullopt: the region may schedule the PSB. Otherwise the outcome the sender gets instead of
// the program's (Outcome::Kind::ImsMessage, the DFS2854A text); the refusal is audited and
// logged on standard error. Never throws for a refusal; an exit that fails is a refusal.
std::optional<Outcome> check_schedule(saf::SecurityManager& saf, const SchedulingSecurity& sec,
                                      const ScheduleRequest& req);

}  // namespace zgate::tm
