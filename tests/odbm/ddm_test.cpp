// DRDA's framing as the IMS Universal drivers send it to IMS Connect's DRDA port: DSS headers,
// chains, DDM objects and their parameters, and every way a length can lie.
#include <gtest/gtest.h>

#include "odbm/code_points.h"
#include "odbm/ddm.h"

namespace zgate::odbm {
namespace {

std::string excsat() {
  std::string params = object_bytes(cp::EXTNAM, "JCC") + object_bytes(cp::SRVNAM, "CLIENT1");
  return dss_bytes(DssType::Request, 0, 1, object_bytes(cp::EXCSAT, params));
}

TEST(Ddm, AnExcsatRequestReadsAsOneDssWithItsParameters) {
  const std::string wire = excsat();
  std::size_t used = 0;
  auto d = read_dss(wire, used);
  ASSERT_TRUE(d);
  EXPECT_EQ(used, wire.size());
  EXPECT_EQ(d->type, DssType::Request);
  EXPECT_EQ(d->correlation, 1);
  EXPECT_FALSE(d->chained());
  EXPECT_EQ(d->object.cp, cp::EXCSAT);
  auto params = read_parameters(d->object.data);
  ASSERT_EQ(params.size(), 2u);
  ASSERT_NE(find(params, cp::SRVNAM), nullptr);
  EXPECT_EQ(find(params, cp::SRVNAM)->data, "CLIENT1");
  EXPECT_EQ(find(params, cp::SECMEC), nullptr);
}

TEST(Ddm, APartialDssIsNotReadUntilItIsWhole) {
  const std::string wire = excsat();
  for (std::size_t n = 0; n < wire.size(); ++n) {
    std::size_t used = 99;
    EXPECT_FALSE(read_dss(std::string_view(wire).substr(0, n), used)) << n;
    EXPECT_EQ(used, 0u);
  }
}

TEST(Ddm, AChainOfSecchkAndAccrdbIsReadTogetherAndTheSameCorrelatorPromiseIsKept) {
  std::string secchk = object_bytes(cp::SECCHK, object_bytes(cp::SECMEC, std::string("\0\3", 2)) +
                                                    object_bytes(cp::USRID, "USERIDA") + object_bytes(cp::PASSWORD, "SECRET"));
  std::string accrdb = object_bytes(cp::ACCRDB, object_bytes(cp::RDBNAM, "PSB1"));
  std::string wire = dss_bytes(DssType::Request, kChained, 2, secchk) + dss_bytes(DssType::Request, 0, 3, accrdb);
  std::size_t used = 0;
  auto chain = read_chain(wire, used);
  ASSERT_TRUE(chain);
  EXPECT_EQ(used, wire.size());
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[1].object.cp, cp::ACCRDB);
  // Without its last DSS the chain is not complete.
  EXPECT_FALSE(read_chain(std::string_view(wire).substr(0, wire.size() - 1), used));
  // A DSS that promised the same correlator (X'50') and a next one with another: SYNTAXRM.
  std::string bad = dss_bytes(DssType::Request, kChained | kSameCorrelator, 2, secchk) + dss_bytes(DssType::Request, 0, 3, accrdb);
  try {
    read_chain(bad, used);
    FAIL();
  } catch (const DdmError& e) {
    EXPECT_EQ(e.code, SyntaxError::SameCorrelatorMismatch);
  }
}

struct Lie {
  const char* name;
  std::string bytes;
  SyntaxError code;
};
void PrintTo(const Lie& l, std::ostream* os) { *os << l.name; }
class DdmRefuses : public ::testing::TestWithParam<Lie> {};

TEST_P(DdmRefuses, WithTheSyntaxErrorCodeSyntaxrmCarries) {
  std::size_t used = 0;
  try {
    read_dss(GetParam().bytes, used);
    FAIL() << "read";
  } catch (const DdmError& e) {
    EXPECT_EQ(e.code, GetParam().code) << e.what();
  }
}

std::string header(std::uint16_t len, std::uint8_t id, std::uint8_t fmt) {
  std::string s;
  put16(s, len);
  s.push_back(static_cast<char>(id));
  s.push_back(static_cast<char>(fmt));
  put16(s, 1);
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Lengths, DdmRefuses,
    ::testing::Values(
        Lie{"DssShorterThanItsHeader", header(5, 0xD0, 1), SyntaxError::DssLengthLessThan6},
        Lie{"NotD0", header(10, 0xD1, 1) + object_bytes(0x1041, ""), SyntaxError::DssNotD0},
        Lie{"ContinuedDss", header(0x8010, 0xD0, 1), SyntaxError::DssContinuation},
        Lie{"UnknownType", header(10, 0xD0, 7) + object_bytes(0x1041, ""), SyntaxError::DssFormat},
        Lie{"SameCorrelatorWithoutChain", header(10, 0xD0, 0x11) + object_bytes(0x1041, ""), SyntaxError::DssFormat},
        Lie{"ObjectLongerThanItsDss", header(10, 0xD0, 1) + std::string("\x00\x09\x10\x41", 4), SyntaxError::ObjectLengthMismatch},
        Lie{"ObjectShorterThanItsLlAndCp", header(10, 0xD0, 1) + std::string("\x00\x03\x10\x41", 4), SyntaxError::ObjectLengthLessThan4},
        Lie{"ObjectThatDoesNotFillItsDss", header(12, 0xD0, 1) + object_bytes(0x1041, "") + "xx", SyntaxError::DssLengthMismatch},
        Lie{"ExtendedObjectLength", header(14, 0xD0, 1) + std::string("\x80\x08\x10\x41\x00\x00\x00\x08", 8), SyntaxError::ExtendedLength}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Ddm, AParameterOverrunningItsObjectIsRefused) {
  EXPECT_THROW(read_parameters(std::string("\x00\x0A\x11\xA0" "AB", 6)), DdmError);
  EXPECT_TRUE(read_parameters("").empty());
}

TEST(Ddm, WritingRefusesWhatDoesNotFitOneDss) {
  EXPECT_THROW(object_bytes(cp::QRYDTA, std::string(kMaxDss, 'x')), std::length_error);
  EXPECT_THROW(dss_bytes(DssType::Object, 0, 1, std::string(kMaxDss, 'x')), std::length_error);
  const std::string ok = dss_bytes(DssType::Object, 0, 1, object_bytes(cp::QRYDTA, std::string(kMaxDss - 10, 'x')));
  EXPECT_EQ(ok.size(), kMaxDss);
  std::size_t used = 0;
  EXPECT_TRUE(read_dss(ok, used));
}

}  // namespace
}  // namespace zgate::odbm
