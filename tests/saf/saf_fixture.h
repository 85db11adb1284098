#pragma once
// A security manager over an in-memory SQLite database, a manual clock and a memory audit sink,
// with cheap Argon2id so tests that sign on many times stay fast.
#include <gtest/gtest.h>

#include <memory>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"

namespace zgate::saf::testing {

inline constexpr std::int64_t kT0 = 1'790'000'000;  // 2026-09-21, a fixed "now"
inline constexpr std::int64_t kDay = 86400;

class SafTest : public ::testing::Test {
 protected:
  SafTest()
      : clock(kT0),
        sm(std::make_unique<SecurityManager>(store::open_sqlite(":memory:"), sink, clock, HashCost{1, 8192})) {
    bootstrap_if_empty(*sm);
  }

  void group(const std::string& id, const std::string& sup = "SYS1") {
    Group g;
    g.id = id;
    g.superior = sup;
    g.owner = "IBMUSER";
    sm->put_group(g);
  }

  // A user with a password, connected to its default group and `more` groups.
  User& user(const std::string& id, const std::string& dflt, std::vector<std::string> more = {},
             const std::string& password = "PASS1") {
    User u;
    u.id = id;
    u.name = id + " TEST";
    u.owner = "IBMUSER";
    u.default_group = dflt;
    u.password_hash = password.empty() ? "" : sm->hash_secret(password);
    u.password_date = clock.now();
    more.insert(more.begin(), dflt);
    for (const auto& g : more) {
      Connect c;
      c.group = g;
      u.connects.push_back(c);
    }
    sm->put_user(u);
    users_[id] = u;
    return users_[id];
  }
  void save(const std::string& id) { sm->put_user(users_[id]); }

  Profile& profile(const std::string& cls, const std::string& name, Access uacc = Access::None) {
    Profile& p = profiles_[cls + " " + name];
    p.cls = cls;
    p.name = name;
    p.owner = "IBMUSER";
    p.uacc = uacc;
    return p;
  }
  void permit(const std::string& cls, const std::string& name, const std::string& id, Access a) {
    profile_ref(cls, name).acl.push_back({id, a, 0});
  }
  void permit_when(const std::string& cls, const std::string& name, const std::string& id, Access a,
                   const std::string& when_class, const std::string& when_name) {
    profile_ref(cls, name).conditional_acl.push_back({id, a, when_class, when_name, 0});
  }
  Profile& profile_ref(const std::string& cls, const std::string& name) { return profiles_.at(cls + " " + name); }
  void save_profiles() {
    sm->batch([&] {
      for (auto& [_, p] : profiles_) sm->put_profile(p);
    });
  }
  void options(const std::function<void(Options&)>& f) {
    Options o = sm->options();
    f(o);
    sm->put_options(o);
  }

  Decision check(const std::string& user, const std::string& cls, const std::string& res, Access a,
                 const std::string& program = {}) {
    AceeRef acee = sm->acee_for(user);
    EXPECT_TRUE(acee) << user << " cannot sign on";
    if (!acee) return {};
    return sm->check(*acee, cls, res, a, AuthContext{program, {}});
  }

  audit::MemorySink sink;
  core::ManualClock clock;
  std::unique_ptr<SecurityManager> sm;
  std::map<std::string, User> users_;
  std::map<std::string, Profile> profiles_;
};

}  // namespace zgate::saf::testing
