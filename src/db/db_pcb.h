#pragma once
// One database PCB of a scheduled PSB: its view of the database (the sensitive segments and
// fields, PROCOPT), its position, parentage and hold, and the DL/I database calls on it
// (Application Programming, "DL/I calls for database management"):
//
//   GU GHU     get unique: the first segment, from the start of the database, that satisfies
//              the SSAs
//   GN GHN     get next: the next segment in hierarchical sequence after the current position
//              (that satisfies the SSAs)
//   GNP GHNP   get next within parent: as GN, within the parentage the last GU/GN set
//   ISRT       insert the segment the last SSA names, under the parents the others select
//   REPL DLET  replace / delete the segment(s) the preceding get hold call on this PCB got
//
// Status codes (the two letters IMS leaves in the PCB):
//   "  " ok                     GE not found (ISRT: no parent)   GB end of the database (GN)
//   GA unqualified GN/GNP went up a level      GK ... or to another segment type at the level
//   GP GNP without parentage    II ISRT of a segment that exists (unique key)
//   DJ REPL/DLET without a get hold just before on this PCB     DA the key field was changed
//   AM the call conflicts with PROCOPT (or a field's REPL=NO)   AC SSA segment not in the
//   PCB, out of hierarchical order, or two at one level           AJ SSA or command code
//   invalid                     AK invalid field name in an SSA   AD invalid function
//   V1 a segment length that does not fit the segment            AO the store failed (I/O)
//   AI the database could not be opened (its file gone, unreadable, or not a database)
// DX (delete rule violated) cannot arise: zgate has no logical relationships (refused at
// DBDGEN), and physical delete rules apply only to them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/hierarchy.h"
#include "db/psb.h"
#include "db/ssa.h"
#include "db/unit_of_work.h"

namespace zgate::db {

// The DB PCB mask as IBM documents it ("Specifying the DB PCB mask"), field by field.
struct DbPcbMask {
  std::string dbd_name;
  int level = 0;                // segment level of the last segment retrieved (00: none)
  char status[3] = "  ";
  std::string procopt;
  std::string segment;          // name of the last segment retrieved
  std::string key_feedback;     // its concatenated key (at most KEYLEN bytes)
  int sensitive_segments = 0;
  std::string pcbname;          // PCBNAME= (the AIB's resource name)
  int keylen = 0;
};

struct DbCall {
  std::string_view function;          // "GU", "GHU  ", "ISRT", ... (trailing blanks ignored)
  std::vector<std::string_view> ssas;
  std::string_view io;                 // ISRT/REPL/DLET: the I/O area
};

struct DbCallResult {
  char status[3] = "  ";
  std::string io;           // get calls: the segment (path calls: the path's segments)
  bool would_wait = false;  // a record another program holds; call again allowing the wait
  bool deadlock = false;    // the wait would deadlock: end the program (U0777)
  bool timed_out = false;   // the wait outlived the deadline: end the program
  std::string why;          // for the trace, when the status is not blank
};

class DbPcb {
 public:
  DbPcb(const PcbDef& def, const Dbd& dbd);
  DbPcb(const DbPcb&) = delete;
  DbPcb& operator=(const DbPcb&) = delete;

  const DbPcbMask& mask() const { return mask_; }
  const PcbDef& def() const { return *def_; }
  const std::string& dbd_name() const { return dbd_->name; }

  // One call. `wait`: how long a lock may be waited for (nullopt: never; would_wait instead,
  // with nothing changed, so the caller can repeat the call where waiting is allowed).
  DbCallResult call(UnitOfWork& uow, const DbCall& c,
                    std::optional<std::chrono::steady_clock::time_point> wait);

  // ROLB and a sync point: position is lost (the next GN starts at the beginning), no hold.
  void reset_position();

 private:
  struct Position {
    std::string key;            // hierarchic key of the current segment (empty: start)
    std::string parentage;      // GNP's parent (empty: none)
    std::vector<std::string> held;  // get-hold: the keys REPL/DLET act on (path, then target)
    bool held_path = false;     // the hold came from a path call
  };
  struct Plan;  // one search (db_pcb.cpp)

  DbCallResult get(UnitOfWork& uow, const DbCall& c, std::string_view fn,
                   std::optional<std::chrono::steady_clock::time_point> wait);
  DbCallResult insert(UnitOfWork& uow, const DbCall& c,
                      std::optional<std::chrono::steady_clock::time_point> wait);
  DbCallResult replace(UnitOfWork& uow, const DbCall& c);
  DbCallResult erase(UnitOfWork& uow, const DbCall& c);

  // The record's lock: Held at once, or Waited for (search again: the record may have
  // changed meanwhile), or Stop with `stop` the result to return (would_wait, deadlock, timed
  // out), nothing changed.
  enum class Lock { Held, Waited, Stop };
  Lock lock_record(UnitOfWork& uow, const std::string& record,
                   std::optional<std::chrono::steady_clock::time_point> wait, DbCallResult& stop);

  bool allows(int segment, char op) const;  // PROCOPT: G I R D (A is all), P for paths
  std::string to_view(int segment, std::string_view stored) const;   // SENFLD
  bool from_view(int segment, std::string_view view, std::string_view old, std::string& stored,
                 bool& replaced_protected) const;
  bool stored_length(int segment, std::string_view io, std::size_t& len) const;
  void set_mask(const DbCallResult& r, std::string_view key, int segment);
  std::string record_of(std::string_view key) const;  // the root component

  const PcbDef* def_;
  const Dbd* dbd_;
  Hierarchy h_;
  SsaScope scope_;
  std::vector<std::string> procopt_;             // effective, by segment index ("" not sensitive)
  std::vector<const SensegDef*> senseg_;         // by segment index
  Position pos_;
  DbPcbMask mask_;
};

}  // namespace zgate::db
