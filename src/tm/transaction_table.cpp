// Reading the stage-1 system definition. IMS builds its transaction table from the APPLCTN and
// TRANSACT macros at SYSGEN; zgate reads the same macros from the same text so that a shop's
// existing stage-1 deck can be pointed at it. Every keyword IBM documents for the two macros
// is accepted and its value checked, but only what zgate acts on is kept (the rest is
// recorded by being validated: a typo still stops start-up, as it would stop the SYSGEN).
#include "tm/transaction_table.h"

#include "core/macro_reader.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace zgate::tm {

namespace {

// Stage-1 macros zgate knows and skips: they describe terminals, Fast Path routing and the control
// region, which are not zgate's business (yet). An unknown macro name is refused, since it is
// far more likely a typo than a macro IBM added.
const std::set<std::string, std::less<>> kSkippedMacros = {
    "IMSCTRL", "IMSCTF",  "RTCODE",  "BUFPOOLS", "COMM",    "TYPE",   "TERMINAL",
    "NAME",    "LINEGRP", "LINE",     "CTLUNIT", "STATION",  "VTAMPOOL", "SUBPOOL", "MSGQUEUE",
    "MSPLINK", "MSLINK",  "MSNAME",   "NXTSYS",  "SECURITY", "FPCTRL",  "IDLIST", "APPCPORT",
    // assembler listing control that decks carry around the macros
    "PRINT", "TITLE", "EJECT", "SPACE"};

using core::MacroReader;
using core::valid_name;
using Reader = MacroReader;

struct Applctn {
  std::string psb;
  int line = 0;
};

// DATABASE [RESIDENT,]DBD=name|(name,...)[,ACCESS=EX|UP|RD|RO]
void read_database(const Reader& r, const core::Statement& st, std::vector<DatabaseDef>& out) {
  std::vector<std::string> names;
  db::AccessIntent access = db::AccessIntent::Ex;  // IBM: "The default value ... is exclusive"
  int names_line = st.line;
  for (const auto& p : st.params) {
    if (p.positional()) {
      std::string v = p.value.is_list ? p.value.to_string() : p.value.scalar;
      if (v != "RESIDENT") r.fail(p.line, v, "unknown DATABASE operand");
      continue;
    }
    const std::string& k = p.keyword;
    if (k == "DBD") {
      names_line = p.line;
      for (const auto& n : r.elements(p, 4096)) {
        if (!valid_name(n)) r.fail(p.line, k, "value '" + n + "' is not a DBD name of 1-8 characters A-Z 0-9 @ # $");
        names.push_back(n);
      }
    } else if (k == "ACCESS") {
      const std::string v = r.scalar(p);
      auto a = db::parse_access_intent(v);
      if (!a) r.fail(p.line, k, "value '" + v + "' is not one of EX|UP|RD|RO");
      access = *a;
    } else {
      r.fail(p.line, k, "unknown DATABASE keyword");
    }
  }
  if (names.empty()) r.fail(st.line, "DBD", "DATABASE needs DBD=");
  for (const auto& n : names) {
    for (const auto& seen : out)
      if (seen.dbd == n) r.fail(names_line, "DBD", "database " + n + " is defined twice");
    out.push_back({n, access, r.m_.name, names_line});
  }
}

Applctn read_applctn(const Reader& r, const core::Statement& st) {
  Applctn a;
  a.line = st.line;
  for (const auto& p : st.params) {
    if (p.positional()) {
      // RESIDENT and DOPT were positional operands in older decks.
      std::string v = p.value.is_list ? p.value.to_string() : p.value.scalar;
      if (v != "RESIDENT" && v != "DOPT") r.fail(p.line, v, "unknown APPLCTN operand");
      continue;
    }
    const std::string& k = p.keyword;
    if (k == "PSB" || k == "GPSB") {
      std::string v = r.scalar(p);
      if (!valid_name(v)) r.fail(p.line, k, "value '" + v + "' is not a name of 1-8 characters A-Z 0-9 @ # $");
      if (!a.psb.empty()) r.fail(p.line, k, "PSB= and GPSB= are given more than once");
      a.psb = v;
    } else if (k == "PGMTYPE") {
      // PGMTYPE=TP|BATCH or (TP|BATCH,OVLY|,class)
      auto e = r.elements(p, 3);
      r.one_of(p, e[0], {"TP", "BATCH"});
      if (e.size() > 1) r.one_of(p, e[1], {"OVLY"}, true);
      if (e.size() > 2) r.number(p, e[2], 1, 999);
    } else if (k == "SCHDTYP") {
      r.one_of(p, r.scalar(p), {"SERIAL", "PARALLEL"});
    } else if (k == "FPATH") {
      std::string v = r.scalar(p);
      if (v != "YES" && v != "NO") r.number(p, v, 1, 32767, false);  // FPATH=size (EMH buffer)
    } else if (k == "DOPT" || k == "RESIDENT") {
      r.yes_no(p);
    } else if (k == "LANG") {
      r.one_of(p, r.scalar(p), {"ASSEM", "COBOL", "PLI", "PASCAL", "JAVA"});
    } else if (k == "SYSID") {
      auto e = r.elements(p, 2);
      for (const auto& v : e) r.number(p, v, 1, 2036);
    } else {
      r.fail(p.line, k, "unknown APPLCTN keyword");
    }
  }
  if (a.psb.empty()) r.fail(st.line, "PSB", "APPLCTN needs PSB= or GPSB=");
  return a;
}

void read_transact(const Reader& r, const core::Statement& st, const Applctn& app,
                   std::vector<TransactionDef>& out) {
  TransactionDef d;
  d.psb = app.psb;
  d.member = r.m_.name;
  d.line = app.line;
  std::vector<std::string> codes;
  int code_line = st.line;
  for (const auto& p : st.params) {
    if (p.positional()) {
      // WFI (wait for input) is written as a bare operand.
      std::string v = p.value.is_list ? p.value.to_string() : p.value.scalar;
      if (v != "WFI") r.fail(p.line, v, "unknown TRANSACT operand");
      continue;
    }
    const std::string& k = p.keyword;
    if (k == "CODE") {
      code_line = p.line;
      for (const auto& c : r.elements(p, 4096)) {
        if (!valid_name(c))
          r.fail(p.line, k, "value '" + c + "' is not a transaction code of 1-8 characters A-Z 0-9 @ # $");
        codes.push_back(c);
      }
    } else if (k == "MSGTYPE") {
      // (SNGLSEG|MULTSEG, NONRESPONSE|RESPONSE, class)
      auto e = r.elements(p, 3);
      r.one_of(p, e[0], {"SNGLSEG", "MULTSEG"}, true);
      d.multiseg = e[0] == "MULTSEG";
      if (e.size() > 1) {
        r.one_of(p, e[1], {"NONRESPONSE", "RESPONSE"}, true);
        d.response = e[1] != "NONRESPONSE";
      }
      if (e.size() > 2) r.number(p, e[2], 1, 999);
    } else if (k == "PRTY") {
      // (normal priority, limit priority, limit count)
      auto e = r.elements(p, 3);
      if (auto n = r.number(p, e[0], 0, 14)) d.priority = static_cast<int>(*n);
      if (e.size() > 1) r.number(p, e[1], 0, 14);
      if (e.size() > 2) r.number(p, e[2], 1, 65535);
    } else if (k == "SPA") {
      // (size, STRUNC|RTRUNC): conversational. Recorded; scheduling refuses it for now.
      auto e = r.elements(p, 2);
      r.number(p, e[0], 16, 32767, false);
      if (e.size() > 1) r.one_of(p, e[1], {"STRUNC", "RTRUNC"}, true);
      d.conversational = true;
    } else if (k == "PROCLIM") {
      // (count, seconds per message). zgate's limit is RegionConfig::processing_limit.
      auto e = r.elements(p, 2);
      r.number(p, e[0], 0, 65535);
      if (e.size() > 1) r.number(p, e[1], 1, 65535);
    } else if (k == "MODE") {
      r.one_of(p, r.scalar(p), {"SNGL", "MULT"});
    } else if (k == "EDIT") {
      // (UC|ULC, edit routine name)
      auto e = r.elements(p, 2);
      r.one_of(p, e[0], {"UC", "ULC"}, true);
      if (e.size() > 1 && !e[1].empty() && !valid_name(e[1]))
        r.fail(p.line, k, "value '" + e[1] + "' is not an edit routine name");
    } else if (k == "INQUIRY") {
      auto e = r.elements(p, 2);
      r.one_of(p, e[0], {"YES", "NO"}, true);
      if (e.size() > 1) r.one_of(p, e[1], {"RECOVER", "NORECOV"}, true);
    } else if (k == "FPATH") {
      std::string v = r.scalar(p);
      if (v != "YES" && v != "NO") r.number(p, v, 1, 32767, false);
    } else if (k == "MAXRGN") {
      r.number(p, r.scalar(p), 0, 255, false);
    } else if (k == "PARLIM") {
      std::string v = r.scalar(p);
      if (v != "65535") r.number(p, v, 0, 32767, false);
    } else if (k == "SEGNO" || k == "SEGSIZE" || k == "EXPRTIME") {
      r.number(p, r.scalar(p), 0, 65535, false);
    } else if (k == "SERIAL" || k == "ROUTING" || k == "DCLWA") {
      r.yes_no(p);
    } else if (k == "AOI") {
      r.one_of(p, r.scalar(p), {"NO", "YES", "TRAN", "CMD"});
    } else if (k == "SYSID") {
      auto e = r.elements(p, 2);
      for (const auto& v : e) r.number(p, v, 1, 2036);
    } else {
      r.fail(p.line, k, "unknown TRANSACT keyword");
    }
  }
  if (codes.empty()) r.fail(st.line, "CODE", "TRANSACT needs CODE=");
  for (const auto& c : codes) {
    TransactionDef t = d;
    t.code = c;
    for (const auto& seen : out)
      if (seen.code == c) r.fail(code_line, "CODE", "transaction " + c + " is defined twice");
    out.push_back(std::move(t));
  }
}

}  // namespace

