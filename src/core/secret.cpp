#include "core/secret.h"

#include <sodium.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace zgate::core {
namespace {

// One sodium_malloc region cut into slots for short secrets. sodium_malloc maps the region with
// guard pages, marks it MADV_DONTDUMP and mlocks it (ignoring an mlock refused by
// RLIMIT_MEMLOCK: the pages are still left out of dumps). The region lives as long as the
// process; a slot is zeroed before it is handed back.
class SlotArena {
 public:
  static constexpr std::size_t kSlot = 128;
  static constexpr std::size_t kSlots = 1024;  // 128 KiB

  static SlotArena& get() {
    static SlotArena* a = new SlotArena;  // never destroyed: secrets may die during exit
    return *a;
  }

  char* take() {
    if (!base_) return nullptr;
    std::lock_guard lk(mu_);
    if (free_.empty()) return nullptr;
    std::uint16_t i = free_.back();
    free_.pop_back();
    return base_ + std::size_t{i} * kSlot;
  }
  bool owns(const void* p) const {
    auto* c = static_cast<const char*>(p);
    return base_ && c >= base_ && c < base_ + kSlot * kSlots;
  }
  void give_back(char* p) {
    std::lock_guard lk(mu_);
    free_.push_back(static_cast<std::uint16_t>((p - base_) / kSlot));
  }

 private:
  SlotArena() {
    if (sodium_init() < 0) return;
    base_ = static_cast<char*>(sodium_malloc(kSlot * kSlots));
    if (!base_) return;
    free_.reserve(kSlots);
    for (std::size_t i = kSlots; i-- > 0;) free_.push_back(static_cast<std::uint16_t>(i));
  }
  char* base_ = nullptr;
  std::mutex mu_;
  std::vector<std::uint16_t> free_;
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
