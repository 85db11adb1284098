#pragma once
// A Sigma file: one YAML document or several (`---` between them), each a detection rule or a
// correlation rule, as SigmaHQ's tools read them.
#include <string_view>
#include <vector>

#include "watch/sigma_correlation.h"
#include "watch/sigma_rule.h"

namespace zgate::watch {

struct SigmaFile {
  std::vector<SigmaRule> rules;
  std::vector<SigmaCorrelation> correlations;
};

// Larger files are refused before the YAML parser sees them.
inline constexpr std::size_t kMaxRuleFile = 1 << 20;

// Parses `text` (named `origin` in errors); throws SigmaError only, whatever the input.
SigmaFile parse_sigma(std::string_view text, std::string_view origin);

}  // namespace zgate::watch
