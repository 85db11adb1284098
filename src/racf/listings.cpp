// LISTUSER, LISTGRP, RLIST and SETROPTS LIST output, laid out as RACF prints them (column
// positions taken from published LISTUSER/RLIST samples; LISTGRP and SETROPTS LIST from the
// documented field names). Keys, passwords and phrases are never printed, only whether they
// exist.
#include <string>

#include <fmt/format.h>

#include "core/clock.h"
#include "racf/commands.h"

namespace zgate::racf {

namespace {

std::string date_or(std::int64_t t, std::string_view none) { return t ? core::racf_julian_date(t) : std::string(none); }

std::string access_time(std::int64_t t) {
  if (!t) return "UNKNOWN";
  std::int64_t s = t % 86400;
  if (s < 0) s += 86400;
  return fmt::format("{}/{:02}:{:02}:{:02}", core::racf_julian_date(t), s / 3600, s / 60 % 60, s % 60);
}

std::string join(const std::set<std::string>& items, std::string_view none = "NONE") {
  if (items.empty()) return std::string(none);
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out.push_back(' ');
    out += i;
  }
  return out;
}

std::string attributes(bool special, bool operations, bool auditor, bool restricted, bool revoked, bool is_protected) {
  std::string out;
  auto add = [&](bool on, std::string_view name) {
    if (!on) return;
    if (!out.empty()) out.push_back(' ');
    out += name;
  };
  add(special, "SPECIAL");
  add(operations, "OPERATIONS");
  add(auditor, "AUDITOR");
  add(restricted, "RESTRICTED");
  add(revoked, "REVOKED");
  add(is_protected, "PROTECTED");
  return out.empty() ? "NONE" : out;
}

// A revoke in force without a date shows as NONE, as RACF does; ATTRIBUTES says REVOKED.
std::string revoke_line(std::string_view indent, std::int64_t revoke, std::int64_t resume) {
  return fmt::format("{}REVOKE DATE={}   RESUME DATE={}\n", indent, date_or(revoke, "NONE"), date_or(resume, "NONE"));
}

}  // namespace

std::string format_user(const saf::User& u, const saf::Options& o) {
  std::string out;
  out += fmt::format("USER={}  NAME={:<20}  OWNER={:<8}  CREATED={}\n", u.id, u.name.empty() ? "UNKNOWN" : u.name,
                     u.owner, core::racf_julian_date(u.created));
  std::string passdate = u.password_hash.empty() ? "N/A" : (u.password_expired ? "00.000" : date_or(u.password_date, "N/A"));
  std::string interval = u.password_hash.empty() ? "N/A"
                         : u.password_interval < 0 ? fmt::format("{:>3}", o.password.interval)
                         : u.password_interval == 0 ? "N/A"
                                                    : fmt::format("{:>3}", u.password_interval);
  std::string phrasedate = u.phrase_hash.empty() ? "N/A" : (u.phrase_expired ? "00.000" : date_or(u.phrase_date, "N/A"));
  out += fmt::format(" DEFAULT-GROUP={:<8} PASSDATE={:<6} PASS-INTERVAL={} PHRASEDATE={}\n", u.default_group, passdate,
                     interval, phrasedate);
  out += fmt::format(" ATTRIBUTES={}\n",
                     attributes(u.special, u.operations, u.auditor, u.restricted, u.revoked, u.is_protected()));
  out += revoke_line(" ", u.revoke_date, u.resume_date);
  out += fmt::format(" LAST-ACCESS={}\n", access_time(u.last_access));
  out += fmt::format(" CLASS AUTHORIZATIONS={}\n", join(u.class_authorizations));
  out += u.installation_data.empty() ? " NO-INSTALLATION-DATA\n" : fmt::format(" INSTALLATION-DATA={}\n", u.installation_data);
  out += " NO-MODEL-NAME\n";
  out += " LOGON ALLOWED   (DAYS)          (TIME)\n";
  out += " ---------------------------------------------\n";
  out += " ANYDAY                          ANYTIME\n";
  for (const auto& c : u.connects) {
    out += fmt::format("  GROUP={:<8}  AUTH={:<8} CONNECT-OWNER={:<8}  CONNECT-DATE={}\n", c.group,
                       saf::group_authority_name(c.authority), c.owner, core::racf_julian_date(c.created));
    out += fmt::format("    CONNECTS= {:>5}  UACC={:<8} LAST-CONNECT={}\n", fmt::format("{:02}", c.connect_count),
                       saf::access_name(c.uacc), access_time(c.last_connect));
    out += fmt::format("    CONNECT ATTRIBUTES={}\n", attributes(c.special, c.operations, c.auditor, false, c.revoked, false));
    out += revoke_line("    ", c.revoke_date, c.resume_date);
  }
  out += "SECURITY-LEVEL=NONE SPECIFIED\n";
  out += "CATEGORY-AUTHORIZATION\n";
  out += " NONE SPECIFIED\n";
  out += "SECURITY-LABEL=NONE SPECIFIED\n";
  return out;
}

