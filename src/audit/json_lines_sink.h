#pragma once
// The default sink: one JSON object per line, appended to a file, so a SIEM forwarder can tail
// it. Field names follow IRRADU00's where one exists.
//
// The file is the security trail, so (issue 14 hole 12): it is created 0600 whatever the umask
// (and narrowed to 0600 if found wider), a symbolic link at the path is refused rather than
// followed, and each record is one write(2) on an O_APPEND descriptor, so records from several
// processes (zgate serve, zgate racf) never interleave within a line. A write that fails or is
// short is announced on stderr and counted, never merged into the next record: after a short
// write the next record starts on a line of its own.
//
// The lines form a hash chain (json_record.h; `zgate audit verify` checks it): each carries
// "prev", the previous record's "hash", and its own "hash" over prev and its content. Writers
// in several processes take flock(LOCK_EX) around finding the previous hash and the write. The
// previous hash is that of the file's last complete line that is a chained record: a short
// write's fragment (or any line that is not one) is skipped, so the next record ends the broken
// line with a newline, chains to the last whole record, and verify reports the fragment's line
// as not JSON without reporting a broken chain after it. The sink remembers its own last hash
// and the file's size after its write, and reads the file again only when the size says
// someone else wrote.
//
// Durability: the fsync policy (fsync_policy.h: none, always, or at most every N ms).
//
// Rotation, by size (the record that would take the file past `rotate_bytes` goes to a new one)
// and by age (a file whose first record is `rotate_seconds` old): under the lock the file is
// renamed PATH.YYYYMMDDTHHMMSSZ (the time of the rotation in UTC; -1, -2 ... if that name is
// taken; never replacing a file) and a new PATH is created whose first record's prev is the old
// file's last hash, so `zgate audit verify --series PATH` checks the files as one chain. A
// writer in another process that still holds the old file notices (PATH is no longer its file)
// after taking the lock, and reopens PATH, carrying the old file's last hash the same way.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "audit/fsync_policy.h"
#include "audit/sink.h"

namespace zgate::audit {

// The event as a JSON line (with its newline) without the chain's "prev" and "hash".
std::string to_json_line(const Event& e);
// The event as the sink writes it after a record whose hash is `prev` (64 zeros for a trail's
// first record): the fields of to_json_line, then "prev" and "hash".
std::string to_chained_json_line(const Event& e, std::string_view prev);

struct JsonLinesOptions {
  FsyncPolicy fsync = FsyncPolicy::None;
  int fsync_ms = 200;
  std::uint64_t rotate_bytes = 0;   // 0: never by size
  std::int64_t rotate_seconds = 0;  // 0: never by age
};

class JsonLinesSink final : public Sink {
 public:
  // Throws std::runtime_error (naming the path and the reason) when the file cannot be opened,
  // or when the path is a symbolic link.
  explicit JsonLinesSink(const std::string& path, JsonLinesOptions opt = {});
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink&) = delete;
  JsonLinesSink& operator=(const JsonLinesSink&) = delete;
  std::uint64_t failed_writes() const;
  std::uint64_t rotations() const;

 protected:
  // Never throws for a failed write (callers in every layer audit from paths that must go on);
  // the failure is on stderr and in failed_writes().
  void deliver(const Event& e) override;

 private:
  // Under mu_ and the file lock: PATH renamed aside, a new PATH opened; false (and the old
  // file kept) when it cannot be.
  bool rotate(const std::string& last_hash);
  // PATH is no longer the file fd_ has open (another process rotated it): reopen it.
  bool replaced() const;

  mutable std::mutex mu_;
  std::string path_;
  JsonLinesOptions opt_;
  Syncer syncer_;
  int fd_ = -1;
  std::int64_t born_ = 0;      // the current file's first record's time (0: empty or not known)
  std::string carried_prev_;   // the last hash of the file before this one, for an empty new file
  std::uint64_t rotations_ = 0;
  std::int64_t rotate_failed_at_ = 0;  // a failed rotation is retried a minute later, not per record
  // The file's size after this sink's last whole write, and that record's hash; size -1 when
  // not known (nothing written yet, or the last write failed or was short).
  long long cached_size_ = -1;
  std::string cached_hash_;
  std::uint64_t failed_ = 0;
};

}  // namespace zgate::audit
