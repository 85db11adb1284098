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
#include <cstdint>
#include <mutex>
#include <string>

#include "audit/sink.h"

namespace zgate::audit {

std::string to_json_line(const Event& e);

class JsonLinesSink final : public Sink {
 public:
  // Throws std::runtime_error (naming the path and the reason) when the file cannot be opened,
  // or when the path is a symbolic link.
  explicit JsonLinesSink(const std::string& path);
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink&) = delete;
  JsonLinesSink& operator=(const JsonLinesSink&) = delete;
  // Never throws for a failed write (callers in every layer audit from paths that must go on);
  // the failure is on stderr and in failed_writes().
  void write(const Event& e) override;
  std::uint64_t failed_writes() const;

 private:
  mutable std::mutex mu_;
  std::string path_;
  int fd_ = -1;
  bool line_open_ = false;  // a short write left part of a line without its newline
  std::uint64_t failed_ = 0;
};

}  // namespace zgate::audit
