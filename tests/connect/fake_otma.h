#pragma once
// A fake IMS for the IMS Connect core's tests: an otma::Client that records what the core asks
// of it and answers what the test scripts. Only the core's side is under test here; OTMA's own
// rules are tested in tests/otma against the real Otma.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "otma/client.h"

namespace zgate::connect::testing {

class FakeOtma final : public otma::Client {
 public:
  // ---- what the test scripts --------------------------------------------------------------
  std::function<otma::OtmaReply(const otma::OtmaMessage&)> on_send = [](const otma::OtmaMessage& m) {
    otma::OtmaReply r;
    r.segments = {"ECHO " + (m.segments.empty() ? std::string() : m.segments.front())};
    return r;
  };
  otma::CalloutAnswer callout_answer = otma::CalloutAnswer::Accepted;
  std::vector<otma::HeldMessage> held;  // what take_held and resume_next hand out

  // ---- what the core did ------------------------------------------------------------------
  struct Settled {
    enum class Kind { Ack, Nak, Reroute, Purge } kind;
    std::uint64_t id = 0;
    bool keep = false;
    std::uint16_t reason = 0;
    std::string tpipe;  // Reroute: where to
    std::optional<otma::CalloutTaker> taker;
  };
  std::vector<otma::OtmaMessage> sent;
  std::vector<Settled> settled;
  std::vector<otma::ResumeRequest> resumes;
  std::map<std::uint64_t, std::function<void()>> watches;

  // ---- otma::Client -----------------------------------------------------------------------
  otma::BidResult client_bid(const otma::ClientBid&) override { return {true, 0, {}}; }
  void send(otma::OtmaMessage m, Done done) override {
    otma::OtmaReply r = on_send(m);
    {
      std::lock_guard lk(mu_);
      sent.push_back(std::move(m));
    }
    done(std::move(r));
  }
  otma::ResumeResult resume_next(const otma::ResumeRequest& r, bool) override {
    std::lock_guard lk(mu_);
    resumes.push_back(r);
    otma::ResumeResult out;
    if (held.empty()) return out;
    out.kind = otma::ResumeResult::Kind::Message;
    out.message = held.front();
    held.erase(held.begin());
    return out;
  }
  std::optional<otma::HeldMessage> take_held(const std::string&, const std::string& tpipe, std::uint64_t id) override {
    std::lock_guard lk(mu_);
    for (auto it = held.begin(); it != held.end(); ++it)
      if (it->id == id && it->tpipe == tpipe) {
        otma::HeldMessage m = *it;
        held.erase(it);
        return m;
      }
    return std::nullopt;
  }
  void acknowledge(const otma::HeldMessage& m, const std::optional<otma::CalloutTaker>& taker) override {
    record({Settled::Kind::Ack, m.id, false, 0, {}, taker});
  }
  void negative_acknowledge(otma::HeldMessage m, bool keep, std::uint16_t reason) override {
    record({Settled::Kind::Nak, m.id, keep, reason, {}, {}});
  }
  void reroute(otma::HeldMessage m, const std::string& tpipe) override {
    record({Settled::Kind::Reroute, m.id, false, 0, tpipe, {}});
  }
  void purge(const otma::HeldMessage& m) override { record({Settled::Kind::Purge, m.id, false, 0, {}, {}}); }
  bool available(const std::string&, const std::string&, otma::Want) const override {
    std::lock_guard lk(mu_);
    return !held.empty();
  }
  std::uint64_t watch(const std::string&, const std::string&, std::function<void()> wake) override {
    std::lock_guard lk(mu_);
    watches[++next_watch_] = std::move(wake);
    return next_watch_;
  }
  void unwatch(std::uint64_t handle) override {
    std::lock_guard lk(mu_);
    watches.erase(handle);
  }
  otma::CalloutAnswer callout_response(const otma::Correlation&, const otma::CalloutTaker&, const otma::SecurityData&,
                                       const std::string&, std::vector<std::string>) override {
    return callout_answer;
  }

 private:
  void record(Settled s) {
    std::lock_guard lk(mu_);
    settled.push_back(std::move(s));
  }
  mutable std::mutex mu_;
  std::uint64_t next_watch_ = 0;
};

}  // namespace zgate::connect::testing
