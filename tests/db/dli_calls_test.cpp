// DL/I database calls as an IMS application programmer meets them: each status code IMS
// documents for these calls, exercised by a test named after it, and the command codes.
#include <gtest/gtest.h>

#include <thread>

#include "dli_world.h"

namespace zgate::db {
namespace {

using namespace testing;
using Clock = std::chrono::steady_clock;

class Dli : public ::testing::Test {
 protected:
  void SetUp() override { w.load(3); }
  std::string call(std::size_t pcb, const std::string& fn, const std::vector<std::string>& ssas,
                   const std::string& io = "", std::string* out = nullptr) {
    return DliWorld::st(*s, pcb, fn, ssas, io, out);
  }
  const DbPcbMask& mask(std::size_t pcb) { return s->pcb(pcb).mask(); }

  DliWorld w;
  std::unique_ptr<ScheduledPsb> s = w.schedule();
};

// ---- retrieval --------------------------------------------------------------------------

TEST_F(Dli, BlankGuByKeyReturnsTheSegmentAndFillsThePcbMask) {
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000002", "CUSTOMER 2"));
  EXPECT_EQ(mask(kAll).dbd_name, "CUSTDB");
  EXPECT_EQ(mask(kAll).level, 1);
  EXPECT_EQ(mask(kAll).segment, "CUSTOMER");
  EXPECT_EQ(mask(kAll).key_feedback, "00000002");
  EXPECT_EQ(mask(kAll).sensitive_segments, 4);
  EXPECT_EQ(mask(kAll).procopt, "AP");
}

TEST_F(Dli, BlankGuThroughTwoLevelsGivesTheConcatenatedKeyInTheKeyFeedback) {
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "= ", "00000003", 8), qual("CARD", "PAN", "EQ", "5500000000030002", 16)}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 16), "5500000000030002");
  EXPECT_EQ(mask(kAll).level, 2);
  EXPECT_EQ(mask(kAll).key_feedback, "000000035500000000030002");
}

TEST_F(Dli, GeGuForAKeyThatIsNotThereAndTheMaskShowsTheLevelSatisfied) {
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000009", 8)}), "GE");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), qual("CARD", "PAN", "EQ", "0000", 16)}), "GE");
  EXPECT_EQ(mask(kAll).level, 1);  // the customer was found, the card was not
  EXPECT_EQ(mask(kAll).key_feedback, "00000001");
}

TEST_F(Dli, GbUnqualifiedGnReachesTheEndOfTheDatabase) {
  int n = 0;
  std::string st;
  while ((st = call(kRead, "GN", {})) != "GB") {
    ASSERT_TRUE(st == "  " || st == "GA" || st == "GK") << st;
    ++n;
  }
  EXPECT_EQ(n, 9);  // 3 customers with 2 cards each; READPCB does not see TXN or NOTE
  // After GB, the next GN starts again at the beginning.
  EXPECT_EQ(call(kRead, "GN", {}), "  ");
  EXPECT_EQ(mask(kRead).key_feedback, "00000001");
}

TEST_F(Dli, GaAndGkUnqualifiedGnTellsWhenItMovesUpALevelOrToAnotherSegmentType) {
  ASSERT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("NOTE")}, pad("CALL BACK", 20)), "  ");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kAll, "GN", {}), "  ");  // CARD 1 (down a level)
  EXPECT_EQ(mask(kAll).segment, "CARD");
  EXPECT_EQ(call(kAll, "GN", {}), "  ");  // its TXN
  EXPECT_EQ(mask(kAll).segment, "TXN");
  EXPECT_EQ(call(kAll, "GN", {}), "GA");  // CARD 2: up a level
  EXPECT_EQ(mask(kAll).segment, "CARD");
  EXPECT_EQ(call(kAll, "GN", {}), "GK");  // NOTE: same level, another type
  EXPECT_EQ(mask(kAll).segment, "NOTE");
  EXPECT_EQ(call(kAll, "GN", {}), "GA");  // CUSTOMER 2
  EXPECT_EQ(mask(kAll).segment, "CUSTOMER");
}

TEST_F(Dli, QualifiedGnFindsTheNextSegmentOfItsTypeAcrossParents) {
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  std::vector<std::string> pans;
  std::string io;
  while (call(kAll, "GN", {ssa("CARD")}, "", &io) == "  ") pans.push_back(io.substr(0, 16));
  EXPECT_EQ(pans.size(), 6u);
  EXPECT_EQ(pans.front(), "4111000000010001");
  EXPECT_EQ(pans.back(), "5500000000030002");
}