std::vector<Stage1Ignored> stage1_ignored(const core::Member& member) {
  // What read_applctn and read_transact keep (TransactionDef); every other operand they
  // accept is checked and dropped.
  static const std::set<std::string, std::less<>> kApplctnKept = {"PSB", "GPSB"};
  static const std::set<std::string, std::less<>> kTransactKept = {"CODE", "MSGTYPE", "PRTY", "SPA"};
  static const std::set<std::string, std::less<>> kDatabaseKept = {"DBD", "ACCESS"};
  static const std::set<std::string, std::less<>> kListing = {"PRINT", "TITLE", "EJECT", "SPACE", "END"};
  std::vector<Stage1Ignored> out;
  auto note = [&out](std::string what, int line) {
    for (auto& i : out)
      if (i.what == what) {
        ++i.more;
        return;
      }
    out.push_back({std::move(what), line, 0});
  };
  for (const auto& st : member.statements) {
    const bool applctn = st.name == "APPLCTN", transact = st.name == "TRANSACT", database = st.name == "DATABASE";
    if (!applctn && !transact && !database) {
      if (kSkippedMacros.count(st.name) && !kListing.count(st.name)) note(st.name + " macro", st.line);
      continue;
    }
    const auto& kept = applctn ? kApplctnKept : transact ? kTransactKept : kDatabaseKept;
    for (const auto& p : st.params) {
      // Positional operands: RESIDENT and DOPT (APPLCTN, DATABASE), WFI (TRANSACT), none acted on.
      const std::string k = p.positional() ? p.value.to_string() : p.keyword;
      if (!kept.count(k)) note(st.name + " " + k, p.line);
    }
  }
  return out;
}

