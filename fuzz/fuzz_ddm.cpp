// libFuzzer target for DRDA's framing (odbm/ddm.cpp): what any client on the
// network sends to IMS Connect's DRDA port. Input: the bytes of a connection. Invariants:
//   - nothing crashes or throws anything but DdmError;
//   - read_chain either waits for more (nothing used), or takes exactly the bytes of its
//     DSSes: each DSS re-written with dss_bytes/object_bytes is the bytes it was read from;
//   - a chain ends with a DSS that is not chained, and every DSS but the last is chained;
//   - parameters read from an object's data re-write to that data exactly;
//   - a prefix of a whole chain is never read as a chain;
//   - the requester's readers of ODBM's streams (odbm/dli_requests.h, dli_streams.h: QRYDTA
//     rows, OUTAIBDBPCB, ACCRDBFDBK), given any object's data as a hostile server might send
//     it, read it or throw StreamError, and never read past it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "odbm/ddm.h"
#include "odbm/dli_requests.h"
#include "odbm/dli_streams.h"

using namespace zgate::odbm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  for (int chains = 0; chains < 64 && at < in.size(); ++chains) {
    std::size_t used = 0;
    std::optional<std::vector<Dss>> chain;
    try {
      chain = read_chain(in.substr(at), used);
    } catch (const DdmError&) {
      return 0;  // the conversation ends here (SYNTAXRM)
    }
    if (!chain) {
      if (used != 0) std::abort();
      return 0;
    }
    if (chain->empty() || used == 0) std::abort();
    std::string again;
    for (std::size_t i = 0; i < chain->size(); ++i) {
      const Dss& d = (*chain)[i];
      if (d.chained() != (i + 1 < chain->size())) std::abort();
      again += dss_bytes(d.type, d.flags, d.correlation, object_bytes(d.object.cp, d.object.data));
      const auto cp = zgate::core::CodePage::IBM037;
      try {
        for (const auto& r : read_rows(d.object.data, cp))
          if (r.data.size() != r.aib.output_used) std::abort();
      } catch (const StreamError&) {
      }
      try {
        std::size_t at = 0;
        read_aib(d.object.data, at);
        read_pcb(d.object.data, at, cp);
        if (at > d.object.data.size()) std::abort();
      } catch (const StreamError&) {
      }
      try {
        std::size_t at = 0;
        read_psb_feedback(d.object.data, at, cp);
        if (at > d.object.data.size()) std::abort();
      } catch (const StreamError&) {
      }
      try {
        std::string params;
        for (const auto& p : read_parameters(d.object.data)) params += object_bytes(p.cp, p.data);
        if (params != d.object.data) std::abort();
      } catch (const DdmError&) {
        // Not a collection: many objects carry plain data.
      }
    }
    if (again != in.substr(at, used)) std::abort();
    if (used > 1) {
      std::size_t n = 0;
      try {
        if (read_chain(in.substr(at, used - 1), n)) std::abort();
      } catch (const DdmError&) {
      }
    }
    at += used;
  }
  return 0;
}
