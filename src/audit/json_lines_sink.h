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
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "audit/sink.h"

namespace zgate::audit {

// The event as a JSON line (with its newline) without the chain's "prev" and "hash".
std::string to_json_line(const Event& e);
// The event as the sink writes it after a record whose hash is `prev` (64 zeros for a trail's
// first record): the fields of to_json_line, then "prev" and "hash".
std::string to_chained_json_line(const Event& e, std::string_view prev);

class JsonLinesSink final : public Sink {
 public:
  // Throws std::runtime_error (naming the path and the reason) when the file cannot be opened,
  // or when the path is a symbolic link.
  explicit JsonLinesSink(const std::string& path);
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink&) = delete;
  JsonLinesSink& operator=(const JsonLinesSink&) = delete;
  std::uint64_t failed_writes() const;

 protected:
  // Never throws for a failed write (callers in every layer audit from paths that must go on);
  // the failure is on stderr and in failed_writes().
  void deliver(const Event& e) override;

 private:
  mutable std::mutex mu_;
  std::string path_;
  int fd_ = -1;
  // The file's size after this sink's last whole write, and that record's hash; size -1 when
  // not known (nothing written yet, or the last write failed or was short).
  long long cached_size_ = -1;
  std::string cached_hash_;
  std::uint64_t failed_ = 0;
};

}  // namespace zgate::audit
