#pragma once
// zgate's settings file (TOML): what `zgate serve --settings FILE` reads. Each top-level table
// belongs to one part of zgate:
//   [audit], [[audit.syslog]]   the trail and the SIEM receivers (audit/settings.h)
//   [alerts]                    rules = "DIR" (Sigma rules), hook = ["/path/prog", "arg"]
//   [policy]                    file = "PATH" (a data-access policy: docs/policies.md)
// A table or key zgate does not know is an error naming the file and line (deny by default:
// a setting that is misspelt is not silently ignored). Command-line options given as well win.
#include <string>
#include <vector>

#include "audit/settings.h"

namespace zgate::app {

struct Settings {
  audit::AuditSettings audit;
  std::string rules_dir;
  std::vector<std::string> alert_hook;
  std::string policy_file;
};

// Throws std::runtime_error naming file, line and key. Relative paths in [alerts] and
// [policy] are relative to the settings file's directory.
Settings load_settings(const std::string& path);

}  // namespace zgate::app
