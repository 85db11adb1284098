// Legacy (DES) PassTickets: z/OS RACF Macros and Interfaces, "Incorporating the PassTicket
// generator algorithm into your program" (icha300/algor.htm) and z/VM RACF "How the Time-Coder
// Algorithm Works". Written from the IBM step lists; see passticket_test.cpp for the examples
// checked against them.
//
// The low-level DES API is deprecated in OpenSSL 3 but implemented in libcrypto itself (no
// legacy provider needed); single-block ECB is all this algorithm uses.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/des.h>

#include <cstring>
#include <stdexcept>

#include "core/ebcdic.h"
#include "core/secret.h"
#include "saf/passticket.h"
#include "saf/passticket_internal.h"

namespace zgate::saf::passticket {
namespace detail {
namespace {

// Time-coder permutation tables: entry i is the (1-based, leftmost = 1) bit of the input that
// becomes bit i+1 of the output, one table per round. IBM gives them only as a figure (Figure 1
// of the z/VM page, an image); these values are the transcription used by two independent-
// looking public implementations (chrrel/racf-passticket-generator TimeCoder.java and
// bigendiansmalls/passticket-tools gen_passticket.py, the latter credits the former). They
// could not be checked against the IBM figure itself: see the report / docs.
constexpr int kPermutation[6][16] = {
    {10, 2, 12, 4, 14, 6, 16, 8, 9, 1, 11, 3, 13, 5, 15, 7},
    {1, 10, 3, 12, 13, 16, 7, 15, 9, 2, 11, 4, 5, 14, 8, 6},
    {3, 10, 1, 12, 13, 16, 9, 15, 7, 2, 14, 4, 5, 11, 8, 6},
    {10, 4, 12, 2, 14, 8, 16, 6, 9, 1, 13, 3, 11, 5, 15, 7},
    {4, 10, 12, 1, 8, 16, 14, 5, 9, 2, 13, 3, 11, 7, 15, 6},
    {1, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2},
};

// Step 6 translation table (legacy order: letters first, unlike the enhanced alphabet).
constexpr char kLegacyAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::string trimmed_upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ') break;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace

std::array<std::uint8_t, 12> legacy_padding(std::string_view user) {
  std::array<std::uint8_t, 12> pad;
  pad.fill(0x55);
  const std::string u = core::to_ebcdic(trimmed_upper(user), core::CodePage::IBM1047);
  std::memcpy(pad.data(), u.data(), std::min<std::size_t>(u.size(), 8));
  return pad;
}

std::uint16_t legacy_permute(std::uint16_t value, int round) {
  if (round < 1 || round > 6) throw std::invalid_argument("time-coder round must be 1-6");
  const int* table = kPermutation[round - 1];
  std::uint16_t out = 0;
  for (int i = 0; i < 16; ++i) {
    const unsigned bit = (value >> (16 - table[i])) & 1u;
    out = static_cast<std::uint16_t>(out | (bit << (15 - i)));
  }
  return out;
}

std::string legacy_translate(std::uint32_t r5) {
  // Character k takes the six bits starting at bit 31 (k = 0), then 3, 7, ..., 27, wrapping
  // from bit 32 to bit 1; rotating left by start-1 brings them to the top.
  std::string out(8, ' ');
  int start = 31;
  for (int k = 0; k < 8; ++k) {
    const int shift = start - 1;
    const std::uint32_t rotated = shift == 0 ? r5 : (r5 << shift) | (r5 >> (32 - shift));
    out[static_cast<std::size_t>(k)] = kLegacyAlphabet[(rotated >> 26) % 36];
    start = k == 0 ? 3 : start + 4;
  }
  return out;
}

struct LegacyCoder::Impl {
  DES_key_schedule schedule{};
  std::uint8_t r3[4]{};
  std::array<std::uint8_t, 12> pad{};

