#pragma once
// What the demos share (`zgate demo`'s transaction and ODBM parts, `zgate demo attack`): a free
// port, PROCLIB members written and shown, and `zgate serve` as a child process.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zgate::app {

// A port free on 127.0.0.1 right now: bound to 0, read back, released for the server to take.
std::uint16_t free_loopback_port();
// Writes one member and shows it. Every line must fit the records' data columns (71).
void write_member(const std::filesystem::path& proclib, const std::string& name, const std::vector<std::string>& lines);
std::string slurp(const std::filesystem::path& p);
// The log's lines containing `id` (a message ID such as HWSC0000I), for the reader.
void show_log_lines(const std::string& log, const std::string& id);
// Runs `zgate ARGS...` (this binary) to its end; its exit status, its output in `out`.
int run_self(const std::vector<std::string>& args, std::string& out);

// `zgate serve` as a child process, its output in a log file. The destructor stops it, so an
// exception in the middle of a demo does not leave a server behind.
class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> args, std::filesystem::path log);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  std::string log() const;
  // Waits for IMS Connect's HWSC0000I (ready); false when the server exits or the time is up.
  bool wait_ready(std::chrono::milliseconds limit);
  // SIGTERM (the server's orderly shutdown), then SIGKILL if it does not end within `limit`.
  // The exit status, or -1 when it was killed or died of a signal.
  int stop(std::chrono::milliseconds limit);

 private:
  bool reaped();
  std::filesystem::path log_;
  pid_t pid_ = -1;
  int status_ = -1;
};

}  // namespace zgate::app
