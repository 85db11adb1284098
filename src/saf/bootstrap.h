#pragma once
// Opening the security database. A new database starts where RACF's does: group SYS1 (the root
// of the group tree) and user IBMUSER, its owner, with SPECIAL, OPERATIONS and AUDITOR.
// IBMUSER is created PROTECTED (no password): it cannot sign on over the network until an
// administrator gives it a password; locally, `zgate racf` issues commands as IBMUSER by
// default, since whoever can write the database file already holds it (as whoever can write
// the RACF database data set does).
#include <memory>
#include <string>

#include "saf/security_manager.h"

namespace zgate::saf {

inline constexpr const char* kFirstAdministrator = "IBMUSER";
inline constexpr const char* kRootGroup = "SYS1";

// Makes the starting database if `sm` holds no users and no groups. Returns true if it did.
bool bootstrap_if_empty(SecurityManager& sm);

}  // namespace zgate::saf
