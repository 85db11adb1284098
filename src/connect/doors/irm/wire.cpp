#include "connect/doors/irm/wire.h"

#include <cstring>

namespace zgate::connect {

std::string_view exit_id(ExitFormat f) {
  return f == ExitFormat::Hwssmpl0 ? "*SAMPLE*" : "*SAMPL1*";
}

std::string_view to_string(Encoding e) { return e == Encoding::Ebcdic ? "EBCDIC" : "ASCII"; }

void put_text(std::uint8_t* out, std::size_t width, std::string_view ascii, Encoding e,
              core::CodePage cp) {
  if (e == Encoding::Ebcdic) {
    core::put_ebcdic_padded(out, width, ascii, cp);
    return;
  }
  for (std::size_t i = 0; i < width; ++i)
    out[i] = i < ascii.size() ? static_cast<std::uint8_t>(ascii[i]) : 0x20;
}

std::size_t trimmed_length(const std::uint8_t* in, std::size_t n, Encoding e) {
  const std::uint8_t blank = e == Encoding::Ebcdic ? 0x40 : 0x20;
  while (n > 0 && (in[n - 1] == blank || in[n - 1] == 0x00)) --n;
  return n;
}

std::string get_text(const std::uint8_t* in, std::size_t width, Encoding e, core::CodePage cp) {
  return decode_chars(ByteView(in, trimmed_length(in, width, e)), e, cp);
}

std::string decode_chars(ByteView in, Encoding e, core::CodePage cp) {
  std::string_view raw(reinterpret_cast<const char*>(in.data()), in.size());
  return e == Encoding::Ebcdic ? core::from_ebcdic(raw, cp) : std::string(raw);
}

Bytes encode_chars(std::string_view ascii, Encoding e, core::CodePage cp) {
  // Straight into the Bytes: one pass over the data, not a translated string and then a copy.
  Bytes out(ascii.size());
  const auto* in = reinterpret_cast<const std::uint8_t*>(ascii.data());
  if (e == Encoding::Ebcdic)
    core::translate(core::ascii_to_ebcdic_table(cp), in, ascii.size(), out.data());
  else if (!ascii.empty())
    std::memcpy(out.data(), in, ascii.size());
  return out;
}

bool id_matches(const std::uint8_t* in, std::string_view id, Encoding e, core::CodePage cp) {
  std::uint8_t want[8];
  put_text(want, 8, id, e, cp);
  return std::memcmp(in, want, 8) == 0;
}

}  // namespace zgate::connect