TEST_F(Dli, GnpStaysUnderTheParentAndEndsWithGe) {
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}), "  ");
  EXPECT_EQ(call(kAll, "GNP", {ssa("CARD")}), "  ");
  EXPECT_EQ(call(kAll, "GNP", {ssa("CARD")}), "  ");
  EXPECT_EQ(call(kAll, "GNP", {ssa("CARD")}), "GE");
  EXPECT_EQ(call(kAll, "GNP", {}), "GE");  // nothing after the last card's subtree under customer 2
}

TEST_F(Dli, GpGnpWithoutParentage) { EXPECT_EQ(call(kAll, "GNP", {}), "GP"); }

TEST_F(Dli, BooleanOrAndRelationalOperatorsSelectSegments) {
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "(CUSTNO  EQ00000003|CUSTNO  EQ00000002)"}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000002");  // the first in hierarchical sequence that satisfies
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "(CUSTNO  >=00000002&CUSTNAMEEQ" + pad("CUSTOMER 3", 30) + ")"}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000003");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "NE", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000002");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "GT", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000002");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "< ", "00000002", 8)}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000001");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNAME", "EQ", "CUSTOMER 3", 30)}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 8), "00000003");
}

// ---- command codes ----------------------------------------------------------------------

TEST_F(Dli, CommandCodeDPathCallReturnsEverySegmentOnThePath) {
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "D"), ssa("CARD")}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000001", "CUSTOMER 1") + card("4111000000010001"));
}

TEST_F(Dli, CommandCodeDWithoutProcoptPIsAm) {
  EXPECT_EQ(call(kNoPath, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "D"), ssa("CARD")}), "AM");
}

TEST_F(Dli, CommandCodeLGetsTheLastOccurrenceAndFTheFirst) {
  std::string io;
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("CARD", "L")}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 16), "5500000000020002");
  EXPECT_EQ(call(kAll, "GN", {ssa("CARD", "F")}, "", &io), "  ");  // back to the first under the parent
  EXPECT_EQ(io.substr(0, 16), "4111000000020001");
}

TEST_F(Dli, CommandCodePSetsParentageAtItsLevel) {
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "P"), ssa("CARD")}), "  ");
  // Parentage is the customer, not the card: GNP sees the second card too.
  EXPECT_EQ(call(kAll, "GNP", {ssa("CARD")}), "  ");
  EXPECT_EQ(mask(kAll).key_feedback, "000000015500000000010002");
}

TEST_F(Dli, CommandCodeUHoldsTheSearchToTheCurrentSegmentAtThatLevel) {
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("CARD", "L")}), "  ");
  // GN TXN with U on CARD: only under the current (second) card, which has none.
  EXPECT_EQ(call(kAll, "GN", {ssa("CARD", "U"), ssa("TXN")}), "GE");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}), "  ");
  EXPECT_EQ(call(kAll, "GN", {ssa("CUSTOMER", "V"), ssa("CARD")}), "  ");
  EXPECT_EQ(mask(kAll).key_feedback.substr(0, 8), "00000002");
}

TEST_F(Dli, CommandCodeCQualifiesByTheConcatenatedKey) {
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {pad("CARD", 8) + "*C(" + std::string("00000003") + "4111000000030001)"}, "", &io), "  ");
  EXPECT_EQ(io.substr(0, 16), "4111000000030001");
}

TEST_F(Dli, CommandCodeNLeavesAPathSegmentUnreplaced) {
  std::string io;
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "D"), ssa("CARD")}, "", &io), "  ");
  std::string changed = customer("00000001", "RENAMED") + card("4111000000010001", "0130");
  EXPECT_EQ(call(kAll, "REPL", {ssa("CUSTOMER", "N")}, changed), "  ");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "D"), ssa("CARD")}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000001", "CUSTOMER 1") + card("4111000000010001", "0130"));
}

TEST_F(Dli, NullCommandCodeIsIgnored) {
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8, "-")}), "  ");
}

// ---- refusals ---------------------------------------------------------------------------

