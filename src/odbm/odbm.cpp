// The Open Database Manager: odbm.h says what it does and for whom.
#include "odbm/odbm.h"

#include <algorithm>
#include <cstdio>

#include "audit/event.h"
#include "core/text.h"

namespace zgate::odbm {

namespace {

constexpr const char* kComponent = "ODBM";

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' || c == '#' || c == '$';
}

bool valid_name(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!name_char(c)) return false;
  return true;
}

std::string trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::optional<Rdbnam> parse_rdbnam(std::string_view rdbnam) {
  std::string all = core::upper(trim_right(rdbnam));
  Rdbnam r;
  const auto dot = all.find('.');
  r.psb = all.substr(0, dot);
  if (dot != std::string::npos) r.alias = trim_right(all.substr(dot + 1));
  if (!valid_name(r.psb, 8)) return std::nullopt;
  if (dot != std::string::npos && !valid_name(r.alias, 4)) return std::nullopt;
  return r;
}

Odbm::Odbm(saf::SecurityManager& saf, audit::Sink& sink, OdbmDatabases dbs, OdbmOptions opt)
    : saf_(saf),
      sink_(sink),
      dbs_(dbs),
      opt_(std::move(opt)),
      trust_(core::SecretString(saf.raco_key()), opt_.raco_max_age) {}

void Odbm::audit(const std::string& user, const std::string& group, const std::string& source, const std::string& psb,
                 const std::string& cls, bool violation, int racf_rc, const std::string& detail) {
  audit::Event e;
  e.time = saf_.clock().now();
  e.code = audit::EventCode::Access;
  e.qualifier = violation ? audit::access_q::kInsufficientAuthority : audit::access_q::kSuccess;
  e.violation = violation;
  e.user = user;
  e.group = group;
  e.component = kComponent;
  e.terminal = source;
  e.resource_class = cls;
  e.resource = psb;
  e.access_requested = "READ";
  e.racf_rc = racf_rc;
  e.detail = detail;
  sink_.write(e);
}

AllocationRefusal Odbm::refuse(const AllocateRequest& r, const std::string& user, const std::string& group,
                               const std::string& psb, const std::string& cls, AllocationRefusal::Kind kind,
                               int racf_rc, std::string why) {
  audit(user, group, r.source, psb, cls, true, racf_rc, "APSB REFUSED: " + why);
  std::fprintf(stderr, "zgate odbm %s: APSB %s for %s from %s refused: %s\n", opt_.name.c_str(), psb.c_str(),
               user.c_str(), r.source.c_str(), why.c_str());
  return AllocationRefusal{kind, racf_rc, std::move(why)};
}

std::variant<std::unique_ptr<Thread>, AllocationRefusal> Odbm::allocate(const AllocateRequest& r) {
  using Kind = AllocationRefusal::Kind;
  const std::string said = core::upper(r.client_userid);
  const auto name = parse_rdbnam(r.rdbnam);
  if (!name) return refuse(r, said, "", "", "", Kind::BadRdbnam, 8, "RDBNAM IS NOT PSBNAME[.ALIAS]");
  if (!name->alias.empty() && name->alias != opt_.datastore && !opt_.aliases.count(name->alias))
    return refuse(r, said, "", name->psb, "", Kind::NoSuchAlias, 8, "NO DATA STORE HAS ALIAS " + name->alias);

  // Who: the RACO IMS Connect sealed, else ODBM's job user.
  saf::AceeRef who;
  std::string user, group;
  if (r.raco) {
    RacoTrust::Result t = trust_.open(*r.raco, saf_.clock().now());
    if (t.verdict != RacoTrust::Verdict::Trusted)
      return refuse(r, said, "", name->psb, "", Kind::BadRaco, 8, verdict_text(t.verdict));
    user = t.acee->user;
    group = t.acee->group;
    // RRS=Y: the ACEE itself (ODBA's thread TCB). RRS=N: user ID and group in the PAPL; IMS
    // builds the ACEE, so a user revoked since IMS Connect's VERIFY gets none.
    who = opt_.security.rrs ? t.acee : saf_.acee_for(user, group);
  } else {
    user = opt_.job_user;
    group = opt_.job_group;
    if (!user.empty()) who = saf_.acee_for(user, group);
  }

  const AllocationMethod method = allocation_method(opt_.security);
  if (!who) {
    if (method.racf || user.empty())
      return refuse(r, user.empty() ? said : user, group, name->psb, method.resource_class, Kind::NoIdentity, 8,
                    user.empty() ? "NO USER ID: NO RACO AND NO ODBM JOB USER ID"
                                 : "USER " + user + " IS NOT DEFINED TO RACF OR IS REVOKED");
    auto a = std::make_shared<saf::Acee>();  // for the exit's parameters only
    a->user = user;
    a->group = group;
    who = a;
  }

  const db::Psb* psb = dbs_.catalog ? dbs_.catalog->psb(name->psb) : nullptr;
  bool has_db_pcb = false;
  if (psb)
    for (const auto& p : psb->pcbs) has_db_pcb = has_db_pcb || p.type == db::PcbDef::Type::Db;
  if (!psb || !has_db_pcb || !dbs_.store || !dbs_.isolation)
    return refuse(r, user, group, name->psb, method.resource_class, Kind::NoSuchPsb, 8,
                  psb ? "PSB " + name->psb + " HAS NO DATABASE PCB" : "PSB " + name->psb + " IS NOT IN PSBLIB");

  AllocationDecision d = check_allocation(saf_, opt_.security, *who, name->psb, r.source);
  if (!d.allowed) return refuse(r, user, group, name->psb, d.method.resource_class, Kind::NotAuthorized, d.racf_rc, d.why);

  // The thread limit, counted only for allocations that would otherwise succeed.
  std::size_t n = allocated_.load();
  do {
    if (n >= opt_.max_threads)
      return refuse(r, user, group, name->psb, d.method.resource_class, Kind::ThreadLimit, 0,
                    "ALL " + std::to_string(opt_.max_threads) + " ODBM THREADS ARE ALLOCATED");
  } while (!allocated_.compare_exchange_weak(n, n + 1));

  audit(user, group, r.source, name->psb, d.method.resource_class, false, d.racf_rc, "APSB ALLOCATED: " + d.why);
  return std::unique_ptr<Thread>(new Thread(*this, *psb, name->alias, who, r.source, d.method.resource_class));
}

