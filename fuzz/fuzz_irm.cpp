// libFuzzer target for the IMS Connect wire codec: the Framer fed in fuzzer-chosen TCP
// chunks, the request decoder, and the reply decoder. Nothing may crash, throw or leak; a
// refusal must carry an IBM return code and a reason; and whatever decodes must re-encode to
// a fixed point: y = encode(decode(x)) decodes, and encode(decode(y)) == y byte for byte
// (the first pass may normalise padding, NUL-trimmed fields, an ASCII client's EBCDIC F4).
// Also, on what decodes: the transaction code is one blank-free word of at most 8 characters
// (the one OTMA reads), the client ID is blank or valid (A-Z 0-9 @ # $, 1-8), the special
// requests (PING, HWSPWCH old/new/new) are recognised only in their exact form, in both code
// pages; and on the client's side (`zgate send`, ims_load: Client::read_reply_bytes), the
// reply stream cut in fuzzer-chosen chunks delimits the same replies whatever the cut, each
// ending where reply_length said, and a generated client ID is always a valid HWS... ID.
// The data's EBCDIC translation is checked against the byte-by-byte table lookup.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <string>
#include <string_view>
#include <vector>

#include "connect/client_id.h"
#include "connect/doors/irm/framing.h"
#include "connect/doors/irm/irm.h"
#include "connect/doors/irm/rsm.h"
#include "connect/doors/irm/special.h"

