// The compliance report's findings and tables (report_model.h). Each check states the rule an
// auditor holds it to; docs/reports.md gives the IBM (or DISA STIG) text behind each severity.
#include "watch/report_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/trail_reader.h"
#include "core/text.h"
#include "saf/class_table.h"
#include "saf/security_manager.h"

namespace zgate::watch {
namespace {

using saf::Access;

// The report's sections, in the order they are printed.
constexpr const char* kAreas[] = {"Privileged users", "User IDs",    "Password policy", "Resource profiles",
                                  "PassTickets",      "IMS Connect", "OTMA and IMS",    "Transactions"};

int area_rank(const std::string& a) {
  for (int i = 0; i < static_cast<int>(std::size(kAreas)); ++i)
    if (a == kAreas[i]) return i;
  return static_cast<int>(std::size(kAreas));
}

// The IMS classes (and FACILITY) whose profiles the report reads, member class first.
constexpr const char* kClasses[] = {"TIMS", "GIMS", "CIMS", "DIMS", "RIMS", "AIMS", "IIMS", "JIMS", "FACILITY"};
constexpr const char* kMemberClasses[] = {"TIMS", "CIMS", "RIMS", "AIMS", "IIMS"};

// What each IMS class protects, for the findings' text.
// "SPECIAL OPERATIONS AUDITOR" as LISTUSER prints the attributes, "" for none.
std::string attributes(bool special, bool operations, bool auditor) {
  std::string out;
  for (auto [on, name] : {std::pair{special, "SPECIAL"}, std::pair{operations, "OPERATIONS"}, std::pair{auditor, "AUDITOR"}})
    if (on) out += out.empty() ? name : std::string(" ") + name;
  return out;
}

const char* protects(const std::string& member_class) {
  if (member_class == "TIMS") return "transactions";
  if (member_class == "CIMS") return "IMS commands";
  if (member_class == "RIMS") return "OTMA tpipes (RESUME TPIPE)";
  if (member_class == "AIMS") return "PSB allocation by ODBM (APSB)";
  if (member_class == "IIMS") return "PSB scheduling (ISIS, RAS)";
  return "resources";
}

class Builder {
 public:
  explicit Builder(const ReportInput& in) : in_(in), opts_(in.db.options) {}

  Report run() {
    r_.generated = in_.now;
    r_.users = in_.db.users.size();
    r_.groups = in_.db.groups.size();
    for (const auto& [_, byname] : in_.db.profiles) r_.profiles += byname.size();
    if (in_.proclib) r_.proclib = in_.proclib->directory;
    for (const auto& [id, u] : in_.db.users) {
      privileges(u);
      status(u);
    }
    policy();
    classes();
    passtickets();
    if (in_.proclib) {
      connect_posture(*in_.proclib);
      otma_posture(*in_.proclib);
    } else {
      // Without HWSCFG the IMS Connect IDs are those the FACILITY profiles name.
      if (auto it = in_.db.profiles.find("FACILITY"); it != in_.db.profiles.end())
        for (const auto& [name, p] : it->second)
          if (!p.generic() && name.starts_with("HWS.") && name.ends_with(".TRUSTED") && name.size() > 12 &&
              name.find('.', 4) == name.size() - 8)
            trusted_clients(name.substr(4, name.size() - 12));
    }
    transactions();
    std::stable_sort(r_.findings.begin(), r_.findings.end(), [](const Finding& a, const Finding& b) {
      if (a.severity != b.severity) return a.severity < b.severity;
      if (a.area != b.area) return area_rank(a.area) < area_rank(b.area);
      return a.subject < b.subject;
    });
    return std::move(r_);
  }

 private:
  void add(Severity s, std::string check, std::string area, std::string subject, std::string text,
           std::string fix) {
    r_.findings.push_back({s, std::move(check), std::move(area), std::move(subject), std::move(text), std::move(fix)});
  }

  bool revoked(const saf::User& u) const { return saf::revoked_at(u.revoked, u.revoke_date, u.resume_date, in_.now); }

