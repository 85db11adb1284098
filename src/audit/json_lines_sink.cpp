#include "audit/json_lines_sink.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "audit/json_record.h"

namespace zgate::audit {
namespace {

// The previous record's hash for a file of `size` bytes: the "hash" of its last complete line
// that is a chained record (64 zeros when there is none), and whether the file ends in the
// middle of a line. A last line that lacks only its newline is a whole record and counts.
// Reads backwards from the end, a larger piece each time a piece holds no chained record.
struct Tail {
  std::string prev{record::kChainStart};
  bool line_open = false;
};

Tail read_tail(int fd, off_t size) {
  Tail t;
  if (size <= 0) return t;
  std::string buf;
  off_t want = 64 * 1024;
  for (;;) {
    off_t start = size > want ? size - want : 0;
    buf.resize(static_cast<std::size_t>(size - start));
    std::size_t got = 0;
    while (got < buf.size()) {
      ssize_t n = ::pread(fd, buf.data() + got, buf.size() - got, start + static_cast<off_t>(got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    buf.resize(got);
    if (buf.empty()) return t;  // not readable (a device): start a chain
    std::size_t end = buf.rfind('\n');
    if (start + static_cast<off_t>(got) == size && buf.back() != '\n') {
      t.line_open = true;
      // A write cut short just before its newline left a whole record: that one is the last.
      std::size_t from = end == std::string::npos ? 0 : end + 1;
      if (from > 0 || start == 0)
        if (auto h = record::stated_hash(std::string_view(buf).substr(from))) {
          t.prev = *h;
          return t;
        }
    }
    // Complete lines: the piece after the last newline is unterminated, and the piece before
    // the first newline may be the tail of a line that began before `start`.
    while (end != std::string::npos) {
      std::size_t begin = end == 0 ? std::string::npos : buf.rfind('\n', end - 1);
      std::size_t from = begin == std::string::npos ? 0 : begin + 1;
      if (begin == std::string::npos && start > 0) break;  // may be cut: read a larger piece
      if (auto h = record::stated_hash(std::string_view(buf).substr(from, end - from))) {
        t.prev = *h;
        return t;
      }
      end = begin;
    }
    if (start == 0) return t;
    want *= 4;
  }
}

// flock(2) for the scope; a file system without it leaves the writer unlocked (as before the
// chain), which can fork the chain but never merges records.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { ::flock(fd_, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::string to_json_line(const Event& e) { return record::dump(record::event_json(e)) + "\n"; }

std::string to_chained_json_line(const Event& e, std::string_view prev) {
  record::Json j = record::event_json(e);
  record::chain(j, prev);
  return record::dump(j) + "\n";
}

JsonLinesSink::JsonLinesSink(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    int err = errno;
    if (err == ELOOP)
      throw std::runtime_error("audit log " + path + " is a symbolic link: refusing to follow it (give the file's own path)");
    throw std::runtime_error("cannot open audit log " + path + ": " + std::strerror(err));
  }
  // O_CREAT's 0600 is subject to the umask only in the narrowing direction; a file that already
  // existed keeps its mode, so an older 0644 log is narrowed here.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0077) != 0 && ::fchmod(fd_, 0600) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("audit log " + path + " is readable by others and cannot be made 0600: " +
                             std::strerror(err));
  }
}

JsonLinesSink::~JsonLinesSink() {
  if (fd_ >= 0) ::close(fd_);
}

void JsonLinesSink::deliver(const Event& e) {
  record::Json rec = record::event_json(e);
  std::lock_guard lk(mu_);
  FileLock flk(fd_);  // other processes' sinks on the same file, and other sinks in this one
  struct stat st {};
  bool regular = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  Tail tail;
  if (regular && cached_size_ >= 0 && st.st_size == cached_size_) tail.prev = cached_hash_;
  else if (regular) tail = read_tail(fd_, st.st_size);
  record::chain(rec, tail.prev);
  std::string line = record::dump(rec) + "\n";
  if (tail.line_open) line.insert(line.begin(), '\n');  // end the broken line first, in the same write
  ssize_t n;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(line.size())) {
    cached_size_ = regular ? static_cast<long long>(st.st_size) + n : -1;
    cached_hash_ = rec["hash"].get<std::string>();
    return;
  }
  int err = errno;
  cached_size_ = -1;
  ++failed_;
  // Not retried: a second write(2) of the rest could leave a record split in two. The next
  // write finds the file ending in mid-line and starts with a newline.
  std::string why = n < 0 ? std::strerror(err)
                          : fmt::format("short write, {} of {} bytes", n, line.size());
  // No user ID here: the caller may not have masked one that was a mistyped password.
  std::fprintf(stderr, "zgate: AUDIT RECORD LOST (%s %s rc %d): audit log %s: %s\n", event_name(e.code),
               qualifier_text(e.code, e.qualifier), e.racf_rc, path_.c_str(), why.c_str());
}

std::uint64_t JsonLinesSink::failed_writes() const {
  std::lock_guard lk(mu_);
  return failed_;
}

}  // namespace zgate::audit
