// HWSCFGxx meaning: IBM's HWS, TCPIP and DATASTORE keywords (reference/ims-connect-protocol.md
// §3.1-3.3, IBM "HWS statement", "TCPIP statement", "DATASTORE statement") and zgate's TLS
// environment member. The parser (core/proclib) has already refused bad syntax, including lower
// case statement names and keywords in an Hwscfg member; this file decides what the values mean.
//
// Choices not confirmed by IBM text (each is also listed in docs/ where it matters):
//  * KEEPAV= 0..2147460 seconds: z/OS TCP_KEEPALIVE's range; IBM's page gives no range.
//  * TIMEOUT=, IDLETO= 0..2147483647 hundredths of a second; MAXSIZE= 0..2147483647 bytes (0 =
//    the codec's default); XIBAREA= 0..2147483647; TCPIPQ= 1..2147483647. IBM gives the units of
//    IDLETO and TIMEOUT as hundredths, the ranges are the fullword's.
//  * WARNSOC= 50..99 and WARNINC= 1..50 (percent): IBM confirms only the defaults 80 and 5.
//  * SSLPORT= (IMS Connect's own SSL support, before AT-TLS) accepts SSLPORT=port,
//    SSLPORT=(p1,p2) and SSLPORT=(ID=,KEEPAV=,EDIT=,IDLETO=); it may repeat, like PORT=.
//  * PORTID=(...,LOCAL): LOCAL (the old local-option port) is accepted and ignored.
//  * GROUP=, MEMBER= and TMEMBER= are required on DATASTORE, as in IBM's syntax diagram;
//    MEMBER= and TMEMBER= are XCF member names (up to 16 characters), SMEMBER= up to 4.
//  * Names are z/OS names: upper case A-Z, 0-9, $ # @, not starting with a digit (HWS ID: a
//    letter, then letters and digits, as IBM says).
//  * The statements IBM documents that zgate does not implement (IMSPLEX, RMTIMSCON, ISC, MSC,
//    ADAPTER) are accepted whole, unchecked, and listed in `ignored` by name. ODACCESS is read
//    and checked (one statement; DRDAPORT=(ID=,KEEPAV=,PORTTMOT=), APPL=, IMSPLEX=(MEMBER=,
//    TMEMBER=), ODBMAUTOCONN=, ODBMTMOT=, ODRACFST=; the DRDA port not one of TCPIP's). The TLS
//    member's port list may name the DRDA port: it then speaks TLS like the others.
//  * HWS and TCPIP are both required; TCPIP must define at least one port.
#include "connect/hwscfg.h"

#include <openssl/ssl.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string_view>