std::string format_group(const saf::Group& g, const saf::Database& db) {
  std::string out;
  out += fmt::format("INFORMATION FOR GROUP {}\n", g.id);
  out += fmt::format("    SUPERIOR GROUP={:<8}  OWNER={:<8}  CREATED={}\n", g.superior.empty() ? "NONE" : g.superior,
                     g.owner, core::racf_julian_date(g.created));
  out += g.installation_data.empty() ? "    NO INSTALLATION DATA\n" : fmt::format("    INSTALLATION DATA={}\n", g.installation_data);
  out += "    NO MODEL DATA SET\n";
  out += g.termuacc ? "    TERMUACC\n" : "    NOTERMUACC\n";
  if (g.universal) out += "    UNIVERSAL GROUP\n";
  auto subgroups = db.subgroups_of(g.id);
  if (subgroups.empty()) {
    out += "    NO SUBGROUPS\n";
  } else {
    out += "    SUBGROUP(S)=";
    for (const auto& s : subgroups) out += fmt::format(" {:<8}", s);
    out += "\n";
  }
  auto members = db.members_of(g.id);
  if (members.empty()) {
    out += "    NO USERS\n";
    return out;
  }
  out += "    USER(S)=      ACCESS=      ACCESS COUNT=      UNIVERSAL ACCESS=\n";
  for (const auto& id : members) {
    const auto* c = db.user(id)->connect(g.id);
    out += fmt::format("      {:<8}      {:<8}     {:06}              {}\n", id, saf::group_authority_name(c->authority),
                       c->connect_count, saf::access_name(c->uacc));
    out += fmt::format("         CONNECT ATTRIBUTES={}\n",
                       attributes(c->special, c->operations, c->auditor, false, c->revoked, false));
    out += revoke_line("         ", c->revoke_date, c->resume_date);
  }
  return out;
}

namespace {

std::string audit_text(const saf::AuditSpec& a) {
  if (!a.success && !a.failures) return "NONE";
  if (a.success && a.failures && *a.success == *a.failures) return fmt::format("ALL({})", saf::access_name(*a.success));
  std::string out;
  if (a.success) out += fmt::format("SUCCESS({})", saf::access_name(*a.success));
  if (a.failures) out += fmt::format("{}FAILURES({})", out.empty() ? "" : ",", saf::access_name(*a.failures));
  return out;
}

void section(std::string& out, std::string_view title, std::string_view body) {
  out += fmt::format("\n{}\n{}\n{}\n", title, std::string(title.size(), '-'), body);
}

}  // namespace

std::string format_profile(const saf::Profile& p, const ProfileListing& how) {
  std::string out;
  out += "CLASS      NAME\n-----      ----\n";
  out += fmt::format("{:<8}   {}{}\n", p.cls, p.name, p.generic() ? " (G)" : "");
  if (!p.members.empty()) {
    out += "\nMEMBER CLASS NAME\n-----------------\n";
    out += fmt::format("{}\n", saf::member_class_of(p.cls));
  }
  out += "\nLEVEL  OWNER      UNIVERSAL ACCESS  YOUR ACCESS  WARNING\n";
  out += "-----  --------   ----------------  -----------  -------\n";
  out += fmt::format(" {:02}    {:<8}{:>12}{:>19}    {}\n", p.level, p.owner, saf::access_name(p.uacc),
                     saf::access_name(how.your_access), p.warning ? "YES" : "NO");
  section(out, "INSTALLATION DATA", p.installation_data.empty() ? "NONE" : p.installation_data);
  section(out, "APPLICATION DATA", p.appldata.empty() ? "NONE" : p.appldata);
  section(out, "AUDITING", audit_text(p.audit));
  section(out, "NOTIFY", p.notify.empty() ? "NO USER TO BE NOTIFIED" : p.notify);
  if (p.ssignon) {
    // Only that a key exists, never the key (RACF: "KEYMASKED DATA"; wording unverified).
    std::string body;
    if (!p.ssignon->legacy_key.empty()) body += "KEYMASKED DATA NOT DISPLAYED\n";
    if (!p.ssignon->enhanced_key.empty())
      body += fmt::format("ENHANCED PASSTICKET KEY DATA NOT DISPLAYED\nEPTTYPE={} EPTTIMEOUT={} EPTREPLAY={}\n",
                          p.ssignon->enhanced_type == saf::PassTicketType::Mixed ? "MIXED" : "UPPER",
                          p.ssignon->enhanced_timeout, p.ssignon->enhanced_replay ? "NO" : "YES");
    if (!body.empty()) body.pop_back();
    section(out, "SSIGNON INFORMATION", body.empty() ? "NO SSIGNON KEY" : body);
  }
  if (how.stdata) {
    // RACF lists the segment only when asked (RLIST STARTED name STDATA).
    if (!p.stdata) {
      out += "\nNO STDATA INFORMATION\n";  // wording unverified
    } else {
      const saf::StData& s = *p.stdata;
      section(out, "STDATA INFORMATION",
              fmt::format("USER= {}\nGROUP= {}\nTRUSTED= {}\nPRIVILEGED= {}\nTRACE= {}", s.user,
                          s.group, s.trusted ? "YES" : "NO", s.privileged ? "YES" : "NO", s.trace ? "YES" : "NO"));
    }
  }
  if (!p.members.empty()) {
    std::string body;
    for (const auto& m : p.members) body += m + "\n";
    body.pop_back();
    section(out, "RESOURCES IN GROUP", body);
  }
  if (how.resgroup) {
    std::string body;
    for (const auto& g : how.resource_groups) body += g + "\n";
    if (!body.empty()) body.pop_back();
    section(out, "RESOURCE GROUPS", body.empty() ? "NONE" : body);
  }
  if (how.authuser) {
    out += "\nUSER      ACCESS   ACCESS COUNT\n----      ------   ------ -----\n";
    if (p.acl.empty()) out += "NO ENTRIES IN STANDARD ACCESS LIST\n";
    for (const auto& e : p.acl) out += fmt::format("{:<8}  {:<8}    {:06}\n", e.id, saf::access_name(e.access), e.count);
    out += "\nID        ACCESS      ACCESS COUNT    CLASS           ENTITY NAME\n";
    out += "--------  -------     ------------    --------        ----------------------\n";
    if (p.conditional_acl.empty()) out += "NO ENTRIES IN CONDITIONAL ACCESS LIST\n";
    for (const auto& c : p.conditional_acl)
      out += fmt::format("{:<8}  {:<8}       {:06}      {:<8}        {}\n", c.id, saf::access_name(c.access), c.count,
                         c.when_class, c.when_name);
  }
  return out;
}

