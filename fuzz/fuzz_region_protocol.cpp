// libFuzzer target for the region protocol decoders (tm/region_protocol.h): what the control
// process reads from a dependent region, which may be running a broken program. Bad bytes
// must end in proto::ProtocolError, never a crash, an overlong allocation or a hang; what
// decodes must encode back to bytes that decode to the same thing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tm/region_protocol.h"

namespace proto = zgate::tm::proto;

template <class Decode>
void attempt(const std::string& body, Decode decode) {
  try {
    auto v = decode(body);
    auto again = decode(proto::encode(v));
    if (proto::encode(again) != proto::encode(v)) std::abort();
  } catch (const proto::ProtocolError&) {
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the message type, as a frame's type byte does.
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: attempt(body, proto::decode_schedule); break;
    case 1: attempt(body, proto::decode_request); break;
    case 2: attempt(body, proto::decode_answer); break;
    case 3: attempt(body, proto::decode_done); break;
    case 4: attempt(body, proto::decode_ical); break;
    case 5: attempt(body, proto::decode_ical_answer); break;
  }
  return 0;
}
