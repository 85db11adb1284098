#pragma once
// A sink that sends events to a syslog receiver (rsyslog, syslog-ng, QRadar, an ArcSight
// connector) over TCP or TLS, RFC 5424 messages in octet-counted frames (syslog_format.h), the
// message's MSG being the JSON record, LEEF or CEF.
//
// deliver() formats the event and appends it to the sink's spool (spool.h) and returns: it
// never waits for the network and never throws. A sender thread of the sink's own reads the
// spool and sends; it connects (a timeout on connect, on each write, on the TLS handshake),
// reconnects after a failure with a backoff that doubles up to a cap, and on stop sends what it
// can within `stop_timeout` (a connect, handshake or send still in progress then is cut),
// leaving the rest in the spool for the next start.
//
// What "delivered" means (when the spool commits past a record): syslog over TCP has no
// application acknowledgement (RELP has; rsyslog's imtcp and QRadar's TCP syslog do not), so
// the sender counts a batch delivered when its write succeeded AND the connection is still open
// `ack_grace` later (a receiver that stopped or reset closes it, and a syslog receiver never
// sends anything, so any byte it sends, a TLS close_notify, is taken as closing). A batch
// written into a connection that then turns out closed is sent again on the next one. So:
// at least once, duplicates possible (after a crash, or a receiver that dies after reading),
// no event lost short of a receiver that accepted bytes into its socket and died within the
// grace without closing it (a power cut on the receiver's host).
//
// TLS (OpenSSL, TLS 1.2 or later): the server's certificate is verified against `ca_file` and
// its name (`server_name`, else `host`) checked as RFC 6125 says (an IP address against the
// certificate's IP addresses; SNI only for a DNS name); an optional client
// certificate and key for a receiver that wants mutual authentication (rsyslog's
// x509/certvalid, x509/name).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "audit/sink.h"
#include "audit/spool.h"
#include "audit/syslog_format.h"

namespace zgate::audit {

struct SyslogSinkOptions {
  std::string name = "syslog";  // in alerts and messages
  std::string host;
  int port = 514;
  enum class Transport { Tcp, Tls } transport = Transport::Tcp;
  std::string ca_file, cert_file, key_file, server_name;
  SyslogFormat format;
  Spool::Options spool;  // dir, max_bytes, fsync, the alert callback
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds io_timeout{5000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::milliseconds ack_grace{50};
  std::chrono::milliseconds stop_timeout{2000};
};

class SyslogSink final : public Sink {
 public:
  // Opens the spool and, for TLS, loads the CA, certificate and key; throws std::runtime_error
  // naming what is wrong. Connecting is the sender's work: a receiver that is down at start is
  // not an error.
  explicit SyslogSink(SyslogSinkOptions opt);
  ~SyslogSink() override;
  SyslogSink(const SyslogSink&) = delete;
  SyslogSink& operator=(const SyslogSink&) = delete;

  struct Stats {
    std::uint64_t sent = 0;           // records committed as delivered
    std::uint64_t spooled_bytes = 0;  // backlog on disk
    std::uint64_t reconnects = 0;     // connections made after the first
    std::uint64_t connect_failures = 0;
    std::uint64_t dropped = 0;        // not spooled: the spool at its bound
    std::uint64_t failed = 0;         // not spooled: too large, or the write failed
    bool connected = false;
  };
  Stats stats() const;
  // Waits until everything spooled before the call is delivered; false at the timeout.
  bool flush(std::chrono::milliseconds timeout);

 protected:
  void deliver(const Event& e) override;

 private:
  struct Connection;
  void run();
  // A connection, or nullptr with `why` saying what failed (for the operator's message).
  std::unique_ptr<Connection> connect_once(std::string& why);

  SyslogSinkOptions opt_;
  std::unique_ptr<Spool> spool_;
  struct TlsContext;
  std::unique_ptr<TlsContext> tls_;

  mutable std::mutex mu_;
  std::condition_variable wake_, progress_;
  bool stop_ = false;
  bool exited_ = false;
  std::chrono::steady_clock::time_point stop_deadline_{};
  std::atomic<bool> stop_requested_{false};  // stop_, for a connect in progress to see without mu_
  std::atomic<int> live_fd_{-1};  // the connection's socket, for the destructor to cut at the deadline
  std::atomic<std::uint64_t> sent_{0}, reconnects_{0}, connect_failures_{0}, format_failures_{0};
  std::atomic<bool> connected_{false};
  std::thread sender_;  // last: started when everything above exists
};

}  // namespace zgate::audit
