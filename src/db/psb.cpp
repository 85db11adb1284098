// Reading PSBGEN decks, and checking a PSB against its DBDs as ACBGEN does.
#include "db/psb.h"


#include "core/macro_reader.h"
#include "core/member_error.h"

namespace zgate::db {

namespace {

using core::MacroReader;
using core::valid_name;

std::string procopt_of(const MacroReader& r, const core::Param& p) {
  std::string v = r.scalar(p);
  if (!valid_procopt(v)) r.fail(p.line, p.keyword, "value '" + v + "' is not a processing option (G I R D A K P O N T E L S H)");
  return v;
}

void read_pcb(const MacroReader& r, const core::Statement& st, Psb& psb) {
  PcbDef pcb;
  pcb.line = st.line;
  const std::string_view type = st.scalar("TYPE");
  if (type == "TP") pcb.type = PcbDef::Type::Tp;
  else if (type == "DB") pcb.type = PcbDef::Type::Db;
  else if (type == "GSAM") r.fail(st.line, "TYPE", "GSAM PCBs are not supported");
  else r.fail(st.line, "TYPE", "PCB needs TYPE=TP or TYPE=DB");
  for (const auto& p : st.params) {
    const std::string k = p.positional() ? p.value.to_string() : p.keyword;
    if (k == "TYPE") continue;
    if (pcb.type == PcbDef::Type::Tp) {
      if (k == "NAME" || k == "LTERM") pcb.destination = r.name(p);
      else if (k == "PCBNAME") pcb.pcbname = r.name(p);
      else if (k == "MODIFY") { r.yes_no(p); pcb.modify = r.scalar(p) == "YES"; }
      else if (k == "EXPRESS") { r.yes_no(p); pcb.express = r.scalar(p) == "YES"; }
      else if (k == "ALTRESP" || k == "SAMETRM" || k == "LIST") r.yes_no(p);
      else if (k != "IOASIZE") r.fail(p.line, k, "unknown PCB TYPE=TP operand");
    } else {
      if (k == "DBDNAME" || k == "NAME") pcb.dbdname = r.name(p);
      else if (k == "PCBNAME") pcb.pcbname = r.name(p);
      else if (k == "PROCOPT") pcb.procopt = procopt_of(r, p);
      else if (k == "KEYLEN") pcb.keylen = static_cast<int>(*r.number(p, r.scalar(p), 1, 32767, false));
      else if (k == "POS") {
        const std::string v = r.scalar(p);
        r.one_of(p, v, {"S", "SINGLE", "M", "MULTIPLE"});
        pcb.multiple_positioning = v[0] == 'M';
      } else if (k == "LIST" || k == "VIEW") r.one_of(p, r.scalar(p), {"YES", "NO", "MSDB"});
      else if (k == "PROCSEQ" || k == "PROCSEQD") r.fail(p.line, k, "secondary index processing sequences are not supported");
      else r.fail(p.line, k, "unknown PCB TYPE=DB operand");
    }
  }
  if (pcb.type == PcbDef::Type::Db) {
    if (pcb.dbdname.empty()) r.fail(st.line, "DBDNAME", "PCB TYPE=DB needs DBDNAME=");
    if (pcb.keylen == 0) r.fail(st.line, "KEYLEN", "PCB TYPE=DB needs KEYLEN=");
  } else if (!psb.pcbs.empty() && psb.pcbs.back().type == PcbDef::Type::Db) {
    // IBM: TP PCBs come before the DB PCBs.
    r.fail(st.line, "TYPE", "PCB TYPE=TP after a PCB TYPE=DB (alternate PCBs come first)");
  }
  psb.pcbs.push_back(std::move(pcb));
}

void read_senseg(const MacroReader& r, const core::Statement& st, Psb& psb) {
  if (psb.pcbs.empty() || psb.pcbs.back().type != PcbDef::Type::Db)
    r.fail(st.line, "SENSEG", "SENSEG outside a PCB TYPE=DB");
  PcbDef& pcb = psb.pcbs.back();
  SensegDef s;
  s.line = st.line;
  for (const auto& p : st.params) {
    const std::string k = p.positional() ? p.value.to_string() : p.keyword;
    if (k == "NAME") s.name = r.name(p);
    else if (k == "PARENT") {
      const std::string v = r.scalar(p);
      if (v != "0") {
        if (!valid_name(v)) r.fail(p.line, k, "value '" + v + "' is not 0 or a segment name");
        s.parent = v;
      }
    } else if (k == "PROCOPT") s.procopt = procopt_of(r, p);
    else if (k == "SSPTR" || k == "INDICES") r.fail(p.line, k, "is not supported");
    else r.fail(p.line, k, "unknown SENSEG operand");
  }
  if (s.name.empty()) r.fail(st.line, "NAME", "SENSEG needs NAME=");
  for (const auto& seen : pcb.sensegs)
    if (seen.name == s.name) r.fail(st.line, "NAME", "segment " + s.name + " is sensitive twice in one PCB");
  if (pcb.sensegs.empty() && !s.parent.empty())
    r.fail(st.line, "PARENT", "the first SENSEG of a PCB is the root: PARENT=0");
  if (!pcb.sensegs.empty() && s.parent.empty())
    r.fail(st.line, "PARENT", "SENSEG " + s.name + " needs PARENT= (only the root has PARENT=0)");
  if (!s.parent.empty()) {
    bool found = false;
    for (const auto& seen : pcb.sensegs) found = found || seen.name == s.parent;
    if (!found) r.fail(st.line, "PARENT", "SENSEG " + s.name + ": parent " + s.parent + " is not a SENSEG before it in this PCB");
  }
  pcb.sensegs.push_back(std::move(s));
}

void read_senfld(const MacroReader& r, const core::Statement& st, Psb& psb) {
  if (psb.pcbs.empty() || psb.pcbs.back().sensegs.empty()) r.fail(st.line, "SENFLD", "SENFLD outside a SENSEG");
  SenfldDef f;
  f.line = st.line;
  for (const auto& p : st.params) {
    const std::string k = p.positional() ? p.value.to_string() : p.keyword;
    if (k == "NAME") f.name = r.name(p);
    else if (k == "START") f.start = static_cast<int>(*r.number(p, r.scalar(p), 1, 32767, false));
    else if (k == "REPL") { r.yes_no(p); f.replace = r.scalar(p) == "YES"; }
    else if (k == "TYPE" || k == "RTNAME") r.fail(p.line, k, "field-level data conversion is not supported");
    else r.fail(p.line, k, "unknown SENFLD operand");
  }
  if (f.name.empty()) r.fail(st.line, "NAME", "SENFLD needs NAME=");
  psb.pcbs.back().sensegs.back().fields.push_back(std::move(f));
}

void read_psbgen(const MacroReader& r, const core::Statement& st, Psb& psb) {
  for (const auto& p : st.params) {
    const std::string k = p.positional() ? p.value.to_string() : p.keyword;
    if (k == "PSBNAME") psb.name = r.name(p);
    else if (k == "LANG") {
      psb.lang = r.scalar(p);
      r.one_of(p, psb.lang, {"COBOL", "PL/I", "PLI", "ASSEM", "C", "PASCAL", "JAVA"});
    } else if (k == "CMPAT") { r.yes_no(p); psb.cmpat = r.scalar(p) == "YES"; }
    else if (k == "MAXQ" || k == "IOASIZE" || k == "SSASIZE" || k == "IOEROPN" || k == "OLIC" || k == "GSROLBOK" ||
             k == "LOCKMAX") {
      // accepted: batch and storage tuning that zgate has no use for
    } else r.fail(p.line, k, "unknown PSBGEN operand");
  }
  if (psb.name.empty()) r.fail(st.line, "PSBNAME", "PSBGEN needs PSBNAME=");
  if (psb.lang.empty()) r.fail(st.line, "LANG", "PSBGEN needs LANG=");
}

}  // namespace

bool valid_procopt(std::string_view p) {
  if (p.empty() || p.size() > 4) return false;
  return p.find_first_not_of("GIRDAKPONTELSH") == std::string_view::npos;
}

Psb read_psb(const core::Member& member) {
  MacroReader r(member);
  if (member.format != core::MemberFormat::Stage1) r.fail(0, "", "is not an assembler-format member");
  Psb psb;
  psb.member = member.name;
  bool generated = false;
  int last_line = 0;
  for (const auto& st : member.statements) {
    last_line = st.line;
    if (core::is_listing_statement(st.name)) continue;
    if (generated) {
      if (st.name == "END") continue;
      r.fail(st.line, st.name, "statement after PSBGEN");
    }
    if (st.name == "END") r.fail(st.line, "PSBGEN", "the deck must end with PSBGEN (END comes before it)");
    if (st.name == "PCB") read_pcb(r, st, psb);
    else if (st.name == "SENSEG") read_senseg(r, st, psb);
    else if (st.name == "SENFLD") read_senfld(r, st, psb);
    else if (st.name == "PSBGEN") {
      psb.line = st.line;
      read_psbgen(r, st, psb);
      generated = true;
    } else r.fail(st.line, st.name, "unknown PSBGEN statement");
  }
  if (!generated) r.fail(last_line, "PSBGEN", "the deck must end with PSBGEN");
  for (const auto& pcb : psb.pcbs)
    if (pcb.type == PcbDef::Type::Db && pcb.sensegs.empty())
      r.fail(pcb.line, "SENSEG", "PCB TYPE=DB for " + pcb.dbdname + " has no SENSEG");
  return psb;
}

void check_psb(const Psb& psb, const std::map<std::string, Dbd, std::less<>>& dbds) {
  auto fail = [&](int line, const std::string& keyword, const std::string& msg) {
    throw core::MemberError(psb.member, line, keyword, msg);
  };
  for (const auto& pcb : psb.pcbs) {
    if (pcb.type != PcbDef::Type::Db) continue;
    auto it = dbds.find(pcb.dbdname);
    if (it == dbds.end()) fail(pcb.line, "DBDNAME", "PSB " + psb.name + " names DBD " + pcb.dbdname + ", which is not defined");
    const Dbd& dbd = it->second;
    int longest_key = 0;
    for (const auto& s : pcb.sensegs) {
      const SegmentDef* seg = dbd.segment(s.name);
      if (!seg) fail(s.line, "NAME", "SENSEG " + s.name + " is not a segment of DBD " + dbd.name);
      if (seg->parent != s.parent)
        fail(s.line, "PARENT", "SENSEG " + s.name + ": its parent in DBD " + dbd.name + " is " +
                                   (seg->parent.empty() ? std::string("0") : seg->parent) + ", not " +
                                   (s.parent.empty() ? std::string("0") : s.parent));
      for (const auto& f : s.fields)
        if (!seg->field(f.name)) fail(f.line, "NAME", "SENFLD " + f.name + " is not a field of segment " + s.name);
      // The concatenated key: the sequence fields from the root down to this segment.
      int key = 0;
      for (const SegmentDef* p = seg; p; p = p->parent.empty() ? nullptr : dbd.segment(p->parent))
        if (const FieldDef* seq = p->sequence_field()) key += seq->bytes;
      longest_key = std::max(longest_key, key);
    }
    if (pcb.keylen < longest_key)
      fail(pcb.line, "KEYLEN", "KEYLEN=" + std::to_string(pcb.keylen) + " is shorter than the longest concatenated key (" +
                                   std::to_string(longest_key) + " bytes) of the PCB's sensitive segments in DBD " +
                                   dbd.name);
  }
}

}  // namespace zgate::db
