#pragma once
// Program isolation (IMS's PI lock manager, simplified to what full-function databases on one
// system need): a program that updates a database record, or reads a segment of it with a
// get-hold call, owns the record until its sync point; another program that wants to hold or
// change it waits. A wait that would close a cycle is a deadlock: the program that asked is
// the victim, and the caller ends it as IMS does, with pseudo-abend U0777, its changes backed
// out and its message scheduled again.
//
// The unit locked is the database record (the root occurrence and all its dependents), IMS's
// default for full-function databases. Reads without hold take no lock and see the last
// committed state (a unit of work's changes are invisible to others until its sync point, so
// nobody reads a change that might be backed out: the integrity PI's read locks give).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace zgate::db {

class ProgramIsolation {
 public:
  using Owner = std::uint64_t;  // a unit of work
  enum class Grant { Granted, Deadlock, TimedOut };

  // The record's lock for `owner`, waiting while another owner holds it (until `deadline`).
  // Deadlock: waiting would close a cycle of waits, and `owner` is the victim (it holds what
  // it held before; the caller backs it out and calls release_all).
  Grant lock(Owner owner, const std::string& record, std::chrono::steady_clock::time_point deadline);
  // Without waiting: true when granted (free, or already owner's).
  bool try_lock(Owner owner, const std::string& record);
  void release_all(Owner owner);

  // For /DISPLAY and tests: who holds a record (0: nobody), how many owners wait.
  Owner holder(const std::string& record) const;
  std::size_t waiting() const;

  // A fresh owner id (never 0).
  Owner new_owner();

 private:
  bool closes_cycle(Owner owner, const std::string& record) const;  // mu_ held

  mutable std::mutex mu_;
  std::condition_variable released_;
  std::map<std::string, Owner> holders_;
  std::map<Owner, std::set<std::string>> held_;
  std::map<Owner, std::string> waits_for_;
  Owner next_owner_ = 1;
};

}  // namespace zgate::db
