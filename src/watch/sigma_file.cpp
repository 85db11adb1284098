#include "watch/sigma_file.h"

#include <yaml-cpp/yaml.h>

#include <string>

namespace zgate::watch {

SigmaFile parse_sigma(std::string_view text, std::string_view origin) {
  if (text.size() > kMaxRuleFile)
    throw SigmaError(std::string(origin) + ": larger than " + std::to_string(kMaxRuleFile) + " bytes");
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    // e.what() carries "yaml-cpp: error at line L, column C: ..." (lines counted from 1).
    throw SigmaError(std::string(origin) + ": not YAML: " + e.what());
  }
  SigmaFile f;
  std::size_t n = 0;
  for (const auto& doc : docs) {
    ++n;
    if (!doc || doc.IsNull()) continue;  // an empty document (a trailing ---)
    try {
      if (!doc.IsMap())
        throw SigmaError(std::string(origin) + ": document " + std::to_string(n) + " is not a map of attributes");
      if (doc["correlation"]) f.correlations.push_back(SigmaCorrelation::parse(doc, origin));
      else if (doc["detection"]) f.rules.push_back(SigmaRule::parse(doc, origin));
      else if (doc["action"])
        throw SigmaError(std::string(origin) + ": document " + std::to_string(n) +
                         ": rule collections with action: global/reset/repeat are not supported");
      else
        throw SigmaError(std::string(origin) + ": document " + std::to_string(n) +
                         " has neither detection nor correlation");
    } catch (const YAML::Exception& e) {
      throw SigmaError(std::string(origin) + ": document " + std::to_string(n) + ": YAML: " + e.what());
    }
  }
  return f;
}

}  // namespace zgate::watch