TEST_F(Dli, AcSsaSegmentNotInThePcbOrOutOfOrder) {
  EXPECT_EQ(call(kRead, "GU", {ssa("TXN")}), "AC");  // READPCB is not sensitive to TXN
  EXPECT_EQ(call(kAll, "GU", {ssa("CARD"), ssa("CUSTOMER")}), "AC");
  EXPECT_EQ(call(kAll, "GU", {ssa("CUSTOMER"), ssa("CUSTOMER")}), "AC");
  EXPECT_EQ(call(kAll, "GU", {ssa("NOSUCH")}), "AC");
}

TEST_F(Dli, AjInvalidSsaOrCommandCode) {
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "(CUSTNO  XX00000001)"}), "AJ");  // operator
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "(CUSTNO  EQ0001"}), "AJ");      // short value
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "(CUSTNO  EQ00000001%"}), "AJ");  // no ')'
  EXPECT_EQ(call(kAll, "GU", {ssa("CUSTOMER", "Q")}), "AJ");                       // Q refused
  EXPECT_EQ(call(kAll, "GU", {ssa("CUSTOMER", "FL")}), "AJ");
  EXPECT_EQ(call(kAll, "GU", {pad("CUSTOMER", 8) + "X"}), "AJ");
  EXPECT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}, customer("00000009", "X")), "AJ");
}

TEST_F(Dli, AkFieldTheSegmentDoesNotHaveOrTheProgramDoesNotSee) {
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "NOFIELD", "EQ", "x", 8)}), "AK");
  EXPECT_EQ(call(kName, "GU", {qual("CUSTOMER", "REGION", "EQ", "EU", 2)}), "AK");  // not a SENFLD
}

TEST_F(Dli, AdAFunctionThatIsNotADatabaseCall) { EXPECT_EQ(call(kAll, "XYZW", {}), "AD"); }

TEST_F(Dli, AmTheCallConflictsWithProcopt) {
  EXPECT_EQ(call(kRead, "ISRT", {ssa("CUSTOMER")}, customer("00000009", "NEW")), "AM");
  ASSERT_EQ(call(kRead, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kRead, "REPL", {}, customer("00000001", "CHANGED")), "AM");
  ASSERT_EQ(call(kRead, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kRead, "DLET", {}), "AM");
  EXPECT_EQ(call(kIns, "GU", {ssa("CUSTOMER")}), "AM");  // PROCOPT=I cannot read
  EXPECT_EQ(call(kIns, "ISRT", {ssa("CUSTOMER")}, customer("00000009", "NEW")), "  ");
}

TEST_F(Dli, DjReplOrDletWithoutAGetHoldJustBefore) {
  EXPECT_EQ(call(kAll, "REPL", {}, customer("00000001", "X")), "DJ");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kAll, "DLET", {}), "DJ");  // GU is not a get hold call
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  ASSERT_EQ(call(kAll, "GN", {}), "  ");  // any call in between ends the hold
  EXPECT_EQ(call(kAll, "REPL", {}, customer("00000001", "X")), "DJ");
}

TEST_F(Dli, DaReplThatChangesTheSequenceField) {
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kAll, "REPL", {}, customer("00000099", "CUSTOMER 1")), "DA");
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kAll, "DLET", {}, customer("00000099", "CUSTOMER 1")), "DA");
}

TEST_F(Dli, IiIsrtOfASegmentWhoseUniqueKeyExists) {
  EXPECT_EQ(call(kAll, "ISRT", {ssa("CUSTOMER")}, customer("00000002", "DUPLICATE")), "II");
  EXPECT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("CARD")}, card("4111000000020001")), "II");
}

TEST_F(Dli, GeIsrtUnderAParentThatDoesNotExist) {
  EXPECT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000077", 8), ssa("CARD")}, card("4111")), "GE");
}

TEST_F(Dli, V1AnIoAreaShorterThanTheSegment) {
  EXPECT_EQ(call(kAll, "ISRT", {ssa("CUSTOMER")}, "00000010SHORT"), "V1");
}

// A store that fails every read, as a damaged or vanished database file would.
class FailingStore final : public DatabaseStore {
 public:
  explicit FailingStore(bool open) : open_(open) {}
  bool next(std::string_view, std::string_view, bool, SegmentRow&) override { fail(); }
  bool prev(std::string_view, std::string_view, SegmentRow&) override { fail(); }
  void commit(const std::vector<Change>&) override { fail(); }

 private:
  [[noreturn]] void fail() { throw StoreError(open_ ? "cannot open" : "disk I/O error", open_); }
  bool open_;
};