namespace zgate::connect {

const DatastoreDef* HwsConfig::datastore(const std::string& id) const {
  for (const auto& d : datastores)
    if (d.id == id) return &d;
  return nullptr;
}

namespace {

using core::Member;
using core::Param;
using core::Statement;
using core::Value;

constexpr long long kFullword = std::numeric_limits<std::int32_t>::max();
constexpr std::size_t kMaxPorts = 200;  // IBM: all ports, CICS ports included

bool upper_alpha(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool national(char c) { return c == '$' || c == '#' || c == '@'; }

// Knows the member being read, so that every error names it.
class Reader {
 public:
  explicit Reader(const Member& m) : member_(m) {}

  [[noreturn]] void fail(int line, std::string_view keyword, const std::string& message) const {
    throw ConfigError(member_.name, line, std::string(keyword), message);
  }
  [[noreturn]] void fail(const Param& p, const std::string& message) const {
    fail(p.line, p.keyword, message);
  }

  std::string_view scalar(const Param& p) const {
    if (p.value.is_list)
      fail(p, fmt::format("expected one value, not the list {}", p.value.to_string()));
    return p.value.scalar;
  }

  bool yes_no(const Param& p) const {
    std::string_view v = scalar(p);
    if (v == "Y") return true;
    if (v == "N") return false;
    fail(p, fmt::format("value '{}' is not Y or N", v));
  }

  long long number(const Param& p, std::string_view v, long long lo, long long hi,
                   std::string_view what = {}) const {
    // At most 10 digits: every accepted range fits a fullword, and n cannot overflow.
    long long n = 0;
    bool ok = !v.empty() && v.size() <= 10;
    for (std::size_t i = 0; ok && i < v.size(); ++i) {
      ok = digit(v[i]);
      n = n * 10 + (v[i] - '0');
    }
    if (!ok || n < lo || n > hi)
      fail(p, fmt::format("{}value '{}' is not a number from {} to {}", what, v, lo, hi));
    return n;
  }
  long long number(const Param& p, long long lo, long long hi) const {
    return number(p, scalar(p), lo, hi);
  }

  // A z/OS name of 1..max characters; `letter_first` narrows it to IBM's "alphanumeric,
  // starting with a letter" (HWS ID=).
  std::string name(const Param& p, std::string_view v, std::size_t max, bool letter_first = false,
                   std::string_view what = {}) const {
    bool ok = !v.empty() && v.size() <= max;
    for (std::size_t i = 0; ok && i < v.size(); ++i) {
      char c = v[i];
      if (letter_first)
        ok = upper_alpha(c) || (i > 0 && digit(c));
      else
        ok = upper_alpha(c) || national(c) || (i > 0 && digit(c));
    }
    if (!ok)
      fail(p, fmt::format("{}value '{}' is not a name of 1 to {} characters ({}upper case)", what,
                          v, max,
                          letter_first ? "a letter, then letters and digits, "
                                       : "A-Z, 0-9, $, # or @, not starting with a digit, "));
    return std::string(v);
  }
  std::string name(const Param& p, std::size_t max, bool letter_first = false) const {
    return name(p, scalar(p), max, letter_first);
  }

  // Statement-level checks shared by every statement: KEYWORD=value only, each keyword once
  // unless it is one that IBM lets repeat.
  void check_keywords(const Statement& st,
                      std::initializer_list<std::string_view> repeatable) const {
    std::set<std::string_view> seen;
    for (const auto& p : st.params) {
      if (p.positional())
        fail(p.line, "", fmt::format("{} statement: expected KEYWORD=value but found '{}'",
                                     st.name, p.value.to_string()));
      if (std::find(repeatable.begin(), repeatable.end(), p.keyword) != repeatable.end()) continue;
      if (!seen.insert(p.keyword).second)
        fail(p, fmt::format("given more than once on the {} statement", st.name));
    }
  }

  const Member& member() const { return member_; }

 private:
  const Member& member_;
};

// KEYWORD=value or KEYWORD=(v1,v2,...): the scalars, in order. IBM lets a one-element list
// drop its parentheses (EXIT=HWSSMPL1); elements are plain values, never KEYWORD= or lists.
std::vector<std::string> scalars(const Reader& r, const Param& p, std::string_view form) {
  if (!p.value.is_list) return {p.value.scalar};
  if (p.value.list.empty()) r.fail(p, fmt::format("expected {} but found ()", form));
  std::vector<std::string> out;
  for (const auto& e : p.value.list) {
    if (!e.positional() || e.value.is_list)
      r.fail(p, fmt::format("expected {} but found '{}'", form,
                            e.positional() ? e.value.to_string() : e.keyword + "="));
    out.push_back(e.value.scalar);
  }
  return out;
}

void note_ignored(HwsConfig& cfg, std::string entry) {
  if (std::find(cfg.ignored.begin(), cfg.ignored.end(), entry) == cfg.ignored.end())
    cfg.ignored.push_back(std::move(entry));
}

// --- HWS -------------------------------------------------------------------------------------

void read_hws(const Reader& r, const Statement& st, HwsConfig& cfg) {
  r.check_keywords(st, {});
  bool have_id = false;
  for (const auto& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "ID") {
      cfg.id = r.name(p, 8, true);
      have_id = true;
    } else if (k == "RACF") {
      cfg.racf = r.yes_no(p);
    } else if (k == "PSWDMC") {
      std::string_view v = r.scalar(p);
      if (v == "R") cfg.pswdmc = PasswordCase::Rcf;
      else if (v == "Y") cfg.pswdmc = PasswordCase::Mixed;
      else if (v == "N") cfg.pswdmc = PasswordCase::Upper;
      else r.fail(p, fmt::format("value '{}' is not R, Y or N", v));
    } else if (k == "UIDCACHE") {
      cfg.uidcache = r.yes_no(p);
    } else if (k == "UIDAGE") {
      cfg.uidage = static_cast<int>(r.number(p, 0, kFullword));
    } else if (k == "RACFGENRC") {
      cfg.racfgenrc = r.yes_no(p);
    } else if (k == "RRS" || k == "CASCADE" || k == "MULTIRTP" || k == "TMRACFST" ||
               k == "WTORCMD") {
      // Two-phase commit over RRS, cascaded transactions, multiple RESUME TPIPE, RACF
      // statistics and the WTOR interface have no counterpart in zgate yet: checked, noted.
      r.yes_no(p);
      note_ignored(cfg, "HWS " + k);
    } else if (k == "SENDALTP") {
      std::string_view v = r.scalar(p);  // IBM: N, Y or blank
      if (v != "Y" && v != "N" && !v.empty())
        r.fail(p, fmt::format("value '{}' is not Y, N or blank", v));
      note_ignored(cfg, "HWS SENDALTP");
    } else if (k == "XIBAREA") {
      r.number(p, 0, kFullword);
      note_ignored(cfg, "HWS XIBAREA");
    } else if (k == "SMEMBER") {
      r.name(p, 4);  // OTMA super member names are 1-4 characters
      note_ignored(cfg, "HWS SMEMBER");
    } else if (k == "CM0ATOQ") {
      r.name(p, 8);
      note_ignored(cfg, "HWS CM0ATOQ");
    } else {
      r.fail(p, "unknown keyword on the HWS statement");
    }
  }
  if (!have_id) r.fail(st.line, "ID", "the HWS statement needs ID= (the IMS Connect name)");
}

// --- TCPIP -----------------------------------------------------------------------------------

class PortSet {
 public:
  PortSet(const Reader& r, HwsConfig& cfg) : r_(r), cfg_(cfg) {}