namespace {

using namespace zgate::connect;

void check_error(const WireError& e) {
  if (e.return_code != 4 && e.return_code != 8) std::abort();
  if (e.reason_code == 0 || e.detail.empty()) std::abort();
}

// PING and HWSPWCH, checked against their definition (special.h) in the request's code page.
void check_special(const Request& req, zgate::core::CodePage cp) {
  const auto kind = classify_special(req, cp);
  const auto pw = parse_password_change(req, cp);
  std::string text;
  if (!req.segments.empty()) text = decode_chars(ByteView(req.segments.front().data), req.encoding, cp);
  if (!req.segments.empty() && req.encoding == Encoding::Ebcdic) {
    // The translation 64 bytes at a time (where the CPU has AVX-512 VBMI) gives exactly the
    // table's byte for every byte, at every length.
    const auto& d = req.segments.front().data;
    std::string slow(d.size(), '\0');
    zgate::core::detail::translate_bytewise(zgate::core::ebcdic_to_ascii_table(cp), d.data(), d.size(),
                                            reinterpret_cast<std::uint8_t*>(slow.data()));
    if (slow != text) std::abort();
  }
  std::string_view v = text;
  while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.remove_suffix(1);
  if (req.irm.type != MessageType::SendReceive) {
    if (kind != SpecialRequest::None || pw) std::abort();
    return;
  }
  if ((kind == SpecialRequest::Ping) != (v == kPingData)) std::abort();
  if (kind == SpecialRequest::PasswordChange && !v.starts_with(std::string(kPasswordChangeKeyword) + " ")) std::abort();
  if (pw) {
    if (kind != SpecialRequest::PasswordChange) std::abort();
    const std::string_view parts[] = {pw->old_password.reveal(), pw->new_password.reveal(),
                                      pw->verify_password.reveal()};
    std::string rebuilt;
    for (auto p : parts) {
      if (p.empty() || p.find('/') != std::string_view::npos) std::abort();
      rebuilt += (rebuilt.empty() ? "" : "/") + std::string(p);
    }
    // old/new/new is exactly what follows the keyword and its blanks.
    std::string_view rest = v.substr(kPasswordChangeKeyword.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest != rebuilt) std::abort();
  }
}

void check_request(ByteView msg, zgate::core::CodePage cp) {
  DecodeOptions opt;
  opt.max_message = 1 << 20;
  opt.code_page = cp;
  auto r = decode_request(msg, opt);
  if (!r.ok()) {
    if (!r.error) std::abort();
    check_error(*r.error);
    return;
  }
  const Request& req = *r.request;
  (void)req.describe();
  // The transaction code is one blank-free word of at most 8 characters (core/transaction_code).
  const std::string code = req.transaction_code(cp);
  if (code.size() > 8 || code.find(' ') != std::string::npos) std::abort();
  if (!req.irm.client_id.empty() && !valid_client_id(req.irm.client_id, /*user_chosen=*/false)) std::abort();
  if (req.irm.client_id.size() > 8 || req.irm.userid.size() > 8 || req.irm.trancode.size() > 8) std::abort();
  check_special(req, cp);
  auto y = encode_request(req, cp);
  if (!y.ok()) std::abort();
  auto again = decode_request(y.bytes, opt);
  if (!again.ok()) std::abort();
  auto z = encode_request(*again.request, cp);
  if (!z.ok() || z.bytes != y.bytes) std::abort();
  if (again.request->irm.password.reveal() != req.irm.password.reveal()) std::abort();
  if (again.request->segments != req.segments) std::abort();
}

void check_reply(ByteView buf, ExitFormat f) {
  auto len = reply_length(buf, f, 1 << 20);
  if (len.error && len.length != 0) std::abort();
  if (len.length > buf.size()) std::abort();
  auto d = decode_reply(buf, f);
  if (!d.ok()) return;
  (void)(d.reply->rsm ? describe_rsm(*d.reply->rsm) : std::string());
  auto y = encode_reply(*d.reply, f, d.encoding);
  if (!y.ok()) std::abort();
  auto d2 = decode_reply(y.bytes, f);
  if (!d2.ok()) std::abort();
  auto z = encode_reply(*d2.reply, f, d2.encoding);
  if (!z.ok() || z.bytes != y.bytes) std::abort();
  if (reply_length(y.bytes, f).length != y.bytes.size()) std::abort();
}

// The client's side: replies as they arrive, in chunks, read the way Client::read_reply_bytes
// reads them (reply_length over what is pending; take that many bytes; read more when it says
// 0). Every cut of the same bytes must yield the same replies, and an error only where the
// whole stream has one.
std::vector<Bytes> client_stream(ByteView in, ExitFormat f, std::size_t chunk, bool& failed) {
  std::vector<Bytes> replies;
  Bytes pending;
  failed = false;
  std::size_t pos = 0;
  for (;;) {
    ReplyLength len = reply_length(ByteView(pending), f, 1 << 20);
    if (len.error) {
      check_error(*len.error);
      failed = true;
      return replies;
    }
    if (len.length > 0 && len.length <= pending.size()) {
      replies.emplace_back(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(len.length));
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(len.length));
      (void)decode_reply(ByteView(replies.back()), f);
      continue;
    }
    if (pos >= in.size()) return replies;  // EOF: what is pending is an incomplete reply
    const std::size_t n = std::min(chunk, in.size() - pos);
    pending.insert(pending.end(), in.begin() + static_cast<std::ptrdiff_t>(pos),
                   in.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  }
}

void check_client_stream(ByteView in, ExitFormat f, std::size_t chunk) {
  bool failed_whole = false, failed_cut = false;
  auto whole = client_stream(in, f, in.size() + 1, failed_whole);
  auto cut = client_stream(in, f, chunk, failed_cut);
  // A cut may stop earlier only by failing where the whole stream fails too.
  if (failed_cut != failed_whole || whole != cut) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  using zgate::core::CodePage;
  const CodePage cp = size > 0 && (data[size - 1] & 1) ? CodePage::IBM1047 : CodePage::IBM037;
  check_request(in, cp);
  check_reply(in, ExitFormat::Hwssmpl0);
  check_reply(in, ExitFormat::Hwssmpl1);
  if (size > 0) {
    check_client_stream(in.subspan(1), ExitFormat::Hwssmpl0, 1 + data[0] % 29);
    check_client_stream(in.subspan(1), ExitFormat::Hwssmpl1, 1 + data[0] % 29);
  }
  // Generated client IDs, from a fuzz-chosen starting point.
  if (size >= 4) {
    ClientIdGenerator gen(zgate::core::get_be32(data));
    std::string prev;
    for (int i = 0; i < 3; ++i) {
      std::string id = gen.next();
      if (id.size() != 8 || !id.starts_with("HWS") || !valid_client_id(id, /*user_chosen=*/false) || id == prev)
        std::abort();
      if (check_client_id(id) != ClientIdProblem::ReservedPrefix) std::abort();
      prev = id;
    }
  }

  // The same bytes as a TCP stream cut into chunks whose sizes the first byte picks.
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 97;
  Framer framer(1 << 20);
  Bytes m;
  for (std::size_t pos = 1; pos < size; pos += chunk) {
    framer.feed(in.subspan(pos, std::min(chunk, size - pos)));
    for (;;) {
      auto st = framer.next(m);
      if (st == Framer::Status::NeedMore) break;
      if (st == Framer::Status::Error) {
        check_error(framer.error());
        if (framer.buffered() != 0) std::abort();
        return 0;
      }
      if (m.size() < kMinMessageLength || zgate::core::get_be32(m.data()) != m.size())
        std::abort();
      check_request(m, cp);
    }
  }
  return 0;
}
