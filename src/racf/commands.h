#pragma once
// The command table and the helpers the command families share. Each family file
// (user_commands.cpp, group_commands.cpp, ...) contributes its CommandSpecs; processor.cpp
// dispatches, audits and masks.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "racf/context.h"
#include "racf/operands.h"

namespace zgate::racf {

struct CommandSpec {
  std::string_view name;    // ADDUSER
  std::string_view abbrev;  // AU ("" when RACF has none)
  std::optional<audit::EventCode> event;  // nullopt: RACF writes no SMF record (listings)
  std::size_t positional;
  std::span<const std::string_view> keywords;
  std::span<const std::string_view> secret_keywords;  // their values never leave the command
  std::string_view not_authorized;  // "NOT AUTHORIZED TO ISSUE x" for an undefined issuer
  void (*run)(Context&, const Operands&);
};

std::span<const CommandSpec> user_commands();
std::span<const CommandSpec> group_commands();
std::span<const CommandSpec> connect_commands();
std::span<const CommandSpec> resource_commands();
std::span<const CommandSpec> permit_commands();
std::span<const CommandSpec> setropts_commands();
std::span<const CommandSpec> password_commands();
std::span<const CommandSpec> search_commands();
std::span<const CommandSpec> racdcert_commands();

// ---- helpers shared by the families (common.cpp) -----------------------------------------------

// Profile names and IDs: folded to upper case (a quoted name too: general resource classes in
// zgate's CDT are all CASE(UPPER)).
std::string name_of(const Token& t);
// The positional operand n as names, or a MISSING message and {} when absent.
std::vector<std::string> names(Context& ctx, const Operands& ops, std::size_t n, std::string_view what);

// KW(level) as an access authority; nullopt (with a syntax message) when it is not one.
std::optional<saf::Access> access_operand(Context& ctx, const Operands& ops, std::string_view kw);
// KW(n) within [lo, hi]; nullopt (with a syntax message) otherwise.
std::optional<int> number_operand(Context& ctx, const Operands& ops, std::string_view kw, int lo, int hi);
// DATA('...') and friends: the text as written, at most `max` characters.
std::optional<std::string> text_operand(Context& ctx, const Operands& ops, std::string_view kw, std::size_t max);
// OWNER(id): a defined user or group, stored in `owner`. False (with `bad` as the message)
// when it is not; true and untouched when OWNER is absent.
bool owner_operand(Context& ctx, const Operands& ops, std::string& owner, std::string_view bad);
// A user or a group must exist (OWNER, NOTIFY, ID).
bool id_defined(saf::SecurityManager& sm, const std::string& id);
bool user_defined(saf::SecurityManager& sm, const std::string& id);

// Class names from CLASSACT(...) and friends, with `*` meaning every class in the CDT;
// unknown names are reported (warning) and dropped.
std::vector<std::string> class_list(Context& ctx, const std::vector<std::string>& values);

// REVOKE[(date)] RESUME[(date)] NOREVOKE NORESUME, the same on ALTUSER and CONNECT.
struct RevokeState {
  bool revoked = false;
  std::int64_t revoke_date = 0;
  std::int64_t resume_date = 0;
};
// Applies them; returns false (with a message) on a bad date. `resumed` is set when RESUME
// took effect now (ALTUSER then resets the failed attempt count).
bool apply_revoke_resume(Context& ctx, const Operands& ops, RevokeState& s, bool& resumed);

// A password or phrase operand as the security manager should hash it: folded to upper case
// unless SETROPTS PASSWORD(MIXEDCASE) (phrases are always kept as written).
std::string password_text(const Context& ctx, const Token& t);
// saf's one syntax rule (saf/secret_rules.h), the same VERIFY applies to a new password.
bool password_valid(const Context& ctx, std::string_view pw);
bool phrase_valid(std::string_view ph, std::string_view user);

// Runs the command's changes as one store transaction; saf's std::invalid_argument becomes a
// RACF-style failure line.
template <class F>
void commit(Context& ctx, F&& changes) {
  try {
    ctx.sm.batch(changes);
  } catch (const std::invalid_argument& e) {
    ctx.fail(e.what());
  }
}

// Yes when the class is RACLISTed, so changes wait for SETROPTS RACLIST(c) REFRESH.
bool raclisted(const Context& ctx, const std::string& cls);

// Listings (listings.cpp).
std::string format_user(const saf::User& u, const saf::Options& o);
std::string format_group(const saf::Group& g, const saf::Database& db);
struct ProfileListing {
  bool authuser = false;   // the access lists (issuer is SPECIAL, AUDITOR, owner or ALTER)
  bool resgroup = false;
  bool stdata = false;     // RLIST ... STDATA: the STARTED class's STDATA segment
  std::vector<std::string> resource_groups;  // grouping profiles naming this one (RESGROUP)
  saf::Access your_access = saf::Access::None;
};
std::string format_profile(const saf::Profile& p, const ProfileListing& how);
std::string format_setropts(const saf::Options& o);

}  // namespace zgate::racf
