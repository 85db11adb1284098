#include "saf/audit_mask.h"

#include <sodium.h>

#include <stdexcept>

#include "core/bytes.h"
#include "core/secret.h"
#include "saf/security_manager.h"

namespace zgate::saf {

std::string masked_user_id(std::string_view id, const std::string& key_hex) {
  core::Bytes key;
  if (!core::from_hex(key_hex, key) || key.size() < crypto_generichash_KEYBYTES_MIN)
    throw std::invalid_argument("audit mask key is not a hex key of 16 bytes or more");
  std::uint8_t mac[8];
  crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(id.data()), id.size(),
                     key.data(), key.size());
  core::secure_wipe(key.data(), key.size());
  return "?" + std::to_string(id.size()) + ":" + core::to_hex(mac);
}

std::string SecurityManager::masked_user_locked(const std::string& id) {
  if (mask_key_.empty()) {
    // Kept in the database's settings (as the RACO key is), so every process that shares the
    // database, and every restart, masks the same ID the same way. A store that cannot give
    // or keep one (a full disk) still gets masks, consistent for this process.
    try {
      mask_key_ = database_key_locked("audit_mask_key");
    } catch (const std::exception&) {
      core::Bytes key(kDatabaseKeyBytes);
      randombytes_buf(key.data(), key.size());
      mask_key_ = core::to_hex(key);
      core::secure_wipe(key.data(), key.size());
    }
  }
  return masked_user_id(id, mask_key_);
}

}  // namespace zgate::saf
