#include "connect/io_threads.h"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <optional>

namespace zgate::connect {

namespace asio = boost::asio;

namespace {

// A region's socket in the event loop of the thread that armed it last. A message is usually
// given to its region by the I/O thread that read it from the client (or by the one that
// finished the region's last message); the program's answer then comes back to that same
// thread, which sends the reply without waking another. Moving the socket to another loop
// costs two epoll_ctl calls, much less than waking a thread.
class DescriptorWatch final : public tm::IoThreads::Watch {
 public:
  DescriptorWatch(const std::vector<std::unique_ptr<asio::io_context>>& loops, int fd)
      : loops_(loops), fd_(fd) {}
  ~DescriptorWatch() override { leave(); }

  void arm(std::function<void()> ready) override {
    std::size_t here = loop_;  // not an I/O thread (a region's own): where it is, or the first
    for (std::size_t i = 0; i < loops_.size(); ++i)
      if (loops_[i]->get_executor().running_in_this_thread()) here = i;
    if (!sd_ || here != loop_) {
      leave();
      sd_.emplace(*loops_[here], fd_);
      loop_ = here;
    }
    // async_wait re-arms the edge-triggered registration (EPOLL_CTL_MOD), so input that
    // arrived before this call is seen too.
    sd_->async_wait(asio::posix::descriptor_base::wait_read,
                    [ready = std::move(ready)](const boost::system::error_code& ec) {
                      if (!ec) ready();
                    });
  }

 private:
  // release() takes the socket out of the loop without closing it and cancels a pending wait
  // (its handler sees operation_aborted and calls nobody); the region's side closes it.
  void leave() {
    if (sd_) sd_->release();
    sd_.reset();
  }

  const std::vector<std::unique_ptr<asio::io_context>>& loops_;
  int fd_;
  std::optional<asio::posix::stream_descriptor> sd_;
  std::size_t loop_ = 0;
};

}  // namespace

std::unique_ptr<tm::IoThreads::Watch> AsioIoThreads::watch(int fd) {
  return std::make_unique<DescriptorWatch>(loops_, fd);
}

}  // namespace zgate::connect