  // Every port definition goes through here, so duplicates and the 200-port limit are checked
  // in one place, across PORT=, PORTID=, SSLPORT= and CICSPORT=.
  void add(const Param& p, std::uint16_t id) {
    auto [it, fresh] = lines_.emplace(id, p.line);
    if (!fresh)
      r_.fail(p, fmt::format("port {} is already defined at line {}", id, it->second));
    if (lines_.size() > kMaxPorts)
      r_.fail(p, fmt::format("more than {} ports (CICS ports included)", kMaxPorts));
  }

  std::uint16_t port_number(const Param& p, std::string_view v, std::string_view what = {}) {
    return static_cast<std::uint16_t>(r_.number(p, v, 1, 65535, what));
  }

  // PORT=(ID=,KEEPAV=,EDIT=,IDLETO=), SSLPORT=(ID=,...) and CICSPORT=(ID=,KEEPAV=).
  PortDef port_list(const Param& p, bool cics) {
    PortDef def;
    def.line = p.line;
    bool have_id = false, have_idleto = false;
    std::set<std::string_view> seen;
    for (const auto& e : p.value.list) {
      if (e.positional())
        r_.fail(p, fmt::format("expected {}=(ID=port,...) but found '{}' without a keyword",
                               p.keyword, e.value.to_string()));
      if (!seen.insert(e.keyword).second)
        r_.fail(p, fmt::format("{} is given twice in {}=", e.keyword, p.keyword));
      std::string what = e.keyword + "=";
      if (e.value.is_list) r_.fail(p, fmt::format("{} expects one value, not a list", what));
      std::string_view v = e.value.scalar;
      if (e.keyword == "ID") {
        def.id = port_number(p, v, what);
        have_id = true;
      } else if (e.keyword == "KEEPAV") {
        def.keepav = static_cast<int>(r_.number(p, v, 0, 2147460, what));
      } else if (e.keyword == "EDIT" && !cics) {
        def.edit = r_.name(p, v, 8, false, what);
        note_ignored(cfg_, "TCPIP " + p.keyword + " EDIT");
      } else if (e.keyword == "IDLETO" && !cics) {
        def.idleto = static_cast<int>(r_.number(p, v, 0, kFullword, what));
        have_idleto = true;
      } else {
        r_.fail(p, fmt::format("unknown parameter {} in {}=({})", e.keyword, p.keyword,
                               cics ? "ID=,KEEPAV=" : "ID=,KEEPAV=,EDIT=,IDLETO="));
      }
    }
    if (!have_id) r_.fail(p, fmt::format("{}= needs ID=port", p.keyword));
    if (!have_idleto) def.idleto = -1;  // resolved to TCPIP IDLETO= once it is known
    return def;
  }

