// The installation's keys that live in the security database's settings: the RACO seal key,
// the PassTicket replay digest key and the audit mask key. Each is made by the first process
// that needs it, and every process sharing the database then uses the same one (a RACO sealed
// by one server opens on another; one ticket digests alike everywhere; one mistyped user ID
// masks alike in every audit trail).
#include <sodium.h>

#include "core/bytes.h"
#include "core/secret.h"
#include "saf/security_manager.h"

namespace zgate::saf {

// Read, and made if absent, under the database's write lock: two processes starting together
// cannot each keep a key of their own. Inside this thread's own batch the store's transaction
// already holds that lock.
std::string SecurityManager::database_key_locked(const char* setting) {
  if (auto hex = store_->setting(setting)) return *hex;
  const bool own = batch_depth_ == 0;
  if (own) store_->begin();
  try {
    std::optional<std::string> hex = store_->setting(setting);
    if (!hex) {
      core::Bytes fresh(kDatabaseKeyBytes);
      randombytes_buf(fresh.data(), fresh.size());
      hex = core::to_hex(fresh);
      core::secure_wipe(fresh.data(), fresh.size());
      store_->put_setting(setting, *hex);
    }
    if (own) store_->commit();
    return *hex;
  } catch (...) {
    if (own) store_->rollback();
    throw;
  }
}

std::string SecurityManager::raco_key() {
  std::lock_guard lk(mu_);
  return database_key_locked("raco_key");
}

}  // namespace zgate::saf
