// core::SecretString: a secret's bytes live in memory left out of core dumps (issue 14 hole 13),
// and the value semantics callers rely on are unchanged.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "core/secret.h"

namespace zgate::core {
namespace {

// The VmFlags of the mapping that holds `p`, from /proc/self/smaps ("dd": not in core dumps).
std::string vm_flags_of(const void* p) {
  auto addr = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream in("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = addr >= lo && addr < hi;
      continue;
    }
    if (inside && line.starts_with("VmFlags:")) return line;
  }
  return "";
}

TEST(SecretString, ShortAndLongSecretsLiveInMemoryLeftOutOfCoreDumps) {
  SecretString pw("PAYPW1");
  SecretString phrase(std::string(100, 'p'));
  SecretString big(std::string(300, 'k'));
  EXPECT_TRUE(in_secret_memory(pw.reveal().data()));
  EXPECT_TRUE(in_secret_memory(phrase.reveal().data()));
  for (const SecretString* s : {&pw, &phrase, &big}) {
    std::string flags = vm_flags_of(s->reveal().data());
    EXPECT_NE(flags.find(" dd"), std::string::npos) << "not MADV_DONTDUMP: " << flags;
  }
  EXPECT_EQ(big.reveal(), std::string(300, 'k'));
}

TEST(SecretString, CopiesMovesAndWipeKeepValueSemantics) {
  SecretString a("SECRET1");
  SecretString b = a;
  EXPECT_EQ(b.reveal(), "SECRET1");
  EXPECT_NE(a.reveal().data(), b.reveal().data()) << "a copy has its own bytes";
  SecretString c = std::move(a);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(c.reveal(), "SECRET1");
  b = c;
  c = SecretString("OTHER");
  EXPECT_EQ(b.reveal(), "SECRET1");
  EXPECT_EQ(c.reveal(), "OTHER");
  c.wipe();
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.reveal(), "");
  EXPECT_TRUE(SecretString().reveal().empty());
  EXPECT_TRUE(secure_equal(b.reveal(), "SECRET1"));
}

TEST(SecretString, ManyLiveSecretsOutgrowTheSlotsAndStillWork) {
  std::vector<SecretString> many;
  for (int i = 0; i < 1500; ++i) many.emplace_back("PW" + std::to_string(i));
  for (int i = 0; i < 1500; ++i) EXPECT_EQ(many[i].reveal(), "PW" + std::to_string(i));
}

// 256 busy IMS Connect connections hold over a thousand short secrets at once (each message's
// password, the VERIFY's copy): they stay in the slots, locked and out of dumps, and cost no
// system call each. A single region of 1024 ran out, and the rest were guarded allocations.
TEST(SecretString, ThousandsOfShortSecretsAliveAtOnceAllLiveInTheSlots) {
  std::vector<SecretString> many;
  for (int i = 0; i < 5000; ++i) many.emplace_back("PASSWORD" + std::to_string(i));
  for (const auto& s : many) EXPECT_TRUE(in_secret_memory(s.reveal().data()));
}

}  // namespace
}  // namespace zgate::core
