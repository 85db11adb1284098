// libFuzzer target for what zgate reads back from installation exits, and what it hands them:
//   mode 0  IMSLSECX (connect/security_exit.cpp), a real dlopen'ed exit (fuzz/stubs) scripted by
//           the input, called through the frames its helper process exchanges with zgate,
//           the input: fuzz-chosen input fields in; return code and bytes (NUL-terminated or
//           not) written over userid, group and reason out. The exit must see every name
//           NUL-terminated, at most 8 characters, trimmed as IMS Connect trims it; RC 0 keeps
//           the input's identity, RC 4 takes the exit's only when it is a usable IMS name (1-8,
//           group 0-8, no blanks or control characters), anything but 0 and 4 refuses; the
//           reason is one printable line;
//   mode 1  the Verdict frame body the exit host sends back (otma/exits.cpp exit_frames):
//           allowed only for RC 0, the reason one printable line of at most 79 characters
//           (plus zgate's words for an RC the ABI does not know), and a fixed point;
//   mode 2  the Call frame body (the host's reading): decodes to a known exit point and level
//           and re-encodes to a fixed point; checked_call then gives names the parameter block
//           can carry without truncation, and is idempotent;
//   mode 3  the Load frame body: at most one library per exit point, re-encoding to a fixed point.
//   mode 4  DFSRAS00's reply body (tm/ras_exit.cpp ras_exit_frames::decode_verdict): allowed only
//           for RC 0, the reason one printable line of at most 79 characters (plus zgate's words
//           for an RC the ABI does not know);
//   mode 5  a DFSRAS00 call from fuzz-chosen names: checked_call gives names the parameter block
//           carries without truncation (1-8 for user ID and PSB, 0-8 for the rest), ISIS C or A,
//           and is idempotent; the host's parameter block (host_call, with a stub exit that
//           copies what it sees) holds them exactly.
// The first byte picks the mode: 0xF0-0xFF modes 4 and 5 (by its low bit), anything else its
// value modulo 4 (so the corpus kept from before modes 4 and 5 reads as it did); the rest is the
// body (modes 1-4) or the script (modes 0 and 5).
#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "connect/security_exit.h"
#include "otma/exits.h"
#include "tm/ras_exit.h"
#include "stubs/imslsecx_stub.h"
#include "tm/region_protocol.h"
#include "zgate/otma_exits.h"

