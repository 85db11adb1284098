#pragma once
// A DatabaseStore in memory for the fuzz targets of the DL/I engine and the load format: what
// they fuzz is the engine and the parsers, not SQLite.
#include <map>
#include <string>

#include "db/store.h"

namespace zgate::fuzzing {

class MemoryStore final : public zgate::db::DatabaseStore {
 public:
  bool next(std::string_view dbd, std::string_view from, bool strict, db::SegmentRow& out) override {
    auto& t = tables_[std::string(dbd)];
    auto it = strict ? t.upper_bound(std::string(from)) : t.lower_bound(std::string(from));
    if (it == t.end()) return false;
    out = {it->first, it->second};
    return true;
  }
  bool prev(std::string_view dbd, std::string_view before, db::SegmentRow& out) override {
    auto& t = tables_[std::string(dbd)];
    auto it = before.empty() ? t.end() : t.lower_bound(std::string(before));
    if (it == t.begin()) return false;
    --it;
    out = {it->first, it->second};
    return true;
  }
  // Back to empty (a target that commits keeps each input from growing the next one's store).
  void clear() { tables_.clear(); }
  void commit(const std::vector<db::Change>& changes) override {
    for (const auto& c : changes) {
      if (c.data) tables_[c.dbd][c.key] = *c.data;
      else tables_[c.dbd].erase(c.key);
    }
  }

 private:
  std::map<std::string, std::map<std::string, std::string>> tables_;
};

}  // namespace zgate::fuzzing
