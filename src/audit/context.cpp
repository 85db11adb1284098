#include "audit/context.h"

#include <sodium.h>

#include <atomic>
#include <cstdio>

#include "audit/sink.h"

namespace zgate::audit {
namespace {

thread_local const Context* t_current = nullptr;

template <class T>
void fill(T& to, const T& from) {
  if (to == T{}) to = from;
}

}  // namespace

Scope::Scope(const Context& c) : outer_(t_current), merged_(c) {
  if (outer_) {
    fill(merged_.correlation, outer_->correlation);
    fill(merged_.source_ip, outer_->source_ip);
    fill(merged_.source_port, outer_->source_port);
    fill(merged_.cert_subject, outer_->cert_subject);
    fill(merged_.door, outer_->door);
    fill(merged_.datastore, outer_->datastore);
    fill(merged_.appl, outer_->appl);
  }
  t_current = &merged_;
}

Scope::~Scope() { t_current = outer_; }

const Context* current_context() { return t_current; }

void complete(Event& e, const Context& c) {
  fill(e.correlation, c.correlation);
  fill(e.source_ip, c.source_ip);
  fill(e.source_port, c.source_port);
  fill(e.cert_subject, c.cert_subject);
  fill(e.door, c.door);
  fill(e.datastore, c.datastore);
  fill(e.appl, c.appl);
}

std::string new_correlation(const char* prefix) {
  static std::atomic<std::uint64_t> next = []() -> std::uint64_t {
    std::uint64_t start = 0;
    if (sodium_init() < 0) return start;
    randombytes_buf(&start, sizeof start);
    return start & 0x00FFFFFFFFFFFFFFull;  // room to count before it wraps
  }();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%016llX", prefix, static_cast<unsigned long long>(next.fetch_add(1)));
  return buf;
}

void Sink::write(const Event& e) {
  const Context* c = t_current;
  if (!c) {
    deliver(e);
    return;
  }
  Event completed = e;
  complete(completed, *c);
  deliver(completed);
}

}  // namespace zgate::audit