  // A change to a RACLISTed class's profiles takes effect at REFRESH: the fix says so.
  std::string refreshed(const std::string& cls, std::string fix) const {
    std::string member = saf::member_class_of(cls);
    if (opts_.raclist.contains(member)) fix += "\nSETROPTS RACLIST(" + member + ") REFRESH";
    return fix;
  }

  // ---- privileged users ------------------------------------------------------------------
  void privileges(const saf::User& u) {
    const bool rev = revoked(u);
    const char* area = kAreas[0];
    std::string attrs = attributes(u.special, u.operations, u.auditor);
    if (!attrs.empty()) r_.privileged.push_back({u.id, u.name, attrs, "SYSTEM", rev, u.last_access});
    const std::string state = rev ? " (revoked, but RESUME gives it back)" : "";
    if (u.special)
      add(Severity::High, "USER-SPECIAL", area, u.id,
          u.id + " has system-SPECIAL: every RACF command and full control of every profile" + state +
              ". Keep SPECIAL to the security administrators, each a person.",
          "ALTUSER " + u.id + " NOSPECIAL");
    if (u.special && u.auditor)
      add(Severity::High, "USER-SPECIAL-AUDITOR", area, u.id,
          u.id + " has both SPECIAL and AUDITOR: the administrator audits itself. IBM: \"ensure that "
                 "SPECIAL users do not also have the AUDITOR attribute\".",
          "ALTUSER " + u.id + " NOAUDITOR");
    if (u.operations)
      add(Severity::Medium, "USER-OPERATIONS", area, u.id,
          u.id + " has system-OPERATIONS: maintenance access to every RACF-protected resource it is not "
                 "named on" + state + ".",
          "ALTUSER " + u.id + " NOOPERATIONS");
    if (u.auditor && !u.special)
      add(Severity::Low, "USER-AUDITOR", area, u.id,
          u.id + " has system-AUDITOR: it lists every profile and sets the logging options" + state +
              ". Right for the auditors; review the list.",
          "ALTUSER " + u.id + " NOAUDITOR");
    for (const auto& c : u.connects) {
      std::string gattrs = attributes(c.special, c.operations, c.auditor);
      if (gattrs.empty()) continue;
      r_.privileged.push_back({u.id, u.name, gattrs, "GROUP " + c.group, rev, u.last_access});
      const std::string who = u.id + " in group " + c.group;
      if (c.special)
        add(Severity::Medium, "GROUP-SPECIAL", area, u.id,
            who + " has group-SPECIAL: full control of every profile within the group's scope" + state + ".",
            "CONNECT " + u.id + " GROUP(" + c.group + ") NOSPECIAL");
      if (c.operations)
        add(Severity::Medium, "GROUP-OPERATIONS", area, u.id,
            who + " has group-OPERATIONS: maintenance access to the group's resources" + state + ".",
            "CONNECT " + u.id + " GROUP(" + c.group + ") NOOPERATIONS");
      if (c.auditor)
        add(Severity::Low, "GROUP-AUDITOR", area, u.id,
            who + " has group-AUDITOR: it sets logging for the group's profiles" + state + ".",
            "CONNECT " + u.id + " GROUP(" + c.group + ") NOAUDITOR");
    }
  }

  // ---- revoked, inactive, never used, never expiring ---------------------------------------
  int inactive_days() const { return opts_.inactive > 0 ? opts_.inactive : in_.inactive_days; }

