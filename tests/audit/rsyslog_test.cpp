// SyslogSink against a real receiver: Debian's rsyslogd (imtcp, and the gtls driver for TLS),
// started by the test on a free port with a configuration of its own, writing what it receives
// to a file the test reads. Skipped only when rsyslogd is not installed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "audit/syslog_sink.h"
#include "rsyslog_fixture.h"
#include "temp_dir.h"

namespace zgate::audit {
namespace {

using namespace std::chrono_literals;
using namespace testing;

Event event(int i, const std::string& user) {
  Event e;
  e.time = 1765161018 + i;
  e.code = EventCode::Access;
  e.qualifier = access_q::kInsufficientAuthority;
  e.violation = true;
  e.user = user;
  e.resource_class = "TIMS";
  e.resource = "PAYROLL";
  e.correlation = "IC" + std::to_string(1000 + i);
  return e;
}

class TestSink {
 public:
  TestSink(const TempDir& d, const Rsyslog& r, SyslogPayload payload, bool tls, std::string server_name = "",
           bool client_cert = false) {
    SyslogSinkOptions o;
    o.name = "rsyslog";
    o.host = tls ? "localhost" : "127.0.0.1";
    o.port = r.port();
    if (tls) {
      o.transport = SyslogSinkOptions::Transport::Tls;
      o.ca_file = d.file("ca.pem");
      o.server_name = server_name;
      if (client_cert) {
        o.cert_file = d.file("client.pem");
        o.key_file = d.file("client.key");
      }
    }
    o.format.payload = payload;
    o.format.hostname = "zgatetest";
    o.spool.dir = d.file("spool");
    o.spool.fsync = FsyncPolicy::None;
    o.backoff_min = 20ms;
    o.backoff_max = 200ms;
    sink = std::make_unique<SyslogSink>(o);
  }
  std::unique_ptr<SyslogSink> sink;
};

std::string test_name(const ::testing::TestParamInfo<std::tuple<SyslogPayload, bool>>& info) {
  SyslogPayload p = std::get<0>(info.param);
  std::string n = p == SyslogPayload::Json ? "Json" : p == SyslogPayload::Leef ? "Leef" : "Cef";
  return n + (std::get<1>(info.param) ? "OverTls" : "OverTcp");
}

class RsyslogTest : public ::testing::TestWithParam<std::tuple<SyslogPayload, bool>> {
 protected:
  void SetUp() override {
    if (::access(kRsyslogd, X_OK) != 0) GTEST_SKIP() << "rsyslogd is not installed";
  }
};

TEST_P(RsyslogTest, EventsArriveInTheChosenFormat) {
  auto [payload, tls] = GetParam();
  TempDir d;
  if (tls) make_certs(d);
  Rsyslog r(d, tls);
  r.start();
  TestSink s(d, r, payload, tls);
  s.sink->write(event(0, "IMSUSR1"));
  s.sink->write(event(1, "EVIL\nLEEF:2.0|forged|x=\"]"));
  ASSERT_TRUE(s.sink->flush(20s));
  std::string text = wait_for(r.out(), "zgatetest zgate", 2);
  ASSERT_EQ(count(text, "\n"), 2u) << text;  // the hostile user ID did not start a line of its own
  EXPECT_NE(text.find("<84>1 2025-12-08T02:30:18Z zgatetest zgate "), std::string::npos) << text;
  EXPECT_NE(text.find(" ACCESS [zgate@32473 event=\"2\" qualifier=\"1\""), std::string::npos) << text;
  switch (payload) {
    case SyslogPayload::Json:
      EXPECT_NE(text.find("{\"time\":1765161018,\"event\":2,"), std::string::npos) << text;
      EXPECT_NE(text.find("\"user\":\"EVIL\\nLEEF:2.0|forged|x=\\\"]\""), std::string::npos) << text;
      break;
    case SyslogPayload::Leef:
      EXPECT_NE(text.find("] LEEF:2.0|zgate|zgate|1.0|ACCESS|x09|devTime=2025-12-08T02:30:18Z"), std::string::npos) << text;
      EXPECT_NE(text.find("usrName=EVIL\\nLEEF:2.0|forged|x=\"]"), std::string::npos) << text;
      break;
    case SyslogPayload::Cef:
      EXPECT_NE(text.find("] CEF:0|zgate|zgate|1.0|ACCESS|INSUFFICIENT AUTHORITY|6|rt=1765161018000"), std::string::npos) << text;
      EXPECT_NE(text.find("suser=EVIL\\nLEEF:2.0|forged|x\\=\"]"), std::string::npos) << text;
      break;
  }
  EXPECT_EQ(s.sink->stats().sent, 2u);
  EXPECT_EQ(s.sink->stats().spooled_bytes, 0u);
}

INSTANTIATE_TEST_SUITE_P(FormatsAndTransports, RsyslogTest,
                         ::testing::Combine(::testing::Values(SyslogPayload::Json, SyslogPayload::Leef, SyslogPayload::Cef),
                                            ::testing::Bool()),
                         test_name);

TEST(RsyslogTls, AReceiverWhoseCertificateNamesAnotherHostGetsNothing) {
  if (::access(kRsyslogd, X_OK) != 0) GTEST_SKIP() << "rsyslogd is not installed";
  TempDir d;
  make_certs(d);
  Rsyslog r(d, true);
  r.start();
  TestSink s(d, r, SyslogPayload::Json, true, "ims.example.com");
  s.sink->write(event(0, "SECRETIVE"));
  EXPECT_FALSE(s.sink->flush(1500ms));
  auto st = s.sink->stats();
  EXPECT_EQ(st.sent, 0u);
  EXPECT_GE(st.connect_failures, 1u);
  EXPECT_GT(st.spooled_bytes, 0u);  // kept for when the configuration is fixed
  EXPECT_EQ(read_all(r.out()).find("SECRETIVE"), std::string::npos);
}

TEST(RsyslogTls, AReceiverGivenByAddressIsCheckedAgainstTheCertificatesIpAddresses) {
  if (::access(kRsyslogd, X_OK) != 0) GTEST_SKIP() << "rsyslogd is not installed";
  TempDir d;
  make_certs(d);
  Rsyslog r(d, true);
  r.start();
  {
    TestSink wrong(d, r, SyslogPayload::Json, true, "127.0.0.2");  // an address the certificate lacks
    wrong.sink->write(event(0, "WRONGADDR"));
    EXPECT_FALSE(wrong.sink->flush(1500ms));
  }
  std::filesystem::remove_all(d.file("spool"));
  TestSink right(d, r, SyslogPayload::Json, true, "127.0.0.1");
  right.sink->write(event(1, "BYADDRESS"));
  ASSERT_TRUE(right.sink->flush(20s));
  std::string text = wait_for(r.out(), "BYADDRESS", 1);
  EXPECT_NE(text.find("\"user\":\"BYADDRESS\""), std::string::npos) << text;
  EXPECT_EQ(text.find("WRONGADDR"), std::string::npos) << text;
}

TEST(RsyslogTls, AReceiverThatWantsAClientCertificateGetsEventsOnlyFromASinkThatHasOne) {
  if (::access(kRsyslogd, X_OK) != 0) GTEST_SKIP() << "rsyslogd is not installed";
  TempDir d;
  make_certs(d);
  Rsyslog r(d, true, "x509/certvalid");
  r.start();
  {
    TestSink anonymous(d, r, SyslogPayload::Json, true);
    anonymous.sink->write(event(0, "ANONYMOUS"));
    EXPECT_FALSE(anonymous.sink->flush(1500ms));
    EXPECT_EQ(anonymous.sink->stats().sent, 0u);
  }
  std::filesystem::remove_all(d.file("spool"));  // the next sink's spool, not the refused one's
  TestSink authenticated(d, r, SyslogPayload::Json, true, "", /*client_cert=*/true);
  authenticated.sink->write(event(1, "AUTHENTICATED"));
  ASSERT_TRUE(authenticated.sink->flush(20s));
  std::string text = wait_for(r.out(), "AUTHENTICATED", 1);
  EXPECT_NE(text.find("\"user\":\"AUTHENTICATED\""), std::string::npos) << text;
  EXPECT_EQ(text.find("ANONYMOUS"), std::string::npos) << text;
}

class RsyslogRestartTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (::access(kRsyslogd, X_OK) != 0) GTEST_SKIP() << "rsyslogd is not installed";
  }
};

