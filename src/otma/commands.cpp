// IMS type-1 commands that arrive through OTMA (the first segment starts with '/'): the OTMA
// and transaction subset zgate runs. The caller (otma.cpp) has already authorized the verb
// against CIMS; this file only parses and answers, one output line per segment.
//
// Parsing follows IMS: blanks separate words, a period ends the command (what follows is a
// comment), a verb is recognised by its first three characters (DFS165 when those are unknown,
// DFS105I when they are known but the rest is misspelt), keywords have IMS's synonyms (TRAN,
// TRANS, TRANSACTION; TMEM, TMEMBER). Messages used (numbers from IBM's DFS message list; the
// exact wording and column layouts are zgate's, see docs/otma.md):
//   DFS058I hh:mm:ss <verb> COMMAND COMPLETED [EXCEPT ...]   /SECURE, /START, /STOP, /DEQUEUE
//   DFS165  COMMAND VERB IS INVALID
//   DFS105I COMMAND VERB xxx IS INCORRECT
//   DFS107  REQUIRED KEYWORD NOT PRESENT
//   DFS110I COMMAND KEYWORD xxx INVALID FOR DCCTL
//   DFS122  SPECIFIC PARAMETER MIXED WITH ALL PARAMETER
//   DFS127  TOO MANY KEYWORDS
//   DFS128  TOO FEW KEYWORDS (a keyword without its parameter)
//   DFS1268 NO TPIPES ASSOCIATED WITH TMEMBER (TMEMBER name TPIPE ALL, and it has none)
//
// The tpipe commands (IBM syntax; TMEM is TMEMBER's synonym, as in IBM's /DEQUEUE diagram):
//   /DISPLAY TMEMBER name... TPIPE name...|name*|ALL   ENQCT DEQCT QCT STATUS per tpipe, where
//       STATUS is STO (stopped) and WAIT_RT (a RESUME TPIPE waits on it; zgate's label, IBM's
//       could not be confirmed: IBM says only that such a tpipe is "in a WAIT state")
//   /STOP|/START TMEMBER name TPIPE name...|ALL      a stopped tpipe keeps its queue, delivers
//       nothing, and ends the RESUME TPIPEs waiting on it
//   /DEQUEUE TMEMBER name TPIPE name PURGE           discards every message held on the tpipe
//       and ends the ICALs whose requests it discards; IBM requires PURGE or PURGE1 (DFS107
//       without); PURGE1 discards the first message only. DFS058I is
//       followed by " n MESSAGES DEQUEUED FROM TMEMBER m TPIPE t": IBM says an output message
//       gives the count, but its number and text could not be found, so that line is zgate's.
// A TMEMBER or TPIPE that does not exist is answered as /START TRAN answers an unknown code:
// COMMAND COMPLETED EXCEPT TMEMBER name / EXCEPT TPIPE name. zgate needs TPIPE on /STOP,
// /START and /DEQUEUE TMEMBER (DFS107 without it): the member-wide forms are not implemented.
// /DISPLAY output ends with the *yyddd/hhmmss* time stamp line instead of DFS058I, as IMS's does.
//
// The database commands (DB has IBM's synonyms DATABASE, DATABASES; /DBR is /DBRECOVERY; the
// states are db/database_states.h, one per stage-1 DATABASE):
//   /DISPLAY DB name...|ALL    DATABASE TYPE TOTAL UNUSED TOTAL UNUSED ACC CONDITIONS, IMS's
//       heading; TYPE DL/I or DEDB, the TOTAL/UNUSED pairs (Fast Path counts) blank, ACC the
//       DATABASE ACCESS=, CONDITIONS STOPPED and NOTOPEN (not used since started; after /DBR)
//   /DISPLAY PSB name...|ALL   PSB-NAME TRAN-CODE DATABASE ACCESS: its transactions beside the
//       databases of its DB PCBs, ACCESS from each PCB's PROCOPT (EX, UP, RD, RO)
//   /START DB, /STOP DB, /DBR DB name...|ALL   DFS058I ... COMMAND COMPLETED [EXCEPT DB name]
//       (IMS answers these asynchronously, COMMAND IN PROGRESS and then one DFS0488I per
//       database; zgate's change is immediate, so it answers as /START TRAN does). A keyword
//       operand (/STA DB x ACCESS=RO) is not implemented: DFS110I.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <variant>

