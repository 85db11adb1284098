// The IMS byte streams of ODBM's replies: dli_streams.h says what each holds.
#include "odbm/dli_streams.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "odbm/ddm.h"

namespace zgate::odbm {

namespace {

constexpr char kPresent = '\x00';
constexpr char kAbsent = '\xFF';

std::uint32_t be32(std::string_view s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

void need(std::string_view in, std::size_t at, std::size_t n, const char* what) {
  if (at > in.size() || in.size() - at < n) throw StreamError(std::string(what) + " is cut short");
}

char take(std::string_view in, std::size_t& at, const char* what) {
  need(in, at, 1, what);
  return in[at++];
}

std::string_view take(std::string_view in, std::size_t& at, std::size_t n, const char* what) {
  need(in, at, n, what);
  std::string_view v = in.substr(at, n);
  at += n;
  return v;
}

bool indicator(std::string_view in, std::size_t& at, const char* what) {
  char c = take(in, at, what);
  if (c == kPresent) return true;
  if (c == kAbsent) return false;
  throw StreamError(std::string(what) + ": a null indicator that is neither X'00' nor X'FF'");
}

}  // namespace

std::string ebcdic_field(std::string_view ascii, std::size_t width, core::CodePage cp) {
  std::string padded(ascii.substr(0, std::min(ascii.size(), width)));
  padded.resize(width, ' ');
  return core::to_ebcdic(padded, cp);
}

std::string ascii_field(std::string_view ebcdic, core::CodePage cp) {
  std::string s = core::from_ebcdic(ebcdic, cp);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

void put_aib(std::string& out, const AibFeedback& aib) {
  out.push_back(kPresent);
  put32(out, aib.output_used);
  put32(out, aib.return_code);
  put32(out, aib.reason_code);
  put32(out, aib.error_extension);
}

void put_pcb(std::string& out, const PcbFeedback& pcb, core::CodePage cp) {
  out.push_back(kPresent);
  if (pcb.dbd.empty()) {
    out.push_back(kAbsent);
  } else {
    out.push_back(kPresent);
    out += ebcdic_field(pcb.dbd, 8, cp);
  }
  char level[3];
  std::snprintf(level, sizeof level, "%02d", std::clamp(pcb.level, 0, 99));
  out += core::to_ebcdic(std::string_view(level, 2), cp);
  out += ebcdic_field(pcb.status, 2, cp);
  out += ebcdic_field(pcb.segment, 8, cp);
  out.push_back(kPresent);
  const std::size_t n = std::min<std::size_t>(pcb.key_feedback.size(), 0xFFFF);
  put16(out, static_cast<std::uint16_t>(n));
  out += core::to_ebcdic(std::string_view(pcb.key_feedback).substr(0, n), cp);
}

void put_psb_feedback(std::string& out, std::string_view psb, std::string_view alias, core::CodePage cp) {
  out.push_back(kPresent);
  put16(out, 8);
  out += ebcdic_field(psb, 8, cp);
  if (alias.empty()) {
    out.push_back(kAbsent);
    return;
  }
  out.push_back(kPresent);
  put16(out, 4);
  out += ebcdic_field(alias, 4, cp);
}

AibFeedback read_aib(std::string_view in, std::size_t& at) {
  AibFeedback a;
  if (!indicator(in, at, "aibStream")) return a;
  std::string_view v = take(in, at, 16, "aibStream");
  a.output_used = be32(v, 0);
  a.return_code = be32(v, 4);
  a.reason_code = be32(v, 8);
  a.error_extension = be32(v, 12);
  return a;
}

PcbFeedback read_pcb(std::string_view in, std::size_t& at, core::CodePage cp) {
  PcbFeedback p;
  if (!indicator(in, at, "dbpcbStream")) return p;
  if (indicator(in, at, "dbpcbStream DB name")) p.dbd = ascii_field(take(in, at, 8, "dbpcbStream DB name"), cp);
  std::string level = core::from_ebcdic(take(in, at, 2, "dbpcbStream level"), cp);
  if (level.size() != 2 || !std::isdigit(static_cast<unsigned char>(level[0])) ||
      !std::isdigit(static_cast<unsigned char>(level[1])))
    throw StreamError("dbpcbStream: the segment level is not two digits");
  p.level = (level[0] - '0') * 10 + (level[1] - '0');
  p.status = core::from_ebcdic(take(in, at, 2, "dbpcbStream status"), cp);
  p.segment = ascii_field(take(in, at, 8, "dbpcbStream segment name"), cp);
  if (indicator(in, at, "dbpcbStream key feedback")) {
    std::string_view len = take(in, at, 2, "dbpcbStream key feedback length");
    p.key_feedback = core::from_ebcdic(take(in, at, be16(len, 0), "dbpcbStream key feedback"), cp);
  }
  return p;
}

PsbFeedback read_psb_feedback(std::string_view in, std::size_t& at, core::CodePage cp) {
  PsbFeedback f;
  if (indicator(in, at, "psbfdbkStream")) {
    std::size_t n = be16(take(in, at, 2, "psbfdbkStream length"), 0);
    f.psb = ascii_field(take(in, at, n, "psbfdbkStream"), cp);
  }
  if (at < in.size() && indicator(in, at, "aliasfdbkStream")) {
    std::size_t n = be16(take(in, at, 2, "aliasfdbkStream length"), 0);
    f.alias = ascii_field(take(in, at, n, "aliasfdbkStream"), cp);
  }
  return f;
}

}  // namespace zgate::odbm