 private:
  const Reader& r_;
  HwsConfig& cfg_;
  std::map<std::uint16_t, int> lines_;
};

void read_tcpip(const Reader& r, const Statement& st, HwsConfig& cfg) {
  r.check_keywords(st, {"PORT", "SSLPORT", "CICSPORT"});
  PortSet ports(r, cfg);
  const Param* sslport = nullptr;
  auto add_port = [&](const Param& p, PortDef def, bool tls) {
    ports.add(p, def.id);
    def.tls = tls;
    cfg.ports.push_back(std::move(def));
  };
  auto simple_port = [&](const Param& p, std::string_view v) {
    PortDef def;
    def.id = ports.port_number(p, v);
    def.line = p.line;
    def.idleto = -1;
    return def;
  };
  for (const auto& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "PORT") {
      if (!p.value.is_list)
        r.fail(p, fmt::format("expected PORT=(ID=port,KEEPAV=,EDIT=,IDLETO=) but found '{}'",
                              p.value.scalar));
      add_port(p, ports.port_list(p, false), false);
    } else if (k == "PORTID") {
      // The older form: a list of port numbers. LOCAL named the local-option port, which IMS
      // Connect no longer has.
      for (const auto& v : scalars(r, p, "PORTID=(port,...)")) {
        if (v == "LOCAL") {
          note_ignored(cfg, "TCPIP PORTID LOCAL");
          continue;
        }
        add_port(p, simple_port(p, v), false);
      }
    } else if (k == "SSLPORT") {
      sslport = &p;
      bool keyworded = p.value.is_list && !p.value.list.empty() && !p.value.list[0].positional();
      if (keyworded) {
        add_port(p, ports.port_list(p, false), true);
      } else {
        for (const auto& v : scalars(r, p, "SSLPORT=port or SSLPORT=(ID=port,...)"))
          add_port(p, simple_port(p, v), true);
      }
    } else if (k == "CICSPORT") {
      // Recorded for the duplicate and 200-port checks only: zgate has no CICS side.
      if (!p.value.is_list) r.fail(p, "expected CICSPORT=(ID=port,KEEPAV=)");
      PortDef def = ports.port_list(p, true);
      ports.add(p, def.id);
      note_ignored(cfg, "TCPIP CICSPORT");
    } else if (k == "SSLENVAR") {
      cfg.sslenvar = r.name(p, 8);
    } else if (k == "MAXSOC") {
      cfg.maxsoc = static_cast<int>(r.number(p, 50, 65535));
    } else if (k == "WARNSOC") {
      cfg.warnsoc = static_cast<int>(r.number(p, 50, 99));
    } else if (k == "WARNINC") {
      cfg.warninc = static_cast<int>(r.number(p, 1, 50));
    } else if (k == "TIMEOUT") {
      cfg.timeout = static_cast<int>(r.number(p, 0, kFullword));
    } else if (k == "IDLETO") {
      cfg.idleto = static_cast<int>(r.number(p, 0, kFullword));
    } else if (k == "MAXSIZE") {
      cfg.maxsize = static_cast<std::size_t>(r.number(p, 0, kFullword));
    } else if (k == "RACFID") {
      cfg.racfid = r.name(p, 8);
    } else if (k == "EXIT") {
      cfg.exits.clear();
      for (const auto& v : scalars(r, p, "EXIT=(name,...)")) {
        std::string exit = r.name(p, v, 8);
        if (std::find(cfg.exits.begin(), cfg.exits.end(), exit) != cfg.exits.end())
          r.fail(p, fmt::format("exit {} is named twice", exit));
        // zgate has the two sample exits' protocols only; a client naming another exit's
        // IRM_ID is refused, and start-up says that exit is not there.
        if (exit != "HWSSMPL0" && exit != "HWSSMPL1") note_ignored(cfg, "TCPIP EXIT " + exit);
        cfg.exits.push_back(std::move(exit));
      }
    } else if (k == "TCPIPQ") {
      cfg.tcpipq = static_cast<int>(r.number(p, 1, kFullword));
    } else if (k == "NODELAY") {
      cfg.nodelay = r.yes_no(p);
    } else if (k == "HOSTNAME") {
      r.name(p, 8);  // the z/OS TCP/IP job name: zgate uses the host's stack
      note_ignored(cfg, "TCPIP HOSTNAME");
    } else if (k == "IPV6" || k == "ECB" || k == "PORTAFF") {
      r.yes_no(p);
      note_ignored(cfg, "TCPIP " + k);
    } else {
      r.fail(p, "unknown keyword on the TCPIP statement");
    }
  }
  if (cfg.ports.empty())
    r.fail(st.line, "PORT", "the TCPIP statement defines no port (PORT=, PORTID= or SSLPORT=)");
  if (sslport && cfg.sslenvar.empty())
    r.fail(*sslport, "SSLPORT= needs SSLENVAR= naming the TLS environment member");
  for (auto& port : cfg.ports)
    if (port.idleto < 0) port.idleto = cfg.idleto;
}

// --- DATASTORE -------------------------------------------------------------------------------

void read_datastore(const Reader& r, const Statement& st, HwsConfig& cfg) {
  r.check_keywords(st, {});
  DatastoreDef d;
  d.line = st.line;
  bool ackto_given = false;
  for (const auto& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "ID") d.id = r.name(p, 8);
    else if (k == "GROUP") d.group = r.name(p, 8);
    else if (k == "MEMBER") d.member = r.name(p, 16);
    else if (k == "TMEMBER") d.tmember = r.name(p, 16);
    else if (k == "APPL") d.appl = r.name(p, 8);
    else if (k == "PINAPPL") d.pin_appl = r.yes_no(p);
    else if (k == "RRNAME") d.rrname = r.name(p, 8);
    else if (k == "ACKTO") {
      d.ackto = static_cast<int>(r.number(p, 0, 255));
      ackto_given = true;
    } else if (k == "DRU") {
      r.name(p, 8);
      note_ignored(cfg, "DATASTORE DRU");
    } else if (k == "SMEMBER") {
      r.name(p, 4);
      note_ignored(cfg, "DATASTORE SMEMBER");
    } else if (k == "CM0ATOQ") {
      r.name(p, 8);
      note_ignored(cfg, "DATASTORE CM0ATOQ");
    } else {
      r.fail(p, "unknown keyword on the DATASTORE statement");
    }
  }
  if (ackto_given && d.ackto == 0) d.ackto = 120;  // IBM: 0 means OTMA's default, 120 seconds
  for (auto [kw, value] : {std::pair<const char*, const std::string*>{"ID", &d.id},
                           {"GROUP", &d.group},
                           {"MEMBER", &d.member},
                           {"TMEMBER", &d.tmember}})
    if (value->empty())
      r.fail(st.line, kw, fmt::format("the DATASTORE statement needs {}=", kw));
  if (const DatastoreDef* before = cfg.datastore(d.id))
    r.fail(st.line, "ID",
           fmt::format("data store {} is already defined at line {}", d.id, before->line));
  cfg.datastores.push_back(std::move(d));
}