TEST_F(Dli, AiTheDatabaseCannotBeOpenedAndAoAnIoErrorReadingIt) {
  FailingStore unopenable(true), broken(false);
  ScheduledPsb a(w.psb, w.dbds, unopenable, w.pi), b(w.psb, w.dbds, broken, w.pi);
  EXPECT_EQ(DliWorld::st(a, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "AI");
  EXPECT_EQ(DliWorld::st(b, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "AO");
  EXPECT_EQ(DliWorld::st(b, kAll, "GN", {}), "AO");
}

TEST_F(Dli, DxCannotAriseDletTakesTheSegmentWithAllItsDependents) {
  // Physical delete rules concern logical relationships, which zgate's DBDGEN refuses: a DLET
  // removes the segment and every dependent, and never answers DX.
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  EXPECT_EQ(call(kAll, "DLET", {}), "  ");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "GE");
  EXPECT_EQ(call(kAll, "GU", {pad("CARD", 8) + "*C(000000014111000000010001)"}), "GE");
  EXPECT_EQ(call(kAll, "GN", {}), "  ");  // the next GN goes on after where it was
  EXPECT_EQ(mask(kAll).key_feedback, "00000002");
}

// ---- updates, twins, field sensitivity -------------------------------------------------

TEST_F(Dli, ReplChangesTheSegmentForTheProgramAndNobodyElseUntilTheSyncPoint) {
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  ASSERT_EQ(call(kAll, "REPL", {}, customer("00000001", "NEW NAME")), "  ");
  std::string io;
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000001", "NEW NAME"));
  auto other = w.schedule();
  ASSERT_EQ(DliWorld::st(*other, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000001", "CUSTOMER 1"));
  w.store->commit(s->changes());
  s->committed();
  ASSERT_EQ(DliWorld::st(*other, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000001", "NEW NAME"));
}

TEST_F(Dli, AGnThroughTheDatabaseSeesWhatAnotherProgramCommittedMeanwhile) {
  // GN after GN keeps one SQLite scan open; a commit in between must not leave it reading the
  // snapshot it started on.
  ASSERT_EQ(call(kAll, "GN", {}), "  ");  // customer 1
  ASSERT_EQ(call(kAll, "GN", {}), "  ");  // its first card (ALLPCB sees every segment: no skips)
  // Another program, through another connection to the file (as the queue store's sync point
  // writes), changes a later record and commits.
  SqliteStore second(w.file, {&w.dbds.at("CUSTDB")});
  auto other = std::make_unique<ScheduledPsb>(w.psb, w.dbds, second, w.pi);
  ASSERT_EQ(DliWorld::st(*other, kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000003", 8)}), "  ");
  ASSERT_EQ(DliWorld::st(*other, kAll, "REPL", {}, customer("00000003", "CHANGED MEANWHILE")), "  ");
  second.commit(other->changes());
  other->committed();
  std::string io;
  std::string st;
  // Unqualified GN: the path that keeps the scan open.
  while (((st = call(kAll, "GN", {}, "", &io)) == "  " || st == "GA" || st == "GK") &&
         !(mask(kAll).segment == "CUSTOMER" && mask(kAll).key_feedback == "00000003")) {
  }
  ASSERT_EQ(mask(kAll).key_feedback, "00000003") << st;
  EXPECT_EQ(io, customer("00000003", "CHANGED MEANWHILE"));
}

TEST_F(Dli, BackOutForgetsEveryChange) {
  ASSERT_EQ(call(kAll, "ISRT", {ssa("CUSTOMER")}, customer("00000050", "NEW")), "  ");
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}), "  ");
  ASSERT_EQ(call(kAll, "DLET", {}), "  ");
  s->back_out();
  EXPECT_TRUE(s->changes().empty());
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000050", 8)}), "GE");
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}), "  ");
}

TEST_F(Dli, CommittedChangesAreThereAfterTheFileIsOpenedAgain) {
  ASSERT_EQ(call(kAll, "ISRT", {ssa("CUSTOMER")}, customer("00000050", "KEPT")), "  ");
  w.store->commit(s->changes());
  s->committed();
  s.reset();
  w.open();
  s = w.schedule();
  std::string io;
  EXPECT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000050", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000050", "KEPT"));
  EXPECT_EQ(w.store->count("CUSTDB"), 3u * 4u + 1u);
}