  void status(const saf::User& u) {
    const char* area = kAreas[1];
    const std::int64_t day = 86400;
    const bool has_secret = !u.is_protected();
    if (revoked(u)) {
      add(Severity::Low, "USER-REVOKED", area, u.id,
          u.id + " is revoked" + (u.last_access ? ", last used " + report_date(u.last_access) : "") +
              ". A revoked ID kept for years is an ID someone may RESUME; delete it once its owner is gone.",
          "DELUSER " + u.id);
      return;  // nothing else about an ID that cannot sign on matters now
    }
    const int days = inactive_days();
    if (u.last_access == 0) {
      if (has_secret && in_.now - u.created > static_cast<std::int64_t>(days) * day)
        add(Severity::Medium, "USER-NEVER-USED", area, u.id,
            fmt::format("{} has never signed on since it was defined on {}, yet has a password or phrase "
                        "anyone who learns it can use.",
                        u.id, report_date(u.created)),
            "ALTUSER " + u.id + " REVOKE");
      else if (has_secret)
        add(Severity::Info, "USER-NEVER-USED", area, u.id,
            fmt::format("{} has not signed on yet (defined {}).", u.id, report_date(u.created)), "");
    } else if (in_.now - u.last_access > static_cast<std::int64_t>(days) * day) {
      add(Severity::Medium, "USER-INACTIVE", area, u.id,
          fmt::format("{} has not been used for {} days (last {}); the limit is {} days{}.", u.id,
                      (in_.now - u.last_access) / day, report_date(u.last_access), days,
                      opts_.inactive > 0 ? " (SETROPTS INACTIVE)" : " (NOINACTIVE: the report's default)"),
          "ALTUSER " + u.id + " REVOKE");
    }
    if (has_secret && u.password_interval == 0)
      add(Severity::Medium, "USER-NOINTERVAL", area, u.id,
          u.id + "'s password never expires (NOINTERVAL): the mark of an application ID that signs on "
                 "with a password kept in a file or a script. Make it PROTECTED and let the application "
                 "sign on with a PassTicket or a certificate.",
          "ALTUSER " + u.id + " NOPASSWORD NOPHRASE");
  }

  // ---- SETROPTS PASSWORD and INACTIVE -------------------------------------------------------
  void policy_row(std::string setting, std::string value, std::string expected, bool ok, Severity s,
                  std::string check, std::string text, std::string fix) {
    r_.policy.push_back({setting, value, expected, ok});
    if (!ok) add(s, std::move(check), kAreas[2], setting, std::move(text), std::move(fix));
  }

  void policy() {
    const saf::PasswordRules& p = opts_.password;
    policy_row("PASSWORD INTERVAL", fmt::format("{} DAYS", p.interval), "90 days or fewer", p.interval <= 90,
               Severity::Medium, "POLICY-INTERVAL",
               fmt::format("Passwords and phrases live {} days before RACF asks for a new one.", p.interval),
               "SETROPTS PASSWORD(INTERVAL(90))");
    policy_row("PASSWORD REVOKE", p.revoke ? fmt::format("AFTER {} ATTEMPTS", p.revoke) : "NOREVOKE", "3 to 5 attempts",
               p.revoke >= 1 && p.revoke <= 5, p.revoke == 0 ? Severity::High : Severity::Low, "POLICY-REVOKE",
               p.revoke == 0 ? "NOREVOKE: RACF never revokes a user ID for wrong passwords, so a password can be "
                               "guessed without limit."
                             : fmt::format("A user ID is revoked only after {} wrong passwords.", p.revoke),
               "SETROPTS PASSWORD(REVOKE(3))");
    policy_row("PASSWORD HISTORY", p.history ? fmt::format("{} GENERATIONS", p.history) : "NOHISTORY",
               "10 generations or more", p.history >= 10, Severity::Medium, "POLICY-HISTORY",
               p.history ? fmt::format("Only {} previous passwords are remembered; an old one comes back soon.", p.history)
                         : "NOHISTORY: a user may set the same password again at every change.",
               "SETROPTS PASSWORD(HISTORY(10))");
    policy_row("PASSWORD MINCHANGE", fmt::format("{} DAYS", p.min_change), "1 day or more", p.min_change >= 1,
               Severity::Low, "POLICY-MINCHANGE",
               "MINCHANGE(0): a user can change the password HISTORY times in a row and be back at the old one.",
               "SETROPTS PASSWORD(MINCHANGE(1))");
    policy_row("PASSWORD WARNING", p.warning ? fmt::format("{} DAYS", p.warning) : "NOWARNING", "a warning before expiry",
               p.warning >= 1, Severity::Low, "POLICY-WARNING",
               "NOWARNING: users are not told their password is about to expire, and expired ones are reset by "
               "the help desk, in the clear.",
               "SETROPTS PASSWORD(WARNING(10))");
    policy_row("PASSWORD MIXEDCASE", p.mixedcase ? "ACTIVE" : "INACTIVE", "active", p.mixedcase, Severity::Low,
               "POLICY-MIXEDCASE", "NOMIXEDCASE: RACF folds passwords to upper case, a smaller space to guess in.",
               "SETROPTS PASSWORD(MIXEDCASE)");
    policy_row("INACTIVE", opts_.inactive ? fmt::format("{} DAYS", opts_.inactive) : "NOINACTIVE", "35 days or fewer",
               opts_.inactive >= 1 && opts_.inactive <= 35, Severity::Medium, "POLICY-INACTIVE",
               opts_.inactive ? fmt::format("Unused user IDs are revoked only after {} days.", opts_.inactive)
                              : "NOINACTIVE: an unused user ID keeps working for ever.",
               "SETROPTS INACTIVE(35)");
    std::size_t phrases = 0, never_expire = 0;
    for (const auto& [_, u] : in_.db.users) {
      if (!u.phrase_hash.empty()) ++phrases;
      if (!u.is_protected() && u.password_interval == 0) ++never_expire;
    }
    r_.policy.push_back({"PASSWORD PHRASES", fmt::format("{} USERS HAVE ONE", phrases),
                         "the PASSWORD rules above (INTERVAL, REVOKE, HISTORY) apply to them", true});
    r_.policy.push_back({"USERS WITH NOINTERVAL", fmt::format("{}", never_expire), "none", never_expire == 0});
  }

