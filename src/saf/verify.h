#pragma once
// RACROUTE REQUEST=VERIFY: the request and its answer.
#include <string>

#include "core/secret.h"
#include "saf/acee.h"

namespace zgate::saf {

// RACF return codes of VERIFY (hex, as RACF documents them).
inline constexpr int kVerifyOk = 0x00;
inline constexpr int kVerifyUndefinedUser = 0x04;
inline constexpr int kVerifyBadPassword = 0x08;
inline constexpr int kVerifyExpired = 0x0C;
inline constexpr int kVerifyBadNewPassword = 0x10;
inline constexpr int kVerifyNotInGroup = 0x14;
inline constexpr int kVerifyRevoked = 0x1C;
inline constexpr int kVerifyRevokedInGroup = 0x24;
inline constexpr int kVerifyNotAuthorizedToAppl = 0x34;

struct VerifyRequest {
  std::string user;
  core::SecretString password;      // password or PassTicket
  core::SecretString new_password;  // change on sign-on (IMS Connect HWSPWCH, /SIGN NEW)
  core::SecretString phrase;
  core::SecretString new_phrase;
  std::string group;     // requested connect group; empty = default group
  std::string appl;      // application name: PTKTDATA profile, APPL class
  std::string terminal;  // port of entry, for the ACEE and the audit record
  std::string component = "SAF";  // who asks, for the audit record
  // false: build an ACEE without checking a credential (ENVIR=CREATE with no password), for
  // callers that have already authenticated the user by other means (a trusted client
  // certificate, an OTMA UTOKEN). The user must still be defined and not revoked.
  bool check_credential = true;
};

struct VerifyResult {
  int rc = kVerifyUndefinedUser;
  AceeRef acee;                 // set when rc == 0
  bool passticket = false;      // the password was accepted as a PassTicket
  std::string message;          // ICH408I-style explanation, never containing the secret
  // SETROPTS PASSWORD(WARNING(n)), on a successful sign-on whose password (or phrase) expires
  // within n days: the days left (1 on the last day; -1 = no warning) and RACF's message for the
  // user, "ICH70002I YOUR PASSWORD [PHRASE] WILL EXPIRE IN n DAYS" (empty = none).
  int expires_in_days = -1;
  std::string warning;

  bool ok() const { return rc == kVerifyOk; }
};

}  // namespace zgate::saf
