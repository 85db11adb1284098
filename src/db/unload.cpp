#include "db/unload.h"

#include <istream>
#include <ostream>
#include <vector>

#include "db/hierarchy.h"

namespace zgate::db {

LoadError::LoadError(int l, std::string st, const std::string& what)
    : std::runtime_error(what), line(l), status(std::move(st)) {}

std::string escape_segment(std::string_view data) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == ' ' && i + 1 == data.size()) {
      out += "\\x20";  // a line never ends in a blank, which editors and mail strip
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

bool unescape_segment(std::string_view text, std::string& out) {
  out.clear();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
      continue;
    }
    if (i + 3 < text.size() + 0 && text[i + 1] == 'x' && hex(text[i + 2]) >= 0 && hex(text[i + 3]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 2]) * 16 + hex(text[i + 3])));
      i += 3;
      continue;
    }
    return false;
  }
  return true;
}

namespace {

std::size_t write_rows(DatabaseStore& store, const Dbd& dbd, std::ostream& out, const std::string& root_key,
                       bool indent) {
  Hierarchy h(dbd);
  std::string from, end;
  if (!root_key.empty()) {
    std::string key = root_key;
    key.resize(h.key_bytes(0), ' ');
    from = std::string(1, '\x01') + key;
    end = Hierarchy::after_prefix(from);
  }
  std::size_t n = 0;
  SegmentRow row;
  bool strict = false;
  while (store.next(dbd.name, from, strict, row)) {
    if (!end.empty() && row.key >= end) break;
    const int seg = h.segment_of(row.key);
    if (seg < 0) throw StoreError("zgate: DBD " + dbd.name + " holds a damaged key");
    const int level = h.level_of(seg);
    if (indent) out << std::string(static_cast<std::size_t>(level - 1) * 2, ' ');
    out << h.segment(seg).name << ' ' << (level < 10 ? "0" : "") << level << ' ' << escape_segment(row.data) << '\n';
    ++n;
    from = row.key;
    strict = true;
  }
  return n;
}

}  // namespace

std::size_t unload(DatabaseStore& store, const Dbd& dbd, std::ostream& out) {
  out << "* zgate unload of DBD " << dbd.name << ": segment, level, data (\\xHH for other bytes)\n";
  return write_rows(store, dbd, out, {}, false);
}

std::size_t list(DatabaseStore& store, const Dbd& dbd, std::ostream& out, const std::string& root_key) {
  return write_rows(store, dbd, out, root_key, true);
}

std::size_t load(DatabaseStore& store, const Dbd& dbd, std::istream& in, std::size_t batch) {
  Hierarchy h(dbd);
  SegmentRow any;
  if (store.next(dbd.name, "", false, any))
    throw LoadError(0, "LB", "DBD " + dbd.name + " is not empty: a load starts from an empty database");
  // The key of the last segment loaded at each level, and of the last twin of each type
  // under its current parent (for the key sequence check and the twin numbers).
  std::vector<std::string> at_level(16);
  std::vector<int> type_at_level(16, -1);
  std::vector<Change> changes;
  std::size_t n = 0;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '*') continue;
    const std::size_t s1 = line.find(' ');
    const std::size_t s2 = s1 == std::string::npos ? std::string::npos : line.find(' ', s1 + 1);
    if (s2 == std::string::npos) throw LoadError(lineno, "  ", "line " + std::to_string(lineno) + ": not 'segment level data'");
    const std::string name = line.substr(0, s1);
    const int seg = h.index_of(name);
    if (seg < 0) throw LoadError(lineno, "LE", "line " + std::to_string(lineno) + ": " + name + " is not a segment of " + dbd.name);
    std::string data;
    if (!unescape_segment(std::string_view(line).substr(s2 + 1), data))
      throw LoadError(lineno, "  ", "line " + std::to_string(lineno) + ": a bad \\ escape in the data");
    const SegmentDef& sd = h.segment(seg);
    if (data.size() > static_cast<std::size_t>(sd.max_bytes) ||
        (sd.min_bytes == 0 ? data.size() != static_cast<std::size_t>(sd.max_bytes) : data.size() < static_cast<std::size_t>(sd.min_bytes)))
      throw LoadError(lineno, "V1", "line " + std::to_string(lineno) + ": " + std::to_string(data.size()) + " bytes is not a length of " + name);
    const int level = h.level_of(seg);
    std::string parent;
    if (level > 1) {
      const int p = h.parent_of(seg);
      if (type_at_level[static_cast<std::size_t>(level - 1)] != p)
        throw LoadError(lineno, "LD", "line " + std::to_string(lineno) + ": no " + h.segment(p).name + " loaded before this " + name);
      parent = at_level[static_cast<std::size_t>(level - 1)];
    }
    // Under this parent, the previous segment at this level (if still of this parent).
    const std::string& prev = at_level[static_cast<std::size_t>(level)];
    const bool same_parent = !prev.empty() && prev.compare(0, parent.size(), parent) == 0 && prev.size() > parent.size();
    const int prev_type = same_parent ? static_cast<unsigned char>(prev[parent.size()]) - 1 : -1;
    if (prev_type > seg)
      throw LoadError(lineno, "LE", "line " + std::to_string(lineno) + ": " + name + " after a " + h.segment(prev_type).name +
                                        " (segment types in hierarchical order)");
    const std::string keyval(h.sequence_value(seg, data));
    std::string key;
    if (prev_type == seg) {
      const std::string prev_key = prev.substr(parent.size() + 1, h.key_bytes(seg));
      if (!h.has_twins(seg)) {
        if (keyval == prev_key) throw LoadError(lineno, "LB", "line " + std::to_string(lineno) + ": " + name + " key exists");
        if (keyval < prev_key) throw LoadError(lineno, "LC", "line " + std::to_string(lineno) + ": " + name + " key out of sequence");
        key = parent + h.component(seg, keyval, 0);
      } else {
        if (keyval < prev_key) throw LoadError(lineno, "LC", "line " + std::to_string(lineno) + ": " + name + " key out of sequence");
        const std::uint64_t twin = keyval == prev_key
                                       ? Hierarchy::twin_of(std::string_view(prev).substr(parent.size(), h.component_bytes(seg))) + Hierarchy::kTwinStep
                                       : Hierarchy::kFirstTwin;
        key = parent + h.component(seg, keyval, twin);
      }
    } else {
      key = parent + h.component(seg, keyval, Hierarchy::kFirstTwin);
    }
    at_level[static_cast<std::size_t>(level)] = key;
    type_at_level[static_cast<std::size_t>(level)] = seg;
    for (std::size_t l = static_cast<std::size_t>(level) + 1; l < at_level.size(); ++l) {
      at_level[l].clear();
      type_at_level[l] = -1;
    }
    changes.push_back(Change{dbd.name, std::move(key), std::move(data)});
    ++n;
    if (changes.size() >= batch) {
      store.commit(changes);
      changes.clear();
    }
  }
  if (!changes.empty()) store.commit(changes);
  return n;
}

}  // namespace zgate::db