  // ---- UACC, ID(*), WARNING, class switches ------------------------------------------------
  void classes() {
    const char* area = kAreas[3];
    for (const char* mc : kMemberClasses) {
      std::string cls = mc;
      if (!opts_.classact.contains(cls))
        add(cls == "TIMS" || cls == "CIMS" ? Severity::High : Severity::Medium, "CLASS-INACTIVE", area, cls,
            fmt::format("Class {} is not active: RACF is not asked about {}, so everyone may use them.", cls, protects(cls)),
            fmt::format("SETROPTS CLASSACT({}) RACLIST({})", cls, cls));
    }
    for (const char* c : kClasses) {
      std::string cls = c;
      auto it = in_.db.profiles.find(cls);
      if (it == in_.db.profiles.end()) continue;
      std::string member = saf::member_class_of(cls);
      bool generics_used = false;
      for (const auto& [name, p] : it->second) {
        generics_used = generics_used || p.generic();
        profile(p, member);
      }
      if (generics_used && opts_.classact.contains(member) && !opts_.generic.contains(member))
        add(Severity::Medium, "CLASS-GENERIC", area, member,
            fmt::format("Class {} has generic profiles but SETROPTS GENERIC({}) is off: they protect nothing.", cls,
                        member),
            fmt::format("SETROPTS GENERIC({})", member));
    }
  }

  void profile(const saf::Profile& p, const std::string& member) {
    const char* area = kAreas[3];
    const std::string subject = p.cls + " " + p.name;
    const std::string what = p.cls == "FACILITY" ? std::string("the resource") : protects(member);
    if (p.uacc >= Access::Read)
      add(Severity::High, "PROFILE-UACC", area, subject,
          fmt::format("{} has UACC({}): every user, even one RACF does not know, gets {} to {}.", subject,
                      saf::access_name(p.uacc), saf::access_name(p.uacc), what),
          refreshed(p.cls, fmt::format("RALTER {} {} UACC(NONE)", p.cls, p.name)));
    if (const saf::AccessEntry* star = p.entry("*"); star && star->access >= Access::Read)
      add(Severity::Medium, "PROFILE-ID-STAR", area, subject,
          fmt::format("{} gives ID(*) {}: every RACF-defined user who is not RESTRICTED may use {}.", subject,
                      saf::access_name(star->access), what),
          refreshed(p.cls, fmt::format("PERMIT {} CLASS({}) ID(*) DELETE", p.name, p.cls)));
    if (p.warning)
      add(Severity::High, "PROFILE-WARNING", area, subject,
          fmt::format("{} is in WARNING mode: RACF grants every request it would refuse and only logs it.", subject),
          refreshed(p.cls, fmt::format("RALTER {} {} NOWARNING", p.cls, p.name)));
  }

