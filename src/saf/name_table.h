#pragma once
// An open-addressing hash table from names to pointers, for the RACLIST snapshot's indexes.
// Built once per snapshot and then only read, so it needs no deletion and no locking. A
// power-of-two capacity (no division on lookup), linear probing, and the full 64-bit hash kept
// in each slot so a probe compares the key's bytes only when the hashes agree. Keys are views
// into strings the caller keeps alive (the compiled profiles own them).
#include <cstdint>
#include <string_view>
#include <vector>

namespace zgate::saf {

// 64-bit hash of a resource name: names of 8 characters or fewer (all IMS names) are packed
// into one word and mixed (splitmix64's finaliser); longer ones use FNV-1a then the same mix.
std::uint64_t name_hash(std::string_view s) noexcept;

template <class V>
class NameTable {
 public:
  // Inserts key -> value; a key already present keeps its first value. Returns the stored value.
  V* insert(std::string_view key, V* value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    std::uint64_t h = name_hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.value) {
        s = {h, key, value};
        ++count_;
        return value;
      }
      if (s.hash == h && s.key == key) return s.value;
    }
  }

  V* find(std::string_view key) const {
    if (count_ == 0) return nullptr;
    std::uint64_t h = name_hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.value) return nullptr;
      if (s.hash == h && s.key == key) return s.value;
    }
  }

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  template <class F>
  void for_each(F&& f) const {
    for (const auto& s : slots_)
      if (s.value) f(s.key, s.value);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::string_view key;
    V* value = nullptr;
  };

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    count_ = 0;
    for (const auto& s : old)
      if (s.value) insert(s.key, s.value);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
};

}  // namespace zgate::saf
