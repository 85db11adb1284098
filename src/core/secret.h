#pragma once
// Secrets (passwords, phrases, PassTickets, keys) live in SecretString: wiped with
// sodium_memzero when it dies, never printable, and compared only in constant time.
//
// The bytes live in memory that is left out of core dumps (MADV_DONTDUMP) and locked against
// swapping where the limit allows (libsodium's sodium_malloc / sodium_mlock): a crash dump or a
// swap partition must not become a file of passwords. Short secrets (all of RACF's: passwords,
// PassTickets, phrases up to 100 characters) share such regions in slots (more regions as more
// secrets are alive at once, up to 32768), so that a secret costs no system call; a longer one
// gets its own guarded allocation.
#include <cstddef>
#include <string>
#include <string_view>

namespace zgate::core {

// Constant-time equality (libsodium sodium_memcmp); lengths are compared first, which leaks
// only the length, as any comparison must.
bool secure_equal(std::string_view a, std::string_view b);
void secure_wipe(void* p, std::size_t n);

class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view s) { assign(s); }
  SecretString(const SecretString& o) { assign(o.reveal()); }
  SecretString(SecretString&& o) noexcept : p_(o.p_), n_(o.n_) {
    o.p_ = nullptr;
    o.n_ = 0;
  }
  SecretString& operator=(const SecretString& o) {
    if (this != &o) {
      wipe();
      assign(o.reveal());
    }
    return *this;
  }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) {
      wipe();
      p_ = o.p_;
      n_ = o.n_;
      o.p_ = nullptr;
      o.n_ = 0;
    }
    return *this;
  }
  ~SecretString() { wipe(); }

  std::string_view reveal() const { return p_ ? std::string_view(p_, n_) : std::string_view(); }
  bool empty() const { return n_ == 0; }
  std::size_t size() const { return n_; }
  // Zeroes the bytes and gives the memory back.
  void wipe() noexcept;

 private:
  void assign(std::string_view s);
  char* p_ = nullptr;
  std::size_t n_ = 0;
};

// For tests: whether `p` lies in memory that SecretString allocated (locked, not dumped).
bool in_secret_memory(const void* p);

}  // namespace zgate::core
