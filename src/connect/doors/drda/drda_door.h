#pragma once
// The DRDA door: IMS Connect's ODACCESS DRDAPORT= port, where the IMS Universal drivers (and
// `zgate dli`) reach IMS databases through ODBM.
//
// IMS Connect's part of each conversation is the sign-on: EXCSAT / EXCSATRD, ACCSEC (SECMEC
// USRIDPWD only) / ACCSECRD, SECCHK (USRID, PASSWORD: a password or a PassTicket for ODACCESS
// APPL=) / SECCHKRM. HWSAUTH0, when loaded, sees every sign-on first and may refuse it or
// change the user ID; then RACF=Y verifies the user (UIDCACHE as for the IRM door) and RACF=N
// does not. Every later command is ODBM's (odbm/conversation.h); for each ACCRDB IMS Connect
// seals a fresh RACO from the verified ACEE (RACF=Y) or passes none (RACF=N).
//
// Refusals, as a DRDA server answers them:
//   a first command other than EXCSAT            PRCCNVRM (PRCCNVCD X'06'), conversation ends
//   anything but ACCSEC/SECCHK before sign-on     PRCCNVRM (X'11'), conversation ends
//   SECCHK again after sign-on (a new identity)   PRCCNVRM (X'11'), conversation ends
//   a SECMEC other than USRIDPWD                  ACCSECRD naming USRIDPWD, SECCHKCD X'01'
//   a sign-on RACF or HWSAUTH0 refuses            SECCHKRM SVRCOD 8 with SECCHKCD, conversation ends
//   a broken DSS or object                        SYNTAXRM with SYNERRCD, conversation ends
//   a chain larger than kMaxChain bytes           SYNTAXRM (X'0F' too many), conversation ends
// The conversation also ends after ODACCESS PORTTMOT= without a request, and when the
// connection drops; either way the PSB it had allocated is deallocated and its uncommitted
// changes backed out.
#include <cstddef>
#include <memory>

#include "connect/door.h"

namespace zgate::connect {

// The most a request chain may hold before it is complete.
inline constexpr std::size_t kMaxDrdaChain = 1 << 20;

std::shared_ptr<Door> make_drda_door();

}  // namespace zgate::connect
