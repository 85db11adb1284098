#pragma once
// Secrets (passwords, phrases, PassTickets, keys) live in SecretString: wiped with
// sodium_memzero when it dies, never printable, and compared only in constant time.
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
  explicit SecretString(std::string_view s) : s_(s) {}
  SecretString(const SecretString& o) : s_(o.s_) {}
  SecretString(SecretString&& o) noexcept : s_(std::move(o.s_)) { o.wipe(); }
  SecretString& operator=(const SecretString& o) {
    if (this != &o) { wipe(); s_ = o.s_; }
    return *this;
  }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) { wipe(); s_ = std::move(o.s_); o.wipe(); }
    return *this;
  }
  ~SecretString() { wipe(); }

  std::string_view reveal() const { return s_; }
  bool empty() const { return s_.empty(); }
  std::size_t size() const { return s_.size(); }
  void wipe() {
    if (!s_.empty()) secure_wipe(s_.data(), s_.size());
    s_.clear();
  }

 private:
  std::string s_;
};

}  // namespace zgate::core
