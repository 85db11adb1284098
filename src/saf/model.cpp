#include "saf/model.h"

#include <algorithm>

namespace zgate::saf {

const Connect* User::connect(const std::string& g) const {
  for (const auto& c : connects)
    if (c.group == g) return &c;
  return nullptr;
}

Connect* User::connect(const std::string& g) {
  for (auto& c : connects)
    if (c.group == g) return &c;
  return nullptr;
}

bool Profile::generic() const { return name.find_first_of("%*") != std::string::npos; }

const AccessEntry* Profile::entry(const std::string& id) const {
  for (const auto& e : acl)
    if (e.id == id) return &e;
  return nullptr;
}

const User* Database::user(const std::string& id) const {
  auto it = users.find(id);
  return it == users.end() ? nullptr : &it->second;
}

const Group* Database::group(const std::string& id) const {
  auto it = groups.find(id);
  return it == groups.end() ? nullptr : &it->second;
}

const Profile* Database::profile(const std::string& cls, const std::string& name) const {
  auto c = profiles.find(cls);
  if (c == profiles.end()) return nullptr;
  auto it = c->second.find(name);
  return it == c->second.end() ? nullptr : &it->second;
}

std::vector<std::string> Database::members_of(const std::string& g) const {
  std::vector<std::string> out;
  for (const auto& [id, u] : users)
    if (u.connect(g)) out.push_back(id);
  return out;
}

std::vector<std::string> Database::subgroups_of(const std::string& g) const {
  std::vector<std::string> out;
  for (const auto& [id, grp] : groups)
    if (grp.superior == g) out.push_back(id);
  return out;
}

bool racf_id_valid(const std::string& id) {
  if (id.empty() || id.size() > 8) return false;
  if (id[0] >= '0' && id[0] <= '9') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#' || c == '$' || c == '@';
  });
}

}  // namespace zgate::saf