  // ---- PTKTDATA -------------------------------------------------------------------------
  void passtickets() {
    const char* area = kAreas[4];
    auto it = in_.db.profiles.find("PTKTDATA");
    if (it == in_.db.profiles.end()) return;
    for (const auto& [name, p] : it->second) {
      const std::string subject = "PTKTDATA " + name;
      if (!p.ssignon || (p.ssignon->legacy_key.empty() && p.ssignon->enhanced_key.empty())) continue;
      if (core::upper(p.appldata).find("NO REPLAY PROTECTION") != std::string::npos)
        add(Severity::Medium, "PTKT-NO-REPLAY", area, subject,
            subject + " has APPLDATA('NO REPLAY PROTECTION'): a PassTicket seen on the wire can be used again "
                      "until it expires.",
            fmt::format("RALTER PTKTDATA {} NOAPPLDATA", name));
      if (!p.ssignon->enhanced_key.empty() && !p.ssignon->enhanced_replay)
        add(Severity::Medium, "PTKT-EPTREPLAY", area, subject,
            subject + " has EPTREPLAY(YES): an enhanced PassTicket may be replayed within its time-out.",
            fmt::format("RALTER PTKTDATA {} SSIGNON(EPTREPLAY(NO))", name));
      if (p.ssignon->enhanced_key.empty())
        add(Severity::Low, "PTKT-LEGACY-ONLY", area, subject,
            subject + " has only a legacy (DES) key; enhanced PassTickets use HMAC-SHA-512.",
            fmt::format("RALTER PTKTDATA {} SSIGNON(EPTKEYMASKED(<128 hex digits>))", name));
      if (p.uacc > Access::None)
        add(Severity::Medium, "PTKT-UACC", area, subject,
            fmt::format("{} has UACC({}); IBM defines PTKTDATA profiles with UACC(NONE).", subject,
                        saf::access_name(p.uacc)),
            fmt::format("RALTER PTKTDATA {} UACC(NONE)", name));
      if (p.generic())
        add(Severity::Low, "PTKT-GENERIC", area, subject,
            subject + " is generic: RACF ignores generic PTKTDATA profiles, so no PassTicket is accepted with it.",
            fmt::format("RDELETE PTKTDATA {}", name));
    }
  }

