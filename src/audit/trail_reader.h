#pragma once
// Reading the JSON-lines trail back into events, and choosing some of them: what `zgate audit
// list` prints (issue 17, section 1: "filter by user, source, event, time").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit/event.h"

namespace zgate::audit {

// One record of the trail.
struct TrailEntry {
  std::size_t line = 0;
  Event event;
  std::string event_name;      // as written ("ACCESS", "JOBINIT", ...)
  std::string qualifier_text;  // as written, may be empty
};

// The record a line holds; nullopt for a line that is not one (a short write's fragment, a
// line that is not JSON, a JSON value without "time" and "event").
std::optional<TrailEntry> read_record(std::string_view line, std::size_t line_number);

// Which records to keep; an empty field does not filter.
struct TrailFilter {
  std::string user;        // exact, upper case
  std::string source;      // the start of the port of entry or source address ("192.0.2.")
  std::string event;       // an event number ("2") or name ("ACCESS"), as IRRADU00 names
                           // them, or a component's code ("TLS_HANDSHAKE")
  std::string component;   // SMF80JBN: RACF, IMSCONN, OTMA, ODBM, ...
  std::optional<std::int64_t> since, until;  // seconds since the epoch, inclusive
  bool violations = false; // only violations
};
bool matches(const TrailFilter& f, const TrailEntry& e);

// "2026-12-07T23:10:00Z", "2026-12-07" or seconds since the epoch; nullopt otherwise.
std::optional<std::int64_t> parse_time(std::string_view text);
// The UTC date and time of `t` as "2026-12-07 23:10:00".
std::string format_time(std::int64_t t);

}  // namespace zgate::audit
