// RACROUTE REQUEST=VERIFY: sign-on with a password, a password phrase or a PassTicket, and the
// ACEE that results. The order of the checks: the user must be defined and not revoked (nor
// unused for longer than SETROPTS INACTIVE(n), which revokes it now); then
// the credential (a PROTECTED user has none to give); then connected to (and not revoked in)
// the group; then expiry and a change of password; then the application. Every outcome writes
// an SMF 80 event 1 record (docs/decisions.md, "VERIFY", says why this order).
#include <sodium.h>

#include <algorithm>

#include "core/bytes.h"
#include "core/text.h"
#include "saf/passticket.h"
#include "saf/secret_rules.h"
#include "saf/security_manager.h"

namespace zgate::saf {
namespace {

struct Outcome {
  int rc;
  std::uint8_t qualifier;
  const char* text;
};

// SETROPTS INACTIVE(n): the day from which a user's unused days count. IBM ("Revoking unused
// user IDs (INACTIVE option)"): the last access, which for a user never used is the creation
// date; a password or phrase change by any method counts as use; and ALTUSER RESUME "resets
// the effective date with which the period of inactivity starts" (an immediate RESUME, or a
// RESUME(date) that has arrived).
std::int64_t inactive_since(const User& u, std::int64_t now) {
  std::int64_t since = std::max({u.last_access, u.created, u.password_date, u.phrase_date, u.resumed});
  if (u.resume_date > 0 && u.resume_date <= now) since = std::max(since, u.resume_date);
  return since;
}

bool in_history(const std::vector<std::string>& history, std::size_t depth, std::string_view secret) {
  for (std::size_t i = 0; i < history.size() && i < depth; ++i)
    if (SecurityManager::secret_matches(history[i], secret)) return true;
  return false;
}

}  // namespace

AceeRef SecurityManager::build_acee_locked(const User& u, const std::string& group,
                                           const VerifyRequest* req) const {
  auto a = std::make_shared<Acee>();
  std::int64_t now = clock_.now();
  a->user = u.id;
  a->group = group;
  a->name = u.name;
  for (const auto& c : u.connects)
    if (!revoked_at(c.revoked, c.revoke_date, c.resume_date, now)) a->groups.push_back(c.group);
  std::sort(a->groups.begin(), a->groups.end());
  a->special = u.special;
  a->operations = u.operations;
  a->auditor = u.auditor;
  a->restricted = u.restricted;
  a->created = now;
  if (req) {
    a->appl = core::upper(req->appl);
    a->terminal = req->terminal;
  }
  auto it = user_versions_.find(u.id);
  a->user_version = it == user_versions_.end() ? 0 : it->second;
  return a;
}

const Profile* SecurityManager::ptktdata_profile_locked(const std::string& user, const std::string& group,
                                                        const std::string& appl) const {
  // PTKTDATA profile precedence (discrete names only): APPL.GROUP.USER, APPL.USER, APPL.GROUP, APPL.
  const std::string candidates[] = {appl + "." + group + "." + user, appl + "." + user,
                                    appl + "." + group, appl};
  for (const auto& name : candidates) {
    const Profile* p = db_.profile("PTKTDATA", name);
    if (p && p->ssignon && (!p->ssignon->legacy_key.empty() || !p->ssignon->enhanced_key.empty()))
      return p;
  }
  return nullptr;
}

AceeRef SecurityManager::acee_for(const std::string& raw_user, const std::string& raw_group,
                                  bool even_if_revoked) {
  std::string id = core::upper(raw_user);
  std::lock_guard lk(mu_);
  const User* u = db_.user(id);
  if (!u) return nullptr;
  std::int64_t now = clock_.now();
  if (!even_if_revoked && revoked_at(u->revoked, u->revoke_date, u->resume_date, now)) return nullptr;
  std::string group = raw_group.empty() ? u->default_group : core::upper(raw_group);
  const Connect* c = u->connect(group);
  if (!c) return nullptr;
  if (!even_if_revoked && revoked_at(c->revoked, c->revoke_date, c->resume_date, now)) return nullptr;
  return build_acee_locked(*u, group, nullptr);
}

bool SecurityManager::check_secret(const std::string& hash, std::string_view secret) {
  if (hash.empty()) {
    dummy_hash_check(secret);
    return false;
  }
  ++credential_hashes_;
  return secret_matches(hash, secret);
}

void SecurityManager::dummy_hash_check(std::string_view secret) {
  // A hash of a random secret with this manager's Argon2id cost, made once: checking against it
  // costs what checking a real user's hash costs, and never matches.
  std::call_once(dummy_once_, [&] {
    core::Bytes junk(32);
    randombytes_buf(junk.data(), junk.size());
    dummy_hash_ = hash_secret(core::to_hex(junk));
    core::secure_wipe(junk.data(), junk.size());
  });
  ++credential_hashes_;
  (void)secret_matches(dummy_hash_, secret);
}

bool SecurityManager::record_failures_locked(const std::string& id, int n) {
  User* cur = db_.users.contains(id) ? &db_.users[id] : nullptr;
  if (!cur) return false;
  User changed = *cur;
  changed.failed_attempts += n;
  bool revoked_now = false;
  int limit = db_.options.password.revoke;
  // A SPECIAL user is not revoked (RACF asks the operator, ICH301I/ICH302D).
  if (limit > 0 && changed.failed_attempts >= limit && !changed.special && !changed.revoked) {
    changed.revoked = true;
    changed.revoke_date = 0;
    changed.resume_date = 0;
    revoked_now = true;
  }
  write_user_locked(changed);  // throws when the store cannot write: the caller fails closed
  return revoked_now;
}

VerifyResult SecurityManager::verify(const VerifyRequest& req) {
  const std::int64_t now = clock_.now();
  const std::string id = core::upper(req.user);
  VerifyResult result;
  const bool has_credential = !req.password.empty() || !req.phrase.empty();

  audit::Event ev;
  ev.code = audit::EventCode::JobInit;
  ev.user = id;
  ev.component = req.component;
  ev.appl = core::upper(req.appl);
  ev.terminal = req.terminal;

  // `why` is for the audit record only; the caller (and so the client) sees o.text, which never
  // says more than RACF's return code does.
  auto finish = [&](Outcome o, std::string_view why = {}) {
    result.rc = o.rc;
    result.message = o.text;
    if (o.rc != kVerifyOk) {  // ICH70002I goes with a sign-on only
      result.expires_in_days = -1;
      result.warning.clear();
    }
    ev.qualifier = o.qualifier;
    ev.violation = o.rc != kVerifyOk;
    ev.racf_rc = o.rc;
    ev.detail = why.empty() ? std::string(o.text) : std::string(why);
    if (result.passticket && o.rc == kVerifyOk) ev.detail += " (PASSTICKET)";
    audit(ev);
    return result;
  };
  const Outcome not_authorized{kVerifyBadPassword, audit::verify_q::kInvalidPassword, "PASSWORD NOT AUTHORIZED"};

  // ---- who is it, and may they sign on at all ----
  User u;
  bool mixedcase = false;
  const Profile* ptkt = nullptr;
  SsignOn keys;
  bool replay_protected = true;
  std::string inactive_note;  // a SPECIAL user past SETROPTS INACTIVE(n), for the success record
  {
    // Catch up with other processes first (one PRAGMA when nothing changed): a REVOKE issued by
    // `zgate racf` refuses the next sign-on, without waiting for the watcher's tick.
    Notices n(*this);
    std::lock_guard lk(mu_);
    catch_up_locked(n);
    const User* found = db_.user(id);
    if (!found || !racf_id_valid(id)) {
      // Often a password typed into the user ID field: the record keeps its length and a keyed
      // hash, so repeated attempts still correlate, never the text.
      ev.user = masked_user_locked(core::upper(req.user));
    } else {
      // Failed attempts the store could not record: no sign-on until they are written (fail
      // closed), or the count would never reach REVOKE(n) while the disk is full.
      if (auto p = unrecorded_failures_.find(id); p != unrecorded_failures_.end()) {
        try {
          if (record_failures_locked(id, p->second)) n.ids.push_back(id);
          unrecorded_failures_.erase(p);
        } catch (const std::exception& e) {
          return finish(not_authorized, "SIGN-ON REFUSED: " + std::to_string(p->second) +
                                            " FAILED ATTEMPT(S) NOT YET RECORDED: " + e.what());
        }
      }
      u = *db_.user(id);
      mixedcase = db_.options.password.mixedcase;
    }
    if (!u.id.empty()) {
      // Told without the credential being looked at, as RACF does (docs/decisions.md).
      if (revoked_at(u.revoked, u.revoke_date, u.resume_date, now))
        return finish({kVerifyRevoked, audit::verify_q::kRevokedUser, "USER ID IS REVOKED"});
      // SETROPTS INACTIVE(n): unused for more than n days, revoked now and for good (until
      // ALTUSER RESUME), before the credential is looked at, as any revoked user. PROTECTED
      // users are exempt; a SPECIAL user is not revoked (RACF asks the operator, ICH303I and
      // ICH304D, as for REVOKE(n)). docs/decisions.md, "SETROPTS INACTIVE".
      if (const int limit = db_.options.inactive; limit > 0 && !u.is_protected()) {
        const std::int64_t since = inactive_since(u, now);
        if (core::day_number(now) - core::day_number(since) > limit) {
          std::string why = "INACTIVE INTERVAL OF " + std::to_string(limit) + " DAYS EXCEEDED (LAST USED " +
                            core::racf_julian_date(since) + ")";
          if (u.special) {
            inactive_note = "; " + why + " BY SPECIAL USER (ICH303I): NOT REVOKED";
          } else {
            User changed = u;
            changed.revoked = true;
            changed.revoke_date = 0;
            changed.resume_date = 0;
            why = "USER ID REVOKED: " + why;
            try {
              write_user_locked(changed);
              n.ids.push_back(id);
            } catch (const std::exception& e) {
              why += "; THE REVOKE COULD NOT BE RECORDED: " + std::string(e.what());
            }
            return finish({kVerifyRevoked, audit::verify_q::kRevokedUser, "USER ID IS REVOKED"}, why);
          }
        }
      }
      std::string group = req.group.empty() ? u.default_group : core::upper(req.group);
      if (!req.appl.empty() && db_.options.classact.contains("PTKTDATA")) {
        ptkt = ptktdata_profile_locked(id, group, core::upper(req.appl));
        if (ptkt) {
          keys = *ptkt->ssignon;
          replay_protected = core::upper(ptkt->appldata).find("NO REPLAY PROTECTION") == std::string::npos &&
                             (keys.enhanced_key.empty() || keys.enhanced_replay);
        }
      }
    }
  }
  if (u.id.empty()) {
    if (req.check_credential && has_credential)
      dummy_hash_check(!req.password.empty() ? req.password.reveal() : req.phrase.reveal());
    return finish({kVerifyUndefinedUser, audit::verify_q::kUndefinedUser, "USER ID NOT DEFINED TO RACF"});
  }
  const std::string group = req.group.empty() ? u.default_group : core::upper(req.group);
  ev.group = group;

  // ---- the credential (the Argon2id work happens here, outside the lock) ----
  // Before the group: a wrong group with a wrong password answers 08, so RC 14 cannot tell who
  // is connected where to someone without the password (docs/decisions.md, Order of checks).
  if (req.check_credential) {
    // PROTECTED (no password, no phrase): no sign-on by password, phrase or PassTicket, and no
    // attempt counts toward REVOKE(n): IBM, "Defining protected user IDs" (docs/decisions.md).
    // The dummy hash makes the refusal take as long as a wrong password's.
    if (u.is_protected()) {
      if (has_credential) dummy_hash_check(!req.password.empty() ? req.password.reveal() : req.phrase.reveal());
      return finish(not_authorized, "PROTECTED USER ID: NO SIGN-ON WITH A PASSWORD, PHRASE OR PASSTICKET");
    }
    bool ok = false;
    bool by_phrase = false;
    bool expired = false;
    std::int64_t expires_in = 0;  // days, when SETROPTS PASSWORD(WARNING(n)) says to warn
    if (!req.password.empty()) {
      std::string pw(req.password.reveal());
      std::string folded = core::upper(pw);
      // PassTickets are checked before the Argon2id hash when the application has a key:
      // the outcome is the one RACF gives (a PassTicket never equals a valid password by
      // more than chance) and a PassTicket sign-on does not pay for a password hash.
      if (ptkt && !u.password_hash.empty()) {
        // Legacy and UPPER tickets are upper case; a MIXED enhanced ticket is compared as sent.
        const std::string& as_sent =
            !keys.enhanced_key.empty() && keys.enhanced_type == PassTicketType::Mixed ? pw : folded;
        if (auto gen = passticket::evaluate(keys, as_sent, id, core::upper(req.appl), now)) {
          // Recorded in the security database before it counts, so that neither a restart nor
          // another process sharing the database accepts it again; refused if it cannot be.
          TicketUse use = !replay_protected
                              ? TicketUse::First
                              : record_passticket_use(id, core::upper(req.appl), as_sent,
                                                      *gen + std::max(passticket::kLegacyWindowSeconds, keys.enhanced_timeout) + 1,
                                                      now);
          if (use != TicketUse::First) {
            core::secure_wipe(pw.data(), pw.size());
            core::secure_wipe(folded.data(), folded.size());
            result.passticket = false;
            return finish({kVerifyBadPassword, audit::verify_q::kInvalidPassword,
                           use == TicketUse::Replay ? "PASSTICKET ALREADY USED (REPLAY)"
                                                    : "PASSTICKET REFUSED: ITS USE COULD NOT BE RECORDED"});
          }
          ok = true;
          result.passticket = true;
        }
      }
      if (!ok) {
        ok = check_secret(u.password_hash, mixedcase ? std::string_view(pw) : std::string_view(folded));
        // Under MIXEDCASE, a password set before it was switched on is stored in upper case.
        if (!ok && mixedcase && pw != folded) ok = check_secret(u.password_hash, folded);
      }
      core::secure_wipe(pw.data(), pw.size());
      core::secure_wipe(folded.data(), folded.size());
    } else if (!req.phrase.empty()) {
      by_phrase = true;
      ok = check_secret(u.phrase_hash, req.phrase.reveal());
    }

    if (!ok) {
      bool revoked_now = false;
      std::string unrecorded;
      {
        Notices n(*this);
        std::lock_guard lk(mu_);
        catch_up_locked(n);  // count the failure on the latest record, not over another's change
        try {
          revoked_now = record_failures_locked(id, 1);
        } catch (const std::exception& e) {
          // Fail closed: keep the attempt in memory and refuse this user's sign-ons until it is
          // written (the next VERIFY tries again), and say so in the audit record.
          ++unrecorded_failures_[id];
          unrecorded = e.what();
        }
      }
      const char* text = has_credential ? "PASSWORD NOT AUTHORIZED" : "NO PASSWORD GIVEN";
      if (!unrecorded.empty())
        return finish({kVerifyBadPassword, audit::verify_q::kInvalidPassword, text},
                      std::string(text) + "; FAILED ATTEMPT NOT RECORDED, SIGN-ON REFUSED UNTIL IT IS: " + unrecorded);
      if (revoked_now) {
        notify_user_changed(id);
        return finish({kVerifyBadPassword, audit::verify_q::kAutoRevoked,
                       "PASSWORD NOT AUTHORIZED; USER ID REVOKED AFTER EXCESSIVE ATTEMPTS"});
      }
      return finish({kVerifyBadPassword, audit::verify_q::kInvalidPassword, text});
    }

    // ---- the group, now that the user has proved who they are ----
    {
      std::lock_guard lk(mu_);
      const User* cur = db_.user(id);
      const Connect* c = cur ? cur->connect(group) : nullptr;
      if (!c) return finish({kVerifyNotInGroup, audit::verify_q::kInvalidGroup, "USER NOT CONNECTED TO GROUP"});
      if (revoked_at(c->revoked, c->revoke_date, c->resume_date, now))
        return finish({kVerifyRevokedInGroup, audit::verify_q::kRevokedUser, "USER ID IS REVOKED IN GROUP"});
    }

    // ---- expiry and change (a PassTicket sign-on does not look at the password's age) ----
    if (!result.passticket) {
      std::lock_guard lk(mu_);
      const int interval = u.password_interval >= 0 ? u.password_interval : db_.options.password.interval;
      const std::int64_t set = by_phrase ? u.phrase_date : u.password_date;
      const std::int64_t left = set + std::int64_t{interval} * 86400 - now;  // seconds of life left
      expired = (by_phrase ? u.phrase_expired : u.password_expired) || (interval > 0 && left < 0);
      // Days left, a part of a day counting as a day: 1 on the last day.
      if (const int warning = db_.options.password.warning; !expired && interval > 0 && warning > 0) {
        const std::int64_t days = (left + 86399) / 86400;
        if (days <= warning) expires_in = std::max<std::int64_t>(days, 1);
      }
    }
    const core::SecretString& fresh = by_phrase ? req.new_phrase : req.new_password;
    if (expired && fresh.empty())
      return finish({kVerifyExpired, audit::verify_q::kInvalidPassword, "PASSWORD HAS EXPIRED"});
    // SETROPTS PASSWORD(WARNING(n)): RC 0 with ICH70002I when the password (or phrase) just
    // used expires within n days, unless this sign-on replaces it.
    if (!expired && expires_in > 0 && fresh.empty()) {
      result.expires_in_days = static_cast<int>(expires_in);
      result.warning = "ICH70002I YOUR PASSWORD " + std::string(by_phrase ? "PHRASE " : "") + "WILL EXPIRE IN " +
                       std::to_string(expires_in) + " DAYS";
    }
    if (!fresh.empty() && !result.passticket) {
      std::string nv(fresh.reveal());
      if (!by_phrase && !mixedcase) nv = core::upper(nv);
      std::size_t depth;
      {
        std::lock_guard lk(mu_);
        depth = static_cast<std::size_t>(std::max(1, db_.options.password.history + 1));
      }
      const auto& hist = by_phrase ? u.phrase_history : u.password_history;
      const std::string& current = by_phrase ? u.phrase_hash : u.password_hash;
      bool syntax = by_phrase ? phrase_syntax_ok(nv, id) : password_syntax_ok(nv, mixedcase);
      if (!syntax || secret_matches(current, nv) || in_history(hist, depth, nv)) {
        core::secure_wipe(nv.data(), nv.size());
        return finish({kVerifyBadNewPassword, audit::verify_q::kInvalidPassword, "NEW PASSWORD IS NOT VALID"});
      }
      std::string h = hash_secret(nv);
      core::secure_wipe(nv.data(), nv.size());
      Notices n(*this);
      std::lock_guard lk(mu_);
      catch_up_locked(n);
      if (db_.users.contains(id)) {
        User changed = db_.users[id];
        auto& ch_hist = by_phrase ? changed.phrase_history : changed.password_history;
        auto& ch_hash = by_phrase ? changed.phrase_hash : changed.password_hash;
        if (!ch_hash.empty()) ch_hist.insert(ch_hist.begin(), ch_hash);
        if (ch_hist.size() > 32) ch_hist.resize(32);
        ch_hash = h;
        (by_phrase ? changed.phrase_date : changed.password_date) = now;
        (by_phrase ? changed.phrase_expired : changed.password_expired) = false;
        write_user_locked(changed);
        // Caches of verified credentials (UIDCACHE, the OTMA userid cache) must forget the
        // old password now, not when they age out.
        n.ids.push_back(id);
      }
    }
  } else {
    // No credential to check (a trusted caller): the group as RACF checks it.
    std::lock_guard lk(mu_);
    const Connect* c = u.connect(group);
    if (!c) return finish({kVerifyNotInGroup, audit::verify_q::kInvalidGroup, "USER NOT CONNECTED TO GROUP"});
    if (revoked_at(c->revoked, c->revoke_date, c->resume_date, now))
      return finish({kVerifyRevokedInGroup, audit::verify_q::kRevokedUser, "USER ID IS REVOKED IN GROUP"});
  }

  // ---- the application (APPL class), then success ----
  AceeRef acee;
  {
    Notices n(*this);
    std::lock_guard lk(mu_);
    catch_up_locked(n);
    const User* cur = db_.user(id);
    if (!cur) return finish({kVerifyUndefinedUser, audit::verify_q::kUndefinedUser, "USER ID NOT DEFINED TO RACF"});
    // Revoked by another process while the credential was being checked.
    if (revoked_at(cur->revoked, cur->revoke_date, cur->resume_date, now))
      return finish({kVerifyRevoked, audit::verify_q::kRevokedUser, "USER ID IS REVOKED"});
    acee = build_acee_locked(*cur, group, &req);
    if (cur->failed_attempts != 0 || core::day_number(cur->last_access) != core::day_number(now)) {
      User changed = *cur;
      changed.failed_attempts = 0;
      changed.last_access = now;
      if (auto* c = changed.connect(group)) {
        c->last_connect = now;
        ++c->connect_count;
      }
      // A store that cannot take the statistics does not refuse a proven user: the count of
      // failures stays as it was (higher, never lower), which is the safe side.
      try {
        write_user_locked(changed);
        acee = build_acee_locked(changed, group, &req);
      } catch (const std::exception&) {
      }
    }
  }
  if (!req.appl.empty()) {
    Decision d = snapshot()->check(*acee, "APPL", core::upper(req.appl), Access::Read);
    if (d.rc == kRcDenied)
      return finish({kVerifyNotAuthorizedToAppl, audit::verify_q::kInvalidApplication,
                     "USER NOT AUTHORIZED TO THE APPLICATION"});
  }
  result.acee = acee;
  std::string note = inactive_note;
  if (!result.warning.empty()) note += "; " + result.warning;
  return finish({kVerifyOk, audit::verify_q::kSuccess, "SUCCESSFUL INITIATION"},
                note.empty() ? std::string_view{} : "SUCCESSFUL INITIATION" + note);
}

std::optional<std::string> SecurityManager::generate_passticket(const std::string& raw_user,
                                                                const std::string& raw_appl,
                                                                TicketKind kind, std::string* why) {
  std::string id = core::upper(raw_user), appl = core::upper(raw_appl);
  SsignOn keys;
  {
    std::lock_guard lk(mu_);
    const User* u = db_.user(id);
    const Profile* p = ptktdata_profile_locked(id, u ? u->default_group : std::string(), appl);
    if (!p) {
      if (why) *why = "no PTKTDATA profile with a key applies to application " + appl;
      return std::nullopt;
    }
    keys = *p->ssignon;
  }
  // IBM's generator (RCVTPTGN) returns an enhanced PassTicket when the profile has both keys.
  bool enhanced = kind == TicketKind::Enhanced || (kind == TicketKind::Auto && !keys.enhanced_key.empty());
  core::Bytes key;
  const std::string& hex = enhanced ? keys.enhanced_key : keys.legacy_key;
  if (hex.empty() || !core::from_hex(hex, key)) {
    if (why) *why = std::string("the PTKTDATA profile has no ") + (enhanced ? "enhanced" : "legacy") + " key";
    return std::nullopt;
  }
  std::optional<std::string> t;
  try {
    t = enhanced ? passticket::generate_enhanced(key, id, appl, clock_.now(), keys.enhanced_type)
                 : passticket::generate_legacy(key, id, appl, clock_.now());
  } catch (const std::invalid_argument& e) {
    if (why) *why = e.what();
  }
  core::secure_wipe(key.data(), key.size());
  return t;
}

}  // namespace zgate::saf