  // ---- IMS Connect (HWSCFG) ---------------------------------------------------------------
  void connect_posture(const ProclibPosture& pl) {
    const char* area = kAreas[5];
    const connect::HwsConfig& h = pl.hws;
    const std::string& m = pl.hwscfg_member;
    if (!h.racf)
      add(Severity::High, "CONNECT-RACF-N", area, m,
          "HWS RACF=N: IMS Connect does not verify the user ID and password of an incoming message; "
          "whatever user ID a client names is passed on to OTMA.",
          fmt::format("{}: HWS (ID={},RACF=Y)", m, h.id));
    std::string tls_member = h.sslenvar.empty() ? "HWSSSL00" : h.sslenvar;
    for (const auto& p : h.ports) {
      if (p.tls) continue;
      add(Severity::High, "CONNECT-NO-TLS", area, fmt::format("{} PORT {}", m, p.id),
          fmt::format("Port {} is plain TCP: user IDs, passwords and PassTickets cross the network in the clear.", p.id),
          h.sslenvar.empty() ? fmt::format("{}: TCPIP (SSLPORT=(ID={}),SSLENVAR={})\n(in place of PORT=(ID={}))", m,
                                           p.id, tls_member, p.id)
                             : fmt::format("{}: PORT=({})", tls_member, p.id));
    }
    if (h.odaccess && h.odaccess->drda_port && !h.odaccess->drda_port->tls) {
      auto id = h.odaccess->drda_port->id;
      add(Severity::High, "CONNECT-NO-TLS", area, fmt::format("{} DRDAPORT {}", m, id),
          fmt::format("The DRDA port {} is plain TCP: database sign-ons cross the network in the clear.", id),
          h.sslenvar.empty() ? fmt::format("{}: TCPIP (SSLENVAR={}) and {}: PORT=({})", m, tls_member, tls_member, id)
                             : fmt::format("{}: PORT=({})", tls_member, id));
    }
    if (h.tls && h.tls->client_auth == connect::TlsEnv::ClientAuth::None)
      add(Severity::Info, "CONNECT-TLS-NO-CLIENT-CERT", area, tls_member,
          "TLS without client certificates: clients prove who they are with passwords only.",
          fmt::format("{}: CLIENTAUTH=OPTIONAL (with CA=)", tls_member));
    if (h.uidcache && h.uidage > 3600)
      add(h.uidage > 86400 ? Severity::Medium : Severity::Low, "CONNECT-UIDAGE", area, m,
          h.uidage == 2147483647
              ? std::string("UIDCACHE=Y without UIDAGE=: a cached sign-on never ages out of IMS Connect's cache.")
              : fmt::format("UIDCACHE=Y with UIDAGE={}: a cached sign-on is trusted for {} hours.", h.uidage,
                            h.uidage / 3600),
          fmt::format("{}: HWS (UIDCACHE=Y,UIDAGE=600)", m));
    if (!h.racfid.empty())
      add(Severity::Info, "CONNECT-RACFID", area, m,
          fmt::format("TCPIP RACFID={}: IMS Connect's own user ID; keep its access to what IMS Connect needs.", h.racfid),
          "");
    for (const auto& ds : h.datastores)
      if (!ds.appl.empty() && !ds.pin_appl)
        add(Severity::Low, "CONNECT-PINAPPL-N", area, fmt::format("{} DATASTORE {}", m, ds.id),
            fmt::format("PINAPPL=N: a client may name any PassTicket application for data store {}, not only {}.",
                        ds.id, ds.appl),
            fmt::format("{}: DATASTORE (ID={},...,APPL={},PINAPPL=Y)", m, ds.id, ds.appl));
    trusted_clients(h.id);
  }

  // Users holding READ to FACILITY HWS.<id>.TRUSTED, as saf decides it (connect/authenticator).
  void trusted_clients(const std::string& hws_id) {
    const std::string resource = "HWS." + hws_id + ".TRUSTED";
    for (const auto& [id, u] : in_.db.users) {
      saf::AceeRef acee = in_.acee ? in_.acee(id) : nullptr;
      if (!acee) continue;
      saf::Decision d = in_.snapshot.check(*acee, "FACILITY", resource, Access::Read);
      if (d.rc != saf::kRcAllowed) continue;
      add(Severity::Medium, "CONNECT-TRUSTED", kAreas[5], id,
          fmt::format("{} is a trusted client of IMS Connect {} (READ to FACILITY {}, {}): with its certificate it "
                      "may send messages as any user ID, without a password.",
                      id, hws_id, d.profile, via(d)),
          refreshed("FACILITY", revoke_fix(d, "FACILITY", id)));
    }
  }

  // The command that takes away what decision `d` granted user `id`.
  static std::string revoke_fix(const saf::Decision& d, const std::string& cls, const std::string& id) {
    switch (d.reason) {
      case saf::Reason::UserEntry: return fmt::format("PERMIT {} CLASS({}) ID({}) DELETE", d.profile, cls, id);
      case saf::Reason::GroupEntry:
        return fmt::format("REMOVE {} GROUP({})", id, d.entry);
      case saf::Reason::IdStar: return fmt::format("PERMIT {} CLASS({}) ID(*) DELETE", d.profile, cls);
      case saf::Reason::Uacc: return fmt::format("RALTER {} {} UACC(NONE)", cls, d.profile);
      case saf::Reason::Warning: return fmt::format("RALTER {} {} NOWARNING", cls, d.profile);
      default: return fmt::format("PERMIT {} CLASS({}) ID({}) DELETE", d.profile, cls, id);
    }
  }

