#include "tm/region_protocol.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace zgate::tm::proto {

Writer& Writer::u32(std::uint32_t v) {
  buf_.append(reinterpret_cast<const char*>(&v), sizeof v);
  return *this;
}
Writer& Writer::str(const std::string& s) {
  u32(static_cast<std::uint32_t>(s.size()));
  buf_ += s;
  return *this;
}
Writer& Writer::strs(const std::vector<std::string>& v) {
  // The room for all of them first: appending a 32 KB segment to a short buffer grew (and
  // copied) it again.
  std::size_t room = buf_.size() + 4;
  for (const auto& s : v) room += 4 + s.size();
  buf_.reserve(room);
  u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v) str(s);
  return *this;
}

std::uint32_t Reader::u32() {
  if (b_.size() - pos_ < 4) throw ProtocolError("region protocol: frame too short");
  std::uint32_t v;
  std::memcpy(&v, b_.data() + pos_, 4);
  pos_ += 4;
  return v;
}
std::string Reader::str() {
  std::uint32_t n = u32();
  if (b_.size() - pos_ < n) throw ProtocolError("region protocol: string runs past the frame");
  std::string s = b_.substr(pos_, n);
  pos_ += n;
  return s;
}
std::vector<std::string> Reader::strs() {
  std::uint32_t n = u32();
  // Each element needs at least its 4-byte length: a count beyond that is corrupt, and must
  // not reserve memory.
  if (n > (b_.size() - pos_) / 4) throw ProtocolError("region protocol: bad element count");
  std::vector<std::string> v;
  v.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) v.push_back(str());
  return v;
}

std::string encode(const Schedule& s) { return encode(s, s.segments); }
std::string encode(const Schedule& s, const std::vector<std::string>& segments) {
  Writer w;
  w.str(s.psb).str(s.program_path).str(s.trancode).str(s.lterm).str(s.userid).str(s.group)
      .str(s.region_userid).strs(segments).u32(static_cast<std::uint32_t>(s.db_pcbs.size()));
  for (const auto& p : s.db_pcbs) w.str(p.dbd).str(p.procopt).str(p.pcbname).u32(p.keylen).u32(p.sensitive_segments);
  return w.take();
}
Schedule decode_schedule(const std::string& body) {
  Reader r(body);
  Schedule s;
  s.psb = r.str();
  s.program_path = r.str();
  s.trancode = r.str();
  s.lterm = r.str();
  s.userid = r.str();
  s.group = r.str();
  s.region_userid = r.str();
  s.segments = r.strs();
  const std::uint32_t n = r.u32();
  if (n > 1024) throw ProtocolError("a Schedule with " + std::to_string(n) + " DB PCBs");
  for (std::uint32_t i = 0; i < n; ++i) {
    DbPcbInfo p;
    p.dbd = r.str();
    p.procopt = r.str();
    p.pcbname = r.str();
    p.keylen = r.u32();
    p.sensitive_segments = r.u32();
    s.db_pcbs.push_back(std::move(p));
  }
  return s;
}

std::string encode(const DbCall& c) {
  return Writer().u32(c.pcb).str(c.function).strs(c.ssas).str(c.io).u32(c.cap).take();
}
DbCall decode_db_call(const std::string& body) {
  Reader r(body);
  DbCall c;
  c.pcb = r.u32();
  c.function = r.str();
  c.ssas = r.strs();
  c.io = r.str();
  c.cap = r.u32();
  return c;
}

std::string encode(const DbAnswer& a) {
  return Writer().i32(a.status).str(a.io).u32(a.io_len).i32(a.level).str(a.segment).str(a.key_feedback).take();
}
DbAnswer decode_db_answer(const std::string& body) {
  Reader r(body);
  DbAnswer a;
  a.status = r.i32();
  a.io = r.str();
  a.io_len = r.u32();
  a.level = r.i32();
  a.segment = r.str();
  a.key_feedback = r.str();
  return a;
}

std::string encode(const Request& q) { return Writer().str(q.a).str(q.b).str(q.c).take(); }
Request decode_request(const std::string& body) {
  Reader r(body);
  Request q;
  q.a = r.str();
  q.b = r.str();
  q.c = r.str();
  return q;
}

std::string encode(const Answer& a) { return Writer().i32(a.status).i32(a.racf_rc).take(); }
Answer decode_answer(const std::string& body) {
  Reader r(body);
  Answer a;
  a.status = r.i32();
  a.racf_rc = r.i32();
  return a;
}

std::string encode(const Ical& c) {
  return Writer().str(c.destination).u32(c.timeout_ms).u32(c.response_cap).strs(c.segments).take();
}
Ical decode_ical(const std::string& body) {
  Reader r(body);
  Ical c;
  c.destination = r.str();
  c.timeout_ms = r.u32();
  c.response_cap = r.u32();
  c.segments = r.strs();
  return c;
}

std::string encode(const IcalAnswer& a) {
  return Writer().u32(a.retcode).u32(a.reason).u32(a.errxt).u32(a.total).strs(a.segments).take();
}
IcalAnswer decode_ical_answer(const std::string& body) {
  Reader r(body);
  IcalAnswer a;
  a.retcode = r.u32();
  a.reason = r.u32();
  a.errxt = r.u32();
  a.total = r.u32();
  a.segments = r.strs();
  return a;
}

