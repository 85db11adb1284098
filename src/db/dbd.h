#pragma once
// A database description as DBDGEN reads it (IBM, Database Utilities, "DBD statements"): one
// DBD statement, DATASET (or AREA for DEDB), the SEGM statements in hierarchical order with
// the FIELD statements of each, DBDGEN, FINISH, END. zgate reads a shop's deck as written; what
// it does not build (secondary indexes and logical relationships: LCHILD, XDFLD) is refused
// with the statement's line, never skipped, since a program would silently see another
// database; HIDAM's primary index is the exception: its LCHILD and its INDEX DBD are read and
// checked, and zgate keeps the root's key order itself. Every difference from IBM is in
// docs/decisions.md, "Databases".
#include <optional>
#include <string>
#include <vector>

#include "core/proclib.h"

namespace zgate::db {

enum class Access : std::uint8_t { Hidam, Hdam, Hisam, Hsam, Shisam, Index, Dedb, Gsam };
std::string_view access_name(Access a);

struct FieldDef {
  std::string name;
  bool sequence = false;  // NAME=(name,SEQ,...)
  bool unique = true;     // SEQ,U (the default) or SEQ,M
  int start = 1;          // START=, 1-based byte in the segment
  int bytes = 0;          // BYTES=
  char type = 'C';        // TYPE=C X P Z F H
  int line = 0;
};

// RULES=(insert,delete,replace,where): only "where" (the position of a segment without a
// unique sequence field among its twins) changes what a program sees: FIRST, LAST or HERE.
enum class InsertRule : std::uint8_t { Last, First, Here };

struct SegmentDef {
  std::string name;
  std::string parent;  // empty: the root segment
  int level = 1;       // 1 for the root
  int max_bytes = 0;   // BYTES=max or (max,min)
  int min_bytes = 0;   // 0: fixed length
  InsertRule insert = InsertRule::Last;
  std::vector<FieldDef> fields;
  int line = 0;

  const FieldDef* sequence_field() const;  // nullptr: unkeyed
  const FieldDef* field(std::string_view name) const;
};

struct Dbd {
  std::string name;  // DBD NAME=
  Access access = Access::Hidam;
  std::vector<SegmentDef> segments;  // hierarchical order; segments[0] is the root
  std::string member;                // where it was read, for later errors
  int line = 0;
  // The primary index pair, from LCHILD NAME=(segment,dbd): in a HIDAM DBD, its INDEX DBD and
  // that DBD's segment; in an INDEX DBD, the HIDAM DBD and its root. Empty: none. The catalog
  // checks that the two name each other (db/catalog.h).
  std::string index_dbd, index_segment;
  int index_line = 0;

  const SegmentDef* segment(std::string_view name) const;
};

// IMS's limits: 15 levels, 255 segment types, segments up to 32,767 bytes (non-DEDB).
inline constexpr int kMaxLevels = 15;
inline constexpr std::size_t kMaxSegments = 255;
inline constexpr int kMaxSegmentBytes = 32767;

// Reads a DBDGEN deck parsed in Stage1 (assembler) format. Throws core::MemberError naming
// member, line and keyword.
Dbd read_dbd(const core::Member& member);

}  // namespace zgate::db
