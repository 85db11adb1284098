#include "db/hierarchy.h"

#include <algorithm>

namespace zgate::db {

Hierarchy::Hierarchy(const Dbd& dbd) : dbd_(&dbd) {
  parent_.reserve(dbd.segments.size());
  for (const auto& s : dbd.segments) parent_.push_back(s.parent.empty() ? -1 : index_of(s.parent));
}

int Hierarchy::index_of(std::string_view segment) const {
  for (std::size_t i = 0; i < dbd_->segments.size(); ++i)
    if (dbd_->segments[i].name == segment) return static_cast<int>(i);
  return -1;
}

std::vector<int> Hierarchy::path_to(int index) const {
  std::vector<int> path;
  for (int i = index; i >= 0; i = parent_of(i)) path.push_back(i);
  std::reverse(path.begin(), path.end());
  return path;
}

bool Hierarchy::is_ancestor(int ancestor, int index) const {
  for (int i = parent_of(index); i >= 0; i = parent_of(i))
    if (i == ancestor) return true;
  return false;
}

bool Hierarchy::has_twins(int index) const {
  const FieldDef* f = segment(index).sequence_field();
  return !f || !f->unique;
}

std::size_t Hierarchy::key_bytes(int index) const {
  const FieldDef* f = segment(index).sequence_field();
  return f ? static_cast<std::size_t>(f->bytes) : 0;
}

std::size_t Hierarchy::component_bytes(int index) const {
  return 1 + key_bytes(index) + (has_twins(index) ? 8 : 0);
}

std::string_view Hierarchy::sequence_value(int index, std::string_view data) const {
  const FieldDef* f = segment(index).sequence_field();
  if (!f) return {};
  return data.substr(static_cast<std::size_t>(f->start - 1), static_cast<std::size_t>(f->bytes));
}

std::string Hierarchy::component(int index, std::string_view key, std::uint64_t twin) const {
  std::string c;
  c.reserve(component_bytes(index));
  c.push_back(static_cast<char>(index + 1));
  c.append(key);
  if (has_twins(index))
    for (int shift = 56; shift >= 0; shift -= 8) c.push_back(static_cast<char>((twin >> shift) & 0xFF));
  return c;
}

std::uint64_t Hierarchy::twin_of(std::string_view component) {
  std::uint64_t t = 0;
  for (std::size_t i = component.size() - 8; i < component.size(); ++i)
    t = (t << 8) | static_cast<unsigned char>(component[i]);
  return t;
}

std::vector<std::size_t> Hierarchy::split(std::string_view hkey) const {
  std::vector<std::size_t> ends;
  std::size_t at = 0;
  int parent = -1;
  while (at < hkey.size()) {
    const int index = static_cast<unsigned char>(hkey[at]) - 1;
    if (index < 0 || static_cast<std::size_t>(index) >= size() || parent_of(index) != parent) return {};
    at += component_bytes(index);
    if (at > hkey.size()) return {};
    ends.push_back(at);
    parent = index;
  }
  return ends;
}

int Hierarchy::segment_of(std::string_view hkey) const {
  const auto ends = split(hkey);
  if (ends.empty()) return -1;
  const std::size_t last_start = ends.size() > 1 ? ends[ends.size() - 2] : 0;
  return static_cast<unsigned char>(hkey[last_start]) - 1;
}

std::string Hierarchy::concatenated_key(std::string_view hkey) const {
  std::string out;
  std::size_t at = 0;
  for (std::size_t end : split(hkey)) {
    const int index = static_cast<unsigned char>(hkey[at]) - 1;
    out.append(hkey.substr(at + 1, key_bytes(index)));
    at = end;
  }
  return out;
}

std::string Hierarchy::after_prefix(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFF) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

}  // namespace zgate::db
