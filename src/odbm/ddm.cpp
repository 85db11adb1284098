#include "odbm/ddm.h"

namespace zgate::odbm {

std::uint16_t be16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]));
}

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
}

namespace {

// One LL/CP/data at the front of `in`; throws when it does not fit.
DdmObject read_object(std::string_view in, std::size_t& used) {
  if (in.size() < 4) throw DdmError(SyntaxError::ObjectLengthLessThan4, "a DDM object shorter than its LL and CP");
  const std::uint16_t ll = be16(in, 0);
  if (ll & 0x8000) throw DdmError(SyntaxError::ExtendedLength, "an extended DDM object length (X'8000')");
  if (ll < 4) throw DdmError(SyntaxError::ObjectLengthLessThan4, "a DDM object length less than 4");
  if (ll > in.size()) throw DdmError(SyntaxError::ObjectLengthMismatch, "a DDM object longer than the bytes that hold it");
  DdmObject o;
  o.cp = be16(in, 2);
  o.data = std::string(in.substr(4, ll - 4u));
  used = ll;
  return o;
}

}  // namespace

std::optional<Dss> read_dss(std::string_view in, std::size_t& used) {
  used = 0;
  if (in.size() < 2) return std::nullopt;
  const std::uint16_t len = be16(in, 0);
  if (len & 0x8000) throw DdmError(SyntaxError::DssContinuation, "a continued DSS (length X'8000' set)");
  if (len < kDssHeader) throw DdmError(SyntaxError::DssLengthLessThan6, "a DSS length less than 6");
  if (in.size() < 3) return std::nullopt;
  if (static_cast<unsigned char>(in[2]) != kDssId) throw DdmError(SyntaxError::DssNotD0, "a DSS whose third byte is not X'D0'");
  if (in.size() < len) return std::nullopt;  // the rest is on its way (len <= 32,767)
  const auto fmt = static_cast<unsigned char>(in[3]);
  const std::uint8_t type = fmt & 0x0F, flags = fmt & 0xF0;
  if (type < 1 || type > 3 || (flags & 0x80) || ((flags & kSameCorrelator) && !(flags & kChained)))
    throw DdmError(SyntaxError::DssFormat, "a DSS format byte zgate does not know");
  Dss d;
  d.type = static_cast<DssType>(type);
  d.flags = flags;
  d.correlation = be16(in, 4);
  const std::string_view body = in.substr(kDssHeader, len - kDssHeader);
  std::size_t object_len = 0;
  d.object = read_object(body, object_len);
  if (object_len != body.size())
    throw DdmError(SyntaxError::DssLengthMismatch, "a DSS whose object does not fill it");
  used = len;
  return d;
}

std::optional<std::vector<Dss>> read_chain(std::string_view in, std::size_t& used) {
  used = 0;
  std::vector<Dss> chain;
  std::size_t at = 0;
  for (;;) {
    std::size_t n = 0;
    auto d = read_dss(in.substr(at), n);
    if (!d) return std::nullopt;
    if (!chain.empty() && (chain.back().flags & kSameCorrelator) && d->correlation != chain.back().correlation)
      throw DdmError(SyntaxError::SameCorrelatorMismatch, "a chained DSS promised the same correlation ID and did not keep it");
    at += n;
    const bool more = d->chained();
    chain.push_back(std::move(*d));
    if (!more) break;
  }
  used = at;
  return chain;
}

std::vector<DdmObject> read_parameters(std::string_view data) {
  std::vector<DdmObject> out;
  while (!data.empty()) {
    std::size_t used = 0;
    out.push_back(read_object(data, used));
    data.remove_prefix(used);
  }
  return out;
}

const DdmObject* find(const std::vector<DdmObject>& params, std::uint16_t cp) {
  for (const auto& p : params)
    if (p.cp == cp) return &p;
  return nullptr;
}

std::string object_bytes(std::uint16_t cp, std::string_view data) {
  if (data.size() + 4 > 0x7FFF) throw std::length_error("zgate: a DDM object of " + std::to_string(data.size()) + " bytes");
  std::string out;
  out.reserve(data.size() + 4);
  put16(out, static_cast<std::uint16_t>(data.size() + 4));
  put16(out, cp);
  out.append(data);
  return out;
}

std::string dss_bytes(DssType type, std::uint8_t flags, std::uint16_t correlation, std::string_view object) {
  if (object.size() + kDssHeader > kMaxDss) throw std::length_error("zgate: a DSS of " + std::to_string(object.size()) + " bytes");
  std::string out;
  out.reserve(object.size() + kDssHeader);
  put16(out, static_cast<std::uint16_t>(object.size() + kDssHeader));
  out.push_back(static_cast<char>(kDssId));
  out.push_back(static_cast<char>(flags | static_cast<std::uint8_t>(type)));
  put16(out, correlation);
  out.append(object);
  return out;
}

DssChain& DssChain::add(DssType type, std::uint16_t cp, std::string_view data) {
  parts_.emplace_back(type, object_bytes(cp, data));
  return *this;
}

std::string DssChain::bytes() const {
  std::string out;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const bool more = i + 1 < parts_.size();
    out += dss_bytes(parts_[i].first, more ? (kChained | kSameCorrelator) : 0, correlation_, parts_[i].second);
  }
  return out;
}

std::string param16(std::uint16_t cp, std::uint16_t v) {
  std::string d;
  put16(d, v);
  return object_bytes(cp, d);
}

}  // namespace zgate::odbm
