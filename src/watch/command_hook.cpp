#include "watch/command_hook.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace zgate::watch {

CommandHook::CommandHook(Options opt) : opt_(std::move(opt)), reaper_([this] { reap(); }) {}

CommandHook::~CommandHook() {
  {
    std::lock_guard lk(mu_);
    closing_ = true;
  }
  changed_.notify_all();
  reaper_.join();
}

bool CommandHook::run(std::string_view line) {
  if (opt_.argv.empty()) return false;
  {
    std::lock_guard lk(mu_);
    if (running_.size() >= opt_.max_running) {
      ++stats_.dropped;
      return false;
    }
  }
  // A socket rather than a pipe: send() with MSG_NOSIGNAL cannot raise SIGPIPE in the server
  // when the program exits without reading.
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    std::lock_guard lk(mu_);
    ++stats_.failed;
    return false;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);  // dup2 clears FD_CLOEXEC on stdin
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (auto& a : opt_.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    std::lock_guard lk(mu_);
    ++stats_.failed;
    return false;
  }
  std::string msg(line);
  if (msg.empty() || msg.back() != '\n') msg.push_back('\n');
  ssize_t sent = send(sv[0], msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  (void)sent;  // a short write leaves the program a truncated line; it sees EOF either way
  shutdown(sv[0], SHUT_WR);
  close(sv[0]);
  {
    std::lock_guard lk(mu_);
    running_.push_back({pid, std::chrono::steady_clock::now() + opt_.timeout});
    ++stats_.started;
  }
  changed_.notify_all();
  return true;
}

void CommandHook::reap() {
  std::unique_lock lk(mu_);
  for (;;) {
    if (closing_ && running_.empty()) return;
    changed_.wait_for(lk, std::chrono::milliseconds(20));
    auto now = std::chrono::steady_clock::now();
    for (auto it = running_.begin(); it != running_.end();) {
      int status = 0;
      pid_t r = waitpid(it->pid, &status, WNOHANG);
      if (r == it->pid || (r < 0 && errno == ECHILD)) {
        ++stats_.finished;
        it = running_.erase(it);
        continue;
      }
      if (!it->killed && now >= it->deadline) {
        kill(it->pid, SIGKILL);
        it->killed = true;
        ++stats_.killed;
      }
      ++it;
    }
    changed_.notify_all();
  }
}

CommandHook::Stats CommandHook::stats() const {
  std::lock_guard lk(mu_);
  return stats_;
}

void CommandHook::wait_idle() {
  std::unique_lock lk(mu_);
  changed_.wait(lk, [&] { return running_.empty(); });
}

}  // namespace zgate::watch
