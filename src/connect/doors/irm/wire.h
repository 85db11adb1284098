#pragma once
// Vocabulary shared by every IMS Connect structure: which user message exit format a client
// speaks, which code page its character fields are in, an LLZZ data segment, and the error a
// decoder returns instead of throwing (the RSM return/reason code the client should get).
// Source: reference/ims-connect-protocol.md §1.1, §1.6, §2.1.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/ebcdic.h"

namespace zgate::connect {

using core::Bytes;
using ByteView = std::span<const std::uint8_t>;

// The user message exit a client addresses by IRM_ID. HWSSMPL1 prefixes every reply with a
// 4-byte total length (LLLL); HWSSMPL0 sends bare LL structures (§2.1).
enum class ExitFormat : std::uint8_t { Hwssmpl0, Hwssmpl1 };

// How the client wrote IRM_ID, and so its character fields (§1.6): an EBCDIC IRM_ID means no
// translation; an ASCII IRM_ID asks the exit to translate input and output.
enum class Encoding : std::uint8_t { Ebcdic, Ascii };

std::string_view exit_id(ExitFormat f);  // "*SAMPLE*" / "*SAMPL1*"
std::string_view to_string(Encoding e);  // "EBCDIC" / "ASCII"

// One LL(2) ZZ(2) data segment (§1.1). ZZ is "binary zeros" per IBM; the value read is kept
// so that a client's odd ZZ survives a round trip and can be logged.
struct Segment {
  std::uint16_t zz = 0;
  Bytes data;
  friend bool operator==(const Segment&, const Segment&) = default;
};

inline constexpr std::size_t kSegmentHeader = 4;       // LL + ZZ
inline constexpr std::size_t kMaxSegmentLength = 32767;  // OTMA application data, LLZZ included

// A decoder's refusal: the RSM codes IMS Connect (RC 8) or the sample exit (RC 4) would send,
// and a sentence for the log. Never contains message bytes (they may hold a password).
struct WireError {
  std::uint32_t return_code = 0;
  std::uint32_t reason_code = 0;
  std::string detail;
};

// Character fields: `width` bytes, blank-padded in the client's code page (X'40' or X'20').
// Reading stops at trailing blanks and NULs (some clients pad with X'00').
void put_text(std::uint8_t* out, std::size_t width, std::string_view ascii, Encoding e,
              core::CodePage cp);
std::string get_text(const std::uint8_t* in, std::size_t width, Encoding e, core::CodePage cp);
// How many of in[0..n) are left once trailing blanks and NULs are cut, counted in the client's
// code page (the translation maps byte to byte, so no translating is needed to know).
std::size_t trimmed_length(const std::uint8_t* in, std::size_t n, Encoding e);
// Whole-buffer translation for data and IDs (no padding, no trimming).
std::string decode_chars(ByteView in, Encoding e, core::CodePage cp);
Bytes encode_chars(std::string_view ascii, Encoding e, core::CodePage cp);

// Does `in` (at least 8 bytes) hold the 8-character structure ID `id` in code page `e`?
bool id_matches(const std::uint8_t* in, std::string_view id, Encoding e, core::CodePage cp);

}  // namespace zgate::connect