#include "core/text.h"
#include "db/catalog.h"
#include "db/database_states.h"
#include "otma/otma_impl.h"

namespace zgate::otma {

namespace {

struct Verb {
  const char* full;
  const char* word;  // what DFS058I says
};
constexpr std::array<Verb, 6> kVerbs{{
    {"DBRECOVERY", "DBRECOVERY"},
    {"DEQUEUE", "DEQUEUE"},
    {"DISPLAY", "DISPLAY"},
    {"SECURE", "SECURE"},
    {"START", "START"},
    {"STOP", "STOP"},
}};

bool is_tran(const std::string& w) { return w == "TRAN" || w == "TRANS" || w == "TRANSACTION"; }
bool is_tmember(const std::string& w) { return w == "TMEMBER" || w == "TMEM"; }
bool is_db(const std::string& w) { return w == "DB" || w == "DATABASE" || w == "DATABASES"; }

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += ',';
    s += x;
  }
  return s;
}

std::optional<std::int64_t> number(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > 2147483647) return std::nullopt;
  return v;
}

}  // namespace

std::string command_verb(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || text[i] != '/') return {};
  ++i;
  std::string v;
  while (i < text.size() && v.size() < 3 && text[i] != ' ' && text[i] != '.') v += text[i++];
  return core::upper(v);
}

class Otma::Impl::CommandRun {
 public:
  CommandRun(Otma::Impl& o, std::vector<std::string> w, std::string user)
      : I(o), w_(std::move(w)), user_(std::move(user)), now_(o.saf.clock().now()) {}

  std::vector<std::string> run() {
    const std::string v = w_[0].substr(1);
    const Verb* verb = nullptr;
    for (const auto& x : kVerbs)
      if (v.size() >= 3 && std::string_view(x.full).substr(0, 3) == std::string_view(v).substr(0, 3)) verb = &x;
    if (!verb) return {"DFS165 COMMAND VERB IS INVALID"};
    if (std::string_view(verb->full).substr(0, v.size()) != v || v.size() > std::string_view(verb->full).size())
      return {"DFS105I COMMAND VERB " + v.substr(0, 11) + " IS INCORRECT"};
    word_ = verb->word;
    if (w_.size() < 2) return {"DFS107 REQUIRED KEYWORD NOT PRESENT"};
    switch (verb->full[2]) {
      case 'R': return db_command(DbCommand::Dbr);  // DBR
      case 'Q': return dequeue();       // DEQ
      case 'S': return display();       // DIS
      case 'C': return secure();        // SEC
      case 'A': return start_stop(false);  // STA
      default: return start_stop(true);    // STO
    }
  }

 private:
  std::string completed(const std::vector<std::string>& except = {}) const {
    std::string s = "DFS058I " + command_time(now_) + " " + word_ + " COMMAND COMPLETED";
    if (!except.empty()) s += " EXCEPT " + join(except);
    return s;
  }
  std::vector<std::string> bad_keyword(const std::string& k) const {
    return {"DFS110I COMMAND KEYWORD " + k + " INVALID FOR DCCTL"};
  }

  // ---- /DISPLAY -----------------------------------------------------------------------------
  std::vector<std::string> display() {
    const std::string& k = w_[1];
    std::vector<std::string> params(w_.begin() + 2, w_.end());
    if (k == "OTMA") {
      if (!params.empty()) return {"DFS127 TOO MANY KEYWORDS"};
      return display_members({});
    }
    if (is_tmember(k)) {
      auto tp = std::find(params.begin(), params.end(), "TPIPE");
      std::vector<std::string> names(params.begin(), tp);
      if (names.empty()) return {"DFS128 TOO FEW KEYWORDS"};
      if (tp != params.end()) {
        std::vector<std::string> pipes(tp + 1, params.end());
        if (pipes.empty()) return {"DFS128 TOO FEW KEYWORDS"};
        return display_tpipes(names, pipes);
      }
      if (names.size() == 1 && names[0] == "ALL") return display_members({});
      if (std::find(names.begin(), names.end(), "ALL") != names.end()) return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
      return display_members(names);
    }
    if (is_tran(k)) {
      if (params.empty()) return {"DFS128 TOO FEW KEYWORDS"};
      return display_trans(params);
    }
    if (is_db(k)) {
      if (params.empty()) return {"DFS128 TOO FEW KEYWORDS"};
      return display_dbs(params);
    }
    if (k == "PSB") {
      if (params.empty()) return {"DFS128 TOO FEW KEYWORDS"};
      return display_psbs(params);
    }
    return bad_keyword(k);
  }