// --- ODACCESS --------------------------------------------------------------------------------

void read_odaccess(const Reader& r, const Statement& st, HwsConfig& cfg) {
  if (cfg.odaccess)
    r.fail(st.line, "", fmt::format("a second ODACCESS statement (the first is at line {}; IBM: specify only one)",
                                    cfg.odaccess->line));
  r.check_keywords(st, {});
  OdAccess od;
  od.line = st.line;
  auto sublist = [&](const Param& p, std::initializer_list<std::string_view> known,
                     const std::function<void(const Param&, std::string_view, std::string_view)>& each) {
    if (!p.value.is_list) r.fail(p, fmt::format("{}= expects a list (KEYWORD=value,...)", p.keyword));
    std::set<std::string_view> seen;
    for (const auto& e : p.value.list) {
      if (e.positional() || e.value.is_list)
        r.fail(p, fmt::format("{}= expects KEYWORD=value entries, found '{}'", p.keyword, e.value.to_string()));
      if (std::find(known.begin(), known.end(), e.keyword) == known.end())
        r.fail(p, fmt::format("unknown parameter {} in {}=", e.keyword, p.keyword));
      if (!seen.insert(e.keyword).second) r.fail(p, fmt::format("{} is given twice in {}=", e.keyword, p.keyword));
      each(p, e.keyword, e.value.scalar);
    }
  };
  for (const auto& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "APPL") {
      od.appl = r.name(p, 8);
    } else if (k == "DRDAPORT") {
      PortDef port;
      port.line = p.line;
      bool have_id = false;
      sublist(p, {"ID", "KEEPAV", "PORTTMOT"}, [&](const Param& q, std::string_view kw, std::string_view v) {
        const std::string what = std::string(kw) + "=";
        if (kw == "ID") {
          port.id = static_cast<std::uint16_t>(r.number(q, v, 1, 65535, what));
          have_id = true;
        } else if (kw == "KEEPAV") {
          port.keepav = static_cast<int>(r.number(q, v, 0, 2147460, what));
        } else {
          od.porttmot = static_cast<int>(r.number(q, v, 0, kFullword, what));
        }
      });
      if (!have_id) r.fail(p, "DRDAPORT= needs ID=port");
      od.drda_port = port;
    } else if (k == "IMSPLEX") {
      sublist(p, {"MEMBER", "TMEMBER"}, [&](const Param& q, std::string_view kw, std::string_view v) {
        (kw == "MEMBER" ? od.imsplex_member : od.imsplex_tmember) = r.name(q, v, kw == "MEMBER" ? 16 : 5, false, std::string(kw) + "=");
      });
    } else if (k == "ODBMAUTOCONN") {
      od.odbm_autoconn = r.yes_no(p);
    } else if (k == "ODBMTMOT") {
      od.odbmtmot = static_cast<int>(r.number(p, 0, kFullword));
    } else if (k == "ODRACFST") {
      od.odracfst = r.yes_no(p);
    } else {
      r.fail(p, "unknown keyword on the ODACCESS statement");
    }
  }
  // Read and checked, but nothing in zgate acts on them (start-up says so): there is no
  // IMSplex or SCI (IMSPLEX=), ODBM is connected at start whatever ODBMAUTOCONN= says (zgate
  // starts its ODBM with IMS Connect), IMS Connect does not time out ODBM's answers (ODBMTMOT=:
  // a call waiting for a record lock ends at ODBM's lock wait instead), VERIFY writes no RACF
  // statistics (ODRACFST=), and the DRDA port sets no TCP keepalive (KEEPAV=).
  if (!od.imsplex_member.empty() || !od.imsplex_tmember.empty()) note_ignored(cfg, "ODACCESS IMSPLEX");
  if (!od.odbm_autoconn) note_ignored(cfg, "ODACCESS ODBMAUTOCONN=N");
  if (od.odbmtmot > 0) note_ignored(cfg, "ODACCESS ODBMTMOT");
  if (od.odracfst) note_ignored(cfg, "ODACCESS ODRACFST");
  if (od.drda_port && od.drda_port->keepav > 0) note_ignored(cfg, "ODACCESS DRDAPORT KEEPAV");
  cfg.odaccess = std::move(od);
}

