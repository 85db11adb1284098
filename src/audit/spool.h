#pragma once
// A network sink's durable queue on disk: each event is appended here before anything is sent,
// so a receiver that is down (or a zgate that is killed) loses nothing, and the transaction
// that wrote the event never waits for the network.
//
// One file, DIR/spool, 0600, never through a symbolic link, locked (flock) by its one owner:
//   header  "ZGSPOOL1" + the committed offset (u64, little-endian): where the first record not
//           yet delivered begins
//   records magic "ZGSR" (u32) + length (u32) + CRC-32 of the payload (u32) + payload
//
// Delivery is at least once: the sender reads records from the committed offset, sends them,
// and commits past them only when the receiver has them (syslog_sink.h says when that is for
// TCP). A crash between the send and the commit sends those records again after the restart:
// duplicates are possible, losses are not. A record is on disk when append() returns as far as
// the fsync policy says (fsync_policy.h).
//
// Bounded: the backlog (bytes not yet delivered) never exceeds `max_bytes`. At the bound new
// records are not spooled: they are counted (dropped), and ONE alert event (SPOOL_FULL,
// severity 8) goes to the owner's callback; when the backlog has drained to half the bound,
// records are taken again and a second alert (SPOOL_RESUMED) says how many were dropped. The
// half keeps a receiver that is slow, not down, from raising an alert pair per event.
//
// Compaction: when everything is delivered the file is cut back to its header; when the
// delivered front exceeds half the bound, the rest is copied to a new file that replaces the
// old one by rename(2), header and records together, so a crash leaves either file whole.
//
// A file damaged on disk (a torn write at a crash, a bad sector, an edit) is never trusted:
// every length is checked against a constant bound and every payload against its CRC before it
// is returned; a damaged stretch is skipped up to the next record that checks, the skipped
// bytes are counted, and an alert (SPOOL_CORRUPT, severity 8) is raised. Nothing read from the
// file can make the reader allocate more than kMaxRecord plus one scan window.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "audit/fsync_policy.h"

namespace zgate::audit {

class Spool {
 public:
  static constexpr std::size_t kMaxRecord = 64 * 1024;  // larger events are refused at append
  static constexpr std::size_t kHeaderSize = 16;
  static constexpr std::size_t kRecordHeader = 12;

  struct Options {
    std::string dir;   // created 0700 if missing
    std::string name;  // the sink's name, for the alerts' text
    std::uint64_t max_bytes = 64ull << 20;
    FsyncPolicy fsync = FsyncPolicy::Interval;
    int fsync_ms = 200;
    std::function<void(const Event&)> alert;  // called without the spool's lock held
  };

  // Opens (or creates) DIR/spool and continues where the last owner stopped. Throws
  // std::runtime_error naming the path: cannot create or open, a symbolic link, or locked by
  // another process.
  explicit Spool(Options opt);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends one record. False when it was not spooled: at the bound (counted in dropped), larger
  // than kMaxRecord, or the write failed (counted in failed). Never throws.
  bool append(std::string_view payload);

  struct Batch {
    std::vector<std::string> records;
    std::uint64_t end = 0;  // commit(end) once they are delivered
  };
  // Up to `max_records` records (and about `max_bytes`) from offset `from` on (0, or anything
  // before it: the committed offset), so a sender can read ahead of what it has committed. A
  // damaged stretch at `from` is skipped: the batch then has no records and an `end` past the
  // damage, to be committed like any other. Never throws for what is in the file.
  Batch read(std::uint64_t from, std::size_t max_records, std::size_t max_bytes);
  std::uint64_t committed() const;
  std::uint64_t end() const;  // where the next record will be appended
  // Everything before `end` is delivered. Returns by how much the offsets moved down (0: they
  // did not): a commit that delivers everything cuts the file back to its header, and one that
  // leaves a large delivered front compacts it. A sender holding offsets (what it has sent but
  // not committed, where it reads next) subtracts this from each of them, or it would read
  // mid-record and commit records it never sent.
  std::uint64_t commit(std::uint64_t end);

  struct Stats {
    std::uint64_t backlog_bytes = 0, appended = 0, dropped = 0, failed = 0, corrupt_bytes = 0;
    bool full = false;
  };
  Stats stats() const;
  bool empty() const;
  std::string path() const { return path_; }

 private:
  void open_file();
  void write_header();
  void compact();
  Event alert_event(const char* code, int severity, std::string detail) const;
  void raise(std::vector<Event>& pending);

  Options opt_;
  std::string path_;
  mutable std::mutex mu_;
  int fd_ = -1;
  std::uint64_t committed_ = kHeaderSize;
  std::uint64_t size_ = kHeaderSize;
  Syncer syncer_;
  Stats stats_;
  std::uint64_t dropped_since_full_ = 0;
  std::uint64_t reported_corrupt_ = 0;  // damage before this offset was counted and alerted
  std::vector<Event> pending_alerts_;  // raised by the constructor, delivered by the first call
};

// CRC-32 (IEEE 802.3, as zlib computes it): the spool's check on each record.
std::uint32_t crc32(std::string_view data);

}  // namespace zgate::audit
