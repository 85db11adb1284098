#include "core/secret.h"

#include <sodium.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace zgate::core {
namespace {

// sodium_malloc regions cut into slots for short secrets. sodium_malloc maps a region with
// guard pages, marks it MADV_DONTDUMP and mlocks it (ignoring an mlock refused by
// RLIMIT_MEMLOCK: the pages are still left out of dumps). Regions are added as connections
// need them (every connection in flight holds a few secrets: its message's password, the
// VERIFY's copy), up to kMaxRegions, and live as long as the process; a slot is zeroed before
// it is handed back. Past the last region a secret gets a guarded allocation of its own, which
// costs system calls: 256 busy connections ran out of a single 1024-slot region and lost a
// tenth of their throughput to them.
class SlotArena {
 public:
  static constexpr std::size_t kSlot = 128;
  static constexpr std::size_t kSlots = 1024;  // 128 KiB a region
  static constexpr std::size_t kMaxRegions = 32;  // 4 MiB, 32768 secrets

  static SlotArena& get() {
    static SlotArena* a = new SlotArena;  // never destroyed: secrets may die during exit
    return *a;
  }

  char* take() {
    std::lock_guard lk(mu_);
    if (free_.empty() && !grow_locked()) return nullptr;
    char* p = free_.back();
    free_.pop_back();
    return p;
  }
  bool owns(const void* p) const {
    auto* c = static_cast<const char*>(p);
    for (std::size_t i = 0, n = regions_.load(std::memory_order_acquire); i < n; ++i)
      if (c >= base_[i] && c < base_[i] + kSlot * kSlots) return true;
    return false;
  }
  void give_back(char* p) {
    std::lock_guard lk(mu_);
    free_.push_back(p);
  }

 private:
  SlotArena() {
    if (sodium_init() < 0) return;
    free_.reserve(kSlots);
    std::lock_guard lk(mu_);
    grow_locked();
  }
  bool grow_locked() {
    const std::size_t n = regions_.load(std::memory_order_relaxed);
    if (n == kMaxRegions) return false;
    char* base = static_cast<char*>(sodium_malloc(kSlot * kSlots));
    if (!base) return false;
    base_[n] = base;
    regions_.store(n + 1, std::memory_order_release);  // owns() sees the region once it is there
    for (std::size_t i = kSlots; i-- > 0;) free_.push_back(base + i * kSlot);
    return true;
  }
  std::array<char*, kMaxRegions> base_{};
  std::atomic<std::size_t> regions_{0};
  std::mutex mu_;
  std::vector<char*> free_;
};

}  // namespace

bool secure_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(void* p, std::size_t n) { sodium_memzero(p, n); }

void SecretString::assign(std::string_view s) {
  if (s.empty()) return;
  auto& arena = SlotArena::get();
  char* p = s.size() <= SlotArena::kSlot ? arena.take() : nullptr;
  if (!p) {
    // Longer than a slot, or the slots are all in use: a guarded allocation of its own.
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    p = static_cast<char*>(sodium_malloc(s.size()));
    if (!p) throw std::bad_alloc();
  }
  std::memcpy(p, s.data(), s.size());
  p_ = p;
  n_ = s.size();
}

void SecretString::wipe() noexcept {
  if (!p_) return;
  auto& arena = SlotArena::get();
  if (arena.owns(p_)) {
    sodium_memzero(p_, SlotArena::kSlot);
    arena.give_back(p_);
  } else {
    sodium_free(p_);  // zeroes before it unmaps
  }
  p_ = nullptr;
  n_ = 0;
}

bool in_secret_memory(const void* p) { return SlotArena::get().owns(p); }

}  // namespace zgate::core