  std::vector<std::string> display_members(const std::vector<std::string>& only) {
    std::vector<std::string> out;
    auto row = [](const std::string& name, const std::string& xcf, const std::string& user,
                  const std::string& sec, const std::string& age, const std::string& ct) {
      char buf[160];
      std::snprintf(buf, sizeof buf, " -%-16s %-12s %-15s %-8s %8s %7s", name.c_str(), xcf.c_str(), user.c_str(),
                    sec.c_str(), age.c_str(), ct.c_str());
      std::string s = buf;
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    out.push_back(" GROUP/MEMBER      XCF-STATUS   USER-STATUS     SECURITY  ACEEAGE  ACEECT");
    std::lock_guard lk(I.mu);
    out.push_back(" " + I.cfg.group);
    std::size_t total = 0;
    for (const auto& [_, t] : I.members)
      if (t.cache) total += t.cache->size();
    // The server is always listed first; its ACEEAGE is the global value and its ACEECT the
    // total of cached ACEEs (IBM /DISPLAY OTMA).
    if (only.empty())
      out.push_back(row(I.cfg.ims_member, "ACTIVE", "SERVER", std::string(level_name(I.global_level)),
                        std::to_string(I.global_acee_age), std::to_string(total)));
    auto member_row = [&](const Tmember& t) {
      const std::size_t ct = t.cache ? t.cache->size() : 0;
      return row(t.name, t.joined ? "ACTIVE" : "NOT DEFINED", t.joined ? "ACCEPT TRAFFIC" : "DISCONNECTED",
                 std::string(level_name(I.level_locked(t.name))),
                 std::to_string(t.acee_age_by_command || t.joined ? t.acee_age : I.global_acee_age), std::to_string(ct));
    };
    if (only.empty()) {
      for (const auto& [_, t] : I.members) out.push_back(member_row(t));
    } else {
      for (const auto& n : only) {
        auto it = I.members.find(n);
        if (it == I.members.end()) out.push_back(" -" + pad(n, 16) + " IS INVALID");
        else out.push_back(member_row(it->second));
      }
    }
    out.push_back(display_stamp(now_));
    return out;
  }

  std::vector<std::string> display_tpipes(const std::vector<std::string>& names, const std::vector<std::string>& pipes) {
    const bool all_pipes = pipes.size() == 1 && pipes[0] == "ALL";
    if (!all_pipes && std::find(pipes.begin(), pipes.end(), "ALL") != pipes.end())
      return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    std::vector<std::string> members = names;
    if (names.size() == 1 && names[0] == "ALL") members = all_members();
    else if (std::find(names.begin(), names.end(), "ALL") != names.end())
      return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};

    std::vector<std::string> out;
    out.push_back(" MEMBER/TPIPE       ENQCT    DEQCT      QCT  STATUS");
    for (const auto& m : members) {
      if (!member_known(m)) {
        out.push_back(" " + pad(m, 16) + " IS INVALID");
        continue;
      }
      auto tps = I.queues.tpipes(m);
      // TMEMBER name TPIPE ALL for a member without tpipes: IBM answers DFS1268 alone.
      if (all_pipes && tps.empty() && names.size() == 1 && names[0] != "ALL")
        return {"DFS1268 NO TPIPES ASSOCIATED WITH TMEMBER"};
      out.push_back(" " + m);
      for (const auto& tp : tps) {
        if (!all_pipes && std::none_of(pipes.begin(), pipes.end(), [&](const std::string& p) { return matches(p, tp.name); }))
          continue;
        std::string status;
        if (tp.stopped) status = "STO";
        if (tp.resume_waiting) status += status.empty() ? "WAIT_RT" : " WAIT_RT";
        char buf[160];
        std::snprintf(buf, sizeof buf, " -%-14s %8llu %8llu %8llu  %s", tp.name.c_str(),
                      static_cast<unsigned long long>(tp.enqueued), static_cast<unsigned long long>(tp.dequeued),
                      static_cast<unsigned long long>(tp.queued), status.c_str());
        std::string row = buf;
        while (!row.empty() && row.back() == ' ') row.pop_back();
        out.push_back(row);
      }
      if (!all_pipes)
        for (const auto& p : pipes)
          if (p.back() != '*' &&
              std::none_of(tps.begin(), tps.end(), [&](const TpipeStatus& t) { return matches(p, t.name); }))
            out.push_back(" -" + pad(p, 14) + " IS INVALID");
    }
    out.push_back(display_stamp(now_));
    return out;
  }

