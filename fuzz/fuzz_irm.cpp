// libFuzzer target for the IMS Connect wire codec: the Framer fed in fuzzer-chosen TCP
// chunks, the request decoder, and the reply decoder. Nothing may crash, throw or leak; a
// refusal must carry an IBM return code and a reason; and whatever decodes must re-encode to
// a fixed point: y = encode(decode(x)) decodes, and encode(decode(y)) == y byte for byte
// (the first pass may normalise padding, NUL-trimmed fields, an ASCII client's EBCDIC F4).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "connect/framing.h"
#include "connect/irm.h"
#include "connect/rsm.h"
#include "connect/special.h"

namespace {

using namespace zgate::connect;

void check_error(const WireError& e) {
  if (e.return_code != 4 && e.return_code != 8) std::abort();
  if (e.reason_code == 0 || e.detail.empty()) std::abort();
}

void check_request(ByteView msg) {
  DecodeOptions opt;
  opt.max_message = 1 << 20;
  auto r = decode_request(msg, opt);
  if (!r.ok()) {
    if (!r.error) std::abort();
    check_error(*r.error);
    return;
  }
  const Request& req = *r.request;
  (void)req.describe();
  (void)req.transaction_code();
  (void)classify_special(req);
  (void)parse_password_change(req);
  auto y = encode_request(req);
  if (!y.ok()) std::abort();
  auto again = decode_request(y.bytes, opt);
  if (!again.ok()) std::abort();
  auto z = encode_request(*again.request);
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  check_request(in);
  check_reply(in, ExitFormat::Hwssmpl0);
  check_reply(in, ExitFormat::Hwssmpl1);

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
      check_request(m);
    }
  }
  return 0;
}
