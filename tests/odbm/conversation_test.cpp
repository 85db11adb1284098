// ODBM's side of a DRDA conversation, command by command: the phone book read with GU and GN
// queries, a person added with ISRT and committed, a rollback, deallocation, and the replies
// a requester gets for commands out of order, unknown commands and broken chains.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "guard/guard.h"
#include "odbm/code_points.h"
#include "odbm/conversation.h"
#include "odbm/dli_requests.h"
#include "odbm_world.h"

namespace zgate::odbm::testing {
namespace {

using ::testing::HasSubstr;
constexpr core::CodePage kCp = core::CodePage::IBM037;

class ConversationTest : public ::testing::Test, public OdbmWorld {
 protected:
  Conversation& conv() {
    if (!conv_) conv_ = std::make_unique<Conversation>(odbm(), kCp, "192.0.2.7:40001");
    return *conv_;
  }
  // Sends one request chain, returns the reply chain.
  ReplyView send(const std::string& bytes, const std::string& user = "USERIDA") {
    std::size_t used = 0;
    auto chain = read_chain(bytes, used);
    EXPECT_TRUE(chain && used == bytes.size());
    Conversation::Outcome o = conv().handle(*chain, [&] { return std::optional(raco_for(user)); }, user);
    ended = o.end;
    ReplyView v;
    auto rc = read_chain(o.reply, used);
    EXPECT_TRUE(rc && used == o.reply.size()) << "the reply is one whole chain";
    if (rc) v.chain = *rc;
    return v;
  }
  std::vector<QueryRow> rows(const ReplyView& v) { return read_rows(v.query_data(), kCp); }
  std::unique_ptr<Conversation> conv_;
  bool ended = false;
};

TEST_F(ConversationTest, AccrdbAllocatesThePsbAndReturnsItsFeedback) {
  ReplyView v = send(request::accrdb(1, "PSB1.IVP1", kCp));
  ASSERT_TRUE(v.find(cp::ACCRDBRM));
  EXPECT_EQ(v.svrcod(cp::ACCRDBRM), 0);
  const auto params = read_parameters(v.find(cp::ACCRDBRM)->object.data);
  std::size_t at = 0;
  PsbFeedback f = read_psb_feedback(find(params, cp::ACCRDBFDBK)->data, at, kCp);
  EXPECT_EQ(f.psb, "PSB1");
  EXPECT_EQ(f.alias, "IVP1");
  EXPECT_TRUE(conv().allocated());
  EXPECT_EQ(v.chain.front().correlation, 1);
}

TEST_F(ConversationTest, AGuQueryDisplaysOnePersonWithThePcbFeedback) {
  send(request::accrdb(1, "PSB1", kCp));
  ReplyView v = send(request::opnqry(2, "PHONE", "GU", {"A1111111(A1111111 =LAST2     )"}, false, 0, kCp));
  ASSERT_TRUE(v.find(cp::OPNQRYRM));
  auto r = rows(v);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "  ");
  EXPECT_EQ(r[0].pcb.dbd, "DFSIVD1");
  EXPECT_EQ(r[0].pcb.level, 1);
  EXPECT_EQ(r[0].pcb.segment, "A1111111");
  EXPECT_EQ(r[0].pcb.key_feedback, "LAST2     ");
  EXPECT_EQ(r[0].data.substr(0, 20), "LAST2     FIRST2    ");
  EXPECT_TRUE(v.find(cp::ENDQRYRM)) << "a GU query ends after its row";
}

TEST_F(ConversationTest, AGuForSomeoneNotThereReturnsGe) {
  send(request::accrdb(1, "PSB1", kCp));
  auto r = rows(send(request::opnqry(2, "PHONE", "GU", {"A1111111(A1111111 =NOBODY    )"}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "GE");
  EXPECT_TRUE(r[0].data.empty());
}

TEST_F(ConversationTest, AGnQueryListsEveryoneAcrossBlocksAndEndsWithGb) {
  send(request::accrdb(1, "PSB1", kCp));
  ReplyView v = send(request::opnqry(2, "PHONE", "GN", {"A1111111 "}, true, 1, kCp));
  auto first = rows(v);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].data.substr(0, 5), "LAST1");
  EXPECT_FALSE(v.find(cp::ENDQRYRM));
  auto second = rows(send(request::cntqry(3, "PHONE", 1, kCp)));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].data.substr(0, 5), "LAST2");
  ReplyView last = send(request::cntqry(4, "PHONE", 0, kCp));
  auto third = rows(last);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].pcb.status, "GB");
  EXPECT_TRUE(last.find(cp::ENDQRYRM));
  ReplyView after = send(request::cntqry(5, "PHONE", 0, kCp));
  EXPECT_TRUE(after.find(cp::QRYNOPRM)) << "the query is closed";
}

