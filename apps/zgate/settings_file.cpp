#include "settings_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

namespace zgate::app {
namespace {

[[noreturn]] void fail(const std::string& file, const toml::node& n, const std::string& what) {
  throw std::runtime_error(file + ":" + std::to_string(n.source().begin.line) + ": " + what);
}

std::string relative_to(const std::string& file, const std::string& p) {
  std::filesystem::path path(p);
  if (path.is_absolute()) return p;
  return (std::filesystem::path(file).parent_path() / path).string();
}

std::string string_of(const std::string& file, const toml::node& n, const std::string& key) {
  auto v = n.value<std::string>();
  if (!v || v->empty()) fail(file, n, "'" + key + "' must be a non-empty string");
  return *v;
}

}  // namespace

Settings load_settings(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  Settings s;
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key == "audit") continue;  // audit/settings.cpp reads it (and checks its keys)
    const toml::table* t = v.as_table();
    if (key == "alerts" && t) {
      for (const auto& [ak, av] : *t) {
        const std::string a(ak.str());
        if (a == "rules") {
          s.rules_dir = relative_to(path, string_of(path, av, "alerts.rules"));
        } else if (a == "hook") {
          const toml::array* arr = av.as_array();
          if (!arr || arr->empty()) fail(path, av, "'alerts.hook' must be a list: the program's path, then its arguments");
          for (const auto& e : *arr) s.alert_hook.push_back(string_of(path, e, "alerts.hook"));
        } else {
          fail(path, av, "unknown key '" + a + "' in [alerts] (rules, hook)");
        }
      }
    } else if (key == "policy" && t) {
      for (const auto& [pk, pv] : *t) {
        if (pk.str() != "file") fail(path, pv, "unknown key '" + std::string(pk.str()) + "' in [policy] (file)");
        s.policy_file = relative_to(path, string_of(path, pv, "policy.file"));
      }
    } else {
      fail(path, v, "unknown setting '" + key + "' (zgate reads [audit], [alerts] and [policy])");
    }
  }
  try {
    s.audit = audit::parse_audit_settings(text, path);
  } catch (const audit::SettingsError& e) {
    throw std::runtime_error(e.what());
  }
  return s;
}

}  // namespace zgate::app
