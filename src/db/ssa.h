#pragma once
// Segment search arguments as IBM codes them (Application Programming, "SSA coding rules"):
//
//   NAME____              unqualified: the segment name, 8 bytes, blank-padded
//   NAME____*codes        command codes, ended by a blank or '('
//   NAME____(FIELD___OPvalue)             qualified: field name 8, operator 2, value (the
//                                         field's BYTES), then ')'
//   NAME____(F1______EQv1&F2______GTv2)   qualifications joined by Boolean operators
//   NAME____*C(concatenated key)          command code C: the segment's concatenated key
//
// Operators: EQ GT LT GE LE NE, or = > < >= <= and ¬= (¬ as the Latin-1 byte X'AC' or as
// UTF-8, or '!'), a one-character operator padded with a blank on either side. Boolean
// operators: & or * (dependent AND), | or + (OR), # (independent AND: zgate has no secondary
// indexes, where it differs from AND, so it is AND). AND binds tighter than OR.
//
// Command codes zgate carries out: C D F L N P U V and '-' (null). Q (enqueue) and the rest
// (A G M O R S W Z: Fast Path, subset pointers, field offsets) are refused with AJ.
//
// A parse that fails gives the status IMS gives: AC (the segment is not one the PCB is
// sensitive to), AK (a field the segment does not have, or one the program is not sensitive
// to), AJ (anything else malformed).
#include <string>
#include <string_view>
#include <vector>

#include "db/hierarchy.h"

namespace zgate::db {

enum class RelOp : std::uint8_t { Eq, Gt, Lt, Ge, Le, Ne };

struct Qualification {
  std::string field;  // for messages
  std::size_t start = 0;  // offset of the field in the stored segment
  std::size_t bytes = 0;
  RelOp op = RelOp::Eq;
  std::string value;      // `bytes` long
  bool or_before = false; // joined to the term before by OR (false: AND)
  bool sequence = false;  // the segment's sequence field
};

struct Ssa {
  int segment = -1;  // index in the DBD
  bool d = false, f = false, l = false, n = false, p = false, u = false, v = false;
  std::string concatenated_key;  // command code C: the value (empty: none)
  bool has_c = false;
  std::vector<Qualification> terms;  // none: unqualified (by field)

  bool qualified() const { return has_c || !terms.empty(); }
  // Whether the segment `data` (stored form) satisfies the qualification.
  bool matches(std::string_view data) const;
};

// What the PCB lets an SSA name: which segments are sensitive, and for segments with field
// sensitivity (SENFLD), which fields.
struct SsaScope {
  const Hierarchy* hierarchy = nullptr;
  std::vector<bool> sensitive;                       // by segment index
  std::vector<std::vector<std::string>> fields;     // by segment index; empty: all fields
};

struct SsaResult {
  Ssa ssa;
  char status[3] = "  ";  // "  " when parsed, else AC, AJ or AK
  std::string why;        // for the trace
  bool ok() const { return status[0] == ' '; }
};

SsaResult parse_ssa(std::string_view text, const SsaScope& scope);

// The comparison IMS makes: bytes, left to right (a logical compare).
bool compare(std::string_view field, RelOp op, std::string_view value);

}  // namespace zgate::db