TEST_F(ConversationTest, ABlockLargerThanADssIsSentInSeveralQrydtaObjectsAndReadsBackWhole) {
  send(request::accrdb(1, "PSB1", kCp));
  for (int i = 0; i < 400; ++i) {
    char last[16];
    std::snprintf(last, sizeof last, "P%04d", i);
    send(request::excsqlimm(static_cast<std::uint16_t>(2 + i), "PHONE", "ISRT", {"A1111111 "}, person(last, "F", "E", "Z"), kCp));
  }
  send(request::rdbcmm(500));
  ReplyView v = send(request::opnqry(501, "PHONE", "GN", {"A1111111 "}, true, 0, kCp));
  int objects = 0;
  for (const auto& d : v.chain) objects += d.object.cp == cp::QRYDTA;
  EXPECT_GE(objects, 2) << "a 32 KB block of ~110-byte rows does not fit one DSS";
  auto r = rows(v);
  ASSERT_GT(r.size(), 250u);
  for (const auto& row : r) EXPECT_EQ(row.pcb.status, "  ");
  EXPECT_EQ(r[0].data.substr(0, 5), "LAST1") << "rows in key order";
  EXPECT_EQ(r[2].data.substr(0, 5), "P0000");
  EXPECT_FALSE(v.find(cp::ENDQRYRM)) << "more rows than one block: CNTQRY goes on";
}

TEST_F(ConversationTest, AnIsrtCommittedWithRdbcmmIsThereForTheNextThread) {
  send(request::accrdb(1, "PSB1", kCp));
  ReplyView v = send(request::excsqlimm(2, "PHONE", "ISRT", {"A1111111 "}, person("LAST3", "FIRST3", "8-111-3333", "D03/R03"), kCp));
  const Dss* out = v.find(cp::OUTAIBDBPCB);
  ASSERT_TRUE(out);
  std::size_t at = 0;
  read_aib(out->object.data, at);
  EXPECT_EQ(read_pcb(out->object.data, at, kCp).status, "  ");
  ReplyView c = send(request::rdbcmm(3));
  EXPECT_EQ(c.code(cp::ENDUOWRM, cp::UOWDSP), cp::kUowCommitted);
  send(request::deallocdb(4, "PSB1", kCp));

  Conversation other(odbm(), kCp, "192.0.2.8:1");
  std::size_t used = 0;
  auto chain = *read_chain(request::accrdb(1, "PSB2", kCp), used);
  other.handle(chain, nullptr, "X");
  auto q = *read_chain(request::opnqry(2, "PHONE", "GU", {"A1111111(A1111111 =LAST3     )"}, false, 0, kCp), used);
  ReplyView v2;
  v2.chain = *read_chain(other.handle(q, nullptr, "X").reply, used);
  auto r = rows(v2);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "  ");
}