namespace {

using namespace zgate;
namespace frames = otma::exit_frames;
namespace ras = zgate::tm::ras_exit_frames;

bool printable_line(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

// IMS names as the exits get them: no blank or control character, within the length.
bool ims_name(std::string_view s, std::size_t max, bool may_be_empty) {
  if (s.empty()) return may_be_empty;
  if (s.size() > max) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

// Reads the input as a sequence of fields.
struct Input {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  std::string str(std::size_t max) {
    std::size_t len = std::min<std::size_t>(byte() % (max + 1), n);
    std::string s(reinterpret_cast<const char*>(p), len);
    p += len;
    n -= len;
    return s;
  }
  void raw(char* out, std::size_t len) {
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<char>(byte());
  }
};

// ---- mode 0: IMSLSECX -----------------------------------------------------------------------

// The exit runs in its helper process in zgate; here the two halves of that conversation run
// in one process around the stub: the server's encoding of the input, the host's call
// (security_exit_frames::host_call) and the server's reading of the reply.
struct Stub {
  void* handle = ::dlopen(IMSLSECX_STUB, RTLD_NOW | RTLD_LOCAL);
  zgate_imslsecx_fn entry = reinterpret_cast<zgate_imslsecx_fn>(::dlsym(handle, ZGATE_IMSLSECX_ENTRY));
  fuzz_imslsecx_set_fn set = reinterpret_cast<fuzz_imslsecx_set_fn>(::dlsym(handle, "fuzz_imslsecx_set"));
  fuzz_imslsecx_seen_fn seen = reinterpret_cast<fuzz_imslsecx_seen_fn>(::dlsym(handle, "fuzz_imslsecx_seen"));
  fuzz_imslsecx_seen_subject_fn seen_subject =
      reinterpret_cast<fuzz_imslsecx_seen_subject_fn>(::dlsym(handle, "fuzz_imslsecx_seen_subject"));
};

// What IMS Connect puts in a 9-byte name field: up to the first NUL, trailing blanks dropped,
// at most 8 characters.
std::string trimmed(std::string_view s, std::size_t max = 8) {
  if (auto nul = s.find('\0'); nul != std::string_view::npos) s = s.substr(0, nul);
  s = s.substr(0, std::min(s.size(), max));
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

template <std::size_t N>
std::string_view field(const char (&f)[N]) {
  const std::size_t len = ::strnlen(f, N);
  if (len == N) std::abort();  // zgate must hand the exit NUL-terminated fields
  return std::string_view(f, len);
}

void security_exit(Input in) {
  static Stub* stub = new Stub();
  if (!stub->entry || !stub->set || !stub->seen || !stub->seen_subject) std::abort();

  connect::SecurityExit::Input x;
  x.userid = in.str(12);
  x.group = in.str(12);
  x.trancode = in.str(12);
  x.datastore = in.str(12);
  x.clientid = in.str(12);
  x.peer = in.str(80);
  const std::uint8_t flags = in.byte();
  x.credential = static_cast<connect::SecurityExit::Credential>(flags % 3);
  x.tls = flags & 4;
  x.local_port = static_cast<std::uint16_t>(in.byte() << 8 | in.byte());
  if (flags & 8) x.cert_subject = in.str(200);

  fuzz_imslsecx_script s{};
  static constexpr int kCodes[] = {0, 4, 8, 12, -1, 16, 2};
  const std::uint8_t pick = in.byte();
  s.rc = pick < 224 ? kCodes[pick % 7] : static_cast<int>(static_cast<std::uint32_t>(pick) * 0x01010101u);
  const std::uint8_t writes = in.byte();
  s.write_userid = writes & 1;
  s.write_group = writes & 2;
  s.write_reason = writes & 4;
  in.raw(s.userid, sizeof s.userid);
  in.raw(s.group, sizeof s.group);
  in.raw(s.reason, sizeof s.reason);
  stub->set(&s);

  namespace f = connect::security_exit_frames;
  const auto decided = f::decode_reply(x, f::host_call(stub->entry, f::encode_call(x)));
  if (!decided) std::abort();  // a reply the host made is always one
  const auto& r = *decided;

  // What the exit saw.
  const zgate_imslsecx_parms& p = *stub->seen();
  if (p.version != ZGATE_IMSLSECX_VERSION || p.length != sizeof p) std::abort();
  if (field(p.userid) != trimmed(x.userid) || field(p.group) != trimmed(x.group) ||
      field(p.trancode) != trimmed(x.trancode) || field(p.datastore) != trimmed(x.datastore) ||
      field(p.clientid) != trimmed(x.clientid) || field(p.peer) != trimmed(x.peer, sizeof p.peer - 1))
    std::abort();
  if (p.credential != static_cast<int>(x.credential) || p.tls != (x.tls ? 1 : 0) || p.local_port != x.local_port)
    std::abort();
  const char* subject = stub->seen_subject();
  if ((subject != nullptr) != x.cert_subject.has_value()) std::abort();
  if (subject && x.cert_subject->find('\0') == std::string::npos && x.cert_subject->size() < 1023 &&
      *x.cert_subject != subject)
    std::abort();

  // What zgate made of the answer.
  if (r.rc != s.rc || !printable_line(r.reason)) std::abort();
  switch (r.action) {
    case connect::SecurityExit::Action::Continue:
      if (s.rc != ZGATE_IMSLSECX_CONTINUE || r.userid != trimmed(x.userid) || r.group != trimmed(x.group))
        std::abort();
      break;
    case connect::SecurityExit::Action::ChangeUser: {
      if (s.rc != ZGATE_IMSLSECX_CHANGED) std::abort();
      if (!ims_name(r.userid, 8, false) || !ims_name(r.group, 8, true)) std::abort();
      // The exit's own bytes, or what it left of the input.
      const std::string uid = s.write_userid ? std::string(s.userid, ::strnlen(s.userid, 9)) : trimmed(x.userid);
      if (r.userid != uid) std::abort();
      break;
    }
    case connect::SecurityExit::Action::Reject:
      if (s.rc == ZGATE_IMSLSECX_CONTINUE) std::abort();
      if (s.rc == ZGATE_IMSLSECX_CHANGED && ims_name(r.userid, 8, false)) std::abort();
      break;
  }
}

// ---- modes 1-3: the exit host's frames ------------------------------------------------------

bool same(const otma::ExitCall& a, const otma::ExitCall& b) {
  return a.point == b.point && a.tmember == b.tmember && a.tpipe == b.tpipe && a.userid == b.userid &&
         a.group == b.group && a.resource == b.resource && a.command == b.command && a.level == b.level &&
         a.saf_called == b.saf_called && a.saf_rc == b.saf_rc;
}

void verdict(const std::string& body) {
  auto v = frames::decode_verdict("DFSCTRN0", body);
  if (!v) return;
  if (v->allowed != (v->rc == ZGATE_OTMA_EXIT_ALLOW) || !printable_line(v->reason)) std::abort();
  if (!v->reason.empty() && v->reason.back() == ' ') std::abort();
  const bool known = v->rc == ZGATE_OTMA_EXIT_ALLOW || v->rc == ZGATE_OTMA_EXIT_REJECT;
  if (known && v->reason.size() > 79) std::abort();
  if (!known && v->reason.find("DFSCTRN0 returned RC ") != 0) std::abort();
  if (known) {
    auto again = frames::decode_verdict("DFSCTRN0", frames::encode_verdict(v->rc, v->reason));
    if (!again || again->rc != v->rc || again->allowed != v->allowed || again->reason != v->reason) std::abort();
  }
}

void call(const std::string& body) {
  otma::ExitCall c;
  try {
    c = frames::decode_call(body);
  } catch (const zgate::tm::proto::ProtocolError&) {
    return;
  }
  if (static_cast<int>(c.point) > 2 || static_cast<int>(c.level) > 4) std::abort();
  if (!same(frames::decode_call(frames::encode_call(c)), c)) std::abort();
  auto checked = frames::checked_call(c);
  if (auto* why = std::get_if<std::string>(&checked)) {
    if (why->empty()) std::abort();
    return;
  }
  const auto& k = std::get<otma::ExitCall>(checked);
  if (!ims_name(k.tmember, 16, true) || !ims_name(k.tpipe, 8, true) || !ims_name(k.userid, 8, true) ||
      !ims_name(k.group, 8, true) || !ims_name(k.resource, 8, true))
    std::abort();
  if (k.command.find('\0') != std::string::npos) std::abort();
  if (k.point != otma::ExitPoint::Command && !k.command.empty()) std::abort();
  auto twice = frames::checked_call(k);
  if (!std::holds_alternative<otma::ExitCall>(twice) || !same(std::get<otma::ExitCall>(twice), k)) std::abort();
  if (!same(frames::decode_call(frames::encode_call(k)), k)) std::abort();
}

void load(const std::string& body) {
  std::vector<std::pair<otma::ExitPoint, std::string>> libs;
  try {
    libs = frames::decode_load(body);
  } catch (const zgate::tm::proto::ProtocolError&) {
    return;
  }
  if (libs.size() > 3) std::abort();
  std::map<otma::ExitPoint, std::filesystem::path> m;
  for (const auto& [point, path] : libs) {
    if (static_cast<int>(point) > 2) std::abort();
    m[point] = path;
  }
  auto again = frames::decode_load(frames::encode_load(m));
  if (again.size() != m.size()) std::abort();
  for (const auto& [point, path] : again)
    if (m.at(point).string() != path) std::abort();
}

// ---- modes 4-5: DFSRAS00 ----------------------------------------------------------------------

void ras_verdict(const std::string& body) {
  auto v = ras::decode_verdict(body);
  if (!v) return;
  if (v->allowed != (v->rc == ZGATE_DFSRAS00_ALLOW) || !printable_line(v->reason)) std::abort();
  if (!v->reason.empty() && v->reason.back() == ' ') std::abort();
  const bool known = v->rc == ZGATE_DFSRAS00_ALLOW || v->rc == ZGATE_DFSRAS00_REJECT;
  if (known && v->reason.size() > 79) std::abort();
  if (!known && v->reason.find("DFSRAS00 returned RC ") != 0) std::abort();
}

// What the stub exit saw, for mode 5.
zgate_dfsras00_parms ras_seen;
int ras_stub(zgate_dfsras00_parms* p) {
  ras_seen = *p;
  return ZGATE_DFSRAS00_REJECT;
}

void ras_call(Input in) {
  zgate::tm::RasExit::Call c;
  c.userid = in.str(12);
  c.group = in.str(12);
  c.resource_class = in.str(12);
  c.resource = in.str(12);
  c.trancode = in.str(12);
  c.requester = in.str(12);
  c.region = static_cast<int>(in.byte()) - 8;
  c.isis = static_cast<char>(in.byte());
  c.saf_called = in.byte() & 1;
  c.saf_rc = in.byte();
  auto checked = ras::checked_call(c);
  if (auto* why = std::get_if<std::string>(&checked)) {
    if (why->empty()) std::abort();
    return;
  }
  const auto& k = std::get<zgate::tm::RasExit::Call>(checked);
  if (!ims_name(k.userid, 8, false) || !ims_name(k.resource, 8, false) || !ims_name(k.group, 8, true) ||
      !ims_name(k.resource_class, 8, true) || !ims_name(k.trancode, 8, true) || !ims_name(k.requester, 8, true))
    std::abort();
  if (k.isis != 'C' && k.isis != 'A') std::abort();
  if (!std::holds_alternative<zgate::tm::RasExit::Call>(ras::checked_call(k))) std::abort();
  std::memset(&ras_seen, 0xAA, sizeof ras_seen);
  ras::host_call(ras_stub, ras::encode_call(k));
  if (k.userid != ras_seen.userid || k.group != ras_seen.group || k.resource_class != ras_seen.resource_class ||
      k.resource != ras_seen.resource || k.trancode != ras_seen.trancode || k.requester != ras_seen.requester ||
      ras_seen.isis != k.isis || ras_seen.region != k.region || ras_seen.resource_type != ZGATE_DFSRAS00_PSB ||
      ras_seen.reason[0] != '\0')
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] >= 0xF0) {
    if (data[0] & 1)
      ras_call(Input{data + 1, size - 1});
    else
      ras_verdict(body);
    return 0;
  }
  switch (data[0] % 4) {
    case 0: security_exit(Input{data + 1, size - 1}); break;
    case 1: verdict(body); break;
    case 2: call(body); break;
    case 3: load(body); break;
  }
  return 0;
}
