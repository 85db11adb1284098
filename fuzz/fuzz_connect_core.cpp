// libFuzzer target for the IMS Connect core (connect/connection.h), the part every door shares:
// up to four connections, driven by the input through any order of client-ID claims (chosen,
// generated, with and without IRM_F3 X'80' cancel), admissions (defined and undefined users,
// right and wrong passwords, defined and undefined data stores, RACF=Y) and disconnects,
// against a real security manager and a fake IMS.
//
// Invariants, checked after every step:
//   1. A message is admitted only for a defined user with that user's password: never for a
//      wrong password, an undefined user or an undefined data store; the identity OTMA gets
//      is the user ID upper-cased, with a UTOKEN.
//   2. A refusal carries an IMS Connect return code (8) and a reason code.
//   3. A connection that holds a client ID is cancelled only by a newcomer that IMS Connect
//      admitted in the same step, as the user the holder was admitted as (or the holder was
//      never admitted): never by a wrong password, another user, or a message not admitted.
//   4. No two live connections both hold the same client ID once their admissions settled.
// Nothing may crash, leak or throw.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <set>
#include <string>


#include "connect/connection.h"
#include "core_world.h"
#include "core/text.h"

namespace {

using namespace zgate;
using namespace zgate::connect;
namespace asio = boost::asio;

using World = testing::CoreWorld;

struct Slot {
  std::unique_ptr<Connection> conn;
  std::string admitted_as;  // the first user IMS Connect admitted it as
  bool cancelled = false;   // the registry asked to end it (the door would close it)
  bool pending = false;     // it named a held ID with IRM_F3 X'80': not its own until admitted
};

class Input {
 public:
  Input(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  bool empty() const { return i_ >= n_; }
  std::uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
  std::string text(std::size_t max) {
    std::size_t len = byte() % (max + 1);
    std::string out;
    while (len-- && !empty()) out.push_back(static_cast<char>(byte()));
    return out;
  }

 private:
  const std::uint8_t* d_;
  std::size_t n_, i_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World* w = new World;  // the database, the pool: built once
  w->clock.set(1'790'000'000);
  for (const char* u : {"CLERK", "OTHER"}) {  // undo what earlier inputs' failures counted
    saf::User user = *w->sm.user(u);
    user.failed_attempts = 0;
    user.revoked = false;
    w->sm.put_user(user);
  }
  Input in(data, size);
  std::array<Slot, 4> slots;
  int steps = 0;
  while (!in.empty() && steps++ < 32) {
    const std::uint8_t op = in.byte();
    Slot& s = slots[op >> 6];
    const int idx = static_cast<int>(&s - slots.data());
    switch (op & 3) {
      case 0: {  // connect
        if (s.conn) break;
        PeerIdentity peer;
        peer.address = "10.0.0." + std::to_string(idx) + ":4000";
        s.conn = std::make_unique<Connection>(*w->ctx, w->io.get_executor(), peer);
        s.admitted_as.clear();
        s.cancelled = false;
        break;
      }
      case 1: {  // the first message's client ID
        if (!s.conn) break;
        const std::uint8_t f = in.byte();
        std::string id;
        switch (f & 3) {
          case 0: id = "CLIENT0" + std::to_string(f >> 6); break;
          case 1: id = in.text(10); break;
          default: break;  // generated
        }
        Slot* me = &s;
        const bool had_id = !s.conn->client_id().empty();
        const bool held = std::any_of(slots.begin(), slots.end(), [&](const Slot& t) {
          return &t != me && t.conn && !id.empty() && t.conn->client_id() == id;
        });
        if (s.conn->establish_client_id(id, (f & 3) == 2, f & 4, f & 8, [me] { me->cancelled = true; }) ==
                Connection::ClientIdOutcome::Ok &&
            !had_id && held)
          s.pending = true;
        break;
      }
      case 2: {  // a message to admit
        if (!s.conn) break;
        const std::uint8_t f = in.byte();
        SignOn who;
        switch (f & 3) {
          case 0: who.userid = "clerk"; break;
          case 1: who.userid = "OTHER"; break;
          case 2: who.userid = in.text(9); break;
          default: break;  // none
        }
        const bool right = (f & 4) != 0;
        who.password = core::SecretString(right ? "SECRET1" : in.text(9));
        const std::string datastore = (f & 8) ? "IMS1" : in.text(9);
        std::array<bool, 4> before{};
        for (int i = 0; i < 4; ++i) before[i] = slots[i].cancelled;

        auto step = s.conn->begin_admission(datastore, who);
        std::variant<Admitted, Refusal> result;
        if (auto* p = std::get_if<Authenticator::PendingVerify>(&step)) {
          std::optional<AuthResult> verified;
          s.conn->verify(std::move(*p), [&](AuthResult r) { verified = std::move(r); });
          while (!verified) w->io.run_one();
          result = s.conn->end_admission(datastore, std::move(*verified));
        } else if (auto* a = std::get_if<Admitted>(&step)) {
          result = std::move(*a);
        } else {
          result = std::move(std::get<Refusal>(step));
        }

        s.pending = false;  // the admission settled the take-over, one way or the other
        std::string user;
        if (auto* a = std::get_if<Admitted>(&result)) {
          user = a->who.userid;
          const bool defined = user == "CLERK" || user == "OTHER";
          // Invariant 1.
          if (!defined || !right || zgate::core::upper(datastore) != "IMS1" || !a->who.utoken) std::abort();
          if (user != zgate::core::upper(who.userid)) std::abort();
          if (s.admitted_as.empty()) s.admitted_as = user;
        } else {
          const Refusal& r = std::get<Refusal>(result);
          if (r.return_code != 8 || r.reason_code == 0) std::abort();  // invariant 2
        }
        // Invariant 3: whoever was cancelled in this step, this admitted user cancelled.
        for (int i = 0; i < 4; ++i) {
          if (before[i] || !slots[i].cancelled || i == idx) continue;
          if (user.empty()) std::abort();
          if (!slots[i].admitted_as.empty() && slots[i].admitted_as != user) {
            std::fprintf(stderr, "slot %d (admitted as %s) cancelled by slot %d admitted as %s\n", i,
                         slots[i].admitted_as.c_str(), idx, user.c_str());
            std::abort();
          }
        }
        break;
      }
      case 3:  // the connection ends (a cancelled one ends here, as its door closes it)
        s.conn.reset();
        break;
    }
    // Cancelled connections are closed by their door: end them now.
    for (auto& t : slots)
      if (t.conn && t.cancelled) t.conn.reset();
    // Invariant 4, for connections not waiting to take an ID over.
    std::set<std::string> held;
    for (auto& t : slots)
      if (t.conn && !t.pending && !t.conn->client_id().empty() && !held.insert(t.conn->client_id()).second)
        std::abort();
  }
  return 0;
}
