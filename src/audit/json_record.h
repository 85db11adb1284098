#pragma once
// The audit trail's JSON record and its hash chain, shared by the writer (JsonLinesSink) and the
// reader (verify_trail). Internal to src/audit: nothing above the layer sees nlohmann.
//
// A line is one JSON object: the event's fields (IRRADU00 names, in a fixed order), then "prev"
// and "hash". "hash" is the lowercase hex SHA-256 of prev + the record's canonical JSON without
// "hash" (keys sorted, no whitespace, UTF-8, as nlohmann::json::dump writes it); "prev" is the
// hash of the trail's previous record, or 64 zeros for its first. Every string is dumped with
// invalid UTF-8 replaced by U+FFFD and control characters escaped, so a line is always valid
// JSON and always one line.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/event.h"

namespace zgate::audit::record {

using Json = nlohmann::ordered_json;  // the order a person reads; the hash does not depend on it

inline constexpr std::string_view kChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The event's fields, without "prev" and "hash".
Json event_json(const Event& e);
// `j` as one line of the trail (no newline): compact, invalid UTF-8 replaced.
std::string dump(const Json& j);
// The hash of a record whose "prev" is already set and which has no "hash" (or whose "hash" is
// ignored).
std::string hash_of(const Json& record);
// Sets "prev" and "hash" on `record`.
void chain(Json& record, std::string_view prev);
// True for 64 lowercase hex digits.
bool is_hash(std::string_view s);
// The "hash" of a line that is a chained record (a JSON object with a well-formed "prev" and
// "hash"), whether or not the hash is right; nullopt for anything else (a short write's
// fragment, a line from before the chain).
std::optional<std::string> stated_hash(std::string_view line);

}  // namespace zgate::audit::record