TEST_F(Dli, NonUniqueTwinsGoLastAndUnkeyedNotesFirstAsRulesSays) {
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("CARD")}), "  ");
  ASSERT_EQ(call(kAll, "ISRT", {ssa("TXN")}, txn("20261201", "20.00")), "  ");  // same date: after
  ASSERT_EQ(call(kAll, "ISRT", {ssa("TXN")}, txn("20261130", "30.00")), "  ");  // earlier date: before
  std::vector<std::string> amounts;
  std::string io;
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("CARD")}), "  ");
  while (call(kAll, "GNP", {ssa("TXN")}, "", &io) == "  ") amounts.push_back(io.substr(8, 5));
  EXPECT_EQ(amounts, (std::vector<std::string>{"30.00", "10.00", "20.00"}));

  ASSERT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("NOTE")}, pad("FIRST NOTE", 20)), "  ");
  ASSERT_EQ(call(kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("NOTE")}, pad("SECOND NOTE", 20)), "  ");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("NOTE")}, "", &io), "  ");
  EXPECT_EQ(io, pad("SECOND NOTE", 20));  // RULES=(,FIRST): the newest first
}

TEST_F(Dli, SenfldShowsOnlyTheSensitiveFieldsAndReplNoProtectsOne) {
  std::string io;
  ASSERT_EQ(call(kName, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}, "", &io), "  ");
  EXPECT_EQ(io, pad("00000001", 8) + pad("CUSTOMER 1", 30));  // no REGION
  EXPECT_EQ(call(kName, "REPL", {}, pad("00000001", 8) + pad("NEW NAME", 30)), "AM");
  // ISRT through field sensitivity: the region the program cannot see is blank.
  ASSERT_EQ(call(kName, "ISRT", {ssa("CUSTOMER")}, pad("00000020", 8) + pad("VIEWED", 30)), "  ");
  ASSERT_EQ(call(kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000020", 8)}, "", &io), "  ");
  EXPECT_EQ(io, customer("00000020", "VIEWED", "  "));
}

// ---- program isolation ------------------------------------------------------------------

TEST_F(Dli, AHeldRecordMakesAnotherProgramsGetHoldWait) {
  ASSERT_EQ(call(kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8)}), "  ");
  auto other = w.schedule();
  DbCall c;
  c.function = "GHU";
  const std::string q = qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8);
  c.ssas = {q};
  EXPECT_TRUE(other->call(kAll, c, std::nullopt).would_wait);
  EXPECT_TRUE(other->call(kAll, c, Clock::now() + std::chrono::milliseconds(20)).timed_out);
  // A read without hold does not wait, and another record is free.
  EXPECT_EQ(DliWorld::st(*other, kAll, "GU", {q}), "  ");
  EXPECT_EQ(DliWorld::st(*other, kAll, "GHU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8)}), "  ");
  // The holder's sync point frees the record, and the waiter sees what it committed.
  std::thread waiter([&] {
    auto r = other->call(kAll, c, Clock::now() + std::chrono::seconds(30));
    EXPECT_EQ(std::string(r.status, 2), "  ");
    EXPECT_EQ(r.io, customer("00000001", "UPDATED"));
  });
  ASSERT_EQ(call(kAll, "REPL", {}, customer("00000001", "UPDATED")), "  ");
  w.store->commit(s->changes());
  s->committed();
  waiter.join();
}

TEST_F(Dli, ADeadlockEndsTheProgramThatClosesTheCycle) {
  auto other = w.schedule();
  const std::string one = qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8);
  const std::string two = qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8);
  ASSERT_EQ(call(kAll, "GHU", {one}), "  ");
  ASSERT_EQ(DliWorld::st(*other, kAll, "GHU", {two}), "  ");
  DbCallResult first;
  std::thread a([&] {
    DbCall c;
    c.function = "GHU";
    c.ssas = {two};
    first = s->call(kAll, c, Clock::now() + std::chrono::seconds(30));
  });
  while (w.pi.waiting() == 0) std::this_thread::yield();
  DbCall c;
  c.function = "GHU";
  c.ssas = {one};
  auto r = other->call(kAll, c, Clock::now() + std::chrono::seconds(30));
  EXPECT_TRUE(r.deadlock);  // the victim: its caller ends it with U0777 and backs it out
  other->back_out();
  a.join();
  EXPECT_EQ(std::string(first.status, 2), "  ");
}

}  // namespace
}  // namespace zgate::db
