#pragma once
// Where each segment occurrence sits in its database's hierarchical sequence, as one byte
// string that sorts the way IMS reads the database.
//
// IMS's hierarchical sequence: the roots in key order; under each root, its dependents top to
// bottom, left to right: for each child segment type in DBD order, its occurrences (twins) in
// key order, each followed by its own dependents. zgate stores every occurrence under a
// "hierarchic key", the concatenation, from the root down, of one component per level:
//
//     code (1 byte: the segment's position in the DBD, 1..255)
//     sequence field value (BYTES of it; none for an unkeyed segment)
//     twin number (8 bytes, big-endian; only when the sequence field is non-unique or absent)
//
// A component's length depends only on its code, so a parent's hierarchic key is a prefix of
// each of its dependents', and plain byte order of the keys (memcmp, which is how SQLite
// compares BLOBs) is the hierarchical sequence: children after their parent, child types in
// DBD order (the codes grow in DBD order, and a DBD lists segments top to bottom, left to
// right), twins in sequence field order (compared byte for byte, as IMS compares keys), twins
// of equal key in twin-number order (the order RULES= gives them).
//
// HDAM and DEDB roots come back in key order too (IMS gives them in randomizer order): a
// difference written down in docs/decisions.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/dbd.h"

namespace zgate::db {

class Hierarchy {
 public:
  explicit Hierarchy(const Dbd& dbd);

  const Dbd& dbd() const { return *dbd_; }
  std::size_t size() const { return dbd_->segments.size(); }

  // Segment index in the DBD (0 = root) by name; -1 when there is none.
  int index_of(std::string_view segment) const;
  const SegmentDef& segment(int index) const { return dbd_->segments[static_cast<std::size_t>(index)]; }
  int parent_of(int index) const { return parent_[static_cast<std::size_t>(index)]; }
  int level_of(int index) const { return segment(index).level; }
  // The indexes from the root down to `index` (root first).
  std::vector<int> path_to(int index) const;
  bool is_ancestor(int ancestor, int index) const;

  bool has_twins(int index) const;  // non-unique or unkeyed: components carry a twin number
  std::size_t key_bytes(int index) const;   // the sequence field's length (0: unkeyed)
  std::size_t component_bytes(int index) const;

  // The sequence field value in a segment's data (empty for an unkeyed segment). `data` must
  // be at least as long as the field's end (the caller checked the segment's length).
  std::string_view sequence_value(int index, std::string_view data) const;

  // The component for an occurrence of `index` with sequence value `key` (key_bytes(index)
  // long) and twin number `twin` (ignored unless has_twins).
  std::string component(int index, std::string_view key, std::uint64_t twin) const;

  // The end offsets of the components of a stored hierarchic key, root first. Empty when the
  // bytes are not a key of this DBD (a damaged row): callers treat that as an I/O error.
  std::vector<std::size_t> split(std::string_view hkey) const;
  // The segment index of the key's last component (-1 when malformed).
  int segment_of(std::string_view hkey) const;
  // The concatenated key as IMS shows it in the key feedback area: the sequence field values
  // from the root down (unkeyed segments add nothing).
  std::string concatenated_key(std::string_view hkey) const;

  // The smallest byte string greater than every key that starts with `prefix`: the first key
  // after the subtree under `prefix` is the first one at or after this bound. Empty when none
  // exists (the prefix is all 0xFF), meaning "to the end".
  static std::string after_prefix(std::string_view prefix);

  // Twin numbers: the first occurrence gets kFirstTwin; LAST adds kTwinStep to the last one,
  // FIRST takes it from the first one. 2^62 / 2^20 leaves room for 2^42 inserts each way.
  static constexpr std::uint64_t kFirstTwin = std::uint64_t{1} << 62;
  static constexpr std::uint64_t kTwinStep = std::uint64_t{1} << 20;
  static std::uint64_t twin_of(std::string_view component);

 private:
  const Dbd* dbd_;
  std::vector<int> parent_;
};

}  // namespace zgate::db