TEST_P(RsyslogRestartTest, EventsWrittenWhileTheReceiverIsDownAllArriveWhenItReturns) {
  bool tls = GetParam();
  TempDir d;
  if (tls) make_certs(d);
  Rsyslog r(d, tls);
  r.start();
  TestSink s(d, r, SyslogPayload::Json, tls);
  s.sink->write(event(0, "BEFORE"));
  ASSERT_TRUE(s.sink->flush(20s));
  wait_for(r.out(), "BEFORE", 1);
  r.stop();

  constexpr int kN = 200;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kN; ++i) s.sink->write(event(i, "DOWN" + std::to_string(i) + "X"));
  // The writer never waited for the network.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_GT(s.sink->stats().spooled_bytes, 0u);

  r.start();
  ASSERT_TRUE(s.sink->flush(30s)) << "spooled: " << s.sink->stats().spooled_bytes;
  std::string text = wait_for(r.out(), "\"user\":\"DOWN", kN);
  for (int i = 0; i < kN; ++i)
    EXPECT_GE(count(text, "\"user\":\"DOWN" + std::to_string(i) + "X\""), 1u) << "event " << i << " lost";
  EXPECT_GE(s.sink->stats().reconnects, 1u);
  EXPECT_EQ(s.sink->stats().dropped, 0u);
}

INSTANTIATE_TEST_SUITE_P(Transports, RsyslogRestartTest, ::testing::Bool(),
                         [](const auto& info) { return std::string(info.param ? "Tls" : "Tcp"); });

}  // namespace
}  // namespace zgate::audit
