#pragma once
// Data-access policies (issue 17, section 3: Guardium's role): rules that watch who asks for
// what and how much, and log, alert, mask or block. A policy is a TOML file of rules
// (docs/policies.md); one Rule is one [[rule]] table.
//
// Guardium's three kinds of rule, as zgate applies them:
//   access     the request itself (a transaction, a command, a PSB allocation, a DL/I call):
//              before the program is scheduled, before ODBM runs the call
//   exception  a request that failed (a DL/I status that is not blank, an OTMA NAK): the
//              failed logins and errors that betray someone probing
//   extrusion  what goes back (a transaction's reply segments, the segments ODBM returns):
//              patterns such as card numbers, and the volume of rows
// A rule fires when every "who", "what" and "how much" condition it states holds; a condition
// it does not state holds always. With a threshold (count within window) it fires on the
// request that goes over it, and on every one after while the window still holds more.
#include <cstdint>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"

namespace zgate::guard {

enum class RuleKind : std::uint8_t { Access, Exception, Extrusion };
// In rising strength: a request that fires several rules gets the strongest action.
enum class Action : std::uint8_t { Log, Alert, Mask, Block };
const char* action_name(Action a);  // LOG ALERT MASK BLOCK

// An IPv4 or IPv6 network ("127.0.0.10/32", "10.0.0.0/8", "::1/128"; no prefix: one address).
using Network = core::Network;
inline std::optional<Network> parse_network(std::string_view text) { return Network::parse(text); }

// What a rule's "pattern" looks for in output.
struct Pattern {
  enum class Kind : std::uint8_t { None, CardNumber, Regex } kind = Kind::None;
  std::string text;  // as written
  std::regex regex;  // Regex
};

struct Rule {
  std::string name;
  RuleKind kind = RuleKind::Access;
  Action action = Action::Log;
  int severity = 0;  // 1-10; 0: the action's default (log 3, alert 6, mask 6, block 8)
  int line = 0;      // where it is in the policy file

  // Who (names may end in '*', as RACF generic names do).
  std::vector<std::string> users, groups, appls, doors;
  std::vector<Network> sources;      // from one of these networks
  std::vector<Network> not_sources;  // from none of these networks
  std::vector<std::string> certs;    // the certificate subject contains one of these
  bool no_cert = false;              // ... or there is no certificate at all

  // What.
  std::vector<std::string> transactions, commands, psbs, segments, codes;  // codes: exception rules

  // How much: `count` requests (or rows, or pattern matches) within `window` seconds for one
  // user from one source.
  int count = 0;
  int window = 60;
  Pattern pattern;  // extrusion: what to find (and mask) in output

  int effective_severity() const;
};

struct Policy {
  std::string source;  // the file it came from
  std::vector<Rule> rules;
};

class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a policy; every unknown key, wrong type or bad value is an error naming the source,
// line and key (deny by default: a policy that says something zgate does not understand is not
// half-applied).
Policy parse_policy(std::string_view toml_text, const std::string& source);
Policy load_policy(const std::string& path);

// Card numbers: runs of 13 to 19 digits (single spaces or dashes between groups allowed) whose
// last digit is the Luhn check digit of the others.
bool luhn_valid(std::string_view digits);
struct Match {
  std::size_t begin = 0, end = 0;  // [begin, end) in the text
};
std::vector<Match> find_card_numbers(std::string_view text);
// The matches of `p` in `text` (card numbers or the regex's).
std::vector<Match> find(const Pattern& p, std::string_view text);
// Replaces every digit of each match with '*' except the last four (the PCI DSS display rule),
// and a regex match's characters with '*'.
void mask(const Pattern& p, std::string& text, const std::vector<Match>& matches);

// Generic names: "APP*" matches what starts with APP; otherwise an exact, case-blind match.
bool name_matches(const std::vector<std::string>& patterns, std::string_view name);

}  // namespace zgate::guard