std::string format_setropts(const saf::Options& o) {
  std::string out;
  std::string attrs = "INITSTATS";
  if (o.when_program) attrs += " WHEN(PROGRAM)";
  if (o.grplist) attrs += " GRPLIST";
  out += fmt::format("ATTRIBUTES = {}\n", attrs);
  out += "STATISTICS = NONE\n";
  out += fmt::format("AUDIT CLASSES = {}\n", join(o.audit));
  out += fmt::format("ACTIVE CLASSES = {}\n", join(o.classact));
  out += fmt::format("GENERIC PROFILE CLASSES = {}\n", join(o.generic));
  out += fmt::format("GENERIC COMMAND CLASSES = {}\n", join(o.gencmd));
  out += "GENLIST CLASSES = NONE\n";
  out += "GLOBAL CHECKING CLASSES = NONE\n";
  out += fmt::format("SETR RACLIST CLASSES = {}\n", join(o.raclist));
  out += "GLOBAL=YES RACLIST ONLY = NONE\n";
  out += "LOGOPTIONS \"DEFAULT\" CLASSES = NONE\n";
  out += o.inactive ? fmt::format("INACTIVE USERIDS ARE BEING AUTOMATICALLY REVOKED AFTER {} DAYS.\n", o.inactive)
                    : "INACTIVE USERIDS ARE NOT BEING AUTOMATICALLY REVOKED.\n";
  out += "PASSWORD PROCESSING OPTIONS:\n";
  const auto& p = o.password;
  out += fmt::format("  PASSWORD CHANGE INTERVAL IS {:>3} DAYS.\n", p.interval);
  out += fmt::format("  PASSWORD MINIMUM CHANGE INTERVAL IS {:>3} DAYS.\n", p.min_change);
  out += p.mixedcase ? "  MIXED CASE PASSWORD SUPPORT IS IN EFFECT\n" : "  MIXED CASE PASSWORD SUPPORT IS NOT IN EFFECT\n";
  out += p.history ? fmt::format("  {} GENERATIONS OF PREVIOUS PASSWORDS BEING MAINTAINED.\n", p.history)
                   : "  NO PASSWORD HISTORY BEING MAINTAINED.\n";
  out += p.revoke ? fmt::format("  AFTER {} CONSECUTIVE UNSUCCESSFUL PASSWORD ATTEMPTS,\n    A USERID WILL BE REVOKED.\n", p.revoke)
                  : "  USERIDS NOT BEING AUTOMATICALLY REVOKED.\n";
  out += p.warning ? fmt::format("  PASSWORD EXPIRATION WARNING LEVEL IS {} DAYS.\n", p.warning)
                   : "  NO PASSWORD EXPIRATION WARNING MESSAGES WILL BE ISSUED.\n";
  return out;
}

}  // namespace zgate::racf