  static std::string via(const saf::Decision& d) {
    switch (d.reason) {
      case saf::Reason::UserEntry: return "USER";
      case saf::Reason::GroupEntry: return "GROUP " + d.entry;
      case saf::Reason::ConditionalEntry: return "WHEN " + d.entry;
      case saf::Reason::IdStar: return "ID(*)";
      case saf::Reason::Uacc: return "UACC";
      case saf::Reason::Warning: return "WARNING";
      case saf::Reason::ClassInactive: return "CLASS INACTIVE";
      case saf::Reason::ClassNotDefined: return "CLASS NOT DEFINED";
      case saf::Reason::NoProfile: return "NO PROFILE";
      case saf::Reason::Restricted: return "RESTRICTED";
    }
    return "?";
  }

  // ---- OTMA and the transaction manager (DFSPB) ---------------------------------------------
  void otma_posture(const ProclibPosture& pl) {
    const char* area = kAreas[6];
    if (!pl.dfspb) return;
    const otma::Dfspb& d = *pl.dfspb;
    const std::string& m = pl.dfspb_member;
    using otma::SecurityLevel;
    // The levels below CHECK: what RACF is not asked, and what that does to the matrix.
    struct Weak {
      SecurityLevel level;
      Severity severity;
      const char* check;
      const char* text;
      const char* note;
    };
    static constexpr Weak kWeak[] = {
        {SecurityLevel::None, Severity::High, "OTMA-OTMASE-NONE",
         "OTMASE=N: RACF is not called for OTMA messages at all: no client-bid check, no user ID check, no TIMS or "
         "CIMS check.",
         "OTMASE=N: OTMA does not ask RACF, so every client that reaches IMS Connect runs every transaction, "
         "whatever the table says."},
        {SecurityLevel::Join, Severity::High, "OTMA-OTMASE-JOIN",
         "OTMASE=J: only the client-bid is checked (FACILITY IMSXCF.group.member); transactions and commands are not "
         "checked against TIMS and CIMS.",
         "OTMASE=J: OTMA checks the client-bid only, so every user a client names runs every transaction, whatever "
         "the table says."},
        {SecurityLevel::Profile, Severity::Medium, "OTMA-OTMASE-PROFILE",
         "OTMASE=P: each message's prefix says whether RACF is called, so the client decides its own checking.",
         "OTMASE=P: the table holds for messages whose prefix asks for CHECK or FULL only."},
    };
    for (const Weak& w : kWeak) {
      if (w.level != d.otma.level) continue;
      add(w.severity, w.check, area, m, w.text, m + ": OTMASE=F");
      r_.transaction_note = w.note;
    }
    if (d.isis == tm::Isis::None)
      add(Severity::Medium, "TM-ISIS-N", area, m,
          "ISIS=N: a dependent region may schedule any PSB; RACF is not asked (class IIMS).", m + ": ISIS=R");
    if (d.otma.level == SecurityLevel::None) return;
    // The client-bid: with no IMSXCF.<group>.<member> profile, any member may join the XCF group.
    const saf::ClassIndex* facility = in_.snapshot.class_index("FACILITY");
    const bool facility_active = opts_.classact.contains("FACILITY");
    const bool generic = opts_.generic.contains("FACILITY");
    for (const auto& ds : pl.hws.datastores) {
      std::string name = "IMSXCF." + ds.group + "." + ds.member;
      const bool defined = facility && facility->find(name, generic);
      if (facility_active && defined) continue;
      std::string who = pl.hws.racfid.empty() ? "userid" : pl.hws.racfid;
      std::string fix = facility_active ? "" : "SETROPTS CLASSACT(FACILITY)";
      if (!defined)
        fix += fmt::format("{}RDEFINE FACILITY {} UACC(NONE)\nPERMIT {} CLASS(FACILITY) ID({}) ACCESS(READ)",
                           fix.empty() ? "" : "\n", name, name, who);
      add(Severity::Medium, "OTMA-CLIENT-BID", area, "FACILITY " + name,
          fmt::format("{}: any program may join XCF group {} as OTMA member {} and send IMS transactions.",
                      defined ? "Class FACILITY is not active, so " + name + " protects nothing"
                              : "No FACILITY profile protects " + name,
                      ds.group, ds.member),
          defined ? fix : refreshed("FACILITY", fix));
    }
  }