TransactionTable::TransactionTable(TransactionTable&& o) noexcept {
  std::lock_guard lk(o.mu_);
  defs_ = std::move(o.defs_);
  dbs_ = std::move(o.dbs_);
}

TransactionTable& TransactionTable::operator=(TransactionTable&& o) noexcept {
  if (this != &o) {
    std::scoped_lock lk(mu_, o.mu_);
    defs_ = std::move(o.defs_);
    dbs_ = std::move(o.dbs_);
  }
  return *this;
}

void TransactionTable::add_stage1(const core::Member& member) {
  Reader r(member);
  if (member.format != core::MemberFormat::Stage1)
    r.fail(0, "", "is not a stage-1 member");
  std::vector<TransactionDef> found;
  std::vector<DatabaseDef> databases;
  {
    std::lock_guard lk(mu_);
    databases = dbs_;  // a DATABASE in an earlier member counts as defined
  }
  const std::size_t known_databases = databases.size();
  std::optional<Applctn> current;
  bool ended = false;
  int last_line = 0;
  for (const auto& st : member.statements) {
    last_line = st.line;
    if (ended) {
      // The assembler's END may follow IMSGEN; nothing else may.
      if (st.name == "END") continue;
      r.fail(st.line, st.name, "macro after IMSGEN");
    }
    if (st.name == "APPLCTN") {
      current = read_applctn(r, st);
    } else if (st.name == "TRANSACT") {
      if (!current) r.fail(st.line, "TRANSACT", "TRANSACT before any APPLCTN");
      read_transact(r, st, *current, found);
    } else if (st.name == "DATABASE") {
      read_database(r, st, databases);
    } else if (st.name == "IMSGEN") {
      ended = true;
    } else if (kSkippedMacros.count(st.name)) {
      // A terminal macro between APPLCTNs does not end the APPLCTN's group in
      // IMS's grammar either, but TRANSACTs are expected right after their APPLCTN.
    } else {
      r.fail(st.line, st.name, "unknown stage-1 macro");
    }
  }
  if (!ended) r.fail(last_line, "IMSGEN", "stage-1 input must end with IMSGEN");

  // All or nothing: a member with an error adds no transaction.
  std::lock_guard lk(mu_);
  for (const auto& d : found)
    if (defs_.count(d.code))
      r.fail(0, "CODE", "transaction " + d.code + " is already defined");
  for (auto& d : found) defs_.emplace(d.code, std::move(d));
  dbs_.insert(dbs_.end(), databases.begin() + static_cast<std::ptrdiff_t>(known_databases), databases.end());
}

