#pragma once
// Correlation into offenses (issue 17, section 4: QRadar's role). What raises one: an alert
// (WATCH/ALERT), a data-access policy's alert or block (GUARD/POLICY_ALERT, POLICY_BLOCK), or
// any RACF violation of severity 6 or more. Each such event joins the open offense it shares a
// user or a source address with, if that offense saw activity within `window` seconds;
// otherwise it opens a new one. Once open, an offense also collects the other violations and
// policy decisions of its users and sources, so that the AppID seen from a rogue address and
// what JOEADMIN did from that address end up in one offense.
//
// An offense has QRadar's measures on a 0-10 scale: severity (the worst contributing event's,
// raised by 2 when several detectors agree: alert rules, policies and RACF), credibility (how
// many distinct rules and detectors contributed), relevance (privileged or several users, more
// than one door), and magnitude = (2 * severity + credibility + relevance) / 4, rounded.
//
// The offense's own records are audit events (component WATCH): OFFENSE_OPENED with the id
// and the first event, OFFENSE_UPDATED when its magnitude rises, TICKET when it reaches
// `ticket_magnitude` (the ticket names the offense's users and sources: the "rogue sources"),
// and TICKET_UPDATED when a user or source joins an offense that has its ticket.
// They go to the sink the owner gives (the audit bus: trail, syslog, LEEF, CEF) and are never
// read back as input. OFFENSE_CLOSED (written by `zgate offenses close`) closes one by id.
//
// The same input gives the same offenses: `zgate offenses` replays the trail through this
// class; an offense's id is a hash of the event that opened it. Bounded: at most
// `max_open` open offenses (the oldest closes first) and `max_events` events kept per offense.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "audit/event.h"
#include "audit/sink.h"

namespace zgate::watch {

struct Offense {
  std::string id;            // 12 hex digits
  std::string description;   // the opening event's: rule title or policy name
  std::int64_t first = 0, last = 0;
  std::set<std::string> users, sources, detectors, rules, doors;
  std::vector<audit::Event> events;  // contributing, oldest first (up to max_events)
  std::uint64_t event_count = 0;
  int severity = 0, credibility = 0, relevance = 0, magnitude = 0;
  bool ticketed = false;
  bool closed = false;
  std::string closed_by, close_note;
};

class Offenses {
 public:
  struct Options {
    std::int64_t window = 1800;  // seconds of quiet after which an offense takes nothing new
    int ticket_magnitude = 7;   // one rule's alert alone stays below; agreeing detectors reach it
    std::size_t max_open = 1000;
    std::size_t max_events = 200;
    // Whether a user's involvement raises relevance (SPECIAL, OPERATIONS, an emergency ID).
    std::function<bool(const std::string&)> privileged;
  };
  // `out` may be nullptr: no records written (a replay that only lists).
  Offenses(audit::Sink* out, Options opt);

  // An audit::Bus subscriber, or a replay of the trail in order.
  void on_event(const audit::Event& e);

  const std::vector<Offense>& all() const { return offenses_; }
  const Offense* find(const std::string& id) const;

  // The event `zgate offenses close` writes.
  static audit::Event closing(const std::string& id, const std::string& by, const std::string& note, std::int64_t now);

 private:
  bool raises(const audit::Event& e) const;
  bool contributes(const audit::Event& e) const;
  Offense* open_for(const audit::Event& e);
  void add(Offense& o, const audit::Event& e);
  void measure(Offense& o) const;
  void emit(const Offense& o, const char* code, const std::string& detail, int severity);

  audit::Sink* out_;
  Options opt_;
  std::vector<Offense> offenses_;
};

}  // namespace zgate::watch
