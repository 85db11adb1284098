#include "audit/spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace zgate::audit {
namespace {

constexpr char kFileMagic[8] = {'Z', 'G', 'S', 'P', 'O', 'O', 'L', '1'};
constexpr std::uint32_t kRecordMagic = 0x5253475a;  // "ZGSR" little-endian
constexpr std::size_t kScanWindow = 64 * 1024;     // how much a damaged stretch is searched per read

void put32(char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint32_t get32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
void put64(char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint64_t get64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// pread/pwrite of the whole buffer, retrying EINTR and partial transfers. False on error or EOF.
bool read_at(int fd, char* buf, std::size_t n, std::uint64_t off) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd, buf + got, n - got, static_cast<off_t>(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  return true;
}
bool write_at(int fd, const char* buf, std::size_t n, std::uint64_t off) {
  std::size_t put = 0;
  while (put < n) {
    ssize_t r = ::pwrite(fd, buf + put, n - put, static_cast<off_t>(off + put));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    put += static_cast<std::size_t>(r);
  }
  return true;
}

int open_no_follow(const std::string& path, int flags) {
  return ::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, 0600);
}

}  // namespace

std::uint32_t crc32(std::string_view data) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (char ch : data) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

Spool::Spool(Options opt)
    : opt_(std::move(opt)), syncer_(opt_.fsync, std::chrono::milliseconds(opt_.fsync_ms)) {
  if (::mkdir(opt_.dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::runtime_error("cannot create spool directory " + opt_.dir + ": " + std::strerror(errno));
  struct stat ds {};
  if (::lstat(opt_.dir.c_str(), &ds) != 0 || !S_ISDIR(ds.st_mode))
    throw std::runtime_error("spool directory " + opt_.dir + " is not a directory (a symbolic link is refused)");
  path_ = opt_.dir + "/spool";
  open_file();
}

Spool::~Spool() {
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
  }
}

void Spool::open_file() {
  fd_ = open_no_follow(path_, O_RDWR | O_CREAT);
  if (fd_ < 0) {
    int err = errno;
    if (err == ELOOP) throw std::runtime_error("spool " + path_ + " is a symbolic link: refusing to follow it");
    throw std::runtime_error("cannot open spool " + path_ + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("spool " + path_ + " is not a regular file");
  }
  if ((st.st_mode & 0077) != 0) ::fchmod(fd_, 0600);
  // One owner: two sinks (or two processes) sending one spool would each send the other's records.
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("spool " + path_ + " is in use by another sink or process");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  char h[kHeaderSize];
  if (size_ < kHeaderSize) {
    // New, or a crash before the header was whole: anything shorter holds no record.
    if (size_ > 0 && ::ftruncate(fd_, 0) != 0) {
      // The header written below still makes it a spool; the stray bytes after it are skipped.
    }
    committed_ = size_ = kHeaderSize;
    write_header();
    return;
  }
  if (!read_at(fd_, h, kHeaderSize, 0) || std::memcmp(h, kFileMagic, sizeof kFileMagic) != 0) {
    // Not our header: keep every record the scan can find rather than discard the file.
    committed_ = kHeaderSize;
    pending_alerts_.push_back(alert_event(
        "SPOOL_CORRUPT", 8,
        fmt::format("{}: spool {} has a damaged header; every record in it that checks will be sent "
                    "(some may be sent twice)",
                    opt_.name, path_)));
    write_header();
  } else {
    committed_ = get64(h + 8);
    // Past the end: the file was cut back after a full delivery and the header not yet
    // rewritten. Before the records: damaged.
    if (committed_ > size_ || committed_ < kHeaderSize) committed_ = kHeaderSize;
    if (committed_ == kHeaderSize && size_ == kHeaderSize) write_header();
  }
  stats_.backlog_bytes = size_ - committed_;
}

void Spool::write_header() {
  char h[kHeaderSize];
  std::memcpy(h, kFileMagic, sizeof kFileMagic);
  put64(h + 8, committed_);
  write_at(fd_, h, kHeaderSize, 0);
}

std::uint64_t Spool::end() const {
  std::lock_guard lk(mu_);
  return size_;
}

Event Spool::alert_event(const char* code, int severity, std::string detail) const {
  Event e;
  e.time = static_cast<std::int64_t>(std::time(nullptr));
  e.code = EventCode::None;
  e.component = "AUDIT";
  e.component_code = code;
  e.severity = severity;
  e.detail = std::move(detail);
  return e;
}

void Spool::raise(std::vector<Event>& pending) {
  if (!opt_.alert) return;
  for (const auto& e : pending) {
    try {
      opt_.alert(e);
    } catch (...) {
      // The owner's callback must not stop the spool; the alert is also in the stats.
    }
  }
}

bool Spool::append(std::string_view payload) {
  std::vector<Event> alerts;
  bool ok = false;
  {
    std::lock_guard lk(mu_);
    alerts.swap(pending_alerts_);
    std::uint64_t need = kRecordHeader + payload.size();
    std::uint64_t backlog = size_ - committed_;
    if (payload.size() > kMaxRecord) {
      ++stats_.failed;
    } else if (stats_.full && backlog + need > opt_.max_bytes / 2) {
      ++stats_.dropped;
      ++dropped_since_full_;
    } else if (!stats_.full && backlog + need > opt_.max_bytes) {
      stats_.full = true;
      ++stats_.dropped;
      dropped_since_full_ = 1;
      alerts.push_back(alert_event(
          "SPOOL_FULL", 8,
          fmt::format("{}: spool {} reached its bound of {} bytes: new events are not spooled for this "
                      "sink (they are in the other sinks) until it drains to half",
                      opt_.name, path_, opt_.max_bytes)));
    } else {
      if (stats_.full) {
        stats_.full = false;
        alerts.push_back(alert_event(
            "SPOOL_RESUMED", 5,
            fmt::format("{}: spool {} drained; events are spooled again. {} events were not spooled for "
                        "this sink while it was full",
                        opt_.name, path_, dropped_since_full_)));
      }
      std::string rec(kRecordHeader, '\0');
      put32(rec.data(), kRecordMagic);
      put32(rec.data() + 4, static_cast<std::uint32_t>(payload.size()));
      put32(rec.data() + 8, crc32(payload));
      rec += payload;
      if (write_at(fd_, rec.data(), rec.size(), size_)) {
        size_ += rec.size();
        ++stats_.appended;
        syncer_.after_write(fd_);
        ok = true;
      } else {
        // A partial record may be on disk; the next append overwrites it from the same offset.
        ++stats_.failed;
      }
    }
    stats_.backlog_bytes = size_ - committed_;
  }
  raise(alerts);
  return ok;
}

Spool::Batch Spool::read(std::uint64_t from, std::size_t max_records, std::size_t max_bytes) {
  std::vector<Event> alerts;
  Batch b;
  {
    std::lock_guard lk(mu_);
    alerts.swap(pending_alerts_);
    std::uint64_t pos = std::max(from, committed_);
    std::size_t bytes = 0;
    std::string payload;
    char h[kRecordHeader];
    while (b.records.size() < max_records && bytes < max_bytes && pos < size_) {
      // A record that checks: magic, a length within both bounds, the payload's CRC.
      auto record_at = [&](std::uint64_t at) {
        if (size_ - at < kRecordHeader || !read_at(fd_, h, kRecordHeader, at)) return false;
        if (get32(h) != kRecordMagic) return false;
        std::uint32_t len = get32(h + 4);
        if (len > kMaxRecord || len > size_ - at - kRecordHeader) return false;
        payload.resize(len);
        if (len > 0 && !read_at(fd_, payload.data(), len, at + kRecordHeader)) return false;
        return crc32(payload) == get32(h + 8);
      };
      if (record_at(pos)) {
        pos += kRecordHeader + payload.size();
        bytes += payload.size();
        b.records.push_back(std::move(payload));
        payload.clear();
        continue;
      }
      if (!b.records.empty()) break;  // deliver what checks first; the damage is the next read's
      // Damaged at the committed offset: search one window for the next record that checks.
      std::uint64_t limit = std::min<std::uint64_t>(size_, pos + kScanWindow);
      std::string window(static_cast<std::size_t>(limit - pos), '\0');
      std::uint64_t next = limit;
      if (read_at(fd_, window.data(), window.size(), pos)) {
        char magic[4];
        put32(magic, kRecordMagic);
        for (std::size_t i = 1; i + 4 <= window.size(); ++i)
          if (std::memcmp(window.data() + i, magic, 4) == 0 && record_at(pos + i)) {
            next = pos + i;
            break;
          }
      }
      payload.clear();
      if (next > reported_corrupt_) {  // a sender that reconnects reads the same damage again
        stats_.corrupt_bytes += next - std::max(pos, reported_corrupt_);
        reported_corrupt_ = next;
        alerts.push_back(alert_event(
            "SPOOL_CORRUPT", 8,
            fmt::format("{}: spool {}: {} damaged bytes at offset {} skipped (not a record that checks)",
                        opt_.name, path_, next - pos, pos)));
      }
      pos = next;
      break;
    }
    b.end = pos;
    stats_.backlog_bytes = size_ - committed_;
  }
  raise(alerts);
  return b;
}

std::uint64_t Spool::committed() const {
  std::lock_guard lk(mu_);
  return committed_;
}

std::uint64_t Spool::commit(std::uint64_t end) {
  std::lock_guard lk(mu_);
  if (end <= committed_ || end > size_) return 0;
  committed_ = end;
  std::uint64_t shift = 0;
  if (committed_ == size_) {
    // All delivered: back to the header alone. A crash between the two leaves a committed
    // offset past the end, which open_file reads as "all delivered".
    if (::ftruncate(fd_, static_cast<off_t>(kHeaderSize)) == 0) {
      shift = size_ - kHeaderSize;
      committed_ = size_ = kHeaderSize;
      reported_corrupt_ = 0;  // offsets start again
    }
  } else if (committed_ - kHeaderSize > opt_.max_bytes / 2) {
    const std::uint64_t before = committed_;
    compact();
    shift = before - committed_;
  }
  write_header();
  syncer_.after_write(fd_);
  stats_.backlog_bytes = size_ - committed_;
  return shift;
}

void Spool::compact() {
  std::string tmp = path_ + ".new";
  ::unlink(tmp.c_str());
  int nfd = open_no_follow(tmp, O_RDWR | O_CREAT | O_EXCL);
  if (nfd < 0) return;  // compaction is an optimisation; the old file stays correct
  char h[kHeaderSize];
  std::memcpy(h, kFileMagic, sizeof kFileMagic);
  put64(h + 8, kHeaderSize);
  bool ok = write_at(nfd, h, kHeaderSize, 0);
  std::string buf;
  for (std::uint64_t off = committed_; ok && off < size_;) {
    buf.resize(static_cast<std::size_t>(std::min<std::uint64_t>(size_ - off, 1 << 20)));
    ok = read_at(fd_, buf.data(), buf.size(), off) && write_at(nfd, buf.data(), buf.size(), kHeaderSize + off - committed_);
    off += buf.size();
  }
  ok = ok && ::fdatasync(nfd) == 0 && ::flock(nfd, LOCK_EX | LOCK_NB) == 0 && ::rename(tmp.c_str(), path_.c_str()) == 0;
  if (!ok) {
    ::close(nfd);
    ::unlink(tmp.c_str());
    return;
  }
  if (int dfd = ::open(opt_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  ::close(fd_);
  fd_ = nfd;
  size_ = kHeaderSize + size_ - committed_;
  reported_corrupt_ = reported_corrupt_ > committed_ ? kHeaderSize + reported_corrupt_ - committed_ : 0;
  committed_ = kHeaderSize;
}

Spool::Stats Spool::stats() const {
  std::lock_guard lk(mu_);
  return stats_;
}

bool Spool::empty() const {
  std::lock_guard lk(mu_);
  return committed_ >= size_;
}

}  // namespace zgate::audit
