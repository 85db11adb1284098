#include "tm/region_dli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace zgate::tm {

namespace {

void put(char* field, std::size_t size, const std::string& v) {
  std::size_t n = std::min(v.size(), size - 1);
  std::memcpy(field, v.data(), n);
  field[n] = '\0';
}

// A destination as IMS takes it: 1-8 characters, trailing blanks ignored (COBOL programs pass
// blank-padded 8-byte fields).
bool destination_name(const char* in, std::string& out) {
  out.assign(in, strnlen(in, 9));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.empty() || out.size() > 8) return false;
  for (char c : out)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' || c == '#' || c == '$'))
      return false;
  return true;
}

}  // namespace

RegionCall::RegionCall(int control_fd, proto::FrameReader& reader, proto::Schedule s)
    : fd_(control_fd), reader_(reader), s_(std::move(s)) {
  put(io_pcb_.name, sizeof io_pcb_.name, s_.lterm);
  put(io_pcb_.userid, sizeof io_pcb_.userid, s_.userid);
  put(io_pcb_.group, sizeof io_pcb_.group, s_.group);
  put(io_pcb_.trancode, sizeof io_pcb_.trancode, s_.trancode);
  set(&io_pcb_, ZG_OK);
  io_pcb_.index = 0;
  dli_.version = ZG_DLI_VERSION;
  dli_.size = sizeof(zg_dli);
  dli_.io_pcb = &io_pcb_;
  for (int i = 0; i < ZG_MAX_ALT_PCBS; ++i) {
    set(&alt_pcbs_[i], ZG_OK);
    alt_pcbs_[i].index = i + 1;
    dli_.alt_pcb[i] = &alt_pcbs_[i];
  }
  dli_.gu = &gu;
  dli_.gn = &gn;
  dli_.isrt = &isrt;
  dli_.chng = &chng;
  dli_.purg = &purg;
  dli_.auth = &auth;
  dli_.region_check = &region_check;
  dli_.region_userid = &region_userid;
  dli_.impl = this;
  dli_.ical = &ical;
}

int RegionCall::set(zg_pcb* pcb, int status) {
  if (pcb) zg_status_text(status, pcb->status);
  return status;
}

RegionCall::Alt* RegionCall::alt_of(zg_pcb* pcb) {
  if (!pcb || pcb->index < 1 || pcb->index > ZG_MAX_ALT_PCBS || pcb != &alt_pcbs_[pcb->index - 1])
    return nullptr;
  return &alts_[pcb->index - 1];
}

proto::Answer RegionCall::ask(proto::Type type, const proto::Request& q) {
  // Losing the control process mid-call leaves nobody to report to: the region ends, and
  // the control side (if it is still there) treats it as an abend of this message.
  if (!proto::write_frame(fd_, type, proto::encode(q))) _exit(3);
  auto f = reader_.read();
  if (!f || f->type != proto::Type::Answer) _exit(3);
  return proto::decode_answer(f->body);
}

int RegionCall::copy_segment(zg_pcb* pcb, std::size_t i, char* area, size_t cap, size_t* len) {
  const std::string& seg = s_.segments[i];
  std::size_t n = std::min(seg.size(), cap);
  if (n) std::memcpy(area, seg.data(), n);
  if (n < cap) area[n] = '\0';
  if (len) *len = seg.size();
  return set(pcb, ZG_OK);
}

int RegionCall::gu(zg_dli* d, zg_pcb* pcb, char* area, size_t cap, size_t* len) {
  RegionCall& c = self(d);
  if (pcb != &c.io_pcb_ || (!area && cap)) return set(pcb, ZG_AD);
  if (len) *len = 0;
  // One message per schedule: the region asks the control process for the next one only
  // after this program instance ends, so a second GU reports an empty queue.
  if (c.got_unique_ || c.s_.segments.empty()) return set(pcb, ZG_QC);
  c.got_unique_ = true;
  c.next_ = 1;
  return c.copy_segment(pcb, 0, area, cap, len);
}

int RegionCall::gn(zg_dli* d, zg_pcb* pcb, char* area, size_t cap, size_t* len) {
  RegionCall& c = self(d);
  if (pcb != &c.io_pcb_ || (!area && cap)) return set(pcb, ZG_AD);
  if (len) *len = 0;
  if (!c.got_unique_) return set(pcb, ZG_AD);  // GN needs the message GU retrieved
  if (c.next_ >= c.s_.segments.size()) return set(pcb, ZG_QD);
  return c.copy_segment(pcb, c.next_++, area, cap, len);
}

int RegionCall::isrt(zg_dli* d, zg_pcb* pcb, const char* data, size_t len) {
  RegionCall& c = self(d);
  if (!data && len) return set(pcb, ZG_AD);
  if (len > ZG_MAX_SEGMENT) return set(pcb, ZG_AD);
  std::string seg(data ? data : "", len);
  if (pcb == &c.io_pcb_) {
    c.reply_.push_back(std::move(seg));
    return set(pcb, ZG_OK);
  }
  Alt* a = c.alt_of(pcb);
  if (!a) return set(pcb, ZG_AD);
  if (a->destination.empty()) return set(pcb, ZG_A3);
  a->segments.push_back(std::move(seg));
  return set(pcb, ZG_OK);
}