  // ---- who can run each transaction -------------------------------------------------------
  void transactions() {
    std::map<std::string, bool> codes;  // code -> in stage-1
    if (in_.proclib)
      for (const auto& t : in_.proclib->transactions) codes[t.code] = true;
    if (auto it = in_.db.profiles.find("TIMS"); it != in_.db.profiles.end())
      for (const auto& [name, p] : it->second)
        if (!p.generic()) codes.emplace(name, false);
    if (auto it = in_.db.profiles.find("GIMS"); it != in_.db.profiles.end())
      for (const auto& [_, p] : it->second)
        for (const auto& m : p.members)
          if (m.find_first_of("*%") == std::string::npos) codes.emplace(m, false);

    // Every user who could sign on, with the ACEE saf would give it.
    std::vector<std::pair<std::string, saf::AceeRef>> users;
    for (const auto& [id, _] : in_.db.users)
      if (auto a = in_.acee ? in_.acee(id) : nullptr) users.emplace_back(id, a);

    const saf::ClassIndex* tims = in_.snapshot.class_index("TIMS");
    const bool generic = opts_.generic.contains("TIMS");
    const bool active = opts_.classact.contains("TIMS");
    for (const auto& [code, stage1] : codes) {
      TransactionAccess t;
      t.code = code;
      t.in_stage1 = stage1;
      const saf::CompiledProfile* cp = active && tims ? tims->find(code, generic) : nullptr;
      if (cp) {
        t.profile = cp->profile_class + " " + cp->profile_name + (cp->generic ? " (G)" : "") +
                    (cp->profile_class != "TIMS" ? " (member)" : "");
        t.uacc = saf::access_name(cp->uacc);
        t.warning = cp->warning;
      }
      t.everyone = !cp || cp->uacc >= Access::Read || cp->warning;
      for (const auto& [id, acee] : users) {
        saf::Decision d = in_.snapshot.check(*acee, "TIMS", code, Access::Read);
        if (d.allowed()) t.grants.push_back({id, via(d)});
      }
      if (!cp && stage1 && active)
        add(Severity::Medium, "TRAN-UNPROTECTED", kAreas[7], "TIMS " + code,
            fmt::format("Transaction {} has no TIMS profile: RACF answers \"not protected\" and OTMA lets every user "
                        "run it.",
                        code),
            refreshed("TIMS", fmt::format("RDEFINE TIMS {} UACC(NONE)\nPERMIT {} CLASS(TIMS) ID(group) ACCESS(READ)",
                                          code, code)));
      r_.transactions.push_back(std::move(t));
    }
  }

  const ReportInput& in_;
  const saf::Options& opts_;
  Report r_;
};

}  // namespace

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::High: return "HIGH";
    case Severity::Medium: return "MEDIUM";
    case Severity::Low: return "LOW";
    case Severity::Info: return "INFO";
  }
  return "?";
}

std::size_t Report::count(Severity s) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [s](const Finding& f) { return f.severity == s; }));
}

std::string report_date(std::int64_t t) { return t == 0 ? std::string("NEVER") : audit::format_time(t).substr(0, 10); }

const std::vector<std::string>& report_areas() {
  static const std::vector<std::string> areas(std::begin(kAreas), std::end(kAreas));
  return areas;
}

Report build_report(const ReportInput& in) { return Builder(in).run(); }

Report build_report(saf::SecurityManager& sm, const ProclibPosture* proclib, std::int64_t now) {
  saf::Database db = sm.read([](const saf::Database& d) { return d; });
  saf::SnapshotRef snap = sm.snapshot();
  ReportInput in{db, *snap, [&sm](const std::string& id) { return sm.acee_for(id); }, proclib, now};
  return build_report(in);
}

}  // namespace zgate::watch
