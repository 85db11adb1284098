// What the IMS Connect core puts on the audit trail (issue 17): every refusal with the codes the
// client got, whether RACF decided or IMS Connect refused before any RACF call, and every record
// of one connection (IMS Connect's, RACF's, OTMA's) under one correlation ID with the client's
// address, port and door.
#include <gtest/gtest.h>

#include "connect/authenticator.h"
#include "connect/connection.h"
#include "connect/return_codes.h"
#include "core_world.h"

namespace zgate::connect {
namespace {

class CoreAuditTest : public ::testing::Test, public testing::CoreWorld {
 protected:
  std::unique_ptr<Connection> connection(std::string address = "127.0.0.66:40123") {
    return CoreWorld::connection(std::move(address));
  }

  std::vector<audit::Event> with_code(const std::string& code) {
    std::vector<audit::Event> out;
    for (auto& e : sink.events())
      if (e.component_code == code) out.push_back(e);
    return out;
  }
};

TEST_F(CoreAuditTest, AnUnknownDataStoreIsRefusedBeforeRacfAndTheRecordSaysWhatTheClientGot) {
  auto c = connection();
  admit(*c, sign_on("CLERK", "SECRET1"), "NOSUCH");
  auto refused = with_code("REFUSED");
  ASSERT_EQ(refused.size(), 1u);
  const auto& e = refused[0];
  EXPECT_EQ(e.code, audit::EventCode::None);
  EXPECT_EQ(e.component, "IMSCONN");
  EXPECT_EQ(e.client_code, "RSM RC=8 RSN=72");
  EXPECT_EQ(e.datastore, "NOSUCH");
  EXPECT_EQ(e.source_ip, "127.0.0.66");
  EXPECT_EQ(e.source_port, 40123);
  EXPECT_EQ(e.door, "IRM");
  EXPECT_EQ(e.correlation.substr(0, 2), "IC");
  EXPECT_NE(e.detail.find("NOSUCH"), std::string::npos);
  // RACF was never asked: no JOBINIT record.
  for (const auto& x : sink.events()) EXPECT_NE(x.code, audit::EventCode::JobInit);
}

TEST_F(CoreAuditTest, AWrongPasswordLeavesRacfsRecordAndImsConnectsUnderOneCorrelationId) {
  auto c = connection();
  admit(*c, sign_on("CLERK", "WRONG1"));
  auto events = sink.events();
  const audit::Event* jobinit = nullptr;
  for (const auto& e : events)
    if (e.code == audit::EventCode::JobInit) jobinit = &e;
  ASSERT_NE(jobinit, nullptr);
  EXPECT_EQ(jobinit->qualifier, audit::verify_q::kInvalidPassword);
  EXPECT_TRUE(jobinit->violation);
  // Written by saf on the verify pool's thread, and still the connection's.
  EXPECT_EQ(jobinit->source_ip, "127.0.0.66");
  EXPECT_EQ(jobinit->door, "IRM");
  EXPECT_EQ(jobinit->datastore, "IMS1");
  auto refused = with_code("REFUSED");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].client_code, "RSM RC=8 RSN=40");
  EXPECT_EQ(refused[0].racf_rc, 8);
  EXPECT_EQ(refused[0].correlation, jobinit->correlation);
}

TEST_F(CoreAuditTest, TwoConnectionsHaveTwoCorrelationIds) {
  auto a = connection("127.0.0.10:1000");
  auto b = connection("127.0.0.10:1001");
  admit(*a, sign_on("CLERK", "SECRET1"), "NOSUCH");
  admit(*b, sign_on("CLERK", "SECRET1"), "NOSUCH");
  auto refused = with_code("REFUSED");
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_NE(refused[0].correlation, refused[1].correlation);
  EXPECT_EQ(refused[1].source_port, 1001);
}

TEST_F(CoreAuditTest, AnOtmaNakIsOnRecordWithItsSenseCodeAndTheMessageCarriesTheCorrelationToTm) {
  otma.on_send = [](const otma::OtmaMessage&) {
    otma::OtmaReply r;
    r.kind = otma::OtmaReply::Kind::Nak;
    r.sense = 0x1A;
    r.reason = 0x24;
    r.message = "DFS1292E SECURITY VIOLATION";
    return r;
  };
  auto c = connection();
  auto admitted = admit(*c, sign_on("CLERK", "SECRET1"));
  ASSERT_TRUE(std::holds_alternative<Admitted>(admitted));
  otma::OtmaMessage m;
  m.tmember = "HWS1";
  m.tpipe = "9999";
  m.segments = {"PAYTXN DATA"};
  m.security = Connection::security_of(std::get<Admitted>(admitted).who);
  std::optional<otma::OtmaReply> reply;
  c->send(m, [&](otma::OtmaReply r) { reply = std::move(r); });
  while (!reply) io.run_one();
  auto naks = with_code("OTMA_NAK");
  ASSERT_EQ(naks.size(), 1u);
  EXPECT_EQ(naks[0].client_code, "OTMA NAK SENSE X'001A' REASON X'24'");
  EXPECT_EQ(naks[0].user, "CLERK");
  EXPECT_EQ(naks[0].source_ip, "127.0.0.66");
  ASSERT_FALSE(otma.sent.empty());
  EXPECT_EQ(otma.sent.back().correlation, naks[0].correlation);
}

}  // namespace
}  // namespace zgate::connect
