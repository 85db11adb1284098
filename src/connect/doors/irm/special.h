#pragma once
// Requests the sample exits answer themselves, without IMS (reference §1.7):
//  - PING: the data "PING IMS_CONNECT" (upper case); the answer is a data segment
//    "HWSC0030I *PING RESPONSE*" then a CSM (IBM "Ping support for IMS Connect").
//  - HWSPWCH: the data "HWSPWCH old/new/new", keyword in upper case, one or more blanks
//    before the old password; success answers "HWSC0031I PASSWORD CHANGE SUCCESSFUL"
//    (IBM "Changing RACF passwords").
// They arrive as ordinary send-receive messages; the data is in the client's code page.
#include <optional>
#include <string_view>

#include "connect/doors/irm/irm.h"
#include "core/secret.h"

namespace zgate::connect {

inline constexpr std::string_view kPingData = "PING IMS_CONNECT";
inline constexpr std::string_view kPingResponse = "HWSC0030I *PING RESPONSE*";
inline constexpr std::string_view kPasswordChangeKeyword = "HWSPWCH";
inline constexpr std::string_view kPasswordChangeDone = "HWSC0031I PASSWORD CHANGE SUCCESSFUL";

enum class SpecialRequest { None, Ping, PasswordChange };
SpecialRequest classify_special(const Request& r, core::CodePage cp = core::CodePage::IBM037);

struct PasswordChange {
  core::SecretString old_password;
  core::SecretString new_password;
  core::SecretString verify_password;  // the second "new"; the caller checks it matches
};
// nullopt when the data is not "HWSPWCH <blanks>old/new/new".
std::optional<PasswordChange> parse_password_change(const Request& r,
                                                    core::CodePage cp = core::CodePage::IBM037);

}  // namespace zgate::connect
