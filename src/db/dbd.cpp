// Reading DBDGEN decks. The statements and operands are IBM's (Database Utilities, "DBD
// statements", "SEGM statements", "FIELD statements"); zgate keeps what a DL/I call needs (the
// hierarchy, segment lengths, fields and sequence fields, the insert rule) and checks the rest
// so that a typo stops the definition, as it stops the DBDGEN.
#include "db/dbd.h"

#include <set>

#include "core/macro_reader.h"

namespace zgate::db {

namespace {

using core::MacroReader;
using core::valid_name;

// Operands IBM documents that describe physical storage (data set groups, pointers, free
// space, compression, randomizers): checked for shape only, since zgate's storage is its own.
const std::set<std::string, std::less<>> kStorageOperands = {
    "RMNAME", "PASSWD", "VERSION", "DATXEXIT", "EXIT", "ENCODING", "FPINDEX", "REMARKS", "DD1", "DD2",
    "OVFLW", "DEVICE", "BLOCK", "RECORD", "SIZE", "SCAN", "FRSPC", "SEARCHA", "REL", "POINTER", "FREQ",
    "COMPRTN", "SSPTR", "DSGROUP", "TYPE", "EXTERNALNAME", "DATATYPE"};

void read_dbd_statement(const MacroReader& r, const core::Statement& st, Dbd& d) {
  bool named = false, accessed = false;
  for (const auto& p : st.params) {
    if (p.positional()) r.fail(p.line, p.value.to_string(), "unknown DBD operand");
    if (p.keyword == "NAME") {
      d.name = r.name(p);
      named = true;
    } else if (p.keyword == "ACCESS") {
      // ACCESS=HIDAM or ACCESS=(HIDAM,OSAM|VSAM); INDEX may add PROT/NOPROT, DOSCOMP.
      auto e = r.elements(p, 3);
      static const std::pair<const char*, Access> kAccess[] = {
          {"HIDAM", Access::Hidam}, {"HDAM", Access::Hdam},   {"HISAM", Access::Hisam},
          {"HSAM", Access::Hsam},   {"SHISAM", Access::Shisam}, {"INDEX", Access::Index},
          {"DEDB", Access::Dedb},   {"GSAM", Access::Gsam}};
      bool known = false;
      for (const auto& [n, a] : kAccess)
        if (e[0] == n) {
          d.access = a;
          known = true;
        }
      if (!known) r.fail(p.line, p.keyword, "value '" + e[0] + "' is not HIDAM, HDAM, HISAM, HSAM, SHISAM, INDEX, DEDB or GSAM");
      for (std::size_t i = 1; i < e.size(); ++i)
        r.one_of(p, e[i], {"OSAM", "VSAM", "BSAM", "PROT", "NOPROT", "DOSCOMP"}, true);
      accessed = true;
    } else if (!kStorageOperands.count(p.keyword)) {
      r.fail(p.line, p.keyword, "unknown DBD keyword");
    }
  }
  if (!named) r.fail(st.line, "NAME", "DBD needs NAME=");
  if (!accessed) r.fail(st.line, "ACCESS", "DBD needs ACCESS=");
  // What zgate builds: the hierarchical access methods of full-function databases, and a DEDB
  // read as one. An index database exists only for a secondary index or HIDAM's primary
  // index, which zgate keeps itself; GSAM is a sequential file, not a hierarchy.
  if (d.access == Access::Gsam)
    r.fail(st.line, "ACCESS", "GSAM databases (sequential files) are not supported");
}

void read_segm(const MacroReader& r, const core::Statement& st, Dbd& d) {
  SegmentDef s;
  s.line = st.line;
  bool has_parent = false;
  for (const auto& p : st.params) {
    if (p.positional()) r.fail(p.line, p.value.to_string(), "unknown SEGM operand");
    const std::string& k = p.keyword;
    if (k == "NAME") {
      s.name = r.name(p);
    } else if (k == "PARENT") {
      // PARENT=0, PARENT=name, PARENT=((name,SNGL|DBLE)) or PARENT=((name,SNGL),(lparent,...)).
      has_parent = true;
      std::string v;
      if (!p.value.is_list) {
        v = p.value.scalar;
      } else if (!p.value.list.empty()) {
        const core::Param& first = p.value.list.front();
        if (first.value.is_list) {
          if (first.value.list.empty()) r.fail(p.line, k, "value '" + p.value.to_string() + "' names no parent");
          v = first.value.list.front().value.scalar;
          for (std::size_t i = 1; i < first.value.list.size(); ++i)
            r.one_of(p, first.value.list[i].value.scalar, {"SNGL", "DBLE"});
          if (p.value.list.size() > 1)
            r.fail(p.line, k, "a logical parent (PARENT=(...,(lparent,...))) is a logical relationship, "
                              "which zgate does not build");
        } else {
          v = first.value.scalar;
          for (std::size_t i = 1; i < p.value.list.size(); ++i)
            r.one_of(p, p.value.list[i].value.scalar, {"SNGL", "DBLE"});
        }
      }
      if (v != "0") {
        if (!valid_name(v)) r.fail(p.line, k, "value '" + v + "' is not 0 or a segment name");
        s.parent = v;
      }
    } else if (k == "BYTES") {
      auto e = r.elements(p, 2);
      s.max_bytes = static_cast<int>(*r.number(p, e[0], 1, kMaxSegmentBytes, false));
      if (e.size() > 1) {
        s.min_bytes = static_cast<int>(*r.number(p, e[1], 1, kMaxSegmentBytes, false));
        if (s.min_bytes > s.max_bytes) r.fail(p.line, k, "the minimum length is greater than the maximum");
      }
    } else if (k == "RULES") {
      // RULES=(insert,delete,replace,where) or the old (insdelrep,where): the where is last.
      auto e = r.elements(p, 4);
      for (std::size_t i = 0; i + 1 < e.size(); ++i) {
        const std::string& v = e[i];
        if (!v.empty() && (v.size() > 3 || v.find_first_not_of("PLVB") != std::string::npos))
          r.fail(p.line, k, "value '" + v + "' is not an insert, delete or replace rule (P, L, V, B)");
      }
      const std::string& where = e.back();
      if (where == "FIRST") s.insert = InsertRule::First;
      else if (where == "HERE") s.insert = InsertRule::Here;
      else if (where == "LAST" || where.empty()) s.insert = InsertRule::Last;
      else if (e.size() == 1 && where.find_first_not_of("PLVB") == std::string::npos) s.insert = InsertRule::Last;
      else r.fail(p.line, k, "value '" + where + "' is not FIRST, LAST or HERE");
    } else if (!kStorageOperands.count(k)) {
      r.fail(p.line, k, "unknown SEGM keyword");
    }
  }
  if (s.name.empty()) r.fail(st.line, "NAME", "SEGM needs NAME=");
  if (s.max_bytes == 0) r.fail(st.line, "BYTES", "SEGM " + s.name + " needs BYTES=");
  if (!has_parent && !d.segments.empty())
    r.fail(st.line, "PARENT", "SEGM " + s.name + " needs PARENT= (only the root may omit it)");
  if (d.segment(s.name)) r.fail(st.line, "NAME", "segment " + s.name + " is defined twice");
  if (d.segments.empty()) {
    if (!s.parent.empty()) r.fail(st.line, "PARENT", "the first SEGM is the root: PARENT=0");
  } else {
    if (s.parent.empty())
      r.fail(st.line, "PARENT", "segment " + s.name + ": a database has one root segment type (" +
                                    d.segments.front().name + ")");
    // Hierarchical order: the parent is defined, and is on the path to the segment before.
    const SegmentDef* parent = d.segment(s.parent);
    if (!parent) r.fail(st.line, "PARENT", "segment " + s.name + ": parent " + s.parent + " is not defined before it");
    s.level = parent->level + 1;
    if (s.level > kMaxLevels) r.fail(st.line, "PARENT", "segment " + s.name + " is below level 15");
    const SegmentDef* prev = &d.segments.back();
    while (prev && prev->name != parent->name) prev = prev->parent.empty() ? nullptr : d.segment(prev->parent);
    if (!prev)
      r.fail(st.line, "PARENT", "segment " + s.name + ": SEGM statements must be in hierarchical order (parent " +
                                    s.parent + " is not on the path to " + d.segments.back().name + ")");
  }
  if (d.segments.size() == kMaxSegments) r.fail(st.line, "SEGM", "more than 255 segment types");
  d.segments.push_back(std::move(s));
}

void read_field(const MacroReader& r, const core::Statement& st, Dbd& d) {
  if (d.segments.empty()) r.fail(st.line, "FIELD", "FIELD before any SEGM");
  SegmentDef& s = d.segments.back();
  FieldDef f;
  f.line = st.line;
  bool has_bytes = false;
  for (const auto& p : st.params) {
    if (p.positional()) r.fail(p.line, p.value.to_string(), "unknown FIELD operand");
    const std::string& k = p.keyword;
    if (k == "NAME") {
      auto e = r.elements(p, 3);
      if (!valid_name(e[0])) r.fail(p.line, k, "value '" + e[0] + "' is not a field name of 1-8 characters");
      f.name = e[0];
      if (e.size() > 1) {
        r.one_of(p, e[1], {"SEQ"});
        f.sequence = true;
        if (e.size() > 2) {
          r.one_of(p, e[2], {"U", "M"});
          f.unique = e[2] == "U";
        }
      }
    } else if (k == "BYTES") {
      f.bytes = static_cast<int>(*r.number(p, r.scalar(p), 1, 255, false));
      has_bytes = true;
    } else if (k == "START") {
      f.start = static_cast<int>(*r.number(p, r.scalar(p), 1, kMaxSegmentBytes, false));
    } else if (k == "TYPE") {
      const std::string v = r.scalar(p);
      r.one_of(p, v, {"C", "X", "P", "Z", "F", "H"});
      f.type = v[0];
    } else if (!kStorageOperands.count(k)) {
      r.fail(p.line, k, "unknown FIELD keyword");
    }
  }
  if (f.name.empty()) r.fail(st.line, "NAME", "FIELD needs NAME=");
  if (!has_bytes) r.fail(st.line, "BYTES", "FIELD " + f.name + " needs BYTES=");
  if (f.start + f.bytes - 1 > s.max_bytes)
    r.fail(st.line, "START", "FIELD " + f.name + " ends after byte " + std::to_string(s.max_bytes) + " of segment " + s.name);
  if ((f.type == 'F' && f.bytes != 4) || (f.type == 'H' && f.bytes != 2) || (f.type == 'P' && f.bytes > 16))
    r.fail(st.line, "BYTES", "FIELD " + f.name + ": TYPE=" + std::string(1, f.type) + " cannot be " +
                                 std::to_string(f.bytes) + " bytes");
  if (s.field(f.name)) r.fail(st.line, "NAME", "field " + f.name + " is defined twice in segment " + s.name);
  if (f.sequence && s.sequence_field())
    r.fail(st.line, "NAME", "segment " + s.name + " has a sequence field already (" + s.sequence_field()->name + ")");
  // IBM: the sequence field is the first FIELD statement of its segment.
  if (f.sequence && !s.fields.empty())
    r.fail(st.line, "NAME", "the sequence field " + f.name + " must be the first FIELD of segment " + s.name);
  s.fields.push_back(std::move(f));
}

// LCHILD: the one zgate accepts is HIDAM's primary index (on the root, PTR=INDX, naming the
// index DBD) and, in that INDEX DBD, the LCHILD back to the root: zgate keeps the root's key
// order itself, so both are read and checked, not built. Any other LCHILD is a secondary index
// or a logical relationship, and is refused.
void read_lchild(const MacroReader& r, const core::Statement& st, Dbd& d) {
  if (d.segments.empty()) r.fail(st.line, "LCHILD", "LCHILD before any SEGM");
  std::string ptr;
  std::vector<std::string> names;
  for (const auto& p : st.params) {
    if (p.positional()) r.fail(p.line, p.value.to_string(), "unknown LCHILD operand");
    if (p.keyword == "NAME") {
      names = r.elements(p, 2);
      for (const auto& n : names)
        if (!valid_name(n)) r.fail(p.line, p.keyword, "value '" + n + "' is not a segment or DBD name");
    } else if (p.keyword == "PTR" || p.keyword == "POINTER") {
      ptr = r.scalar(p);
    } else if (p.keyword != "INDEX" && p.keyword != "RULES" && p.keyword != "PAIR" && p.keyword != "RKSIZE") {
      r.fail(p.line, p.keyword, "unknown LCHILD keyword");
    }
  }
  const bool primary_index = d.access == Access::Hidam && d.segments.size() == 1 && ptr == "INDX";
  if (!primary_index && d.access != Access::Index)
    r.fail(st.line, "LCHILD", "this LCHILD defines a secondary index or a logical relationship, which zgate does not "
                              "build (only HIDAM's primary index, PTR=INDX on the root, is accepted)");
  if (names.size() != 2) r.fail(st.line, "NAME", "LCHILD needs NAME=(segment,dbd)");
  if (!d.index_dbd.empty()) r.fail(st.line, "LCHILD", "a second LCHILD (one primary index pair per DBD)");
  d.index_segment = names[0];
  d.index_dbd = names[1];
  d.index_line = st.line;
}

}  // namespace

std::string_view access_name(Access a) {
  switch (a) {
    case Access::Hidam: return "HIDAM";
    case Access::Hdam: return "HDAM";
    case Access::Hisam: return "HISAM";
    case Access::Hsam: return "HSAM";
    case Access::Shisam: return "SHISAM";
    case Access::Index: return "INDEX";
    case Access::Dedb: return "DEDB";
    case Access::Gsam: return "GSAM";
  }
  return "?";
}

const FieldDef* SegmentDef::sequence_field() const {
  for (const auto& f : fields)
    if (f.sequence) return &f;
  return nullptr;
}

const FieldDef* SegmentDef::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const SegmentDef* Dbd::segment(std::string_view n) const {
  for (const auto& s : segments)
    if (s.name == n) return &s;
  return nullptr;
}

Dbd read_dbd(const core::Member& member) {
  MacroReader r(member);
  if (member.format != core::MemberFormat::Stage1) r.fail(0, "", "is not an assembler-format member");
  Dbd d;
  d.member = member.name;
  bool started = false, generated = false;
  int last_line = 0;
  for (const auto& st : member.statements) {
    last_line = st.line;
    if (core::is_listing_statement(st.name)) continue;
    if (generated) {
      if (st.name == "FINISH" || st.name == "END") continue;
      r.fail(st.line, st.name, "statement after DBDGEN");
    }
    if (st.name == "DBD") {
      if (started) r.fail(st.line, "DBD", "a second DBD statement in one deck");
      d.line = st.line;
      read_dbd_statement(r, st, d);
      started = true;
      continue;
    }
    if (!started) r.fail(st.line, st.name, "the deck must start with DBD");
    if (st.name == "FINISH" || st.name == "END")
      r.fail(st.line, "DBDGEN", "the deck must end with DBDGEN (" + st.name + " comes before it)");
    if (st.name == "DATASET" || st.name == "AREA") {
      if ((st.name == "AREA") != (d.access == Access::Dedb))
        r.fail(st.line, st.name, st.name == "AREA" ? "AREA is for DEDB databases" : "a DEDB has AREA statements, not DATASET");
      for (const auto& p : st.params)
        if (!p.positional() && !kStorageOperands.count(p.keyword) && p.keyword != "NAME" && p.keyword != "UOW" &&
            p.keyword != "ROOT" && p.keyword != "LABEL")
          r.fail(p.line, p.keyword, "unknown " + st.name + " keyword");
    } else if (st.name == "SEGM") {
      read_segm(r, st, d);
    } else if (st.name == "FIELD") {
      read_field(r, st, d);
    } else if (st.name == "LCHILD") {
      read_lchild(r, st, d);
    } else if (st.name == "XDFLD") {
      r.fail(st.line, st.name, "XDFLD defines a secondary index, which zgate does not build");
    } else if (st.name == "DBDGEN") {
      generated = true;
    } else {
      r.fail(st.line, st.name, "unknown DBDGEN statement");
    }
  }
  if (!started) r.fail(0, "DBD", "no DBD statement");
  if (!generated) r.fail(last_line, "DBDGEN", "the deck must end with DBDGEN");
  if (d.segments.empty()) r.fail(d.line, "SEGM", "DBD " + d.name + " has no segments");
  // A HIDAM or HISAM root is reached by its key: it needs a unique sequence field (IBM).
  const SegmentDef& root = d.segments.front();
  if ((d.access == Access::Hidam || d.access == Access::Hisam || d.access == Access::Shisam ||
       d.access == Access::Index) &&
      (!root.sequence_field() || !root.sequence_field()->unique))
    r.fail(root.line, "FIELD", std::string(access_name(d.access)) + " root segment " + root.name +
                                   " needs a unique sequence field (NAME=(name,SEQ,U))");
  return d;
}

}  // namespace zgate::db
