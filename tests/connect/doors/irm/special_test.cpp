// PING and HWSPWCH, answered by the sample exits themselves (reference §1.7).
#include <gtest/gtest.h>

#include "connect/doors/irm/special.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

Request with_data(std::string_view data, Encoding e) {
  Request r;
  r.encoding = e;
  r.segments.push_back(Segment{0, encode_chars(data, e, core::CodePage::IBM037)});
  return r;
}

TEST(Special, PingImsConnectIsRecognisedInEitherCodePage) {
  for (auto e : {Encoding::Ebcdic, Encoding::Ascii}) {
    EXPECT_EQ(classify_special(with_data("PING IMS_CONNECT", e)), SpecialRequest::Ping);
    EXPECT_EQ(classify_special(with_data("PING IMS_CONNECT   ", e)), SpecialRequest::Ping);
    EXPECT_EQ(classify_special(with_data("ping ims_connect", e)), SpecialRequest::None);
    EXPECT_EQ(classify_special(with_data("IVTNO   DISPLAY", e)), SpecialRequest::None);
  }
}

TEST(Special, OnlyTheWholeTrimmedDataIsAPing) {
  // Only the head of a message is translated to classify it; the length still decides.
  for (auto e : {Encoding::Ebcdic, Encoding::Ascii}) {
    EXPECT_EQ(classify_special(with_data(std::string("PING IMS_CONNECT\0\0", 18), e)),
              SpecialRequest::Ping);
    EXPECT_EQ(classify_special(with_data("PING IMS_CONNECTX", e)), SpecialRequest::None);
    EXPECT_EQ(classify_special(with_data("PING IMS_CONNECT " + std::string(32000, 'A'), e)),
              SpecialRequest::None);
    EXPECT_EQ(classify_special(with_data("HWSPWCH        ", e)), SpecialRequest::None);
    EXPECT_EQ(classify_special(with_data(std::string(32000, 'A'), e)), SpecialRequest::None);
  }
}

TEST(Special, HwspwchSplitsOldNewAndVerifyIntoSecrets) {
  for (auto e : {Encoding::Ebcdic, Encoding::Ascii}) {
    auto r = with_data("HWSPWCH   oldpw/NewPw1/NewPw1", e);
    EXPECT_EQ(classify_special(r), SpecialRequest::PasswordChange);
    auto pc = parse_password_change(r);
    ASSERT_TRUE(pc);
    EXPECT_EQ(pc->old_password.reveal(), "oldpw");
    EXPECT_EQ(pc->new_password.reveal(), "NewPw1");
    EXPECT_EQ(pc->verify_password.reveal(), "NewPw1");
  }
}

TEST(Special, MalformedHwspwchIsNotAPasswordChange) {
  const auto e = Encoding::Ebcdic;
  EXPECT_FALSE(parse_password_change(with_data("HWSPWCH old/new", e)));
  EXPECT_FALSE(parse_password_change(with_data("HWSPWCH old//new", e)));
  EXPECT_FALSE(parse_password_change(with_data("HWSPWCHold/new/new", e)));
  EXPECT_FALSE(parse_password_change(with_data("hwspwch old/new/new", e)));
  EXPECT_FALSE(parse_password_change(with_data("HWSPWCH a/b/c/d", e)));
}

}  // namespace
}  // namespace zgate::connect
