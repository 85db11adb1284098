#pragma once
// IMS Connect's I/O threads, lent to the transaction manager's regions (tm/io_threads.h): a
// region's socket is watched by one of the server's event loops, so that a program's answer is
// read, and its reply sent to the client, on one thread.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <vector>

#include "tm/io_threads.h"

namespace zgate::connect {

class AsioIoThreads final : public tm::IoThreads {
 public:
  // The server's event loops, one per I/O thread; they outlive every watch.
  explicit AsioIoThreads(const std::vector<std::unique_ptr<boost::asio::io_context>>& loops)
      : loops_(loops) {}
  std::unique_ptr<Watch> watch(int fd) override;

 private:
  const std::vector<std::unique_ptr<boost::asio::io_context>>& loops_;
};

}  // namespace zgate::connect