std::string encode(const Done& d) {
  Writer w;
  w.i32(d.rc).strs(d.reply).u32(static_cast<std::uint32_t>(d.alternate.size()));
  for (const auto& m : d.alternate) w.str(m.destination).strs(m.segments);
  return w.take();
}
Done decode_done(const std::string& body) {
  Reader r(body);
  Done d;
  d.rc = r.i32();
  d.reply = r.strs();
  std::uint32_t n = r.u32();
  if (n > body.size() / 8) throw ProtocolError("region protocol: bad alternate count");
  for (std::uint32_t i = 0; i < n; ++i) {
    AltMessage m;
    m.destination = r.str();
    m.segments = r.strs();
    d.alternate.push_back(std::move(m));
  }
  return d;
}

std::uint32_t FrameReader::buffered_length() const {
  std::uint32_t len;
  std::memcpy(&len, buf_.get() + begin_, 4);
  return len;
}

bool FrameReader::has_frame() const {
  if (buffered() < 5) return false;
  std::uint32_t len = buffered_length();
  return len <= kMaxFrame && buffered() - 5 >= len;
}

bool FrameReader::take(Frame& out) {
  if (buffered() < 5) return false;
  std::uint32_t len = buffered_length();
  if (len > kMaxFrame) throw ProtocolError("region protocol: frame of " + std::to_string(len) + " bytes");
  if (buffered() - 5 < len) return false;
  out.type = static_cast<Type>(static_cast<unsigned char>(buf_[begin_ + 4]));
  out.body.assign(buf_.get() + begin_ + 5, len);
  begin_ += 5 + len;
  if (begin_ == end_) {
    begin_ = end_ = 0;
    if (cap_ > kKeptRoom) {  // a large frame's room is not kept for the small ones after it
      buf_.reset();
      cap_ = 0;
    }
  }
  return true;
}

ReadStatus FrameReader::next(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                             Frame& out, bool wait) {
  constexpr std::size_t kChunk = kKeptRoom;  // a typical frame in one recv
  for (;;) {
    // Past the deadline nothing more is read, even what has arrived: a program past its
    // processing limit is ended at the first read after it (an ICAL that returned late).
    if (deadline && std::chrono::steady_clock::now() >= *deadline) return ReadStatus::TimedOut;
    if (take(out)) return ReadStatus::Ok;
    // Room for the rest of the frame (or a chunk), with the unread bytes moved to the front.
    // A large frame doubles the room as its bytes come: a header alone reserves nothing.
    std::size_t need = kChunk;
    if (buffered() >= 5)
      need = std::max(need, std::min<std::size_t>(5 + std::size_t{buffered_length()}, 2 * cap_));
    if (begin_ > 0) {
      std::memmove(buf_.get(), buf_.get() + begin_, buffered());
      end_ -= begin_;
      begin_ = 0;
    }
    if (cap_ < need) {
      auto bigger = std::make_unique_for_overwrite<char[]>(need);
      if (end_) std::memcpy(bigger.get(), buf_.get(), end_);
      buf_ = std::move(bigger);
      cap_ = need;
    }
    // Without a deadline the recv blocks; with one, it takes only what is there, and poll
    // waits for more within the deadline.
    ssize_t k = ::recv(fd_, buf_.get() + end_, cap_ - end_, deadline || !wait ? MSG_DONTWAIT : 0);
    if (k > 0) {
      end_ += static_cast<std::size_t>(k);
      continue;
    }
    if (k == 0) return ReadStatus::Closed;
    if (errno == EINTR) continue;
    const bool would_block = errno == EAGAIN || errno == EWOULDBLOCK;
    if (!wait && would_block) return ReadStatus::Pending;
    if (!deadline || !would_block) return ReadStatus::Closed;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    pollfd pfd{fd_, POLLIN, 0};
    const long long wait_ms = std::clamp<long long>(left.count() + 1, 0, 1 << 30);  // never -1 (forever)
    if (::poll(&pfd, 1, static_cast<int>(wait_ms)) < 0 && errno != EINTR) return ReadStatus::Closed;
  }
}

std::optional<Frame> FrameReader::read() {
  Frame f;
  if (next(std::nullopt, f) != ReadStatus::Ok) return std::nullopt;
  return f;
}

ReadStatus FrameReader::read_until(std::chrono::steady_clock::time_point deadline, Frame& out) {
  return next(deadline, out);
}

ReadStatus FrameReader::try_read(Frame& out) { return next(std::nullopt, out, false); }

bool write_frame(int fd, Type type, const std::string& body) {
  if (body.size() > kMaxFrame) return false;
  // The header and the body go out in one sendmsg from where they are: the body is not copied
  // behind the header first.
  char header[5];
  const auto len = static_cast<std::uint32_t>(body.size());
  std::memcpy(header, &len, 4);
  header[4] = static_cast<char>(type);
  iovec iov[2] = {{header, sizeof header}, {const_cast<char*>(body.data()), body.size()}};
  std::size_t left = sizeof header + body.size();
  msghdr m{};
  m.msg_iov = iov;
  m.msg_iovlen = body.empty() ? 1 : 2;
  while (left > 0) {
    const ssize_t k = ::sendmsg(fd, &m, MSG_NOSIGNAL);
    if (k < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    left -= static_cast<std::size_t>(k);
    // A short write (a full socket buffer): step the iovecs past what went.
    auto sent = static_cast<std::size_t>(k);
    while (m.msg_iovlen > 0 && sent >= m.msg_iov[0].iov_len) {
      sent -= m.msg_iov[0].iov_len;
      ++m.msg_iov;
      --m.msg_iovlen;
    }
    if (m.msg_iovlen > 0) {
      m.msg_iov[0].iov_base = static_cast<char*>(m.msg_iov[0].iov_base) + sent;
      m.msg_iov[0].iov_len -= sent;
    }
  }
  return true;
}

}  // namespace zgate::tm::proto
