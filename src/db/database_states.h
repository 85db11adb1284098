#pragma once
// The online state of each database the system defines (stage-1 DATABASE macros): what the
// operator's /START DB, /STOP DB and /DBRECOVERY DB commands change and /DISPLAY DB shows.
//  * started: programs may use it with the access intent stage-1 gave it (DATABASE ACCESS=:
//    EX exclusive, the default, and UP update; RD read with integrity; RO read-only, which reads
//    without locking). IBM: "The access mode can be update (UP), exclusive (EX), read (RD), or
//    read-only (RO)".
//  * stopped (/STO DB): no program may use it; it stays open.
//  * DBR'd (/DBR DB): stopped and closed (IMS also deallocates it and gives DBRC its
//    authorization back, so that batch utilities may use it); /STA DB makes it available again.
// Thread-safe: commands change it while regions ask it.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::db {

enum class AccessIntent : std::uint8_t { Ex, Up, Rd, Ro };
std::string_view access_intent_name(AccessIntent a);  // "EX" "UP" "RD" "RO"
std::optional<AccessIntent> parse_access_intent(std::string_view s);

enum class DatabaseState : std::uint8_t { Started, Stopped, Dbr };

struct DatabaseStatus {
  std::string name;  // the DBD name
  AccessIntent access = AccessIntent::Ex;
  DatabaseState state = DatabaseState::Started;
  bool opened = false;  // a program has used it since it was started (IMS opens on first use)
};

class DatabaseStates {
 public:
  DatabaseStates() = default;
  DatabaseStates(const DatabaseStates&) = delete;
  DatabaseStates& operator=(const DatabaseStates&) = delete;

  // At start-up, from stage-1; a second definition of one name is refused (false).
  bool define(const std::string& name, AccessIntent access);

  std::optional<DatabaseStatus> find(std::string_view name) const;
  std::vector<DatabaseStatus> all() const;  // by name

  // The commands; false when the database is not defined (the command's EXCEPT).
  bool start(std::string_view name);  // /STA DB: available again (after /STO or /DBR)
  bool stop(std::string_view name);   // /STO DB
  bool dbr(std::string_view name);    // /DBR DB: stopped and closed

  // What a program may do now, for the DL/I engine: read when started; update when started
  // with ACCESS=EX or UP. An undefined database allows nothing. Either marks it opened.
  bool may_read(std::string_view name);
  bool may_update(std::string_view name);

 private:
  bool set(std::string_view name, DatabaseState s);
  mutable std::mutex mu_;
  std::map<std::string, DatabaseStatus, std::less<>> dbs_;
};

}  // namespace zgate::db
