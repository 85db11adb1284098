#pragma once
// The IMS-specific byte streams ODBM's DDM replies carry, as IBM's "DDM commands and code
// points for IMS" pages describe them. They have no LL/CP of their own: they sit inside
// QRYDTA rows (aibStream + dbpcbStream + the segment data), OUTAIBDBPCB (aibStream +
// dbpcbStream) and ACCRDBFDBK (psbfdbkStream + aliasfdbkStream).
//
//   aibStream      null indicator (1: X'00' present, X'FF' absent), output area used (4),
//                  AIB return code (4), reason code (4), error extension (4)
//   dbpcbStream    null indicator (1), DB-name null indicator (1), DBD name (8, EBCDIC, when
//                  present), segment level (2, character digits "00".."15"), status code (2,
//                  EBCDIC), segment name (8, EBCDIC), key-feedback null indicator (1), then
//                  zgate: the key feedback's length (2) and the key feedback
//   psbfdbk        null indicator, length (2), PSB name (8, EBCDIC)
//   aliasfdbk      null indicator, length (2), alias (4, EBCDIC, blank-padded)
//
// IBM's pages name the fields and their order; where they do not give a length's width (the
// key feedback's, the feedback streams') zgate's choice is the 2-byte big-endian length shown,
// written down in docs/odbm.md. Character fields travel in EBCDIC (DDM's character
// representation); the segment data and key feedback are the database's bytes translated
// with IMS Connect's code page, as the IRM door translates message segments.
//
// Every decoder checks each length against the bytes there and throws StreamError rather
// than read past them.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/ebcdic.h"

namespace zgate::odbm {

struct StreamError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kAibStreamSize = 17;

// AIB return and reason codes ODBM sets (dli.h's values for the AIB interface).
inline constexpr std::uint32_t kAibOk = 0;
inline constexpr std::uint32_t kAibRcParm = 0x0108;       // a parameter is wrong
inline constexpr std::uint32_t kAibRsnNoPcb = 0x0208;     // PCB name not found

struct AibFeedback {
  std::uint32_t output_used = 0;  // AIBOAUSE: bytes of segment data that follow
  std::uint32_t return_code = 0;  // AIBRETRN
  std::uint32_t reason_code = 0;  // AIBREASN
  std::uint32_t error_extension = 0;
};

// What a DB PCB says after a call, as the client sees it (ASCII here).
struct PcbFeedback {
  std::string dbd;           // empty: the DB-name null indicator is set
  int level = 0;
  std::string status = "  ";
  std::string segment;       // blank-trimmed
  std::string key_feedback;  // the concatenated key (bytes as the database holds them)
};

void put_aib(std::string& out, const AibFeedback& aib);
void put_pcb(std::string& out, const PcbFeedback& pcb, core::CodePage cp);
void put_psb_feedback(std::string& out, std::string_view psb, std::string_view alias, core::CodePage cp);

// Readers: `at` advances past what was read. Throw StreamError.
AibFeedback read_aib(std::string_view in, std::size_t& at);
PcbFeedback read_pcb(std::string_view in, std::size_t& at, core::CodePage cp);
struct PsbFeedback {
  std::string psb, alias;
};
PsbFeedback read_psb_feedback(std::string_view in, std::size_t& at, core::CodePage cp);

// A character field of `width` bytes: ASCII, blank-padded, to EBCDIC (longer: cut).
std::string ebcdic_field(std::string_view ascii, std::size_t width, core::CodePage cp);
// The reverse: EBCDIC to ASCII, trailing blanks and NULs dropped.
std::string ascii_field(std::string_view ebcdic, core::CodePage cp);

}  // namespace zgate::odbm