// ---- Thread ---------------------------------------------------------------------------------

Thread::Thread(Odbm& odbm, const db::Psb& psb, std::string alias, saf::AceeRef who, std::string source,
               std::string method)
    : odbm_(odbm),
      psb_(psb.name),
      alias_(std::move(alias)),
      user_(who->user),
      group_(who->group),
      source_(std::move(source)),
      method_(std::move(method)),
      scheduled_(psb, odbm.dbs_.catalog->dbds, *odbm.dbs_.store, *odbm.dbs_.isolation) {}

Thread::~Thread() {
  const bool had_changes = !scheduled_.changes().empty();
  scheduled_.back_out();
  odbm_.allocated_.fetch_sub(1);
  odbm_.audit(user_, group_, source_, psb_, method_, false, 0,
              had_changes ? "DPSB: PSB DEALLOCATED, UNCOMMITTED CHANGES BACKED OUT" : "DPSB: PSB DEALLOCATED");
}

// A DB PCB without PCBNAME= is reached as DBPCBnn, nn its place among the PSB's DB PCBs
// (01 first): zgate's name for it, as the AIB interface needs one (docs/odbm.md).
std::string default_pcb_name(std::size_t index) {
  char b[16];
  std::snprintf(b, sizeof b, "DBPCB%02zu", index + 1);
  return b;
}

int Thread::pcb_index(const std::string& name) {
  if (int i = scheduled_.find(name); i >= 0) return i;
  for (std::size_t i = 0; i < scheduled_.db_pcbs(); ++i)
    if (scheduled_.pcb(i).def().pcbname.empty() && default_pcb_name(i) == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Thread::pcb_names() {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scheduled_.db_pcbs(); ++i) {
    const std::string& n = scheduled_.pcb(i).def().pcbname;
    out.push_back(n.empty() ? default_pcb_name(i) : n);
  }
  return out;
}

ThreadCallResult Thread::call(std::string_view pcbname, std::string_view function,
                              const std::vector<std::string>& ssas, std::string_view io) {
  ThreadCallResult out;
  const int i = pcb_index(trim_right(pcbname));
  if (i < 0) {
    out.aib.return_code = kAibRcParm;
    out.aib.reason_code = kAibRsnNoPcb;
    return out;
  }
  db::DbPcb& pcb = scheduled_.pcb(static_cast<std::size_t>(i));
  std::string fn = trim_right(function);
  const bool update = fn == "ISRT" || fn == "REPL" || fn == "DLET";
  db::DbCallResult r;
  // A stopped (/STO, /DBR) database: BA, as for a program that issued INIT STATUS GROUPA
  // (an ODBM thread cannot take IMS's U3303 pseudo-abend: the client gets the status). An
  // update of a database stage-1 gave ACCESS=RD or RO: AM.
  if (db::DatabaseStates* st = odbm_.dbs_.states; st && !st->may_read(pcb.dbd_name())) {
    std::copy_n("BA", 2, r.status);
  } else if (st && update && !st->may_update(pcb.dbd_name())) {
    std::copy_n("AM", 2, r.status);
  } else {
    db::DbCall c;
    c.function = fn;
    for (const auto& s : ssas) c.ssas.emplace_back(s);
    c.io = io;
    try {
      r = scheduled_.call(static_cast<std::size_t>(i), c,
                          std::chrono::steady_clock::now() + odbm_.opt_.lock_wait);
    } catch (const db::StoreError& e) {
      std::copy_n(e.open_failure ? "AI" : "AO", 2, r.status);
      r.why = e.what();
    }
    if (r.deadlock || r.timed_out) {
      // IMS backs an ODBA thread's unit of work out on a deadlock and returns BC rather than
      // abending the caller (U0777 is for dependent regions).
      scheduled_.back_out();
      std::copy_n("BC", 2, r.status);
      out.backed_out = true;
    }
  }
  const db::DbPcbMask& m = pcb.mask();
  out.pcb.dbd = m.dbd_name;
  out.pcb.level = m.level;
  out.pcb.status = std::string(r.status, 2);
  // The status is the call's (a refused call leaves the mask's from before).
  out.pcb.segment = m.segment;
  out.pcb.key_feedback = m.key_feedback;
  out.io = std::move(r.io);
  out.aib.output_used = static_cast<std::uint32_t>(out.io.size());
  return out;
}

bool Thread::commit(std::string& why) {
  const auto changes = scheduled_.changes();
  try {
    if (!changes.empty()) odbm_.dbs_.store->commit(changes);
    scheduled_.committed();
    return true;
  } catch (const db::StoreError& e) {
    why = e.what();
    scheduled_.back_out();
    return false;
  }
}

void Thread::rollback() { scheduled_.back_out(); }

std::int64_t Odbm::clock_now() const { return saf_.clock().now(); }

}  // namespace zgate::odbm
