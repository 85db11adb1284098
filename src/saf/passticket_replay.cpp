// PassTicket replay protection. RACF refuses a PassTicket already used "for this user ID,
// application and time range" unless the PTKTDATA profile bypasses it (APPLDATA('NO REPLAY
// PROTECTION'), or the enhanced-PassTicket replay setting): verify decides whether it applies;
// this file remembers, in the security database, so that a restart or another process sharing
// the database refuses the ticket too (one memory per process let a ticket in once per server).
//
// The database never holds a ticket: a record is a 16-byte keyed BLAKE2b digest of user,
// application and ticket, kept until the ticket's window has passed (Store::record_passticket).
// The key is one per database, in its settings as the RACO key is, so that every process digests
// a ticket alike. It is not a secret from whoever can read the database (that reader has the
// PTKTDATA keys too); it keeps used tickets, even expired ones, out of the file.
#include <sodium.h>

#include <stdexcept>

#include "core/bytes.h"
#include "core/secret.h"
#include "saf/security_manager.h"

namespace zgate::saf {
namespace {

constexpr const char* kReplayKeySetting = "passticket_replay_key";
constexpr std::size_t kDigestBytes = 16;

// Length-prefixed fields, so that "AB"+"C" and "A"+"BC" differ; user and application upper case.
std::string replay_digest(const core::Bytes& key, std::string_view user, std::string_view appl,
                          std::string_view ticket) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), kDigestBytes);
  auto field = [&st](std::string_view s, bool upper) {
    const auto n = static_cast<std::uint8_t>(s.size() > 255 ? 255 : s.size());
    crypto_generichash_update(&st, &n, 1);
    for (std::size_t i = 0; i < n; ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (upper && c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
      crypto_generichash_update(&st, &c, 1);
    }
  };
  field(user, true);
  field(appl, true);
  field(ticket, false);
  std::string out(kDigestBytes, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  core::secure_wipe(&st, sizeof st);
  return out;
}

// Wipes a key when it goes, on every path out.
struct WipedBytes {
  core::Bytes b;
  ~WipedBytes() { core::secure_wipe(b.data(), b.size()); }
};

}  // namespace

// The digest key, one per database (database_keys.cpp).
void SecurityManager::replay_key_locked(core::Bytes& key) {
  std::string hex = database_key_locked(kReplayKeySetting);
  const bool ok = core::from_hex(hex, key) && key.size() >= crypto_generichash_KEYBYTES_MIN &&
                  key.size() <= crypto_generichash_KEYBYTES_MAX;
  core::secure_wipe(hex.data(), hex.size());
  if (!ok) throw std::runtime_error("the security database's passticket_replay_key setting is not a key");
}

SecurityManager::TicketUse SecurityManager::record_passticket_use(std::string_view user, std::string_view appl,
                                                                  std::string_view ticket, std::int64_t expires,
                                                                  std::int64_t now) {
  try {
    std::unique_lock lk(mu_);
    // Another thread's batch holds the store's transaction: a record written into it would be
    // durable only when, and if, that batch commits. Wait for it (one RACF command).
    batch_end_.wait(lk, [this] { return batch_depth_ == 0 || batch_owner_ == std::this_thread::get_id(); });
    WipedBytes key;
    replay_key_locked(key.b);
    return store_->record_passticket(replay_digest(key.b, user, appl, ticket), expires, now) ? TicketUse::First
                                                                                          : TicketUse::Replay;
  } catch (...) {
    // A full disk, a database locked beyond the busy timeout: without a record the next
    // process would accept the ticket again, so this one does not accept it at all.
    return TicketUse::Unrecorded;
  }
}

}  // namespace zgate::saf
