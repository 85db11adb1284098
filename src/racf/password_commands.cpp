// PASSWORD (PW) and its alias PHRASE: users change their own password or phrase, and set a
// change interval for themselves or, with authority, for others.
#include <algorithm>
#include <array>

#include "core/clock.h"
#include "racf/commands.h"
#include "racf/messages.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 5> kKeywords = {"PASSWORD", "PHRASE", "USER", "INTERVAL", "NOINTERVAL"};
constexpr std::array<std::string_view, 2> kSecrets = {"PASSWORD", "PHRASE"};

// A secret and its history: the new one must differ from the current one and from the last
// `keep` ones (SETROPTS PASSWORD(HISTORY(n)), which covers passwords and phrases alike).
bool reused(const std::string& current_hash, const std::vector<std::string>& history, int keep,
            std::string_view candidate) {
  if (!current_hash.empty() && saf::SecurityManager::secret_matches(current_hash, candidate)) return true;
  for (int i = 0; i < keep && i < static_cast<int>(history.size()); ++i)
    if (saf::SecurityManager::secret_matches(history[static_cast<std::size_t>(i)], candidate)) return true;
  return false;
}

void remember(std::string& current_hash, std::vector<std::string>& history, int keep, std::string new_hash) {
  if (!current_hash.empty() && keep > 0) history.insert(history.begin(), current_hash);
  if (history.size() > static_cast<std::size_t>(std::max(keep, 0))) history.resize(static_cast<std::size_t>(std::max(keep, 0)));
  current_hash = std::move(new_hash);
}

// PASSWORD(current new) or PHRASE('current' 'new') for the issuer.
bool change_own(Context& ctx, const Token& t, bool phrase, saf::User& u) {
  if (t.args.size() != 2 || t.args[0].has_args || t.args[1].has_args) {
    ctx.syntax(msg::invalid(phrase ? "PHRASE" : "PASSWORD", "********"));
    return false;
  }
  std::string cur = phrase ? t.args[0].text : password_text(ctx, t.args[0]);
  std::string neu = phrase ? t.args[1].text : password_text(ctx, t.args[1]);
  const std::string& hash = phrase ? u.phrase_hash : u.password_hash;
  if (hash.empty() || !saf::SecurityManager::secret_matches(hash, cur)) {
    ctx.refuse(phrase ? msg::kPhraseInvalid : msg::kPasswordInvalid);
    return false;
  }
  if (phrase ? !phrase_valid(neu, u.id) : !password_valid(ctx, neu)) {
    ctx.syntax(phrase ? msg::kPhraseRejected : msg::kPasswordSyntax);
    return false;
  }
  const auto& rules = ctx.opts.password;
  std::int64_t set_on = phrase ? u.phrase_date : u.password_date;
  bool expired = phrase ? u.phrase_expired : u.password_expired;
  // MINCHANGE(n): not again within n days, unless the secret has expired.
  if (!expired && rules.min_change > 0 && core::day_number(ctx.now()) - core::day_number(set_on) < rules.min_change) {
    ctx.fail(msg::kPasswordTooSoon);
    return false;
  }
  if (reused(hash, phrase ? u.phrase_history : u.password_history, rules.history, neu)) {
    ctx.fail(phrase ? msg::kPhraseInHistory : msg::kPasswordInHistory);
    return false;
  }
  std::string new_hash = ctx.sm.hash_secret(neu);
  if (phrase) {
    remember(u.phrase_hash, u.phrase_history, rules.history, std::move(new_hash));
    u.phrase_date = ctx.now();
    u.phrase_expired = false;
  } else {
    remember(u.password_hash, u.password_history, rules.history, std::move(new_hash));
    u.password_date = ctx.now();
    u.password_expired = false;
  }
  return true;
}

void run_password(Context& ctx, const Operands& ops) {
  bool interval_change = ops.has("INTERVAL") || ops.has("NOINTERVAL");
  if (!interval_change && !ops.find("PASSWORD") && !ops.find("PHRASE")) return ctx.syntax(msg::missing("PASSWORD OR PHRASE"));
  if (ops.has("USER") && !interval_change) return ctx.syntax(msg::missing("INTERVAL"));

  int interval = 0;  // NOINTERVAL: the password never expires
  if (ops.has("INTERVAL")) {
    auto n = number_operand(ctx, ops, "INTERVAL", 1, 254);
    if (!n) return;
    if (*n > ctx.opts.password.interval) return ctx.fail(msg::interval_too_long(ctx.opts.password.interval));
    interval = *n;
  }

  // The issuer's own changes first (one put_user for all of them).
  saf::User me = ctx.me;
  bool mine = false;
  for (std::string_view kw : kSecrets) {
    const Token* t = ops.find(kw);
    if (!t) continue;
    if (!change_own(ctx, *t, kw == "PHRASE", me)) return;
    mine = true;
  }
  std::vector<std::string> users = ops.values("USER");
  if (interval_change && users.empty()) users.push_back(ctx.me.id);

  std::vector<saf::User> changed;
  for (const auto& id : users) {
    std::optional<saf::User> u = id == ctx.me.id ? std::optional(me) : ctx.sm.user(id);
    if (!u) {
      ctx.fail(msg::unable_locate_entry("USER", id));
      continue;
    }
    if (id != ctx.me.id && !ctx.auth.special() && !ctx.auth.owns(u->owner)) {
      ctx.refuse(msg::kPasswordNotAuthorized);
      continue;
    }
    u->password_interval = interval;
    if (id == ctx.me.id) {
      me = *u;
      mine = true;
    } else {
      changed.push_back(*u);
    }
  }
  if (mine) changed.push_back(me);
  commit(ctx, [&] {
    for (const auto& u : changed) ctx.sm.put_user(u);
  });
}

const std::array<CommandSpec, 2> kSpecs = {{
    {"PASSWORD", "PW", audit::EventCode::Password, 0, kKeywords, kSecrets, "ICH08009I NOT AUTHORIZED TO ISSUE PASSWORD", run_password},
    {"PHRASE", "", audit::EventCode::Password, 0, kKeywords, kSecrets, "ICH08009I NOT AUTHORIZED TO ISSUE PHRASE", run_password},
}};

}  // namespace

std::span<const CommandSpec> password_commands() { return kSpecs; }

}  // namespace zgate::racf
