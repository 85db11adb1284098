// SEARCH (SR): profile names of a class, selected by MASK (a prefix) or FILTER (a generic
// pattern); CLASS(USER) and CLASS(GROUP) list user and group IDs.
#include <array>

#include "racf/commands.h"
#include "racf/messages.h"
#include "saf/class_table.h"
#include "saf/snapshot.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 7> kKeywords = {"CLASS", "MASK", "NOMASK", "FILTER", "USER", "GENERIC", "NOGENERIC"};

void run_search(Context& ctx, const Operands& ops) {
  std::string cls = ops.value("CLASS").value_or("DATASET");
  bool ids = cls == "USER" || cls == "GROUP";
  if (!ids && !saf::find_class(cls)) return ctx.fail(msg::class_not_defined(cls));
  if (ops.has("MASK") && ops.has("FILTER")) return ctx.syntax(msg::invalid_keyword("FILTER"));
  std::string mask = ops.value("MASK").value_or("");
  std::string filter = ops.value("FILTER").value_or("");
  std::optional<std::string> owner = ops.value("USER");  // USER(id): profiles that id owns
  bool only_generic = ops.has("GENERIC"), only_discrete = ops.has("NOGENERIC");

  auto selected = [&](const std::string& name) {
    if (!mask.empty() && name.compare(0, mask.size(), mask) != 0) return false;
    if (!filter.empty() && !saf::generic_match(filter, name)) return false;
    return true;
  };

  std::vector<std::string> lines = ctx.sm.read([&](const saf::Database& db) {
    std::vector<std::string> out;
    if (cls == "USER") {
      for (const auto& [id, u] : db.users)
        if (selected(id) && (!owner || u.owner == *owner) && ctx.auth.may_list_user(u)) out.push_back(id);
    } else if (cls == "GROUP") {
      for (const auto& [id, g] : db.groups)
        if (selected(id) && (!owner || g.owner == *owner) &&
            (ctx.auth.special() || ctx.auth.auditor() || ctx.auth.owns(g.owner) || ctx.auth.connect(id)))
          out.push_back(id);
    } else if (auto it = db.profiles.find(cls); it != db.profiles.end()) {
      for (const auto& [name, p] : it->second) {
        if (!selected(name) || (owner && p.owner != *owner)) continue;
        if ((only_generic && !p.generic()) || (only_discrete && p.generic())) continue;
        if (!ctx.auth.may_list(p, db.options.grplist)) continue;
        out.push_back(p.generic() ? name + " (G)" : name);
      }
    }
    return out;
  });
  if (lines.empty()) return ctx.warn(msg::kNoEntries);
  for (const auto& l : lines) ctx.line(l);
}

const std::array<CommandSpec, 1> kSpecs = {{
    {"SEARCH", "SR", std::nullopt, 0, kKeywords, {}, msg::kNotAuthSearch, run_search},
}};

}  // namespace

std::span<const CommandSpec> search_commands() { return kSpecs; }

}  // namespace zgate::racf
