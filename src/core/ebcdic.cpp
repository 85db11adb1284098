#include "core/ebcdic.h"

#include <iconv.h>

#include <array>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define ZGATE_HAVE_VBMI 1
#else
#define ZGATE_HAVE_VBMI 0
#endif

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

namespace detail {

void translate_bytewise(const std::uint8_t* table, const std::uint8_t* in, std::size_t n,
                        std::uint8_t* out) {
  // Raw pointers held in registers: through std::string::operator[] the compiler reloaded the
  // string's data pointer after every byte, since a char store may alias it.
#pragma GCC unroll 8
  for (std::size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

#if ZGATE_HAVE_VBMI
#define ZGATE_VBMI_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,bmi2")))

struct WideTable {
  __m512i t0, t1, t2, t3;
};

// 64 bytes an instruction: VPERMI2B looks each byte's low seven bits up in a 128-byte half of
// the table (two registers), and bit 7 picks which half's answer to keep.
ZGATE_VBMI_TARGET static inline __m512i lookup64(const WideTable& t, __m512i x) {
  const __m512i low = _mm512_permutex2var_epi8(t.t0, x, t.t1);
  const __m512i high = _mm512_permutex2var_epi8(t.t2, x, t.t3);
  return _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), low, high);
}

ZGATE_VBMI_TARGET bool translate_wide(const std::uint8_t* table, const std::uint8_t* in,
                                      std::size_t n, std::uint8_t* out) {
  const WideTable t{_mm512_loadu_si512(table), _mm512_loadu_si512(table + 64),
                    _mm512_loadu_si512(table + 128), _mm512_loadu_si512(table + 192)};
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) _mm512_storeu_si512(out + i, lookup64(t, _mm512_loadu_si512(in + i)));
  if (i < n) {  // the tail with a byte mask: nothing read or written past n
    const __mmask64 m = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(n - i));
    _mm512_mask_storeu_epi8(out + i, m, lookup64(t, _mm512_maskz_loadu_epi8(m, in + i)));
  }
  return true;
}
#else
bool translate_wide(const std::uint8_t*, const std::uint8_t*, std::size_t, std::uint8_t*) {
  return false;
}
#endif

bool have_wide_translate() {
#if ZGATE_HAVE_VBMI
  // Checked once; under valgrind, which hides AVX-512, this is false and the byte loop runs.
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2");
  return yes;
#else
  return false;
#endif
}

}  // namespace detail

void translate(const std::uint8_t* table, const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
  // A 32 KB message is translated on the way in and again on the way out; byte by byte that
  // was a third of the control region's CPU for such a message.
  if (n >= 64 && detail::have_wide_translate()) {
    detail::translate_wide(table, in, n, out);
    return;
  }
  detail::translate_bytewise(table, in, n, out);
}

namespace {
std::string translated(const std::uint8_t* table, std::string_view in) {
  std::string out(in.size(), '\0');
  translate(table, reinterpret_cast<const std::uint8_t*>(in.data()), in.size(),
            reinterpret_cast<std::uint8_t*>(out.data()));
  return out;
}
}  // namespace

std::string to_ebcdic(std::string_view ascii, CodePage cp) {
  return translated(ascii_to_ebcdic_table(cp), ascii);
}

std::string from_ebcdic(std::string_view ebcdic, CodePage cp) {
  return translated(ebcdic_to_ascii_table(cp), ebcdic);
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