  void encrypt(const std::uint8_t in[8], std::uint8_t out[8]) {
    // const_DES_cblock is not const in OpenSSL 3 (the qualifier is commented out), so copy.
    DES_cblock block;
    std::memcpy(block, in, 8);
    DES_ecb_encrypt(&block, reinterpret_cast<DES_cblock*>(out), &schedule, DES_ENCRYPT);
    core::secure_wipe(block, sizeof block);
  }
  ~Impl() {
    core::secure_wipe(&schedule, sizeof schedule);
    core::secure_wipe(r3, sizeof r3);
  }
};

LegacyCoder::LegacyCoder(std::span<const std::uint8_t> key, std::string_view user,
                         std::string_view appl)
    : impl_(std::make_unique<Impl>()) {
  if (key.size() != 8) throw std::invalid_argument("legacy PassTicket key must be 8 bytes");
  if (!valid_name(user) || !valid_name(appl))
    throw std::invalid_argument("user and application must be 1-8 characters");
  // RACF ignores the DES parity bits ("any two keys that differ only in parity bits are
  // equivalent"), so the key is used unchecked.
  DES_cblock k;
  std::memcpy(k, key.data(), 8);
  DES_set_key_unchecked(&k, &impl_->schedule);
  core::secure_wipe(k, sizeof k);

  // Steps 1-3: R1 = DES(user), R2 = DES(R1 xor appl), R3 = left 4 bytes of R2.
  const Name8 u = ebcdic_name(user);
  const Name8 a = ebcdic_name(appl);
  std::uint8_t r1[8], r2[8];
  impl_->encrypt(u.data(), r1);
  for (int i = 0; i < 8; ++i) r1[i] ^= a[static_cast<std::size_t>(i)];
  impl_->encrypt(r1, r2);
  std::memcpy(impl_->r3, r2, 4);
  core::secure_wipe(r1, sizeof r1);
  core::secure_wipe(r2, sizeof r2);
  impl_->pad = legacy_padding(user);
}

LegacyCoder::~LegacyCoder() = default;

std::uint32_t LegacyCoder::result5(std::int64_t time) {
  // Step 4: R4 = R3 xor the time as a 4-byte binary number of seconds since 1970 (GMT).
  const auto t = static_cast<std::uint32_t>(time);
  const std::uint32_t r3 = (std::uint32_t{impl_->r3[0]} << 24) | (std::uint32_t{impl_->r3[1]} << 16) |
                           (std::uint32_t{impl_->r3[2]} << 8) | impl_->r3[3];
  const std::uint32_t r4 = r3 ^ t;

  // Step 5, the time-coder: a 6-round Feistel network on 2-byte halves.
  std::uint16_t left = static_cast<std::uint16_t>(r4 >> 16);   // step A: L2B
  std::uint16_t right = static_cast<std::uint16_t>(r4 & 0xFFFF);  //         R2B
  std::uint8_t block[8], enc[8];
  for (int round = 1; round <= 6; ++round) {
    // B: R2B || PAD1 (odd rounds) or PAD2 (even rounds).
    block[0] = static_cast<std::uint8_t>(right >> 8);
    block[1] = static_cast<std::uint8_t>(right & 0xFF);
    std::memcpy(block + 2, impl_->pad.data() + (round % 2 == 1 ? 0 : 6), 6);
    impl_->encrypt(block, enc);                                               // C
    const auto d = static_cast<std::uint16_t>((enc[0] << 8) | enc[1]);        // D
    const auto e = static_cast<std::uint16_t>(d ^ left);                      // E
    left = right;                                                             // F
    right = legacy_permute(e, round);                                         // G
  }
  return (std::uint32_t{left} << 16) | right;  // I: R5 = L2B || R2B
}

}  // namespace detail

std::string generate_legacy(std::span<const std::uint8_t> key, std::string_view user,
                            std::string_view appl, std::int64_t time) {
  detail::LegacyCoder coder(key, user, appl);
  return coder.at(time);
}

}  // namespace zgate::saf::passticket
