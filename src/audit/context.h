#pragma once
// What a component knows about the request it is serving and saf does not: the connection's
// correlation ID, the client's address and certificate, the door and the data store. A door
// opens a Scope around each piece of synchronous work it does for a client (admission, a
// VERIFY on the verify pool, handing a message to OTMA); every event written on that thread
// meanwhile is completed from it (Sink::write), where the writer left the field empty.
//
// A Scope is for synchronous code only: never hold one across a co_await, since other
// coroutines resume on the same thread. Scopes nest; the innermost's non-empty fields win.
#include <string>

#include "audit/event.h"

namespace zgate::audit {

struct Context {
  std::string correlation;
  std::string source_ip;
  int source_port = 0;
  std::string cert_subject;
  std::string door;
  std::string datastore;
  std::string appl;
};

class Scope {
 public:
  explicit Scope(const Context& c);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  const Context* outer_;
  Context merged_;
};

// The calling thread's innermost context, or nullptr.
const Context* current_context();
// Fills e's empty fields from `c`.
void complete(Event& e, const Context& c);

// A correlation ID for a new connection or message: a prefix naming the door ("IC" IMS
// Connect, "DR" DRDA, "OT" OTMA, "TM" tm) and 16 hex digits unique in this process and, with
// overwhelming probability, across restarts (a random start, then a counter).
std::string new_correlation(const char* prefix);

}  // namespace zgate::audit
