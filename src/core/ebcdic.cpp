#include "core/ebcdic.h"

#include <iconv.h>

#include <array>
#include <stdexcept>

namespace zgate::core {
namespace {

struct Tables {
  std::array<std::uint8_t, 256> to_e{};
  std::array<std::uint8_t, 256> to_a{};
};

// Converts each single byte with iconv; single-byte code pages map byte to byte.
Tables build(const char* ebcdic_name) {
  Tables t;
  t.to_e.fill(0x3F);
  t.to_a.fill(0x1A);
  auto convert_one = [](iconv_t cd, std::uint8_t in, std::uint8_t& out) {
    char src = static_cast<char>(in);
    char dst[8];
    char* ip = &src;
    char* op = dst;
    size_t il = 1, ol = sizeof dst;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (iconv(cd, &ip, &il, &op, &ol) == static_cast<size_t>(-1) || op - dst != 1) return false;
    out = static_cast<std::uint8_t>(dst[0]);
    return true;
  };
  iconv_t a2e = iconv_open(ebcdic_name, "ISO-8859-1");
  iconv_t e2a = iconv_open("ISO-8859-1", ebcdic_name);
  if (a2e == reinterpret_cast<iconv_t>(-1) || e2a == reinterpret_cast<iconv_t>(-1))
    throw std::runtime_error(std::string("iconv has no converter for ") + ebcdic_name);
  for (int b = 0; b < 256; ++b) {
    std::uint8_t o;
    if (convert_one(a2e, static_cast<std::uint8_t>(b), o)) t.to_e[b] = o;
    if (convert_one(e2a, static_cast<std::uint8_t>(b), o)) t.to_a[b] = o;
  }
  iconv_close(a2e);
  iconv_close(e2a);
  return t;
}

const Tables& tables(CodePage cp) {
  static const Tables t037 = build("IBM037");
  static const Tables t1047 = build("IBM1047");
  return cp == CodePage::IBM037 ? t037 : t1047;
}

}  // namespace

const std::uint8_t* ascii_to_ebcdic_table(CodePage cp) { return tables(cp).to_e.data(); }
const std::uint8_t* ebcdic_to_ascii_table(CodePage cp) { return tables(cp).to_a.data(); }

std::string to_ebcdic(std::string_view ascii, CodePage cp) {
  const auto* t = ascii_to_ebcdic_table(cp);
  std::string out(ascii.size(), '\0');
  for (std::size_t i = 0; i < ascii.size(); ++i)
    out[i] = static_cast<char>(t[static_cast<std::uint8_t>(ascii[i])]);
  return out;
}

std::string from_ebcdic(std::string_view ebcdic, CodePage cp) {
  const auto* t = ebcdic_to_ascii_table(cp);
  std::string out(ebcdic.size(), '\0');
  for (std::size_t i = 0; i < ebcdic.size(); ++i)
    out[i] = static_cast<char>(t[static_cast<std::uint8_t>(ebcdic[i])]);
  return out;
}

void put_ebcdic_padded(std::uint8_t* out, std::size_t width, std::string_view text, CodePage cp) {
  const auto* t = ascii_to_ebcdic_table(cp);
  for (std::size_t i = 0; i < width; ++i)
    out[i] = i < text.size() ? t[static_cast<std::uint8_t>(text[i])] : 0x40;
}

std::string get_ebcdic_trimmed(const std::uint8_t* in, std::size_t width, CodePage cp) {
  std::size_t n = width;
  while (n > 0 && (in[n - 1] == 0x40 || in[n - 1] == 0x00)) --n;
  return from_ebcdic(std::string_view(reinterpret_cast<const char*>(in), n), cp);
}

}  // namespace zgate::core
