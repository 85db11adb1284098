#include "racf/processor.h"

#include <algorithm>

#include "core/text.h"
#include "racf/commands.h"
#include "racf/messages.h"

namespace zgate::racf {

namespace {

const CommandSpec* find_command(std::string_view verb) {
  for (auto family : {user_commands(), group_commands(), connect_commands(), resource_commands(), permit_commands(),
                      setropts_commands(), password_commands(), search_commands(), racdcert_commands()})
    for (const auto& spec : family)
      if (spec.name == verb || (!spec.abbrev.empty() && spec.abbrev == verb)) return &spec;
  return nullptr;
}

void render(const Token& t, std::string& out);

void render_args(const Token& t, std::string& out) {
  out.push_back('(');
  for (std::size_t i = 0; i < t.args.size(); ++i) {
    if (i) out.push_back(' ');
    render(t.args[i], out);
  }
  out.push_back(')');
}

void render(const Token& t, std::string& out) {
  if (t.quoted) {
    out.push_back('\'');
    for (char c : t.text) {
      if (c == '\'') out.push_back('\'');
      out.push_back(c);
    }
    out.push_back('\'');
  } else {
    out += t.text;
  }
  if (t.has_args) render_args(t, out);
}

// The command as the audit record keeps it: operands re-rendered, with the values of secret
// keywords (PASSWORD, PHRASE, SSIGNON and everything nested in them) and of any keyword the
// command does not know (a misspelt PASSWORD must not leak either) replaced by asterisks.
std::string masked_text(const CommandSpec& spec, const ParsedCommand& cmd) {
  std::string out(spec.name);
  std::size_t positional = 0;
  bool in_positionals = true;
  for (const auto& t : cmd.operands) {
    out.push_back(' ');
    if (in_positionals && positional < spec.positional && (!t.has_args || t.is_list())) {
      ++positional;
      render(t, out);
      continue;
    }
    in_positionals = false;
    auto kw = t.quoted || t.is_list() ? std::nullopt : resolve_keyword(t.folded(), spec.keywords);
    bool secret = !kw || std::find(spec.secret_keywords.begin(), spec.secret_keywords.end(), *kw) !=
                             spec.secret_keywords.end();
    if (!secret) {
      render(t, out);
    } else {
      out += kw ? std::string(*kw) : std::string("?");
      if (t.has_args) out += "(********)";
    }
  }
  return out;
}

}  // namespace

CommandProcessor::CommandProcessor(saf::SecurityManager& sm, std::string issuer)
    : sm_(sm), issuer_(core::upper(issuer)) {}

CommandResult CommandProcessor::execute(std::string_view command) {
  CommandResult result;
  ParseResult parsed = parse_command(command);
  const CommandSpec* spec = find_command(parsed.command.verb);
  if (!spec) {
    std::string v = parsed.command.verb.empty() ? std::string("?") : parsed.command.verb.substr(0, 8);
    result.output = (parsed.command.verb.empty() ? std::string(msg::kNoCommand) : msg::command_not_found(v)) + "\n";
    result.rc = 12;  // TSO: the command could not be found
    return result;
  }

  audit::Event ev;
  ev.time = sm_.clock().now();
  ev.user = issuer_;
  ev.component = "RACF";
  ev.detail = parsed.ok ? masked_text(*spec, parsed.command)
                        : std::string(spec->name) + " (operands not recorded: syntax error)";

  auto finish = [&](int rc, std::uint8_t q) {
    result.rc = rc;
    if (spec->event) {
      ev.code = *spec->event;
      ev.qualifier = q;
      ev.violation = q != 0;
      ev.racf_rc = rc;
      sm_.sink().write(ev);
    }
    return result;
  };

  std::optional<saf::User> me = sm_.user(issuer_);
  if (!me) {
    result.output = std::string(spec->not_authorized) + "\n";
    return finish(8, audit::command_q::kInsufficientAuthority);
  }
  ev.group = me->default_group;
  if (!parsed.ok) {
    result.output = parsed.error + "\n";
    return finish(8, audit::command_q::kKeywordViolation);
  }
  std::string error;
  auto ops = Operands::bind(parsed.command.operands, spec->positional, spec->keywords, error);
  if (!ops) {
    result.output = error + "\n";
    return finish(8, audit::command_q::kKeywordViolation);
  }

  Authority auth(*me);
  Context ctx(sm_, *me, auth, sm_.options());
  try {
    spec->run(ctx, *ops);
  } catch (const std::invalid_argument& e) {
    ctx.fail(e.what());
  } catch (const std::exception&) {
    ctx.line(msg::kInternalError);
    ctx.rc = 12;
  }
  result.output = std::move(ctx.out);
  ev.resource_class = ctx.event_class;
  ev.profile = ctx.event_profile;
  ev.resource = ctx.event_profile;
  return finish(ctx.rc, ctx.qualifier);
}

namespace {

// Drops /* comments */ outside quotes (TSO treats them as blanks).
std::string strip_comments(std::string_view line) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == '/' && i + 1 < line.size() && line[i + 1] == '*') {
      auto end = line.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      out.push_back(' ');
      i = end + 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<std::string> read_commands(std::istream& in) {
  std::vector<std::string> out;
  std::string pending;
  bool continuing = false;
  bool strip_next = false;
  std::string raw;
  while (std::getline(in, raw)) {
    std::string_view whole = core::trim(raw);
    if (!continuing && (whole.empty() || whole.front() == '*' || whole.substr(0, 2) == "/*")) continue;
    std::string line = strip_comments(raw);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view piece = line;
    if (strip_next) {
      std::size_t b = piece.find_first_not_of(" \t");
      piece = b == std::string_view::npos ? std::string_view{} : piece.substr(b);
    }
    // Trailing blanks never matter; the continuation mark is the last non-blank character.
    std::size_t e = piece.find_last_not_of(" \t");
    piece = e == std::string_view::npos ? std::string_view{} : piece.substr(0, e + 1);
    continuing = !piece.empty() && (piece.back() == '-' || piece.back() == '+');
    strip_next = continuing && piece.back() == '+';
    if (continuing) piece.remove_suffix(1);
    pending.append(piece);
    if (!continuing) {
      if (!core::trim(pending).empty()) out.emplace_back(core::trim(pending));
      pending.clear();
    }
  }
  if (!core::trim(pending).empty()) out.emplace_back(core::trim(pending));
  return out;
}

}  // namespace zgate::racf