bool documented_not_implemented(std::string_view name) {
  return name == "IMSPLEX" || name == "RMTIMSCON" || name == "ISC" ||
         name == "MSC" || name == "ADAPTER";
}

}  // namespace

HwsConfig read_hwscfg(const core::Member& member) {
  Reader r(member);
  HwsConfig cfg;
  const Statement* hws = nullptr;
  const Statement* tcpip = nullptr;
  for (const auto& st : member.statements) {
    if (st.name == "HWS") {
      if (hws)
        r.fail(st.line, "", fmt::format("a second HWS statement (the first is at line {})",
                                        hws->line));
      hws = &st;
      read_hws(r, st, cfg);
    } else if (st.name == "TCPIP") {
      if (tcpip)
        r.fail(st.line, "", fmt::format("a second TCPIP statement (the first is at line {})",
                                        tcpip->line));
      tcpip = &st;
      read_tcpip(r, st, cfg);
    } else if (st.name == "DATASTORE") {
      read_datastore(r, st, cfg);
    } else if (st.name == "ODACCESS") {
      read_odaccess(r, st, cfg);
    } else if (documented_not_implemented(st.name)) {
      note_ignored(cfg, st.name);
    } else {
      r.fail(st.line, "", fmt::format("unknown statement {}", st.name));
    }
  }
  if (!hws) r.fail(0, "", "no HWS statement (IMS Connect needs HWS (ID=name))");
  if (!tcpip) r.fail(0, "", "no TCPIP statement (IMS Connect needs TCPIP (PORT=(ID=port)))");
  if (cfg.odaccess && cfg.odaccess->drda_port) {
    for (const auto& port : cfg.ports)
      if (port.id == cfg.odaccess->drda_port->id)
        r.fail(cfg.odaccess->drda_port->line, "DRDAPORT",
               fmt::format("port {} is already a TCPIP port (line {})", port.id, port.line));
  }
  return cfg;
}

