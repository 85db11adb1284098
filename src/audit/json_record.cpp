#include "audit/json_record.h"

#include <sodium.h>

#include <array>

namespace zgate::audit::record {
namespace {

void put(Json& j, const char* name, const std::string& value) {
  if (!value.empty()) j[name] = value;
}

std::string hex_lower(const unsigned char* p, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 0x0F]);
  }
  return out;
}

}  // namespace

Json event_json(const Event& e) {
  Json j;
  j["time"] = e.time;
  j["event"] = static_cast<int>(e.code);
  j["event_name"] = event_name(e.code);
  j["qualifier"] = e.qualifier;
  put(j, "qualifier_text", qualifier_text(e.code, e.qualifier));
  put(j, "component_code", e.component_code);
  j["violation"] = e.violation;
  j["warning"] = e.warning;
  if (e.severity > 0) j["severity"] = severity_of(e);
  j["racf_rc"] = e.racf_rc;
  put(j, "user", e.user);
  put(j, "group", e.group);
  put(j, "component", e.component);
  put(j, "door", e.door);
  put(j, "appl", e.appl);
  put(j, "datastore", e.datastore);
  put(j, "terminal", e.terminal);
  put(j, "source_ip", e.source_ip);
  if (e.source_port > 0) j["source_port"] = e.source_port;
  put(j, "cert_subject", e.cert_subject);
  put(j, "class", e.resource_class);
  put(j, "resource", e.resource);
  put(j, "profile", e.profile);
  if (!e.profile.empty()) j["generic"] = e.generic;
  put(j, "access_requested", e.access_requested);
  put(j, "access_granted", e.access_granted);
  put(j, "client_code", e.client_code);
  put(j, "correlation", e.correlation);
  put(j, "detail", e.detail);
  return j;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

std::string hash_of(const Json& record) {
  nlohmann::json canonical = record;  // std::map underneath: keys sorted
  canonical.erase("hash");
  std::string text = canonical.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string prev = record.contains("prev") && record["prev"].is_string() ? record["prev"].get<std::string>() : "";
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(prev.data()), prev.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
  crypto_hash_sha256_final(&st, out.data());
  return hex_lower(out.data(), out.size());
}

void chain(Json& record, std::string_view prev) {
  record.erase("hash");
  record["prev"] = std::string(prev);
  record["hash"] = hash_of(record);
}

bool is_hash(std::string_view s) {
  if (s.size() != kChainStart.size()) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::string> stated_hash(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto p = j.find("prev");
  auto h = j.find("hash");
  if (p == j.end() || h == j.end() || !p->is_string() || !h->is_string()) return std::nullopt;
  if (!is_hash(p->get_ref<const std::string&>()) || !is_hash(h->get_ref<const std::string&>())) return std::nullopt;
  return h->get<std::string>();
}

}  // namespace zgate::audit::record
