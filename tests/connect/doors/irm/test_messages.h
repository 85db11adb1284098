#pragma once
// Test messages built byte by byte from the IBM layout (reference §1.2-1.3), independently of
// the encoder under test, so that decoder and encoder are each checked against IBM's offsets.
#include <cstdint>
#include <string>
#include <string_view>

#include "connect/doors/irm/irm.h"
#include "core/bytes.h"
#include "core/ebcdic.h"

namespace zgate::connect::testing {

struct HandIrm {
  bool ascii = false;
  std::string_view id = "*SAMPL1*";
  std::uint16_t irm_len = 80;
  std::uint8_t arch = 0;
  std::uint8_t f0 = 0, f1 = 0, f2 = 0x20, f3 = 0x01, f5 = 0, timer = 0, soct = 0x10;
  char f4 = ' ';
  std::string_view client_id = "CLIENT01", trancode = "IVTNO", dest = "IMS1", lterm = "",
                   userid = "USER1", group = "GRP1", password = "PASSW0RD";
  std::string_view data = "IVTNO   DISPLAY LAST1";  // one segment; "" = no segment
};

inline void put_chars(core::Bytes& m, std::size_t at, std::size_t width, std::string_view s,
                      bool ascii) {
  if (ascii) {
    for (std::size_t i = 0; i < width; ++i)
      m[at + i] = i < s.size() ? static_cast<std::uint8_t>(s[i]) : 0x20;
  } else {
    core::put_ebcdic_padded(&m[at], width, s);
  }
}

inline core::Bytes hand_message(const HandIrm& h) {
  core::Bytes m(4 + h.irm_len, 0);
  core::put_be16(&m[4], h.irm_len);
  m[6] = h.arch;
  m[7] = h.f0;
  put_chars(m, 8, 8, h.id, h.ascii);
  m[20] = h.f5;
  m[21] = h.timer;
  m[22] = h.soct;
  put_chars(m, 24, 8, h.client_id, h.ascii);
  m[32] = h.f1;
  m[33] = h.f2;
  m[34] = h.f3;
  put_chars(m, 35, 1, std::string_view(&h.f4, 1), h.ascii);
  put_chars(m, 36, 8, h.trancode, h.ascii);
  put_chars(m, 44, 8, h.dest, h.ascii);
  put_chars(m, 52, 8, h.lterm, h.ascii);
  put_chars(m, 60, 8, h.userid, h.ascii);
  put_chars(m, 68, 8, h.group, h.ascii);
  put_chars(m, 76, 8, h.password, h.ascii);
  if (!h.data.empty()) {
    const std::size_t at = m.size();
    m.resize(at + 4 + h.data.size());
    core::put_be16(&m[at], static_cast<std::uint16_t>(4 + h.data.size()));
    put_chars(m, at + 4, h.data.size(), h.data, h.ascii);
  }
  const std::size_t at = m.size();
  m.resize(at + 4);
  core::put_be32(&m[at], 0x00040000);
  core::put_be32(&m[0], static_cast<std::uint32_t>(m.size()));
  return m;
}

inline std::string text_of(const core::Bytes& b) { return std::string(b.begin(), b.end()); }
inline core::Bytes bytes_of(std::string_view s) { return core::Bytes(s.begin(), s.end()); }

}  // namespace zgate::connect::testing
