// zgate offenses list [--db PATH | FILE] [--all]
// zgate offenses show ID [--db PATH | FILE]
// zgate offenses close ID [--db PATH | FILE] --by USER [--note TEXT]
// The offenses (issue 17, section 4: QRadar's role) as the audit trail shows them: the trail is
// replayed through the same correlation zgate serve runs live (watch/offenses.h), so what is
// listed is what the records say, not a second store that could disagree with them. Closing
// appends an OFFENSE_CLOSED record to the trail (hash-chained like every other), which the next
// replay and a running server's correlation both honour.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>

#include "audit/json_lines_sink.h"
#include "audit/trail_reader.h"
#include "common.h"
#include "core/text.h"
#include "watch/offenses.h"

namespace zgate::app {
namespace {

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out.empty() ? "-" : out;
}

// Privileged: SPECIAL or OPERATIONS now, as the security database says (when there is one).
std::function<bool(const std::string&)> privileged_in(const std::string& db) {
  auto opened = std::make_shared<std::optional<Opened>>();
  // Only a database that exists: reading offenses never creates one.
  if (!db.empty() && std::filesystem::exists(db)) {
    try {
      opened->emplace(open_database(db));
    } catch (const std::exception&) {
    }
  }
  return [opened, cache = std::make_shared<std::map<std::string, bool>>()](const std::string& u) {
    if (!*opened) return false;
    auto it = cache->find(u);
    if (it != cache->end()) return it->second;
    auto user = (**opened).sm->user(u);
    const bool p = user && (user->special || user->operations);
    (*cache)[u] = p;
    return p;
  };
}

}  // namespace

int run_offenses(int argc, char** argv) {
  CLI::App app{"List, show and close the offenses the audit trail's alerts and violations make up.", "zgate offenses"};
  app.require_subcommand(1);
  std::string db, file, id, by, note;
  bool all = false;
  auto add_trail = [&](CLI::App* c) {
    auto* d = c->add_option("--db", db, "the security database whose trail to read (default: " + std::string(kDefaultDb) + ")");
    c->add_option("--trail", file, "the trail's file (as given to --audit)")->excludes(d);
  };
  auto* l = app.add_subcommand("list", "the open offenses, most serious first (--all: closed ones too)");
  add_trail(l);
  l->add_flag("--all", all, "closed offenses too");
  auto* s = app.add_subcommand("show", "one offense with its contributing events");
  add_trail(s);
  s->add_option("ID", id, "the offense's id")->required();
  auto* c = app.add_subcommand("close", "close an offense (an OFFENSE_CLOSED record on the trail)");
  add_trail(c);
  c->add_option("ID", id, "the offense's id")->required();
  c->add_option("--by", by, "who closes it (recorded)")->required();
  c->add_option("--note", note, "why");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (db.empty() && file.empty()) db = kDefaultDb;
  const std::string path = !file.empty() ? file : audit_path_for(db);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "zgate offenses: cannot read the audit trail " << path << "\n";
    return 8;
  }
  watch::Offenses offenses(nullptr, {.privileged = privileged_in(db)});
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (auto t = audit::read_record(line, ++n)) offenses.on_event(t->event);

  if (c->parsed()) {
    const watch::Offense* o = offenses.find(id);
    if (!o) {
      std::cerr << "zgate offenses close: no offense " << id << " in " << path << "\n";
      return 8;
    }
    if (o->closed) {
      std::cerr << "zgate offenses close: offense " << id << " was closed by " << o->closed_by << "\n";
      return 4;
    }
    audit::JsonLinesSink trail(path);
    trail.write(watch::Offenses::closing(id, core::upper(by), note, static_cast<std::int64_t>(std::time(nullptr))));
    std::cout << "OFFENSE " << id << " CLOSED BY " << core::upper(by) << "\n";
    return 0;
  }
  if (s->parsed()) {
    const watch::Offense* o = offenses.find(id);
    if (!o) {
      std::cerr << "zgate offenses show: no offense " << id << " in " << path << "\n";
      return 8;
    }
    std::cout << "OFFENSE " << o->id << (o->closed ? " CLOSED by " + o->closed_by + (o->close_note.empty() ? "" : ": " + o->close_note) : " OPEN")
              << "\n  " << o->description << "\n  first " << audit::format_time(o->first) << "  last "
              << audit::format_time(o->last) << "\n  magnitude " << o->magnitude << "  severity " << o->severity
              << "  credibility " << o->credibility << "  relevance " << o->relevance << "\n  users " << joined(o->users)
              << "\n  sources " << joined(o->sources) << "\n  doors " << joined(o->doors) << "\n  detected by "
              << joined(o->detectors) << "\n  rules " << joined(o->rules) << "\n  ticket "
              << (o->ticketed ? "opened" : "none") << "\n  events " << o->event_count << ":\n";
    for (const auto& e : o->events)
      std::cout << "    " << audit::format_time(e.time) << " " << e.component << " "
                << (e.component_code.empty() ? audit::event_name(e.code) : e.component_code) << " "
                << (e.user.empty() ? "-" : e.user) << " " << (e.source_ip.empty() ? "-" : e.source_ip) << " "
                << e.resource << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
    return 0;
  }
  std::vector<const watch::Offense*> shown;
  for (const auto& o : offenses.all())
    if (all || !o.closed) shown.push_back(&o);
  std::stable_sort(shown.begin(), shown.end(), [](auto* a, auto* b) { return a->magnitude > b->magnitude; });
  std::printf("%-12s %-6s %-3s %-3s %-19s %-6s %-24s %-20s %s\n", "OFFENSE", "STATE", "MAG", "SEV", "LAST", "EVENTS",
              "USERS", "SOURCES", "DESCRIPTION");
  for (const auto* o : shown)
    std::printf("%-12s %-6s %-3d %-3d %-19s %-6llu %-24s %-20s %s\n", o->id.c_str(), o->closed ? "CLOSED" : "OPEN",
                o->magnitude, o->severity, audit::format_time(o->last).c_str(),
                static_cast<unsigned long long>(o->event_count), joined(o->users).c_str(), joined(o->sources).c_str(),
                o->description.c_str());
  std::printf("%zu OFFENSES\n", shown.size());
  return 0;
}

}  // namespace zgate::app
