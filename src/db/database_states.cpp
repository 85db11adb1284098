#include "db/database_states.h"

namespace zgate::db {

std::string_view access_intent_name(AccessIntent a) {
  switch (a) {
    case AccessIntent::Ex: return "EX";
    case AccessIntent::Up: return "UP";
    case AccessIntent::Rd: return "RD";
    case AccessIntent::Ro: return "RO";
  }
  return "?";
}

std::optional<AccessIntent> parse_access_intent(std::string_view s) {
  for (AccessIntent a : {AccessIntent::Ex, AccessIntent::Up, AccessIntent::Rd, AccessIntent::Ro})
    if (access_intent_name(a) == s) return a;
  return std::nullopt;
}

bool DatabaseStates::define(const std::string& name, AccessIntent access) {
  std::lock_guard lk(mu_);
  DatabaseStatus s;
  s.name = name;
  s.access = access;
  return dbs_.emplace(name, std::move(s)).second;
}

std::optional<DatabaseStatus> DatabaseStates::find(std::string_view name) const {
  std::lock_guard lk(mu_);
  auto it = dbs_.find(name);
  if (it == dbs_.end()) return std::nullopt;
  return it->second;
}

std::vector<DatabaseStatus> DatabaseStates::all() const {
  std::lock_guard lk(mu_);
  std::vector<DatabaseStatus> out;
  out.reserve(dbs_.size());
  for (const auto& [_, s] : dbs_) out.push_back(s);
  return out;
}

bool DatabaseStates::set(std::string_view name, DatabaseState st) {
  std::lock_guard lk(mu_);
  auto it = dbs_.find(name);
  if (it == dbs_.end()) return false;
  it->second.state = st;
  if (st == DatabaseState::Dbr) it->second.opened = false;  // closed
  return true;
}

bool DatabaseStates::start(std::string_view name) { return set(name, DatabaseState::Started); }
bool DatabaseStates::stop(std::string_view name) { return set(name, DatabaseState::Stopped); }
bool DatabaseStates::dbr(std::string_view name) { return set(name, DatabaseState::Dbr); }

bool DatabaseStates::may_read(std::string_view name) {
  std::lock_guard lk(mu_);
  auto it = dbs_.find(name);
  if (it == dbs_.end() || it->second.state != DatabaseState::Started) return false;
  it->second.opened = true;
  return true;
}

bool DatabaseStates::may_update(std::string_view name) {
  std::lock_guard lk(mu_);
  auto it = dbs_.find(name);
  if (it == dbs_.end() || it->second.state != DatabaseState::Started) return false;
  if (it->second.access != AccessIntent::Ex && it->second.access != AccessIntent::Up) return false;
  it->second.opened = true;
  return true;
}

}  // namespace zgate::db
