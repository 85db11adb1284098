#pragma once
// What a client asks to run as, in the words of no particular door: the IRM door fills it from
// IRM_USERID, IRM_USER_GROUP, IRM_RACF_PW, *PHRASE* and IRM_APPL_NM; the DRDA door will fill it
// from DDM's SECCHK. The Authenticator (authenticator.h) decides what it is worth.
#include <string>

#include "core/secret.h"

namespace zgate::connect {

struct SignOn {
  std::string userid;            // as sent (the Authenticator upper-cases); empty: none
  std::string group;             // as sent; empty: the user's default group
  core::SecretString password;   // password or PassTicket; never printed
  core::SecretString phrase;     // password phrase; never printed
  std::string appl_name;         // the PassTicket application the client names, if any
  std::string transaction_code;  // what IMSLSECX is shown (core::transaction_code's rule)

  bool has_credential() const { return !password.empty() || !phrase.empty(); }
};

}  // namespace zgate::connect
