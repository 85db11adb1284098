#include "watch/offenses.h"

#include <algorithm>
#include <cstdio>

namespace zgate::watch {

namespace {

// What detected it: the alert rules, a data-access policy, or RACF (and the components that
// ask it) itself.
std::string detector_of(const audit::Event& e) {
  if (e.component == "WATCH") return "ALERT RULES";
  if (e.component == "GUARD") return "DATA-ACCESS POLICY";
  return "RACF";
}

bool is_alert(const audit::Event& e) {
  return (e.component == "WATCH" && e.component_code == "ALERT") ||
         (e.component == "GUARD" && (e.component_code == "POLICY_ALERT" || e.component_code == "POLICY_BLOCK"));
}

std::string id_of(const audit::Event& e) {
  // FNV-1a over what identifies the opening event.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
  };
  mix(std::to_string(e.time));
  for (const char* f : {"user", "source_ip", "component", "component_code", "resource", "correlation", "detail"})
    mix(audit::field(e, f));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(h & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace

Offenses::Offenses(audit::Sink* out, Options opt) : out_(out), opt_(std::move(opt)) {}

const Offense* Offenses::find(const std::string& id) const {
  for (const auto& o : offenses_)
    if (o.id == id) return &o;
  return nullptr;
}

audit::Event Offenses::closing(const std::string& id, const std::string& by, const std::string& note, std::int64_t now) {
  audit::Event e;
  e.time = now;
  e.code = audit::EventCode::None;
  e.component = "WATCH";
  e.component_code = "OFFENSE_CLOSED";
  e.resource = id;
  e.user = by;
  e.detail = note;
  return e;
}

bool Offenses::raises(const audit::Event& e) const {
  return is_alert(e) || (e.violation && audit::severity_of(e) >= 6);
}

bool Offenses::contributes(const audit::Event& e) const {
  return raises(e) || e.violation || e.component == "GUARD";
}

Offense* Offenses::open_for(const audit::Event& e) {
  Offense* best = nullptr;
  for (auto& o : offenses_) {
    if (o.closed || e.time - o.last > opt_.window) continue;
    const bool shares = (!e.user.empty() && o.users.count(e.user)) || (!e.source_ip.empty() && o.sources.count(e.source_ip));
    if (shares && (!best || o.last > best->last)) best = &o;
  }
  return best;
}

void Offenses::measure(Offense& o) const {
  int sev = 0;
  for (const auto& e : o.events) sev = std::max(sev, audit::severity_of(e));
  if (o.detectors.size() >= 2) sev += 2;  // independent detectors agree
  o.severity = std::min(sev, 10);
  o.credibility = std::min<int>(10, static_cast<int>(2 * o.rules.size() + 2 * o.detectors.size()));
  int rel = 2 * static_cast<int>(std::min<std::size_t>(o.users.size(), 3));
  for (const auto& u : o.users)
    if (opt_.privileged && opt_.privileged(u)) rel += 3;
  if (o.doors.size() > 1) rel += 2;
  if (o.sources.size() > 1) rel += 1;
  o.relevance = std::min(rel, 10);
  o.magnitude = std::min(10, (2 * o.severity + o.credibility + o.relevance + 2) / 4);
}

void Offenses::emit(const Offense& o, const char* code, const std::string& detail, int severity) {
  if (!out_) return;
  audit::Event e;
  e.time = o.last;
  e.code = audit::EventCode::None;
  e.component = "WATCH";
  e.component_code = code;
  e.resource = o.id;
  e.severity = severity;
  if (!o.users.empty()) e.user = *o.users.begin();
  if (!o.sources.empty()) e.source_ip = *o.sources.begin();
  e.detail = detail;
  out_->write(e);
}

namespace {
std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out.empty() ? "-" : out;
}
}  // namespace

void Offenses::add(Offense& o, const audit::Event& e) {
  if (!e.user.empty()) o.users.insert(e.user);
  if (!e.source_ip.empty()) o.sources.insert(e.source_ip);
  if (!e.door.empty()) o.doors.insert(e.door);
  o.detectors.insert(detector_of(e));
  if (is_alert(e)) o.rules.insert(e.resource);
  o.last = std::max(o.last, e.time);
  ++o.event_count;
  if (o.events.size() < opt_.max_events) o.events.push_back(e);
}

void Offenses::on_event(const audit::Event& e) {
  if (e.component == "WATCH" && e.component_code == "OFFENSE_CLOSED") {
    for (auto& o : offenses_)
      if (o.id == e.resource && !o.closed) {
        o.closed = true;
        o.closed_by = e.user;
        o.close_note = e.detail;
      }
    return;
  }
  if (e.component == "WATCH" && e.component_code != "ALERT") return;  // offenses' own records
  if (!contributes(e)) return;
  Offense* o = open_for(e);
  if (!o) {
    if (!raises(e)) return;  // a plain violation joins an offense, it does not open one
    if (offenses_.size() >= opt_.max_open) {
      // The oldest open offense closes to make room; closed ones are dropped first.
      auto victim = std::find_if(offenses_.begin(), offenses_.end(), [](const Offense& x) { return x.closed; });
      if (victim == offenses_.end()) victim = offenses_.begin();
      offenses_.erase(victim);
    }
    Offense n;
    n.id = id_of(e);
    n.first = n.last = e.time;
    n.description = e.detail.empty() ? e.component_code : e.detail;
    offenses_.push_back(std::move(n));
    o = &offenses_.back();
    add(*o, e);
    measure(*o);
    emit(*o, "OFFENSE_OPENED",
         "offense " + o->id + " opened: " + o->description + "; users " + joined(o->users) + "; sources " + joined(o->sources),
         o->severity);
  } else {
    const int before = o->magnitude;
    const std::size_t users = o->users.size(), sources = o->sources.size();
    add(*o, e);
    // A ticket already open learns of every user and source that joins afterwards.
    if (o->ticketed && (o->users.size() > users || o->sources.size() > sources))
      emit(*o, "TICKET_UPDATED",
           "ticket for offense " + o->id + " updated: users " + joined(o->users) + "; sources " + joined(o->sources) +
               "; " + std::to_string(o->event_count) + " events",
           std::max(o->severity, 8));
    measure(*o);
    if (o->magnitude > before)
      emit(*o, "OFFENSE_UPDATED",
           "offense " + o->id + " magnitude " + std::to_string(o->magnitude) + " (severity " + std::to_string(o->severity) +
               "): " + std::to_string(o->event_count) + " events; users " + joined(o->users) + "; sources " + joined(o->sources),
           o->severity);
  }
  if (!o->ticketed && o->magnitude >= opt_.ticket_magnitude) {
    o->ticketed = true;
    emit(*o, "TICKET",
         "ticket for offense " + o->id + " (magnitude " + std::to_string(o->magnitude) + ", severity " +
             std::to_string(o->severity) + "): " + o->description + "; users " + joined(o->users) + "; sources " +
             joined(o->sources) + "; detected by " + joined(o->detectors),
         std::max(o->severity, 8));
  }
}

}  // namespace zgate::watch