// --- TLS environment -------------------------------------------------------------------------

TlsEnv read_tls_env(const core::Member& member) {
  Reader r(member);
  TlsEnv env;
  if (member.statements.size() != 1)
    r.fail(0, "", "expected a KEYWORD=value member (read it in Dfspb format)");
  const Statement& st = member.statements.front();
  r.check_keywords(st, {});
  auto path = [&](const Param& p) {
    std::string v(r.scalar(p));
    if (v.empty()) r.fail(p, "needs a file path");
    return v;
  };
  for (const auto& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "CERT") env.cert_file = path(p);
    else if (k == "KEY") env.key_file = path(p);
    else if (k == "CA") env.ca_file = path(p);
    else if (k == "CLIENTAUTH") {
      std::string_view v = r.scalar(p);
      if (v == "NONE") env.client_auth = TlsEnv::ClientAuth::None;
      else if (v == "OPTIONAL") env.client_auth = TlsEnv::ClientAuth::Optional;
      else if (v == "REQUIRED") env.client_auth = TlsEnv::ClientAuth::Required;
      else r.fail(p, fmt::format("value '{}' is not NONE, OPTIONAL or REQUIRED", v));
    } else if (k == "MINVERSION") {
      std::string_view v = r.scalar(p);
      if (v == "TLS12") env.tls13_only = false;
      else if (v == "TLS13") env.tls13_only = true;
      else r.fail(p, fmt::format("value '{}' is not TLS12 or TLS13", v));
    } else if (k == "CIPHERS") {
      // OpenSSL's names for TLS 1.2 suites; start-up refuses a list OpenSSL does not know.
      std::string list;
      for (const auto& v : scalars(r, p, "CIPHERS=(suite,...)")) {
        if (!list.empty()) list += ':';
        list += v;
      }
      if (list.empty()) r.fail(p, "needs at least one cipher suite");
      SSL_CTX* probe = SSL_CTX_new(TLS_server_method());
      const bool known = probe && SSL_CTX_set_cipher_list(probe, list.c_str()) == 1;
      SSL_CTX_free(probe);
      if (!known) r.fail(p, fmt::format("OpenSSL knows none of the cipher suites '{}'", list));
      env.ciphers = list;
    } else if (k == "PORT") {
      env.ports_line = p.line;
      for (const auto& v : scalars(r, p, "PORT=(port,...)")) {
        auto id = static_cast<std::uint16_t>(r.number(p, v, 1, 65535));
        if (std::find(env.ports.begin(), env.ports.end(), id) != env.ports.end())
          r.fail(p, fmt::format("port {} is listed twice", id));
        env.ports.push_back(id);
      }
    } else if (k.rfind("GSK_", 0) == 0) {
      // An IMS Connect SSLENVAR member holds System SSL (GSK_...) variables and key database
      // names; zgate uses PEM files instead, so say so rather than "unknown".
      r.fail(p, "System SSL variables are not used by zgate; give CERT=, KEY= and CA= (PEM "
                "files) instead");
    } else {
      r.fail(p, "unknown keyword (expected CERT, KEY, CA, CLIENTAUTH, MINVERSION, CIPHERS or PORT, "
                "in upper case)");
    }
  }
  if (env.cert_file.empty()) r.fail(st.line, "CERT", "the TLS environment needs CERT= (PEM)");
  if (env.key_file.empty()) r.fail(st.line, "KEY", "the TLS environment needs KEY= (PEM)");
  if (env.client_auth != TlsEnv::ClientAuth::None && env.ca_file.empty())
    r.fail(st.find("CLIENTAUTH")->line, "CLIENTAUTH",
           "client certificates are checked against CA=, which is missing");
  return env;
}

