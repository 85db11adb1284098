#include "tm/region_dli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

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

void blank_padded(char* field, std::size_t size, std::string_view v) {
  std::memset(field, ' ', size);
  std::memcpy(field, v.data(), std::min(v.size(), size));
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
  // Version 3: the PSB's database PCBs, masks as IBM lays them out.
  db_pcbs_.resize(std::min<std::size_t>(s_.db_pcbs.size(), ZG_MAX_DB_PCBS));
  for (std::size_t i = 0; i < db_pcbs_.size(); ++i) {
    zg_db_pcb& p = db_pcbs_[i];
    const auto& info = s_.db_pcbs[i];
    std::memset(&p, 0, sizeof p);
    blank_padded(p.dbd_name, sizeof p.dbd_name, info.dbd);
    blank_padded(p.seg_level, sizeof p.seg_level, "00");
    blank_padded(p.status, sizeof p.status, "");
    blank_padded(p.procopt, sizeof p.procopt, info.procopt);
    blank_padded(p.seg_name, sizeof p.seg_name, "");
    p.num_sens_segs = static_cast<int>(info.sensitive_segments);
    put(p.pcb_name, sizeof p.pcb_name, info.pcbname);
    p.index = static_cast<int>(i);
    dli_.db_pcb[i] = &p;
  }
  dli_.db_pcb_count = static_cast<int>(db_pcbs_.size());
  dli_.dl = &dl;
  dli_.rolb = &rolb;
  dli_.roll = &roll;
  dli_.chkp = &chkp;
  dli_.find_pcb = &find_pcb;
  dli_.inqy = &inqy;
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

// ---- database calls: the DL/I engine is the control process's --------------------------

proto::DbAnswer RegionCall::ask_db(proto::Type type, const std::string& body) {
  if (!proto::write_frame(fd_, type, body)) _exit(3);
  auto f = reader_.read();
  if (!f || f->type != proto::Type::DbAnswer) _exit(3);
  return proto::decode_db_answer(f->body);
}

int RegionCall::dl(zg_dli* d, zg_db_pcb* pcb, const char* func, char* io, size_t cap, size_t* io_len, int nssa,
                   const char* const* ssas, const size_t* ssa_lens) {
  RegionCall& self = RegionCall::self(d);
  const auto& pcbs = self.db_pcbs_;
  if (!pcb || pcb->index < 0 || static_cast<std::size_t>(pcb->index) >= pcbs.size() || pcb != &pcbs[static_cast<std::size_t>(pcb->index)])
    return ZG_AD;  // not one of this program's PCBs: nothing to leave the status in
  auto fail = [&](int st) {
    blank_padded(pcb->status, sizeof pcb->status, std::string(1, static_cast<char>(st >> 8)) + static_cast<char>(st & 0xFF));
    return st;
  };
  if (!func || nssa < 0 || nssa > 15 || (nssa > 0 && !ssas) || (!io && cap > 0)) return fail(ZG_AD);
  proto::DbCall c;
  c.pcb = static_cast<std::uint32_t>(pcb->index);
  c.function.assign(func, strnlen(func, 8));
  for (int i = 0; i < nssa; ++i) {
    if (!ssas[i]) return fail(ZG_AJ);
    const std::size_t n = ssa_lens && ssa_lens[i] ? ssa_lens[i] : strnlen(ssas[i], 4096);
    c.ssas.emplace_back(ssas[i], n);
  }
  const bool gets = c.function.rfind("G", 0) == 0;
  if (!gets) {
    if (!io_len || (*io_len > 0 && !io) || *io_len > ZG_MAX_SEGMENT * 15u) return fail(ZG_AD);
    c.io.assign(io ? io : "", *io_len);
  }
  c.cap = static_cast<std::uint32_t>(std::min<size_t>(cap, ZG_MAX_SEGMENT * 15u));
  proto::DbAnswer a = self.ask_db(proto::Type::DbCall, proto::encode(c));
  if (gets) {
    const std::size_t n = std::min(a.io.size(), cap);
    if (n) std::memcpy(io, a.io.data(), n);
    if (n < cap) io[n] = '\0';
    if (io_len) *io_len = a.io_len;
  }
  char level[3];
  std::snprintf(level, sizeof level, "%02d", a.level < 0 || a.level > 99 ? 0 : a.level);
  blank_padded(pcb->seg_level, sizeof pcb->seg_level, level);
  char st[3];
  zg_status_text(a.status, st);
  blank_padded(pcb->status, sizeof pcb->status, std::string_view(st, 2));
  blank_padded(pcb->seg_name, sizeof pcb->seg_name, a.segment);
  const std::size_t k = std::min<std::size_t>(a.key_feedback.size(), ZG_MAX_KEY_FEEDBACK);
  std::memcpy(pcb->key_fb, a.key_feedback.data(), k);
  pcb->key_fb_len = static_cast<int>(k);
  return a.status;
}

// ROLB: the database changes go in the control process; the output built so far goes here.
int RegionCall::rolb(zg_dli* d) {
  RegionCall& self = RegionCall::self(d);
  self.back_out_output();
  return self.ask_db(proto::Type::Rolb, std::string()).status;
}

void RegionCall::roll(zg_dli* d) {
  RegionCall& self = RegionCall::self(d);
  self.back_out_output();
  // U0778: the control process backs out and ends the message; the program never goes on.
  proto::Done done;
  done.rc = 778;
  proto::write_frame(self.fd_, proto::Type::Done, proto::encode(done));
  _exit(0);
}

int RegionCall::chkp(zg_dli* d) { return RegionCall::self(d).ask_db(proto::Type::Chkp, std::string()).status; }

zg_db_pcb* RegionCall::find_pcb(zg_dli* d, const char* pcbname) {
  if (!pcbname) return nullptr;
  std::string name(pcbname, strnlen(pcbname, 9));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  for (auto& p : RegionCall::self(d).db_pcbs_)
    if (!name.empty() && name == p.pcb_name) return &p;
  return nullptr;
}

int RegionCall::inqy(zg_dli* d, const char* subfunction, char* io, size_t cap, size_t* io_len, zg_aib_result* result) {
  RegionCall& self = RegionCall::self(d);
  zg_aib_result r{ZG_AIB_RC_OK, ZG_AIB_RSN_OK, 0, 0, 0};
  std::string sub = subfunction ? std::string(subfunction, strnlen(subfunction, 8)) : std::string();
  while (!sub.empty() && sub.back() == ' ') sub.pop_back();
  if (sub == "PROGRAM") {
    // The program's name: in zgate, the PSB's (a program is loaded by its PSB name).
    char name[8];
    blank_padded(name, sizeof name, self.s_.psb);
    r.total = sizeof name;
    r.used = std::min<size_t>(cap, sizeof name);
    if (r.used && io) std::memcpy(io, name, r.used);
    if (r.used < sizeof name) {
      r.retcode = ZG_AIB_RC_EXCEPTION;
      r.reason = ZG_AIB_RSN_PARTIAL;
    }
  } else if (sub == "DBQUERY") {
    proto::DbAnswer a = self.ask_db(proto::Type::Inqy, std::string());
    set(&self.io_pcb_, a.status);
    for (std::size_t i = 0; i < self.db_pcbs_.size() && 2 * i + 1 < a.io.size(); ++i)
      blank_padded(self.db_pcbs_[i].status, 2, std::string_view(a.io).substr(2 * i, 2));
  } else {
    r.retcode = ZG_AIB_RC_INVALID;
    r.reason = ZG_AIB_RSN_INVALID;
  }
  if (io_len) *io_len = r.total;
  if (result) *result = r;
  return static_cast<int>(r.retcode);
}

void RegionCall::back_out_output() {
  reply_.clear();
  committed_.clear();
  for (auto& a : alts_) a.segments.clear();
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
