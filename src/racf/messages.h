#pragma once
// RACF's command messages, with IBM's IDs. The two-digit family after ICH names the command
// processor (z/OS RACF Messages and Codes, "ICH messages for RACF commands"): 00 ADDGROUP,
// 01 ADDUSER, 02 CONNECT, 03 REMOVE, 04 DELUSER, 05 DELGROUP, 06 PERMIT, 08 PASSWORD/PHRASE,
// 10 RDEFINE, 11 RALTER, 12 RDELETE, 13 RLIST, 14 SETROPTS, 20 ALTGROUP, 21 ALTUSER,
// 30 LISTUSER, 31 SEARCH, 32 LISTGRP. TSO's parser messages are IKJ56xxx.
//
// Texts marked `// unverified` were not found in IBM's published lists: the ID is a plausible
// one in the right family and the wording is ours. Everything else was checked against the
// message lists of SA23-2291. No message ever carries a password, phrase or key.
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace zgate::racf::msg {

// ---- TSO parse (IKJEFP00) --------------------------------------------------------------------
inline constexpr std::string_view kNoCommand = "IKJ56621I INVALID COMMAND NAME SYNTAX";  // unverified
inline constexpr std::string_view kUnbalancedParens = "IKJ56702I INVALID PARENTHESES";  // ID verified ("INVALID data"), text ours
inline constexpr std::string_view kUnbalancedQuotes = "IKJ56702I INVALID QUOTED STRING";  // ID verified, text ours
inline constexpr std::string_view kTooDeep = "IKJ56702I INVALID PARENTHESES, NESTED TOO DEEPLY";  // ID verified, text ours
inline std::string command_not_found(std::string_view verb) {
  return fmt::format("IKJ56500I COMMAND {} NOT FOUND", verb);  // unverified
}
inline std::string invalid_keyword(std::string_view kw) {
  return fmt::format("IKJ56712I INVALID KEYWORD, {}", kw);  // unverified
}
inline std::string invalid(std::string_view what, std::string_view value) {
  return fmt::format("IKJ56702I INVALID {}, {}", what, value);  // verified: "INVALID invalid data"
}
inline std::string invalid_value(std::string_view value) {
  return fmt::format("IKJ56713I INVALID VALUE, {}", value);  // verified
}
inline std::string missing(std::string_view what) {
  return fmt::format("IKJ56701I MISSING {}", what);  // unverified
}

// ---- ADDUSER (ICH01) ---------------------------------------------------------------------------
inline std::string not_authorized_attr_adduser(std::string_view attr) {
  return fmt::format("ICH01001I NOT AUTHORIZED TO SPECIFY {}, OPERAND IGNORED", attr);  // verified
}
inline constexpr std::string_view kNotAuthAddUser = "ICH01005I NOT AUTHORIZED TO ISSUE ADDUSER";  // verified
inline std::string user_not_added(std::string_view id) { return fmt::format("ICH01010I {} NOT ADDED", id); }  // verified
inline constexpr std::string_view kAddUserInsufficient = "ICH01011I INSUFFICIENT AUTHORITY";  // verified
inline constexpr std::string_view kPhraseRejected = "ICH01021I NEW PASS PHRASE REJECTED BY RACF RULES";  // verified

// ---- ADDGROUP (ICH00) / ALTGROUP (ICH20) / DELGROUP (ICH05) / LISTGRP (ICH32) -----------------------
inline constexpr std::string_view kNotAuthAddGroup = "ICH00005I NOT AUTHORIZED TO ISSUE ADDGROUP";  // unverified
inline std::string group_not_added(std::string_view g) { return fmt::format("ICH00006I {} NOT ADDED", g); }  // unverified
inline std::string not_auth_alter_group(std::string_view g) { return fmt::format("ICH20002I NOT AUTHORIZED TO ALTER {}", g); }  // verified
inline std::string cannot_be_superior(std::string_view sup, std::string_view g) {
  return fmt::format("ICH20006I {} CANNOT BE A SUPERIOR GROUP OF {}", sup, g);  // verified
}
inline constexpr std::string_view kNotAuthAltGroup = "ICH20010I NOT AUTHORIZED TO ISSUE ALTGROUP";  // verified
inline std::string group_not_altered(std::string_view g) { return fmt::format("ICH20013I {} NOT ALTERED", g); }  // verified
inline std::string unable_locate_group(std::string_view g) { return fmt::format("ICH20019I UNABLE TO LOCATE {}", g); }  // verified
inline std::string error_locating_group(std::string_view g) { return fmt::format("ICH05001I ERROR LOCATING {}", g); }  // verified
inline std::string group_not_deleted(std::string_view g) { return fmt::format("ICH05004I {} NOT DELETED", g); }  // verified
inline constexpr std::string_view kNotAuthDelGroup = "ICH05005I NOT AUTHORIZED TO ISSUE DELGROUP";  // verified
inline std::string group_has_members(std::string_view g) {
  return fmt::format("ICH05003I {} HAS SUBGROUPS OR CONNECTED USERS", g);  // unverified
}
inline std::string not_auth_list_group(std::string_view g) {
  return fmt::format("ICH32002I NOT AUTHORIZED TO LIST BASE INFORMATION FOR GROUP {}", g);  // verified
}
inline constexpr std::string_view kNotAuthListGrp = "ICH32004I NOT AUTHORIZED TO ISSUE LISTGRP";  // verified
inline constexpr std::string_view kNoGroupsListed = "ICH32005I NO GROUPS LISTED";  // verified
inline std::string group_already_defined(std::string_view g) {
  return fmt::format("ICH00007I GROUP {} ALREADY DEFINED TO RACF", g);  // unverified
}

// ---- CONNECT (ICH02) / REMOVE (ICH03) --------------------------------------------------------------
inline std::string not_connected(std::string_view u) { return fmt::format("ICH02003I {} NOT CONNECTED", u); }  // verified
inline constexpr std::string_view kInsufficientToGroup = "ICH02004I INSUFFICIENT AUTHORITY TO GROUP";  // verified
inline constexpr std::string_view kNotAuthConnect = "ICH02006I NOT AUTHORIZED TO ISSUE CONNECT";  // verified
inline std::string not_authorized_attr_connect(std::string_view attr) {
  return fmt::format("ICH02007I NOT AUTHORIZED TO SPECIFY {}, OPERAND IGNORED", attr);  // verified
}
inline constexpr std::string_view kAuthorityGreater = "ICH02008I AUTHORITY SPECIFIED GREATER THAN THE COMMAND USER";  // verified
inline std::string connect_owner_invalid() {
  return "ICH02011I OWNER SPECIFIED IS NOT A RACF DEFINED USER OR GROUP";  // verified
}
inline std::string resume_not_revoked_connect(std::string_view u) {
  return fmt::format("ICH02012I 'RESUME' IGNORED. {} NOT CURRENTLY REVOKED", u);  // verified
}
inline std::string not_removed(std::string_view u) { return fmt::format("ICH03003I {} NOT REMOVED", u); }  // unverified
inline constexpr std::string_view kNotAuthRemove = "ICH03006I NOT AUTHORIZED TO ISSUE REMOVE";  // unverified
inline std::string not_connected_to(std::string_view u, std::string_view g) {
  return fmt::format("ICH03005I {} IS NOT CONNECTED TO GROUP {}", u, g);  // unverified
}
inline std::string default_group_remove(std::string_view u, std::string_view g) {
  return fmt::format("ICH03004I {} IS THE DEFAULT GROUP OF {}, USER NOT REMOVED", g, u);  // unverified
}

// ---- DELUSER (ICH04) / ALTUSER (ICH21) / LISTUSER (ICH30) ------------------------------------------
inline constexpr std::string_view kNotAuthDelUser = "ICH04005I NOT AUTHORIZED TO ISSUE DELUSER";  // unverified
inline std::string user_not_deleted(std::string_view u) { return fmt::format("ICH04003I {} NOT DELETED", u); }  // unverified
inline std::string user_not_defined(std::string_view u) {
  return fmt::format("ICH04006I USER {} NOT DEFINED TO RACF", u);  // unverified
}
inline std::string user_owns_groups(std::string_view u) {
  return fmt::format("ICH04007I {} OWNS GROUPS OR PROFILES, RUN THE REMOVE ID UTILITY", u);  // unverified
}
inline std::string user_not_altered(std::string_view what) { return fmt::format("ICH21004I {} NOT ALTERED", what); }  // verified
inline std::string not_authorized_operand_altuser(std::string_view op) {
  return fmt::format("ICH21005I NOT AUTHORIZED TO SPECIFY {}, OPERAND IGNORED", op);  // verified
}
inline constexpr std::string_view kExpiredIgnored = "ICH21007I EXPIRED/NOEXPIRED OPERAND IGNORED";  // verified
inline std::string unable_locate_user(std::string_view u) { return fmt::format("ICH21009I UNABLE TO LOCATE {}", u); }  // verified
inline constexpr std::string_view kNotAuthAltUser = "ICH21010I NOT AUTHORIZED TO ISSUE ALTUSER";  // verified
inline std::string resume_not_revoked(std::string_view u) {
  return fmt::format("ICH21019I 'RESUME' IGNORED. {} NOT CURRENTLY REVOKED", u);  // verified
}
inline std::string clauth_not_altered(std::string_view cls) {
  return fmt::format("ICH21015I CLASS {} AND REMAINING CLASSES NOT ALTERED FOR CLAUTH/NOCLAUTH", cls);  // verified
}
inline std::string unable_locate_entry(std::string_view kind, std::string_view name) {
  return fmt::format("ICH30001I UNABLE TO LOCATE {} ENTRY {}", kind, name);  // verified
}
inline std::string not_auth_list_user(std::string_view u) { return fmt::format("ICH30002I NOT AUTHORIZED TO LIST {}", u); }  // verified
inline constexpr std::string_view kNotAuthListUser = "ICH30010I NOT AUTHORIZED TO ISSUE LISTUSER";  // verified
inline constexpr std::string_view kNoUsersListed = "ICH30011I NO USERS LISTED.";  // verified
inline std::string user_already_defined(std::string_view u) {
  return fmt::format("ICH01024I USER {} IS ALREADY DEFINED TO RACF", u);  // unverified
}

// ---- PERMIT (ICH06) ------------------------------------------------------------------------------
inline std::string already_authorized(std::string_view id) {
  return fmt::format("ICH06001I {} ALREADY AUTHORIZED TO RESOURCE - ACCESS UNCHANGED", id);  // verified
}
inline std::string not_authorized_delete(std::string_view id) {
  return fmt::format("ICH06002I {} NOT AUTHORIZED, DELETE IGNORED", id);  // verified
}
inline constexpr std::string_view kNotAuthPermit = "ICH06003I NOT AUTHORIZED TO ISSUE PERMIT";  // verified
inline std::string permit_profile_not_defined(std::string_view p) {
  return fmt::format("ICH06004I {} NOT DEFINED TO RACF", p);  // verified
}
inline std::string not_authorized_to(std::string_view p) { return fmt::format("ICH06006I NOT AUTHORIZED TO {}", p); }  // verified
inline std::string id_not_defined(std::string_view id) { return fmt::format("ICH06007I {} NOT DEFINED TO RACF", id); }  // verified
inline constexpr std::string_view kResetConflicts = "ICH06009I RESET OPTION IGNORED, CONFLICTS WITH DELETE REQUEST";  // verified
inline constexpr std::string_view kGenericInactive = "ICH06010I GENERIC INVALID, GENERIC COMMAND PROCESSING IS INACTIVE.";  // verified
inline std::string permit_raclisted(std::string_view cls) {
  return fmt::format("ICH06011I RACLISTED PROFILES FOR {} WILL NOT REFLECT THE UPDATE(S) UNTIL A SETROPTS REFRESH IS ISSUED", cls);  // verified
}
inline constexpr std::string_view kWhenProgramInvalid = "ICH06020I PERMIT failed. WHEN(PROGRAM) operand is invalid for this class.";  // verified

// ---- PASSWORD / PHRASE (ICH08) -----------------------------------------------------------------------
inline constexpr std::string_view kPasswordNotAuthorized = "ICH08001I NOT AUTHORIZED TO CHANGE PASSWORD INTERVAL";  // unverified
inline constexpr std::string_view kPasswordInvalid = "ICH08002I PASSWORD NOT CHANGED, CURRENT PASSWORD NOT VALID";  // unverified
inline constexpr std::string_view kPasswordInHistory = "ICH08003I NEW PASSWORD REJECTED, IT HAS BEEN USED BEFORE";  // unverified
inline constexpr std::string_view kPasswordSyntax = "ICH08004I NEW PASSWORD NOT VALID, 1 TO 8 CHARACTERS";  // unverified
inline constexpr std::string_view kPhraseInvalid = "ICH08005I PASS PHRASE NOT CHANGED, CURRENT PASS PHRASE NOT VALID";  // unverified
inline constexpr std::string_view kPhraseInHistory = "ICH08006I NEW PASS PHRASE REJECTED, IT HAS BEEN USED BEFORE";  // unverified
inline constexpr std::string_view kPasswordTooSoon = "ICH08007I PASSWORD NOT CHANGED, MINIMUM CHANGE INTERVAL NOT REACHED";  // unverified
inline std::string interval_too_long(int max) {
  return fmt::format("ICH08008I INTERVAL EXCEEDS INSTALLATION MAXIMUM OF {} DAYS", max);  // unverified
}

// ---- RDEFINE (ICH10) / RALTER (ICH11) / RDELETE (ICH12) / RLIST (ICH13) ----------------------------------
inline std::string class_not_defined(std::string_view cls) {
  return fmt::format("ICH10001I CLASS {} NOT DEFINED TO RACF", cls);  // unverified
}
inline std::string rdefine_raclisted(std::string_view cls) {
  return fmt::format("ICH10006I RACLISTED PROFILES FOR {} WILL NOT REFLECT THE ADDITION(S) UNTIL A SETROPTS REFRESH IS ISSUED.", cls);  // unverified
}
inline std::string already_defined_to_class(std::string_view p, std::string_view cls) {
  return fmt::format("ICH10102I {} ALREADY DEFINED TO CLASS {}.", p, cls);  // unverified
}
inline std::string not_authorized_define(std::string_view p) { return fmt::format("ICH10103I NOT AUTHORIZED TO DEFINE {}", p); }  // verified
inline std::string generic_not_active(std::string_view cls) {
  return fmt::format("ICH10104I GENERIC PROFILES FOR CLASS {} CANNOT BE DEFINED, GENERIC PROCESSING IS INACTIVE", cls);  // unverified
}
inline std::string name_too_long(std::string_view p) { return fmt::format("ICH10105I {} NAME TOO LONG FOR CLASS", p); }  // unverified
inline std::string not_defined_remaining(std::string_view p) {
  return fmt::format("ICH10301I {} AND REMAINING ENTITIES NOT DEFINED TO RACF", p);  // verified
}
inline constexpr std::string_view kEndsPercentStar = "ICH10313I Profile cannot be defined. Profile names cannot end with '%*'.";  // verified
inline std::string not_grouping_class(std::string_view cls) {
  return fmt::format("ICH10107I ADDMEM/DELMEM NOT VALID FOR CLASS {}, OPERAND IGNORED", cls);  // unverified
}
inline std::string ssignon_not_valid(std::string_view cls) {
  return fmt::format("ICH10108I SSIGNON NOT VALID FOR CLASS {}, OPERAND IGNORED", cls);  // unverified
}
inline std::string stdata_not_valid(std::string_view cls) {
  return fmt::format("ICH10108I STDATA NOT VALID FOR CLASS {}, OPERAND IGNORED", cls);  // unverified
}
inline std::string stdata_not_defined(std::string_view kw, std::string_view id) {
  return fmt::format("ICH10102I STDATA {} {} NOT DEFINED TO RACF", kw, id);  // unverified
}
inline constexpr std::string_view kSsignonBadKey = "ICH10109I SSIGNON KEY NOT VALID, PROFILE NOT DEFINED OR ALTERED";  // unverified
inline std::string ralter_not_defined(std::string_view p) { return fmt::format("ICH11001I {} NOT DEFINED TO RACF", p); }  // unverified
inline std::string not_authorized_alter(std::string_view p) { return fmt::format("ICH11005I NOT AUTHORIZED TO ALTER {}", p); }  // unverified
inline std::string ralter_raclisted(std::string_view cls) {
  return fmt::format("ICH11006I RACLISTED PROFILES FOR {} WILL NOT REFLECT THE UPDATE(S) UNTIL A SETROPTS REFRESH IS ISSUED.", cls);  // unverified
}
inline std::string member_not_found(std::string_view m) { return fmt::format("ICH11009I MEMBER {} NOT FOUND, DELMEM IGNORED", m); }  // unverified
inline std::string rdelete_not_defined(std::string_view p) { return fmt::format("ICH12002I {} NOT DEFINED TO RACF", p); }  // unverified
inline std::string not_authorized_delete_profile(std::string_view p) {
  return fmt::format("ICH12003I NOT AUTHORIZED TO DELETE {}", p);  // unverified
}
inline std::string rdelete_raclisted(std::string_view cls) {
  return fmt::format("ICH12005I RACLISTED PROFILES FOR {} WILL NOT REFLECT THE DELETION(S) UNTIL A SETROPTS REFRESH IS ISSUED.", cls);  // unverified
}
inline std::string rlist_not_found(std::string_view p) { return fmt::format("ICH13003I {} NOT FOUND", p); }  // unverified
inline std::string not_authorized_list(std::string_view p) { return fmt::format("ICH13002I NOT AUTHORIZED TO LIST {}", p); }  // unverified

// ---- SETROPTS (ICH14) / SEARCH (ICH31) -------------------------------------------------------------------
inline constexpr std::string_view kNotAuthSetropts = "ICH14001I NOT AUTHORIZED TO ISSUE SETROPTS";  // unverified
inline std::string not_authorized_setropts_operand(std::string_view op) {
  return fmt::format("ICH14002I NOT AUTHORIZED TO SPECIFY {}, OPERAND IGNORED", op);  // unverified
}
inline std::string setropts_class_invalid(std::string_view cls) {
  return fmt::format("ICH14003I CLASS NAME {} NOT FOUND IN CLASS DESCRIPTOR TABLE", cls);  // unverified
}
inline std::string refresh_not_raclisted(std::string_view cls) {
  return fmt::format("ICH14070I SETROPTS RACLIST REFRESH IGNORED, CLASS {} IS NOT RACLISTED", cls);  // unverified
}
inline std::string refresh_done(std::string_view cls) {
  return fmt::format("ICH14063I SETROPTS command complete. Class {} refreshed.", cls);  // unverified
}
inline constexpr std::string_view kNoEntries = "ICH31005I NO ENTRIES MEET SEARCH CRITERIA";  // unverified
inline constexpr std::string_view kNotAuthSearch = "ICH31006I NOT AUTHORIZED TO SEARCH THIS CLASS";  // unverified

// ---- RACDCERT (IRRD) ---------------------------------------------------------------------------------------
// RACDCERT's messages are IRRDnnnI sentences in mixed case. Only the IDs IRRD116I, IRRD141I and
// IRRD146I were found in IBM's list, and none of them fits the situations below (they are about
// key rings and certificates in data sets), so every ID and text here is ours.
inline constexpr std::string_view kRacdcertNoFunction =
    "IRRD100I Specify one RACDCERT function: MAP, ALTMAP, DELMAP or LISTMAP.";  // unverified
inline std::string racdcert_unsupported(std::string_view what) {
  return fmt::format("IRRD101I RACDCERT {} is not supported by zgate.", what);  // zgate's own
}
inline std::string racdcert_user_not_defined(std::string_view id) {
  return fmt::format("IRRD102I The user ID {} is not defined to RACF.", id);  // unverified
}
inline std::string racdcert_not_authorized(std::string_view function) {
  return fmt::format("IRRD103I You are not authorized to issue RACDCERT {} for this user ID.", function);  // unverified
}
inline constexpr std::string_view kNotAuthRacdcert = "IRRD103I You are not authorized to issue RACDCERT.";  // unverified
inline constexpr std::string_view kMapNeedsFilter = "IRRD104I MAP requires SDNFILTER, IDNFILTER or both.";  // unverified
inline std::string map_filter_invalid(std::string_view kw) {
  return fmt::format("IRRD105I The {} value is not a distinguished name such as CN=name.OU=unit.O=org.C=US "
                     "of at most 1024 characters.", kw);  // unverified
}
inline std::string map_label_invalid(std::string_view kw) {
  return fmt::format("IRRD106I The {} value is not valid. Specify 1 to 32 characters.", kw);  // unverified
}
inline std::string map_label_not_found(std::string_view label, std::string_view id) {
  return fmt::format("IRRD107I No mapping with label '{}' was found for user {}.", label, id);  // unverified
}
inline std::string no_mappings(std::string_view id) {
  return fmt::format("IRRD108I No mapping information was found for user {}.", id);  // unverified
}
inline std::string racdcert_keyword_not_valid(std::string_view kw, std::string_view function) {
  return fmt::format("IRRD109I {} is not valid with RACDCERT {}.", kw, function);  // unverified
}
inline std::string map_label_in_use(std::string_view label, std::string_view id) {
  return fmt::format("IRRD110I Label '{}' is already in use for a mapping of user {}.", label, id);  // unverified
}
inline std::string map_filter_in_use(std::string_view label, std::string_view id) {
  return fmt::format("IRRD111I A mapping with the same name filters already exists: label '{}' of user {}.", label,
                     id);  // unverified
}
inline constexpr std::string_view kTrustConflict = "IRRD112I TRUST and NOTRUST cannot both be specified.";  // unverified
inline constexpr std::string_view kAltmapNothing = "IRRD113I ALTMAP requires NEWLABEL, TRUST or NOTRUST.";  // unverified
inline std::string map_not_created(std::string_view what) {
  return fmt::format("IRRD114I The mapping was not {}.", what);  // unverified
}

// ---- common ---------------------------------------------------------------------------------------------
inline std::string not_authorized_issue(std::string_view family, std::string_view cmd) {
  return fmt::format("ICH{}I NOT AUTHORIZED TO ISSUE {}", family, cmd);  // family specific IDs above where known
}
inline constexpr std::string_view kInternalError = "IRR52021I Command ended due to an internal error.";  // unverified

}  // namespace zgate::racf::msg