HwsConfig resolve_hwscfg(const core::Member& hwscfg, const core::Member* tls_member) {
  HwsConfig cfg = read_hwscfg(hwscfg);
  auto sslenvar_line = [&] {
    const Statement* tcpip = hwscfg.find("TCPIP");
    const Param* p = tcpip ? tcpip->find("SSLENVAR") : nullptr;
    return p ? p->line : 0;
  };
  if (cfg.sslenvar.empty()) {
    if (tls_member)
      throw ConfigError(hwscfg.name, 0, "SSLENVAR",
                        fmt::format("TLS member {} was given but TCPIP has no SSLENVAR=",
                                    tls_member->name));
    return cfg;
  }
  if (!tls_member || tls_member->name != cfg.sslenvar)
    throw ConfigError(hwscfg.name, sslenvar_line(), "SSLENVAR",
                      fmt::format("member {} was not found", cfg.sslenvar));
  TlsEnv env = read_tls_env(*tls_member);
  for (std::uint16_t id : env.ports) {
    auto it = std::find_if(cfg.ports.begin(), cfg.ports.end(),
                           [&](const PortDef& p) { return p.id == id; });
    if (cfg.odaccess && cfg.odaccess->drda_port && cfg.odaccess->drda_port->id == id) {
      cfg.odaccess->drda_port->tls = true;  // the DRDA port, with TLS as the others
      continue;
    }
    if (it == cfg.ports.end())
      throw ConfigError(tls_member->name, env.ports_line, "PORT",
                        fmt::format("port {} is not defined by PORT= or PORTID= in {}", id,
                                    hwscfg.name));
    it->tls = true;
  }
  const bool drda_tls = cfg.odaccess && cfg.odaccess->drda_port && cfg.odaccess->drda_port->tls;
  if (!drda_tls && std::none_of(cfg.ports.begin(), cfg.ports.end(), [](const PortDef& p) { return p.tls; }))
    throw ConfigError(hwscfg.name, sslenvar_line(), "SSLENVAR",
                      fmt::format("no port uses TLS: add SSLPORT= here or PORT= in {}",
                                  tls_member->name));
  cfg.tls = std::move(env);
  return cfg;
}

}  // namespace zgate::connect
