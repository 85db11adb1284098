#include "saf/tokens.h"

#include <sodium.h>

#include <algorithm>

#include "core/ebcdic.h"
#include "saf/model.h"

namespace zgate::saf {

Utoken make_utoken(const Acee& a) {
  Utoken t{};
  t[rutkn::kLen] = kUtokenLength;
  t[rutkn::kVersion] = rutkn::kVersionValue;
  t[rutkn::kFlag2] = a.defined ? 0 : rutkn::kUndefinedUser;
  core::put_ebcdic_padded(t.data() + rutkn::kSeclabel, 8, "");
  core::put_ebcdic_padded(t.data() + 16, 48 - 16, "");  // exec/submitter fields: blanks
  core::put_ebcdic_padded(t.data() + rutkn::kPoe, 8, a.terminal.substr(0, 8));
  core::put_ebcdic_padded(t.data() + 56, 8, "");
  core::put_ebcdic_padded(t.data() + rutkn::kUser, 8, a.user);
  core::put_ebcdic_padded(t.data() + rutkn::kGroup, 8, a.group);
  return t;
}

std::optional<UtokenFields> parse_utoken(std::span<const std::uint8_t> b) {
  if (b.size() != kUtokenLength || b[rutkn::kLen] != kUtokenLength ||
      b[rutkn::kVersion] != rutkn::kVersionValue)
    return std::nullopt;
  UtokenFields f;
  f.user = core::get_ebcdic_trimmed(b.data() + rutkn::kUser, 8);
  f.group = core::get_ebcdic_trimmed(b.data() + rutkn::kGroup, 8);
  f.port_of_entry = core::get_ebcdic_trimmed(b.data() + rutkn::kPoe, 8);
  f.undefined_user = (b[rutkn::kFlag2] & rutkn::kUndefinedUser) != 0;
  if (!racf_id_valid(f.user) || (!f.group.empty() && !racf_id_valid(f.group))) return std::nullopt;
  return f;
}

// ---- RACO ---------------------------------------------------------------------------------
// Layout: "RACO" | version(1) | flags(1) | sealed(8) | nonce(16) | created(8) | user_version(8) |
// strings: user, group,
// name, appl, terminal, then the group count(2) and groups, each string as length(2) + bytes |
// HMAC-SHA-256 over everything before it (32).

namespace {

constexpr std::uint8_t kRacoVersion = 2;  // 2: the seal time and the nonce
constexpr std::size_t kMacLen = crypto_auth_hmacsha256_BYTES;

void put_string(core::Bytes& out, const std::string& s) {
  std::uint16_t n = static_cast<std::uint16_t>(std::min<std::size_t>(s.size(), 0xFFFF));
  out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n));
  out.insert(out.end(), s.begin(), s.begin() + n);
}

struct Reader {
  std::span<const std::uint8_t> b;
  std::size_t pos = 0;
  bool ok = true;
  bool need(std::size_t n) {
    if (!ok || b.size() - pos < n) ok = false;
    return ok;
  }
  std::uint8_t u8() { return need(1) ? b[pos++] : 0; }
  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = core::get_be64(b.data() + pos);
    pos += 8;
    return v;
  }
  std::string str() {
    if (!need(2)) return {};
    std::size_t n = core::get_be16(b.data() + pos);
    pos += 2;
    if (!need(n)) return {};
    std::string s(reinterpret_cast<const char*>(b.data() + pos), n);
    pos += n;
    return s;
  }
};

bool decode_key(const std::string& hex, core::Bytes& key) {
  return core::from_hex(hex, key) && key.size() == crypto_auth_hmacsha256_KEYBYTES;
}

}  // namespace

core::Bytes seal_raco(const Acee& a, const std::string& key_hex, std::int64_t now) {
  core::Bytes key;
  if (!decode_key(key_hex, key)) return {};
  core::Bytes out = {'R', 'A', 'C', 'O', kRacoVersion};
  std::uint8_t flags = (a.special ? 1 : 0) | (a.operations ? 2 : 0) | (a.auditor ? 4 : 0) |
                       (a.restricted ? 8 : 0) | (a.defined ? 16 : 0);
  out.push_back(flags);
  std::uint8_t buf[8];
  core::put_be64(buf, static_cast<std::uint64_t>(now));
  out.insert(out.end(), buf, buf + 8);
  RacoNonce nonce;
  randombytes_buf(nonce.data(), nonce.size());
  out.insert(out.end(), nonce.begin(), nonce.end());
  core::put_be64(buf, static_cast<std::uint64_t>(a.created));
  out.insert(out.end(), buf, buf + 8);
  core::put_be64(buf, a.user_version);
  out.insert(out.end(), buf, buf + 8);
  for (const auto* s : {&a.user, &a.group, &a.name, &a.appl, &a.terminal}) put_string(out, *s);
  std::uint16_t n = static_cast<std::uint16_t>(std::min<std::size_t>(a.groups.size(), 0xFFFF));
  out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n));
  for (std::size_t i = 0; i < n; ++i) put_string(out, a.groups[i]);
  std::uint8_t mac[kMacLen];
  crypto_auth_hmacsha256(mac, out.data(), out.size(), key.data());
  out.insert(out.end(), mac, mac + kMacLen);
  sodium_memzero(key.data(), key.size());
  return out;
}

std::optional<OpenedRaco> open_raco(std::span<const std::uint8_t> raco, const std::string& key_hex,
                                    std::int64_t now, std::int64_t max_age_seconds) {
  core::Bytes key;
  if (!decode_key(key_hex, key) || raco.size() < 6 + 8 + 16 + 16 + kMacLen) return std::nullopt;
  std::span<const std::uint8_t> body = raco.first(raco.size() - kMacLen);
  int bad = crypto_auth_hmacsha256_verify(raco.data() + body.size(), body.data(), body.size(), key.data());
  sodium_memzero(key.data(), key.size());
  if (bad != 0) return std::nullopt;
  if (body[0] != 'R' || body[1] != 'A' || body[2] != 'C' || body[3] != 'O' || body[4] != kRacoVersion)
    return std::nullopt;
  Reader r{body, 5};
  OpenedRaco out;
  auto a = std::make_shared<Acee>();
  std::uint8_t flags = r.u8();
  a->special = flags & 1;
  a->operations = flags & 2;
  a->auditor = flags & 4;
  a->restricted = flags & 8;
  a->defined = flags & 16;
  out.sealed = static_cast<std::int64_t>(r.u64());
  if (r.need(out.nonce.size())) {
    std::copy_n(body.data() + r.pos, out.nonce.size(), out.nonce.begin());
    r.pos += out.nonce.size();
  }
  a->created = static_cast<std::int64_t>(r.u64());
  a->user_version = r.u64();
  a->user = r.str();
  a->group = r.str();
  a->name = r.str();
  a->appl = r.str();
  a->terminal = r.str();
  std::size_t n = r.need(2) ? core::get_be16(body.data() + r.pos) : 0;
  r.pos += r.ok ? 2 : 0;
  for (std::size_t i = 0; i < n && r.ok; ++i) a->groups.push_back(r.str());
  if (!r.ok || r.pos != body.size()) return std::nullopt;
  if (out.sealed > now + 60 || now - out.sealed > max_age_seconds) return std::nullopt;
  out.acee = std::move(a);
  return out;
}

}  // namespace zgate::saf