  // ---- tpipes: what the operator names ---------------------------------------------------------
  // The command's words are upper case; a tpipe is named as the client wrote it (IMS does no
  // upper-case translation of OTMA names), so names compare without regard to case. A trailing
  // '*' names every tpipe that starts with what precedes it (/DISPLAY's tpipename*).
  static bool matches(const std::string& operand, const std::string& tpipe) {
    const std::string t = core::upper(tpipe);
    if (!operand.empty() && operand.back() == '*') return t.rfind(operand.substr(0, operand.size() - 1), 0) == 0;
    return t == operand;
  }

  // Members that joined, were named by /SECURE, or have tpipes (output may be held for a member
  // that has not bid since a restart).
  std::vector<std::string> all_members() const {
    std::vector<std::string> out;
    {
      std::lock_guard lk(I.mu);
      for (const auto& [n, _] : I.members) out.push_back(n);
    }
    for (auto& n : I.queues.members())
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    std::sort(out.begin(), out.end());
    return out;
  }
  bool member_known(const std::string& m) const {
    {
      std::lock_guard lk(I.mu);
      if (I.members.count(m)) return true;
    }
    auto q = I.queues.members();
    return std::find(q.begin(), q.end(), m) != q.end();
  }

  // The operands of TMEMBER name TPIPE ...: the member, then the tpipe operands. An error
  // answer when the syntax is wrong.
  struct TpipeOperands {
    std::string member;
    std::vector<std::string> pipes;
    std::vector<std::string> rest;  // words after the tpipe names that are not names (PURGE)
  };
  std::variant<TpipeOperands, std::vector<std::string>> tpipe_operands(
      const std::vector<std::string>& keywords_after = {}) const {
    TpipeOperands o;
    std::size_t i = 2;
    if (i >= w_.size()) return std::vector<std::string>{"DFS128 TOO FEW KEYWORDS"};
    if (w_[i] == "TPIPE") return std::vector<std::string>{"DFS128 TOO FEW KEYWORDS"};
    o.member = w_[i++];
    if (i >= w_.size() || std::find(keywords_after.begin(), keywords_after.end(), w_[i]) != keywords_after.end())
      return std::vector<std::string>{"DFS107 REQUIRED KEYWORD NOT PRESENT"};
    if (w_[i] != "TPIPE") {
      // A second member name (zgate takes one), or a keyword it does not know here.
      if (std::find(w_.begin() + static_cast<std::ptrdiff_t>(i), w_.end(), "TPIPE") != w_.end())
        return std::vector<std::string>{"DFS127 TOO MANY KEYWORDS"};
      return bad_keyword(w_[i]);
    }
    ++i;
    for (; i < w_.size(); ++i) {
      if (std::find(keywords_after.begin(), keywords_after.end(), w_[i]) != keywords_after.end()) break;
      o.pipes.push_back(w_[i]);
    }
    o.rest.assign(w_.begin() + static_cast<std::ptrdiff_t>(i), w_.end());
    if (o.pipes.empty()) return std::vector<std::string>{"DFS128 TOO FEW KEYWORDS"};
    if (o.pipes.size() > 1 && std::find(o.pipes.begin(), o.pipes.end(), "ALL") != o.pipes.end())
      return std::vector<std::string>{"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    return o;
  }

  // The tpipe of `member` an operand names, as the hold queues spell it; empty when none.
  std::string tpipe_named(const std::vector<TpipeStatus>& tps, const std::string& operand) const {
    for (const auto& t : tps)
      if (t.name == operand) return t.name;  // exact first
    for (const auto& t : tps)
      if (matches(operand, t.name)) return t.name;
    return {};
  }

  // ---- /STOP and /START TMEMBER name TPIPE ... ------------------------------------------------
  std::vector<std::string> tpipe_start_stop(bool stop) {
    auto parsed = tpipe_operands();
    if (auto* err = std::get_if<std::vector<std::string>>(&parsed)) return *err;
    auto& o = std::get<TpipeOperands>(parsed);
    if (!o.rest.empty()) return {"DFS127 TOO MANY KEYWORDS"};
    if (!member_known(o.member)) return {completed({"TMEMBER " + o.member})};
    auto tps = I.queues.tpipes(o.member);
    if (o.pipes.size() == 1 && o.pipes[0] == "ALL") {
      if (tps.empty()) return {"DFS1268 NO TPIPES ASSOCIATED WITH TMEMBER"};
      I.queues.set_stopped(o.member, "", stop);
      return {completed()};
    }
    std::vector<std::string> except;
    for (const auto& p : o.pipes) {
      const std::string name = p.back() == '*' ? std::string() : tpipe_named(tps, p);
      if (name.empty() || I.queues.set_stopped(o.member, name, stop) == 0) except.push_back("TPIPE " + p);
    }
    return {completed(except)};
  }

  // ---- /DEQUEUE TMEMBER name TPIPE name PURGE -------------------------------------------------
  std::vector<std::string> dequeue() {
    if (!is_tmember(w_[1])) return bad_keyword(w_[1]);
    auto parsed = tpipe_operands({"PURGE", "PURGE1"});
    if (auto* err = std::get_if<std::vector<std::string>>(&parsed)) return *err;
    auto& o = std::get<TpipeOperands>(parsed);
    if (o.pipes.size() > 1) return {"DFS127 TOO MANY KEYWORDS"};
    if (o.pipes[0] == "ALL" || o.pipes[0].back() == '*') return {completed({"TPIPE " + o.pipes[0]})};
    if (o.rest.empty()) return {"DFS107 REQUIRED KEYWORD NOT PRESENT"};  // PURGE or PURGE1
    if (o.rest.size() > 1) return {"DFS127 TOO MANY KEYWORDS"};
    if (!member_known(o.member)) return {completed({"TMEMBER " + o.member})};
    const std::string name = tpipe_named(I.queues.tpipes(o.member), o.pipes[0]);
    if (name.empty()) return {completed({"TPIPE " + o.pipes[0]})};
    // PURGE1: only the first message, as an operator removes one that blocks the tpipe.
    const std::size_t n = I.queues.dequeue_all(o.member, name, o.rest[0] == "PURGE1" ? 1 : SIZE_MAX);
    return {completed(), " " + std::to_string(n) + (n == 1 ? " MESSAGE" : " MESSAGES") + " DEQUEUED FROM TMEMBER " +
                             o.member + " TPIPE " + name};
  }

  std::vector<std::string> display_trans(const std::vector<std::string>& codes) {
    auto& table = I.tm.transactions();
    std::vector<std::string> out;
    out.push_back(" TRAN     PSBNAME     ENQCT    DEQCT      QCT  STATUS");
    auto row = [&](const tm::TransactionDef& d) {
      tm::QueueCounts q = I.tm.counts(d.code);
      char buf[128];
      std::snprintf(buf, sizeof buf, " %-8s %-8s %8llu %8llu %8llu  %s", d.code.c_str(), d.psb.c_str(),
                    static_cast<unsigned long long>(q.enqueued), static_cast<unsigned long long>(q.dequeued),
                    static_cast<unsigned long long>(q.queued()), d.stopped ? "STOP" : "");
      std::string s = buf;
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    if (codes.size() == 1 && codes[0] == "ALL") {
      for (const auto& d : table.all()) out.push_back(row(d));
    } else {
      if (std::find(codes.begin(), codes.end(), "ALL") != codes.end()) return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
      for (const auto& c : codes) {
        if (auto d = table.find(c)) out.push_back(row(*d));
        else out.push_back(" " + pad(c, 8) + " IS INVALID");
      }
    }
    out.push_back(display_stamp(now_));
    return out;
  }

  // ---- /SECURE OTMA -------------------------------------------------------------------------
  std::vector<std::string> secure() {
    if (w_[1] != "OTMA") return bad_keyword(w_[1]);
    if (w_.size() < 3) return {"DFS107 REQUIRED KEYWORD NOT PRESENT"};
    const std::string& what = w_[2];
    std::size_t i = 3;
    std::optional<std::int64_t> age;
    if (what == "ACEEAGE") {
      if (w_.size() < 4) return {"DFS128 TOO FEW KEYWORDS"};
      age = number(w_[3]);
      if (!age) return {completed({"ACEEAGE " + w_[3]})};
      i = 4;
    }
    // The optional TMEMBER name / USER id.
    std::string kw, name;
    if (i < w_.size()) {
      kw = w_[i];
      if (!is_tmember(kw) && !(kw == "USER" && what == "REFRESH")) return bad_keyword(kw);
      if (i + 1 >= w_.size()) return {"DFS128 TOO FEW KEYWORDS"};
      name = w_[i + 1];
      if (i + 2 < w_.size()) return {"DFS127 TOO MANY KEYWORDS"};
      kw = is_tmember(kw) ? "TMEMBER" : "USER";
    }

    if (what == "REFRESH") return refresh(kw, name);
    if (age) return aceeage(*age, name);
    auto level = parse_level(what);
    if (!level || what.size() == 1) return bad_keyword(what);  // the letters are OTMASE= only
    return set_level(*level, name);
  }

  std::vector<std::string> set_level(SecurityLevel level, const std::string& member) {
    std::vector<std::shared_ptr<UseridCache>> drop;
    SecurityLevel was;
    {
      std::lock_guard lk(I.mu);
      if (member.empty()) {
        was = I.global_level;
        I.global_level = level;
        for (auto& [_, t] : I.members)
          if (!t.level && t.cache) drop.push_back(t.cache);
      } else {
        if (member.size() > 16 || member == I.cfg.ims_member) return {completed({"TMEMBER " + member})};
        Tmember& t = I.members[member];  // may precede the member's client-bid
        t.name = member;
        if (!t.acee_age_by_command && !t.joined) t.acee_age = I.global_acee_age;
        was = t.level.value_or(I.global_level);
        t.level = level;
        if (t.cache) drop.push_back(t.cache);
      }
    }
    // A changed level starts from an empty cache, so nothing verified under the old level is
    // reused under the new one.
    for (auto& c : drop) c->clear();
    audit_level_change(member.empty() ? "*" : member, was, level);
    return {completed()};
  }

  // The security level is the door's lock: every change is on record, old and new ("CHECK->NONE"),
  // lowered ones with a raised severity for the alert rules.
  void audit_level_change(const std::string& member, SecurityLevel was, SecurityLevel now) {
    audit::Event e;
    e.time = now_;
    e.code = audit::EventCode::None;
    e.component = "OTMA";
    e.component_code = "SECURE_OTMA";
    e.user = user_;
    e.resource = member;
    e.detail = std::string(level_name(was)) + "->" + std::string(level_name(now));
    const bool lowered = static_cast<int>(now) < static_cast<int>(was);
    e.severity = lowered ? 7 : 3;
    I.sink.write(e);
  }

  std::vector<std::string> aceeage(std::int64_t age, const std::string& member) {
    std::lock_guard lk(I.mu);
    if (member.empty()) {
      // The global value: it applies to every member and to the server line of /DIS OTMA.
      I.global_acee_age = age;
      for (auto& [_, t] : I.members) {
        t.acee_age = age;
        t.acee_age_by_command = false;
      }
    } else {
      if (member.size() > 16 || member == I.cfg.ims_member) return {completed({"TMEMBER " + member})};
      Tmember& t = I.members[member];
      t.name = member;
      t.acee_age = age;
      t.acee_age_by_command = true;
    }
    return {completed()};
  }

  std::vector<std::string> refresh(const std::string& kw, const std::string& name) {
    if (kw == "USER") {
      I.forget_user(name);
      return {completed()};
    }
    std::vector<std::shared_ptr<UseridCache>> drop;
    {
      std::lock_guard lk(I.mu);
      if (kw.empty()) {
        for (auto& [_, t] : I.members)
          if (t.cache) drop.push_back(t.cache);
      } else {
        auto it = I.members.find(name);
        if (it == I.members.end() || !it->second.joined) return {completed({"TMEMBER " + name})};
        if (it->second.cache) drop.push_back(it->second.cache);
      }
    }
    for (auto& c : drop) c->clear();
    return {completed()};
  }

  // ---- databases: /DISPLAY DB, /DISPLAY PSB, /START DB, /STOP DB, /DBR DB ----------------------
  // The names a command's operands stand for: `all` when the one operand is ALL; an error
  // answer when ALL is mixed with names.
  static std::optional<std::vector<std::string>> names_or_all(const std::vector<std::string>& ops,
                                                               const std::vector<std::string>& all) {
    if (ops.size() == 1 && ops[0] == "ALL") return all;
    if (std::find(ops.begin(), ops.end(), "ALL") != ops.end()) return std::nullopt;
    return ops;
  }
  // The databases DB operands name: ALL is every stage-1 DATABASE.
  std::optional<std::vector<std::string>> database_names(const std::vector<std::string>& ops) {
    std::vector<std::string> defined;
    if (db::DatabaseStates* states = I.tm.databases())
      for (const auto& d : states->all()) defined.push_back(d.name);
    return names_or_all(ops, defined);
  }
  static std::string trimmed(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }

  // DATABASE TYPE TOTAL UNUSED TOTAL UNUSED ACC CONDITIONS, as IMS's /DISPLAY DB heads it. The
  // TOTAL/UNUSED pairs count Fast Path buffers and sequential dependents: blank for DL/I.
  std::vector<std::string> display_dbs(const std::vector<std::string>& ops) {
    db::DatabaseStates* states = I.tm.databases();
    const db::Catalog* catalog = I.tm.catalog();
    auto names = database_names(ops);
    if (!names) return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    std::vector<std::string> out;
    out.push_back(" DATABASE  TYPE  TOTAL UNUSED  TOTAL UNUSED  ACC   CONDITIONS");
    for (const auto& n : *names) {
      auto st = states ? states->find(n) : std::nullopt;
      if (!st) {
        out.push_back(" " + pad(n, 9) + " IS INVALID");
        continue;
      }
      const db::Dbd* dbd = catalog ? catalog->dbd(n) : nullptr;
      const std::string type = dbd && dbd->access == db::Access::Dedb ? "DEDB" : "DL/I";
      std::string cond;
      if (st->state != db::DatabaseState::Started) cond = "STOPPED";
      if (!st->opened) cond += cond.empty() ? "NOTOPEN" : ", NOTOPEN";
      char buf[160];
      std::snprintf(buf, sizeof buf, " %-9s %-5s %-12s  %-12s  %-5s %s", n.c_str(), type.c_str(), "", "",
                    std::string(db::access_intent_name(st->access)).c_str(), cond.c_str());
      out.push_back(trimmed(buf));
    }
    out.push_back(display_stamp(now_));
    return out;
  }

  // The access a DB PCB's PROCOPT asks for (IBM, "How applications access data"): E exclusive,
  // any of I R D A update, G with O read-only (no integrity), G alone read.
  static std::string pcb_access(const std::string& procopt) {
    if (procopt.find('E') != std::string::npos) return "EX";
    if (procopt.find_first_of("IRDA") != std::string::npos) return "UP";
    if (procopt.find('O') != std::string::npos) return "RO";
    return "RD";
  }

  // PSB-NAME TRAN-CODE DATABASE ACCESS: the transactions stage-1 gives the PSB beside the
  // databases its DB PCBs name, with the access each PCB's PROCOPT asks for.
  std::vector<std::string> display_psbs(const std::vector<std::string>& ops) {
    const db::Catalog* catalog = I.tm.catalog();
    const auto trans = I.tm.transactions().all();
    std::vector<std::string> known;
    for (const auto& t : trans) known.push_back(t.psb);
    if (catalog)
      for (const auto& [n, _] : catalog->psbs) known.push_back(n);
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    auto names = names_or_all(ops, known);
    if (!names) return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    std::vector<std::string> out;
    out.push_back(" PSB-NAME  TRAN-CODE  DATABASE  ACCESS");
    for (const auto& n : *names) {
      if (!std::binary_search(known.begin(), known.end(), n)) {
        out.push_back(" " + pad(n, 9) + " IS INVALID");
        continue;
      }
      std::vector<std::string> codes;
      for (const auto& t : trans)
        if (t.psb == n) codes.push_back(t.code);
      std::vector<std::pair<std::string, std::string>> dbs;
      if (const db::Psb* psb = catalog ? catalog->psb(n) : nullptr)
        for (const auto& pcb : psb->pcbs)
          if (pcb.type == db::PcbDef::Type::Db) dbs.emplace_back(pcb.dbdname, pcb_access(pcb.procopt));
      const std::size_t rows = std::max<std::size_t>({1, codes.size(), dbs.size()});
      for (std::size_t i = 0; i < rows; ++i) {
        char buf[160];
        std::snprintf(buf, sizeof buf, " %-9s %-10s %-9s %s", i == 0 ? n.c_str() : "",
                      i < codes.size() ? codes[i].c_str() : "", i < dbs.size() ? dbs[i].first.c_str() : "",
                      i < dbs.size() ? dbs[i].second.c_str() : "");
        out.push_back(trimmed(buf));
      }
    }
    out.push_back(display_stamp(now_));
    return out;
  }

  enum class DbCommand : std::uint8_t { Start, Stop, Dbr };
  // /START DB, /STOP DB, /DBR DB name...|ALL. A database stage-1 does not define is the
  // command's EXCEPT DB name, as /START TRAN answers an unknown code.
  std::vector<std::string> db_command(DbCommand c) {
    if (!is_db(w_[1])) return bad_keyword(w_[1]);
    std::vector<std::string> ops(w_.begin() + 2, w_.end());
    if (ops.empty()) return {"DFS128 TOO FEW KEYWORDS"};
    for (const auto& o : ops)
      if (auto eq = o.find('='); eq != std::string::npos) return bad_keyword(o.substr(0, eq));  // ACCESS=, ...
    db::DatabaseStates* states = I.tm.databases();
    auto names = database_names(ops);
    if (!names) return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    std::vector<std::string> except;
    for (const auto& n : *names) {
      bool ok = false;
      if (states) ok = c == DbCommand::Start ? states->start(n) : c == DbCommand::Stop ? states->stop(n) : states->dbr(n);
      if (!ok) except.push_back("DB " + n);
    }
    return {completed(except)};
  }

  // ---- /START TRAN, /STOP TRAN (and TMEMBER ... TPIPE, DB, above) -----------------------------
  std::vector<std::string> start_stop(bool stop) {
    if (is_tmember(w_[1])) return tpipe_start_stop(stop);
    if (is_db(w_[1])) return db_command(stop ? DbCommand::Stop : DbCommand::Start);
    if (!is_tran(w_[1])) return bad_keyword(w_[1]);
    std::vector<std::string> codes(w_.begin() + 2, w_.end());
    if (codes.empty()) return {"DFS128 TOO FEW KEYWORDS"};
    auto& table = I.tm.transactions();
    if (codes.size() == 1 && codes[0] == "ALL") {
      codes.clear();
      for (const auto& d : table.all()) codes.push_back(d.code);
    } else if (std::find(codes.begin(), codes.end(), "ALL") != codes.end()) {
      return {"DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER"};
    }
    std::vector<std::string> except;
    for (const auto& c : codes)
      if (!table.set_stopped(c, stop)) except.push_back("TRAN " + c);
    return {completed(except)};
  }

  Otma::Impl& I;
  std::vector<std::string> w_;
  std::string user_;
  std::int64_t now_;
  std::string word_;
};

std::vector<std::string> Otma::Impl::command(const std::string& text, const std::string& user) {
  auto w = command_words(text);
  if (w.empty() || w[0].size() < 2 || w[0][0] != '/') return {"DFS165 COMMAND VERB IS INVALID"};
  return CommandRun(*this, std::move(w), user).run();
}

std::vector<std::string> command_words(std::string_view text) {
  std::string t = core::upper(text);
  if (auto dot = t.find('.'); dot != std::string::npos) t.resize(dot);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && (t[i] == ' ' || t[i] == ',')) ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ' && t[j] != ',') ++j;
    if (j > i) out.push_back(t.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace zgate::otma
