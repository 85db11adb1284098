#include "audit/json_lines_sink.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
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

// flock(2); a file system without it leaves the writer unlocked (as before the chain), which
// can fork the chain but never merges records.
void lock_file(int fd) {
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
}

// Moves the writer from `old` (locked) to `next`: `next` is locked before `old` is let go and
// closed, so no other writer can slip a record in between.
void move_lock(int old, int next) {
  lock_file(next);
  ::flock(old, LOCK_UN);
  ::close(old);
}

}  // namespace

std::string to_json_line(const Event& e) { return record::dump(record::event_json(e)) + "\n"; }

std::string to_chained_json_line(const Event& e, std::string_view prev) {
  record::Json j = record::event_json(e);
  record::chain(j, prev);
  return record::dump(j) + "\n";
}

namespace {

// The trail's file, opened for appending: created 0600, narrowed to 0600 if found wider, never
// through a symbolic link.
int open_trail(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP)
      throw std::runtime_error("audit log " + path + " is a symbolic link: refusing to follow it (give the file's own path)");
    throw std::runtime_error("cannot open audit log " + path + ": " + std::strerror(err));
  }
  // O_CREAT's 0600 is subject to the umask only in the narrowing direction; a file that already
  // existed keeps its mode, so an older 0644 log is narrowed here.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0077) != 0 && ::fchmod(fd, 0600) != 0) {
    int err = errno;
    ::close(fd);
    throw std::runtime_error("audit log " + path + " is readable by others and cannot be made 0600: " +
                             std::strerror(err));
  }
  return fd;
}

// The "time" of the file's first line, when it is a record (what rotation by age counts from);
// 0 for an empty file or one whose first line is not a record. Reads at most 64 KiB.
std::int64_t first_record_time(int fd) {
  std::string buf(64 * 1024, '\0');
  ssize_t n = ::pread(fd, buf.data(), buf.size(), 0);
  if (n <= 0) return 0;
  buf.resize(static_cast<std::size_t>(n));
  auto j = record::Json::parse(buf.substr(0, buf.find('\n')), nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("time") && j["time"].is_number_integer()) return j["time"].get<std::int64_t>();
  return 0;
}

std::string utc_stamp(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

}  // namespace

JsonLinesSink::JsonLinesSink(const std::string& path, JsonLinesOptions opt)
    : path_(path), opt_(opt), syncer_(opt.fsync, std::chrono::milliseconds(opt.fsync_ms)) {
  fd_ = open_trail(path);
  born_ = first_record_time(fd_);
}

JsonLinesSink::~JsonLinesSink() {
  if (fd_ >= 0) {
    if (opt_.fsync != FsyncPolicy::None) ::fdatasync(fd_);
    ::close(fd_);
  }
}

bool JsonLinesSink::replaced() const {
  struct stat mine {}, there {};
  if (::fstat(fd_, &mine) != 0 || !S_ISREG(mine.st_mode)) return false;
  if (::lstat(path_.c_str(), &there) != 0) return errno == ENOENT;  // renamed away, not yet recreated
  return mine.st_ino != there.st_ino || mine.st_dev != there.st_dev;
}

bool JsonLinesSink::rotate(const std::string& last_hash) {
  std::string base = path_ + "." + utc_stamp(std::time(nullptr));
  std::string dest = base;
  for (int n = 1;; ++n) {
    if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, dest.c_str(), RENAME_NOREPLACE) == 0) break;
    if (errno != EEXIST || n > 1000) {
      std::fprintf(stderr, "zgate: audit log %s not rotated (kept as it is): rename to %s: %s\n", path_.c_str(),
                   dest.c_str(), std::strerror(errno));
      return false;
    }
    dest = base + "-" + std::to_string(n);
  }
  int nfd;
  try {
    nfd = open_trail(path_);
  } catch (const std::exception& e) {
    // The renamed file is still open here: the record goes on in it, and the next one retries.
    std::fprintf(stderr, "zgate: audit log rotated to %s but the new file cannot be opened: %s\n", dest.c_str(), e.what());
    return false;
  }
  ::fdatasync(fd_);
  move_lock(fd_, nfd);
  fd_ = nfd;
  carried_prev_ = last_hash;
  cached_size_ = -1;
  born_ = 0;
  ++rotations_;
  return true;
}

void JsonLinesSink::deliver(const Event& e) {
  record::Json rec = record::event_json(e);
  std::lock_guard lk(mu_);
  // Other processes' sinks on the same file, and other sinks in this one; moved to the new file
  // when PATH turns out to be a newer file than ours (another process rotated it) or when this
  // record rotates it.
  lock_file(fd_);
  struct Unlock {
    const int& fd;
    ~Unlock() { ::flock(fd, LOCK_UN); }
  } unlock{fd_};
  if (replaced()) {
    struct stat old {};
    std::string last = cached_hash_;
    if (::fstat(fd_, &old) == 0 && !(cached_size_ >= 0 && old.st_size == cached_size_)) last = read_tail(fd_, old.st_size).prev;
    try {
      int nfd = open_trail(path_);
      move_lock(fd_, nfd);
      fd_ = nfd;
      carried_prev_ = last;
      cached_size_ = -1;
      born_ = first_record_time(fd_);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "zgate: audit log %s was replaced and cannot be reopened: %s\n", path_.c_str(), ex.what());
    }
  }
  struct stat st {};
  bool regular = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  Tail tail;
  if (regular && cached_size_ >= 0 && st.st_size == cached_size_) tail.prev = cached_hash_;
  else if (regular && st.st_size == 0 && !carried_prev_.empty()) tail.prev = carried_prev_;
  else if (regular) tail = read_tail(fd_, st.st_size);
  record::chain(rec, tail.prev);
  std::string line = record::dump(rec) + "\n";
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  bool too_big = opt_.rotate_bytes > 0 && static_cast<std::uint64_t>(st.st_size) + line.size() > opt_.rotate_bytes;
  bool too_old = opt_.rotate_seconds > 0 && born_ > 0 && now - born_ >= opt_.rotate_seconds;
  bool may_rotate = rotate_failed_at_ == 0 || now - rotate_failed_at_ >= 60;
  bool rotated = regular && st.st_size > 0 && (too_big || too_old) && may_rotate && rotate(tail.prev);
  if (regular && st.st_size > 0 && (too_big || too_old) && may_rotate) rotate_failed_at_ = rotated ? 0 : now;
  if (rotated) {
    // A new process may have written PATH's first record between the rename and our lock.
    if (::fstat(fd_, &st) == 0 && st.st_size > 0) {
      tail = read_tail(fd_, st.st_size);
      record::chain(rec, tail.prev);
      line = record::dump(rec) + "\n";
    } else {
      st.st_size = 0;
      tail.line_open = false;
    }
  }
  if (tail.line_open) line.insert(line.begin(), '\n');  // end the broken line first, in the same write
  if (born_ == 0) born_ = e.time > 0 ? e.time : now;
  ssize_t n;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(line.size())) {
    cached_size_ = regular ? static_cast<long long>(st.st_size) + n : -1;
    cached_hash_ = rec["hash"].get<std::string>();
    if (!syncer_.after_write(fd_)) {
      ++failed_;
      std::fprintf(stderr, "zgate: audit log %s: fsync failed: %s\n", path_.c_str(), std::strerror(errno));
    }
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

std::uint64_t JsonLinesSink::rotations() const {
  std::lock_guard lk(mu_);
  return rotations_;
}

std::uint64_t JsonLinesSink::failed_writes() const {
  std::lock_guard lk(mu_);
  return failed_;
}

}  // namespace zgate::audit