int RegionCall::chng(zg_dli* d, zg_pcb* pcb, const char* destination) {
  RegionCall& c = self(d);
  Alt* a = c.alt_of(pcb);
  if (!a || !destination) return set(pcb, ZG_AD);
  if (!a->segments.empty()) return set(pcb, ZG_A2);
  std::string dest;
  if (!destination_name(destination, dest)) return set(pcb, ZG_A1);
  proto::Answer ans = c.ask(proto::Type::Chng, {dest, {}, {}});
  if (ans.status == ZG_OK) {
    a->destination = dest;
  } else {
    a->destination.clear();  // a refused CHNG leaves no destination behind
  }
  put(pcb->name, sizeof pcb->name, a->destination);
  return set(pcb, ans.status);
}

int RegionCall::purg(zg_dli* d, zg_pcb* pcb) {
  RegionCall& c = self(d);
  Alt* a = c.alt_of(pcb);
  if (!a) return set(pcb, ZG_AD);
  if (a->destination.empty()) return set(pcb, ZG_A3);
  if (!a->segments.empty()) c.committed_.push_back({a->destination, std::move(a->segments)});
  a->segments.clear();
  return set(pcb, ZG_OK);
}

int RegionCall::auth(zg_dli* d, zg_pcb* pcb, const char* cls, const char* resource,
                     const char* access, int* racf_rc) {
  RegionCall& c = self(d);
  if (pcb != &c.io_pcb_ || !cls || !resource || !access) return set(pcb, ZG_AD);
  proto::Answer ans = c.ask(proto::Type::Auth, {cls, resource, access});
  if (racf_rc) *racf_rc = ans.racf_rc;
  return set(pcb, ans.status);
}

int RegionCall::region_check(zg_dli* d, const char* cls, const char* resource, const char* access,
                             int* racf_rc) {
  RegionCall& c = self(d);
  if (!cls || !resource || !access) return ZG_AD;
  proto::Answer ans = c.ask(proto::Type::RegionCheck, {cls, resource, access});
  if (racf_rc) *racf_rc = ans.racf_rc;
  return ans.status;
}

const char* RegionCall::region_userid(zg_dli* d) { return self(d).s_.region_userid.c_str(); }

proto::IcalAnswer RegionCall::ask_ical(const proto::Ical& q) {
  // As ask(): without the control process there is no one to answer, so the region ends. A
  // garbled answer ends it too, here rather than as an exception through the C program.
  if (!proto::write_frame(fd_, proto::Type::Ical, proto::encode(q))) _exit(3);
  auto f = reader_.read();
  if (!f || f->type != proto::Type::IcalAnswer) _exit(3);
  try {
    return proto::decode_ical_answer(f->body);
  } catch (const proto::ProtocolError&) {
    _exit(3);
  }
}

// ICAL SENDRECV. An AIB call: the codes go to `result` and the return value, no PCB status
// changes.
int RegionCall::ical(zg_dli* d, const char* destination, const char* request, size_t req_len,
                     char* response, size_t cap, size_t* resp_len, unsigned timeout_ms,
                     zg_aib_result* result) {
  RegionCall& c = self(d);
  zg_aib_result r{};
  if (resp_len) *resp_len = 0;
  auto done = [&](unsigned rc, unsigned rsn) {
    r.retcode = rc;
    r.reason = rsn;
    if (result) *result = r;
    return static_cast<int>(rc);
  };
  if (!destination || (!request && req_len) || (!response && cap) || req_len > ZG_ICAL_MAX_DATA)
    return done(ZG_AIB_RC_INVALID, ZG_AIB_RSN_INVALID);
  std::string dest;
  // A name that cannot be a descriptor's names no descriptor.
  if (!destination_name(destination, dest))
    return done(ZG_AIB_RC_EXCEPTION, ZG_AIB_RSN_NO_DESTINATION);

  proto::Ical q;
  q.destination = dest;
  q.timeout_ms = timeout_ms;
  std::size_t usable = std::min<std::size_t>(cap, ZG_ICAL_MAX_DATA);
  q.response_cap = static_cast<std::uint32_t>(usable);
  q.segments.emplace_back(request ? request : "", req_len);
  proto::IcalAnswer a = c.ask_ical(q);

  // The response's segments, one after the other in the area, as far as it reaches.
  std::size_t used = 0;
  for (const auto& seg : a.segments) {
    std::size_t n = std::min(seg.size(), usable - used);
    if (n) std::memcpy(response + used, seg.data(), n);
    used += n;
  }
  if (used < cap) response[used] = '\0';
  r.errxt = a.errxt;
  r.used = used;
  r.total = std::max<std::size_t>(a.total, used);
  if (resp_len) *resp_len = r.total;
  // The control side reports partial data; should it not, the area still tells.
  if (a.retcode == ZG_AIB_RC_OK && r.total > used)
    return done(ZG_AIB_RC_EXCEPTION, ZG_AIB_RSN_PARTIAL);
  return done(a.retcode, a.reason);
}

proto::Done RegionCall::finish(int rc) {
  proto::Done done;
  done.rc = rc;
  done.reply = std::move(reply_);
  done.alternate = std::move(committed_);
  for (auto& a : alts_)
    if (!a.destination.empty() && !a.segments.empty())
      done.alternate.push_back({a.destination, std::move(a.segments)});
  return done;
}

}  // namespace zgate::tm