void TransactionTable::add(TransactionDef d) {
  if (!valid_name(d.code)) throw std::invalid_argument("transaction code '" + d.code + "' is not valid");
  if (!valid_name(d.psb)) throw std::invalid_argument("PSB name '" + d.psb + "' is not valid");
  std::lock_guard lk(mu_);
  if (!defs_.emplace(d.code, d).second)
    throw std::invalid_argument("transaction " + d.code + " is already defined");
}

std::optional<TransactionDef> TransactionTable::find(const std::string& code) const {
  std::lock_guard lk(mu_);
  auto it = defs_.find(code);
  if (it == defs_.end()) return std::nullopt;
  return it->second;
}

std::vector<DatabaseDef> TransactionTable::databases() const {
  std::lock_guard lk(mu_);
  return dbs_;
}

std::vector<TransactionDef> TransactionTable::all() const {
  std::lock_guard lk(mu_);
  std::vector<TransactionDef> out;
  out.reserve(defs_.size());
  for (const auto& [_, d] : defs_) out.push_back(d);
  return out;
}

bool TransactionTable::set_stopped(const std::string& code, bool stopped) {
  std::lock_guard lk(mu_);
  auto it = defs_.find(code);
  if (it == defs_.end()) return false;
  it->second.stopped = stopped;
  return true;
}

}  // namespace zgate::tm
