#pragma once
// The default sink: one JSON object per line, appended to a file and flushed per event, so a
// SIEM forwarder can tail it. Field names follow IRRADU00's where one exists.
#include <cstdio>
#include <mutex>
#include <string>

#include "audit/sink.h"

namespace zgate::audit {

std::string to_json_line(const Event& e);

class JsonLinesSink final : public Sink {
 public:
  explicit JsonLinesSink(const std::string& path);
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink&) = delete;
  JsonLinesSink& operator=(const JsonLinesSink&) = delete;
  void write(const Event& e) override;

 private:
  std::mutex mu_;
  std::FILE* f_ = nullptr;
};

}  // namespace zgate::audit
