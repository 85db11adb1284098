#pragma once
// The front end's I/O threads, lent to the dependent regions.
//
// A program's answer is read on an I/O thread, the one that goes on to send the reply to the
// client, rather than on its region's own thread: a message then wakes the control process
// twice (the client's input, the program's answer), as any server that hands work to another
// process is woken, instead of three times. The region's own thread keeps what may block:
// starting the region process, ICAL (it waits for an OTMA client), a sync point that writes the
// queue store, the region's end and the processing limit.
//
// tm only knows this interface; IMS Connect's server implements it over its Boost.Asio
// io_context (connect/io_threads.h). Without it, each region's thread reads its own socket.
#include <functional>
#include <memory>

namespace zgate::tm {

class IoThreads {
 public:
  virtual ~IoThreads() = default;

  // One socket watched for input.
  class Watch {
   public:
    // Stops watching; the socket itself stays open. A `ready` that was already due may
    // still be called afterwards: the caller tells such a late call apart.
    virtual ~Watch() = default;
    // Calls `ready` once, on an I/O thread (the calling one, when it is one), when the
    // socket has input or has closed. Arming again before `ready` came may bring both calls.
    virtual void arm(std::function<void()> ready) = 0;
  };
  virtual std::unique_ptr<Watch> watch(int fd) = 0;
};

}  // namespace zgate::tm