TEST_F(ConversationTest, RollbackAndDeallocationBackOutWhatWasNotCommitted) {
  send(request::accrdb(1, "PSB1", kCp));
  send(request::excsqlimm(2, "PHONE", "ISRT", {"A1111111 "}, person("LAST4", "F", "E", "Z"), kCp));
  EXPECT_EQ(send(request::rdbrllbck(3)).code(cp::ENDUOWRM, cp::UOWDSP), cp::kUowRolledBack);
  auto r = rows(send(request::opnqry(4, "PHONE", "GU", {"A1111111(A1111111 =LAST4     )"}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "GE");

  send(request::excsqlimm(5, "PHONE", "ISRT", {"A1111111 "}, person("LAST5", "F", "E", "Z"), kCp));
  ReplyView d = send(request::deallocdb(6, "PSB1", kCp));
  EXPECT_EQ(d.svrcod(cp::DEALLOCDBRM), 0);
  EXPECT_FALSE(conv().allocated());
  send(request::accrdb(7, "PSB1", kCp));
  r = rows(send(request::opnqry(8, "PHONE", "GU", {"A1111111(A1111111 =LAST5     )"}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "GE");
}

TEST_F(ConversationTest, ImscallRolbBacksOutAndChkpCommitsAndOtherCallsGetValnsprm) {
  send(request::accrdb(1, "PSB1", kCp));
  send(request::excsqlimm(2, "PHONE", "ISRT", {"A1111111 "}, person("LAST6", "F", "E", "Z"), kCp));
  EXPECT_EQ(send(request::imscall(3, "ROLB", kCp)).svrcod(cp::IMSCALLRM), 0);
  auto r = rows(send(request::opnqry(4, "PHONE", "GU", {"A1111111(A1111111 =LAST6     )"}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "GE") << "ROLB backed the ISRT out";
  send(request::excsqlimm(5, "PHONE", "ISRT", {"A1111111 "}, person("LAST7", "F", "E", "Z"), kCp));
  EXPECT_EQ(send(request::imscall(6, "CHKP", kCp)).svrcod(cp::IMSCALLRM), 0);
  send(request::rdbrllbck(7));  // nothing left to roll back: CHKP committed it
  r = rows(send(request::opnqry(8, "PHONE", "GU", {"A1111111(A1111111 =LAST7     )"}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "  ");
  EXPECT_TRUE(send(request::imscall(9, "XRST", kCp)).find(cp::VALNSPRM));
}

TEST_F(ConversationTest, AQueryBeforeAccrdbGetsRdbnacrm) {
  ReplyView v = send(request::opnqry(1, "PHONE", "GU", {}, false, 0, kCp));
  EXPECT_EQ(v.svrcod(cp::RDBNACRM), 8);
  EXPECT_FALSE(ended);
}

TEST_F(ConversationTest, ARefusedAccrdbGetsRdbathrmAndNoThread) {
  seed_profiles("IIMS");
  opt.security.isis = 'R';
  ReplyView v = send(request::accrdb(1, "PSB2", kCp), "USERIDB");
  EXPECT_EQ(v.svrcod(cp::RDBATHRM), 8);
  EXPECT_THAT(v.text(cp::RDBATHRM, cp::SRVDGN, kCp), HasSubstr("RACF RC=8"));
  EXPECT_FALSE(conv().allocated());
  EXPECT_TRUE(send(request::opnqry(2, "PHONE", "GU", {}, false, 0, kCp)).find(cp::RDBNACRM));
}

TEST_F(ConversationTest, AnUnknownPsbGetsRdbnfnrm) {
  EXPECT_EQ(send(request::accrdb(1, "NOSUCH", kCp)).svrcod(cp::RDBNFNRM), 8);
}

TEST_F(ConversationTest, ASecondAccrdbWhileAllocatedGetsRdbaccrm) {
  send(request::accrdb(1, "PSB1", kCp));
  EXPECT_TRUE(send(request::accrdb(2, "PSB2", kCp)).find(cp::RDBACCRM));
}

TEST_F(ConversationTest, AnUnknownPcbNameGetsAibReturnCode0108) {
  send(request::accrdb(1, "PSB1", kCp));
  auto r = rows(send(request::opnqry(2, "NOPCB", "GU", {}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].aib.return_code, kAibRcParm);
  EXPECT_EQ(r[0].aib.reason_code, kAibRsnNoPcb);
}

TEST_F(ConversationTest, IbmsDfsivp1WithoutPcbnameIsReachedAsDbpcb01) {
  send(request::accrdb(1, "DFSIVP1", kCp));
  auto r = rows(send(request::opnqry(2, "DBPCB01", "GU", {"A1111111 "}, false, 0, kCp)));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pcb.status, "  ");
}

TEST_F(ConversationTest, AnUpdateInAQueryOrARetrievalInExcsqlimmGetsValnsprm) {
  send(request::accrdb(1, "PSB1", kCp));
  EXPECT_TRUE(send(request::opnqry(2, "PHONE", "ISRT", {}, false, 0, kCp)).find(cp::VALNSPRM));
  EXPECT_TRUE(send(request::excsqlimm(3, "PHONE", "GU", {}, "", kCp)).find(cp::VALNSPRM));
}

TEST_F(ConversationTest, AnUnknownCommandGetsCmdnsprm) {
  std::string bytes = DssChain(1).add(DssType::Request, 0x2010, {}).bytes();
  ReplyView v = send(bytes);
  EXPECT_EQ(v.svrcod(cp::CMDNSPRM), 8);
}

TEST_F(ConversationTest, AMissingPcbnameIsASyntaxErrorThatEndsTheConversationAndFreesThePsb) {
  send(request::accrdb(1, "PSB1", kCp));
  std::string bytes = DssChain(2).add(DssType::Request, cp::OPNQRY, {}).add(DssType::Object, cp::DLIFUNC, core::to_ebcdic("GU", kCp)).bytes();
  ReplyView v = send(bytes);
  EXPECT_EQ(v.code(cp::SYNTAXRM, cp::SYNERRCD), cp::kSynerrRequiredObjectNotFound);
  EXPECT_TRUE(ended);
  EXPECT_FALSE(conv().allocated());
  EXPECT_EQ(odbm().allocated(), 0u);
}

TEST_F(ConversationTest, AnSsalistOf16SsasOrWithALengthPastItsEndIsRefused) {
  send(request::accrdb(1, "PSB1", kCp));
  std::vector<std::string> many(16, "A1111111 ");
  EXPECT_TRUE(send(request::opnqry(2, "PHONE", "GN", many, false, 0, kCp)).find(cp::VALNSPRM));
  std::string list;
  put16(list, 1);
  put16(list, 500);
  list += "A1111111 ";
  std::string bytes = DssChain(3)
                          .add(DssType::Request, cp::OPNQRY, param(cp::PCBNAME, core::to_ebcdic("PHONE", kCp)))
                          .add(DssType::Object, cp::DLIFUNC, core::to_ebcdic("GU", kCp))
                          .add(DssType::Object, cp::SSALIST, list)
                          .bytes();
  EXPECT_TRUE(send(bytes).find(cp::SYNTAXRM));
  EXPECT_TRUE(ended);
}

}  // namespace
}  // namespace zgate::odbm::testing

namespace zgate::odbm::testing {
namespace {

// Issue 17, section 3: the data-access policy on the database path. Each DL/I call is asked
// about first (access rules) and each segment returned after (extrusion rules): a match is
// masked in the row the requester gets; a call over the threshold gets CMDATHRM (not
// authorized to command) and the conversation ends, its PSB deallocated.
TEST_F(ConversationTest, UnderAPolicyReturnedFieldsAreMaskedAndCallsOverTheThresholdGetCmdathrm) {
  audit::MemorySink decisions;
  guard::Guard g(guard::parse_policy(R"(
[[rule]]
name = "Mask extensions"
kind = "extrusion"
pattern = "regex:8-111-[0-9]{4}"
action = "mask"

[[rule]]
name = "Phone book in volume"
kind = "access"
segments = ["A1111111"]
count = 3
window = 60
action = "block"
)",
                                     "policy.toml"),
                 decisions);
  opt.guard = &g;
  send(request::accrdb(1, "PSB1", kCp));
  ASSERT_TRUE(conv().allocated());
  for (int i = 0; i < 3; ++i) {
    ReplyView v = send(request::opnqry(2, "PHONE", "GU", {"A1111111(A1111111 =LAST2     )"}, false, 0, kCp));
    auto r = rows(v);
    ASSERT_EQ(r.size(), 1u) << i;
    EXPECT_EQ(r[0].pcb.status, "  ");
    EXPECT_THAT(r[0].data, HasSubstr("LAST2")) << "the rest of the segment as stored";
    EXPECT_THAT(r[0].data, HasSubstr("**********")) << "the extension masked";
    EXPECT_EQ(r[0].data.find("8-111-2222"), std::string::npos) << r[0].data;
    EXPECT_FALSE(ended);
  }
  ReplyView refused = send(request::opnqry(2, "PHONE", "GU", {"A1111111(A1111111 =LAST2     )"}, false, 0, kCp));
  ASSERT_TRUE(refused.find(cp::CMDATHRM));
  EXPECT_EQ(refused.svrcod(cp::CMDATHRM), cp::kSvrError);
  EXPECT_TRUE(rows(refused).empty()) << "no row goes back with the refusal";
  EXPECT_TRUE(ended) << "S-GATE TERMINATE: the conversation ends";
  EXPECT_FALSE(conv().allocated()) << "and its PSB is deallocated";
  int masks = 0, blocks = 0;
  for (const auto& e : decisions.events()) {
    masks += e.component_code == "POLICY_MASK";
    blocks += e.component_code == "POLICY_BLOCK";
    EXPECT_EQ(e.user, "USERIDA");
    EXPECT_EQ(e.door, "DRDA");
  }
  EXPECT_EQ(masks, 3);
  EXPECT_EQ(blocks, 1);
}

}  // namespace
}  // namespace zgate::odbm::testing
