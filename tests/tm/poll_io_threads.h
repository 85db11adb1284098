#pragma once
// An event loop of the tests' own for the regions to read their programs' answers on
// (tm/io_threads.h): one thread, poll(2) over the armed sockets, each `ready` called on that
// thread. IMS Connect's server lends its Boost.Asio loops the same way; this one lets the tm
// tests run every region behaviour both ways without a server.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tm/io_threads.h"

namespace zgate::tm::testing {

class PollIoThreads final : public IoThreads {
 public:
  PollIoThreads() {
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2");
    thread_ = std::thread([this] { loop(); });
  }
  ~PollIoThreads() override {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    poke();
    thread_.join();
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  std::unique_ptr<Watch> watch(int fd) override { return std::make_unique<SocketWatch>(*this, fd); }

  std::thread::id thread_id() const { return thread_.get_id(); }
  std::atomic<int> calls{0};  // `ready` calls made

 private:
  struct Armed {
    int fd;
    std::function<void()> ready;
  };
  class SocketWatch final : public Watch {
   public:
    SocketWatch(PollIoThreads& loop, int fd) : loop_(loop), fd_(fd) {}
    ~SocketWatch() override {
      std::lock_guard lk(loop_.mu_);
      loop_.armed_.erase(this);
    }
    void arm(std::function<void()> ready) override {
      {
        std::lock_guard lk(loop_.mu_);
        loop_.armed_[this] = Armed{fd_, std::move(ready)};
      }
      loop_.poke();
    }

   private:
    PollIoThreads& loop_;
    int fd_;
  };

  void poke() {
    char c = 1;
    [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
  }

  void loop() {
    for (;;) {
      std::vector<pollfd> fds{{wake_[0], POLLIN, 0}};
      std::vector<const Watch*> who{nullptr};
      {
        std::lock_guard lk(mu_);
        if (stop_) return;
        for (auto& [w, a] : armed_) {
          fds.push_back({a.fd, POLLIN, 0});
          who.push_back(w);
        }
      }
      if (::poll(fds.data(), fds.size(), -1) < 0) continue;
      char buf[64];
      while (::read(wake_[0], buf, sizeof buf) > 0) {
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        std::function<void()> ready;
        {
          std::lock_guard lk(mu_);
          auto it = armed_.find(who[i]);
          if (it == armed_.end()) continue;  // its watch went, or was armed again meanwhile
          ready = std::move(it->second.ready);
          armed_.erase(it);
        }
        ++calls;
        ready();
      }
    }
  }

  int wake_[2] = {-1, -1};
  std::mutex mu_;
  bool stop_ = false;
  std::map<const Watch*, Armed> armed_;
  std::thread thread_;
};

}  // namespace zgate::tm::testing
