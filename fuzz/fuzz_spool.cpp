// libFuzzer target for reading a damaged spool (audit/spool.h): a syslog sink's spool is a
// file on disk that a crash may tear, a bad sector may flip, and anyone who can write the
// directory may edit. Input: the bytes of DIR/spool as the sink finds it at start.
// Invariants:
//   - opening and draining it never throws, crashes or allocates beyond the spool's bounds,
//     whatever the bytes (header, lengths, CRCs, offsets);
//   - every record handed out is at most Spool::kMaxRecord bytes, and all of them together,
//     with their 12-byte frames, fit in the input;
//   - every read makes progress (records, or an end past the damage), so draining ends within
//     one read per input byte and leaves the spool empty;
//   - afterwards the spool still works: a record appended is read back exactly, and committing
//     it leaves the file as its header alone.
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "audit/spool.h"

using namespace zgate::audit;

namespace {

// One directory for the run, removed when libFuzzer exits.
struct WorkDir {
  std::string path;
  WorkDir() {
    char tmpl[] = "/tmp/fuzz-spool-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    path = tmpl;
  }
  ~WorkDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

const std::string& work_dir() {
  static const WorkDir dir;
  return dir.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string dir = work_dir() + "/spool.d";
  const std::string path = dir + "/spool";
  ::mkdir(dir.c_str(), 0700);
  {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) std::abort();
    for (std::size_t off = 0; off < size;) {
      ssize_t n = ::write(fd, data + off, size - off);
      if (n <= 0) std::abort();
      off += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  Spool::Options o;
  o.dir = dir;
  o.name = "fuzz";
  o.max_bytes = 1 << 20;
  o.fsync = FsyncPolicy::None;
  std::size_t alerts = 0;
  o.alert = [&](const Event&) { ++alerts; };
  Spool s(o);  // a regular file we own: must open, whatever its content

  std::size_t handed_out = 0, reads = 0;
  for (;;) {
    std::uint64_t from = s.committed();
    Spool::Batch b = s.read(from, 7, 1 << 16);
    if (b.records.empty() && b.end <= from) break;  // nothing left
    if (b.end <= from) std::abort();                 // records but no progress
    for (const auto& r : b.records) {
      if (r.size() > Spool::kMaxRecord) std::abort();
      handed_out += r.size() + Spool::kRecordHeader;
    }
    s.commit(b.end);
    if (++reads > size + 2) std::abort();
  }
  if (handed_out > size || !s.empty()) std::abort();

  const std::string probe = "after the damage";
  if (!s.append(probe)) std::abort();
  Spool::Batch b = s.read(0, 10, 1 << 16);
  if (b.records.size() != 1 || b.records[0] != probe) std::abort();
  s.commit(b.end);
  if (!s.empty() || s.end() != Spool::kHeaderSize) std::abort();
  return 0;
}
