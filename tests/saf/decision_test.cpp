// The AUTH/FASTAUTH decision, one row per rule of reference racf-semantics.md §1 (the section
// and rule are in each row's name). The installation below is small but has one profile or
// user for every rule; variants switch SETROPTS GRPLIST, WHEN(PROGRAM) and GENERIC.
#include <gtest/gtest.h>

#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

enum Variant : unsigned { kPlain = 0, kGrplist = 1, kWhenProgram = 2, kNoGeneric = 4 };

struct Row {
  const char* name;
  const char* user;
  const char* cls;
  const char* resource;
  Access access;
  int rc;
  Reason reason;
  const char* profile;  // "" = none
  unsigned variant = kPlain;
  const char* program = "";
};
void PrintTo(const Row& r, std::ostream* os) { *os << r.name; }

class DecisionTable : public SafTest, public ::testing::WithParamInterface<Row> {
 protected:
  void SetUp() override {
    for (const char* g : {"PAYROLL", "AUDITG", "DEPT1", "DEPT2", "OPS"}) group(g);
    user("ALICE", "PAYROLL");
    user("BOB", "SYS1", {"AUDITG"});
    user("CAROL", "DEPT1", {"DEPT2"});
    user("DAVE", "SYS1").restricted = true;
    save("DAVE");
    user("ERIN", "OPS").operations = true;
    save("ERIN");
    user("FRANK", "SYS1").special = true;
    save("FRANK");
    user("GRACE", "PAYROLL");
    user("HEIDI", "DEPT2", {"DEPT1"});

    // TIMS: transactions.
    profile("TIMS", "PAYROLL");
    permit("TIMS", "PAYROLL", "PAYROLL", Access::Read);
    permit("TIMS", "PAYROLL", "GRACE", Access::None);
    permit("TIMS", "PAYROLL", "BOB", Access::Update);
    profile("TIMS", "PAY*");
    permit("TIMS", "PAY*", "PAYROLL", Access::Update);
    profile("TIMS", "PAYR%", Access::Read);
    profile("TIMS", "P*", Access::Read);
    profile("TIMS", "**");
    profile("TIMS", "OPEN", Access::Read);
    profile("TIMS", "STAR");
    permit("TIMS", "STAR", "*", Access::Read);
    profile("TIMS", "STARNONE", Access::Read);
    permit("TIMS", "STARNONE", "*", Access::None);
    permit("TIMS", "STARNONE", "ALICE", Access::Update);
    profile("TIMS", "WARNTX").warning = true;
    profile("TIMS", "COND");
    permit_when("TIMS", "COND", "ALICE", Access::Update, "PROGRAM", "PAYPGM");
    permit_when("TIMS", "COND", "PAYROLL", Access::Read, "PROGRAM", "ABC*");
    permit("TIMS", "COND", "GRACE", Access::Read);
    permit_when("TIMS", "COND", "GRACE", Access::Alter, "PROGRAM", "PAYPGM");
    profile("TIMS", "GRPX");
    permit("TIMS", "GRPX", "DEPT1", Access::Read);
    permit("TIMS", "GRPX", "DEPT2", Access::Update);
    profile("TIMS", "GRPNONE");
    permit("TIMS", "GRPNONE", "DEPT1", Access::None);
    permit("TIMS", "GRPNONE", "DEPT2", Access::Read);
    profile("TIMS", "ALTERTX");
    permit("TIMS", "ALTERTX", "ALICE", Access::Alter);
    profile("TIMS", "RESTOK", Access::Read);
    permit("TIMS", "RESTOK", "SYS1", Access::Read);
    profile("TIMS", "EXECTX");
    permit("TIMS", "EXECTX", "ALICE", Access::Execute);
    // GIMS: a transaction group protecting two members; GMEMB1 also has its own TIMS profile.
    profile("GIMS", "PAYGRP").members = {"GMEMB1", "GMEMB2", "GM%X"};
    permit("GIMS", "PAYGRP", "ALICE", Access::Read);
    profile("TIMS", "GMEMB1");
    permit("TIMS", "GMEMB1", "BOB", Access::Read);
    // CIMS: commands.
    profile("CIMS", "DIS");
    permit("CIMS", "DIS", "OPS", Access::Read);
    profile("CIMS", "STO");
    // FACILITY: dotted names.
    profile("FACILITY", "IMSXCF.XCFGRP1.HWS1");
    permit("FACILITY", "IMSXCF.XCFGRP1.HWS1", "BOB", Access::Read);
    profile("FACILITY", "IMSXCF.**");
    profile("FACILITY", "IMSXCF.XCFGRP1.*", Access::Read);
    profile("FACILITY", "IMSXCF.XCF%RP2.*");
    permit("FACILITY", "IMSXCF.XCF%RP2.*", "ALICE", Access::Read);
    // AIMS defined but its class stays inactive.
    profile("AIMS", "APSB1");
    save_profiles();

    const Row& r = GetParam();
    options([&](Options& o) {
      o.classact = {"TIMS", "GIMS", "CIMS", "FACILITY"};
      o.generic = {"TIMS", "CIMS", "FACILITY"};
      if (r.variant & kNoGeneric) o.generic.clear();
      o.grplist = r.variant & kGrplist;
      o.when_program = r.variant & kWhenProgram;
    });
  }
};

TEST_P(DecisionTable, GivesRacfReturnCodeReasonAndProfile) {
  const Row& r = GetParam();
  Decision d = check(r.user, r.cls, r.resource, r.access, r.program);
  EXPECT_EQ(d.rc, r.rc) << reason_text(d.reason) << " profile " << d.profile;
  EXPECT_EQ(d.reason, r.reason) << reason_text(d.reason);
  EXPECT_EQ(d.profile, r.profile);
}

using A = Access;
using R = Reason;
const Row kRows[] = {
    // §1.1 front of the pipeline
    {"s1_1_class_not_in_cdt_is_not_protected", "ALICE", "NOSUCH", "X", A::Read, 4, R::ClassNotDefined, ""},
    {"s1_1_inactive_class_is_not_protected", "ALICE", "AIMS", "APSB1", A::Read, 4, R::ClassInactive, ""},
    {"s1_7_no_profile_in_active_class_is_rc4", "ALICE", "CIMS", "XYZ", A::Read, 4, R::NoProfile, ""},
    {"s1_7_no_profile_without_generics_is_rc4", "ALICE", "TIMS", "ORDERS", A::Read, 4, R::NoProfile, "", kNoGeneric},
    // §1.2 access levels
    {"s1_2_update_satisfies_read", "ALICE", "TIMS", "PAYROLL2", A::Read, 0, R::GroupEntry, "PAY*"},
    {"s1_2_update_satisfies_update", "ALICE", "TIMS", "PAYROLL2", A::Update, 0, R::GroupEntry, "PAY*"},
    {"s1_2_update_does_not_satisfy_control", "ALICE", "TIMS", "PAYROLL2", A::Control, 8, R::GroupEntry, "PAY*"},
    {"s1_2_alter_satisfies_everything", "ALICE", "TIMS", "ALTERTX", A::Alter, 0, R::UserEntry, "ALTERTX"},
    {"s1_2_alter_satisfies_read", "ALICE", "TIMS", "ALTERTX", A::Read, 0, R::UserEntry, "ALTERTX"},
    {"s1_2_execute_does_not_satisfy_read", "ALICE", "TIMS", "EXECTX", A::Read, 8, R::UserEntry, "EXECTX"},
    {"s1_2_execute_satisfies_execute", "ALICE", "TIMS", "EXECTX", A::Execute, 0, R::UserEntry, "EXECTX"},
    {"s1_2_none_requested_is_always_satisfied", "DAVE", "TIMS", "PAYROLL", A::None, 0, R::Restricted, "PAYROLL"},
    // §1.3.1 user entry first
    {"s1_3_1_user_entry_used_even_if_group_gives_more", "GRACE", "TIMS", "PAYROLL", A::Read, 8, R::UserEntry, "PAYROLL"},
    {"s1_3_1_user_entry_grants", "BOB", "TIMS", "PAYROLL", A::Update, 0, R::UserEntry, "PAYROLL"},
    {"s1_3_1_user_entry_beats_id_star_none", "ALICE", "TIMS", "STARNONE", A::Update, 0, R::UserEntry, "STARNONE"},
    {"s1_3_1_user_entry_beats_grouping_class", "BOB", "TIMS", "GMEMB1", A::Read, 0, R::UserEntry, "GMEMB1"},
    // §1.3.2 groups
    {"s1_3_2_current_group_entry_grants", "ALICE", "TIMS", "PAYROLL", A::Read, 0, R::GroupEntry, "PAYROLL"},
    {"s1_3_2_current_group_read_not_update", "ALICE", "TIMS", "PAYROLL", A::Update, 8, R::GroupEntry, "PAYROLL"},
    {"s1_3_2_nogrplist_only_current_group_counts", "CAROL", "TIMS", "GRPX", A::Update, 8, R::GroupEntry, "GRPX"},
    {"s1_3_2_nogrplist_current_group_read", "CAROL", "TIMS", "GRPX", A::Read, 0, R::GroupEntry, "GRPX"},
    {"s1_3_2_grplist_highest_of_connected_groups", "CAROL", "TIMS", "GRPX", A::Update, 0, R::GroupEntry, "GRPX", kGrplist},
    {"s1_3_2_grplist_none_on_one_group_does_not_mask_another", "CAROL", "TIMS", "GRPNONE", A::Read, 0, R::GroupEntry, "GRPNONE", kGrplist},
    {"s1_3_2_nogrplist_group_none_denies", "CAROL", "TIMS", "GRPNONE", A::Read, 8, R::GroupEntry, "GRPNONE"},
    {"s1_3_2_nogrplist_other_current_group_counts", "HEIDI", "TIMS", "GRPNONE", A::Read, 0, R::GroupEntry, "GRPNONE"},
    {"s1_3_2_group_not_connected_does_not_count", "BOB", "TIMS", "GRPX", A::Read, 8, R::Uacc, "GRPX"},
    // §1.3.3 conditional access list
    {"s1_3_3_when_program_ignored_without_setropts_when", "ALICE", "TIMS", "COND", A::Update, 8, R::Uacc, "COND", kPlain, "PAYPGM"},
    {"s1_3_3_when_program_user_entry_grants", "ALICE", "TIMS", "COND", A::Update, 0, R::ConditionalEntry, "COND", kWhenProgram, "PAYPGM"},
    {"s1_3_3_when_program_other_program_not_satisfied", "ALICE", "TIMS", "COND", A::Read, 8, R::Uacc, "COND", kWhenProgram, "OTHER"},
    {"s1_3_3_when_program_no_program_not_satisfied", "ALICE", "TIMS", "COND", A::Read, 8, R::Uacc, "COND", kWhenProgram, ""},
    {"s1_3_3_conditional_raises_user_entry", "GRACE", "TIMS", "COND", A::Alter, 0, R::ConditionalEntry, "COND", kWhenProgram, "PAYPGM"},
    {"s1_3_3_conditional_only_increases", "GRACE", "TIMS", "COND", A::Read, 0, R::UserEntry, "COND", kWhenProgram, "ABCPGM"},
    {"s1_3_3_conditional_group_entry", "ALICE", "TIMS", "COND", A::Read, 0, R::ConditionalEntry, "COND", kWhenProgram, "ABCDEF"},
    // §1.3.4 ID(*)
    {"s1_3_4_id_star_applies_to_defined_users", "BOB", "TIMS", "STAR", A::Read, 0, R::IdStar, "STAR"},
    {"s1_3_4_id_star_read_not_update", "BOB", "TIMS", "STAR", A::Update, 8, R::IdStar, "STAR"},
    {"s1_3_4_id_star_none_overrides_uacc_read", "BOB", "TIMS", "STARNONE", A::Read, 8, R::IdStar, "STARNONE"},
    {"s1_3_4_id_star_not_for_restricted", "DAVE", "TIMS", "STAR", A::Read, 8, R::Restricted, "STAR"},
    // §1.3.5 UACC
    {"s1_3_5_uacc_read_grants_read", "BOB", "TIMS", "OPEN", A::Read, 0, R::Uacc, "OPEN"},
    {"s1_3_5_uacc_read_denies_update", "BOB", "TIMS", "OPEN", A::Update, 8, R::Uacc, "OPEN"},
    {"s1_3_5_uacc_none_denies", "BOB", "TIMS", "ORDERS", A::Read, 8, R::Uacc, "**"},
    {"s1_4_restricted_user_skips_uacc", "DAVE", "TIMS", "OPEN", A::Read, 8, R::Restricted, "OPEN"},
    {"s1_4_restricted_user_keeps_group_entries", "DAVE", "TIMS", "RESTOK", A::Read, 0, R::GroupEntry, "RESTOK"},
    {"s1_4_restricted_user_without_entry_is_denied", "DAVE", "TIMS", "PAYROLL2", A::Read, 8, R::Restricted, "PAY*"},
    // §1.3.6 OPERATIONS and SPECIAL do not open IMS classes
    {"s1_3_6_operations_does_not_grant_tims", "ERIN", "TIMS", "ORDERS", A::Read, 8, R::Uacc, "**"},
    {"s1_3_6_operations_group_entry_still_counts", "ERIN", "CIMS", "DIS", A::Read, 0, R::GroupEntry, "DIS"},
    {"s1_9_special_does_not_grant_resource_access", "FRANK", "CIMS", "STO", A::Read, 8, R::Uacc, "STO"},
    // §1.3.7 WARNING
    {"s1_3_7_warning_grants_what_would_be_denied", "BOB", "TIMS", "WARNTX", A::Update, 0, R::Warning, "WARNTX"},
    // §1.5 profile selection
    {"s1_5_discrete_beats_generic", "ALICE", "TIMS", "PAYROLL", A::Read, 0, R::GroupEntry, "PAYROLL"},
    {"s1_5_percent_beats_star", "BOB", "TIMS", "PAYRX", A::Read, 0, R::Uacc, "PAYR%"},
    {"s1_5_next_generic_when_percent_does_not_match", "BOB", "TIMS", "PAYRXY", A::Read, 8, R::Uacc, "PAY*"},
    {"s1_5_shorter_generic_when_longer_does_not_match", "BOB", "TIMS", "PQR", A::Read, 0, R::Uacc, "P*"},
    {"s1_5_double_star_protects_the_whole_class", "BOB", "TIMS", "ZZZ", A::Read, 8, R::Uacc, "**"},
    {"s1_5_star_matches_zero_characters", "ALICE", "TIMS", "PAY", A::Update, 0, R::GroupEntry, "PAY*"},
    {"s1_5_percent_needs_exactly_one_character", "BOB", "TIMS", "PAYRXX", A::Read, 8, R::Uacc, "PAY*"},
    {"s1_5_generics_unused_without_setropts_generic", "BOB", "TIMS", "PAYRX", A::Read, 4, R::NoProfile, "", kNoGeneric},
    {"s1_5_discrete_still_used_without_generic", "ALICE", "TIMS", "PAYROLL", A::Read, 0, R::GroupEntry, "PAYROLL", kNoGeneric},
    {"s1_5_facility_discrete_dotted", "BOB", "FACILITY", "IMSXCF.XCFGRP1.HWS1", A::Read, 0, R::UserEntry, "IMSXCF.XCFGRP1.HWS1"},
    {"s1_5_facility_star_qualifier_beats_double_star", "ALICE", "FACILITY", "IMSXCF.XCFGRP1.HWS2", A::Read, 0, R::Uacc, "IMSXCF.XCFGRP1.*"},
    {"s1_5_facility_percent_in_qualifier", "ALICE", "FACILITY", "IMSXCF.XCFGRP2.HWS1", A::Read, 0, R::UserEntry, "IMSXCF.XCF%RP2.*"},
    {"s1_5_facility_double_star_other_groups", "ALICE", "FACILITY", "IMSXCF.OTHER.HWS1", A::Read, 8, R::Uacc, "IMSXCF.**"},
    {"s1_5_facility_double_star_zero_qualifiers", "ALICE", "FACILITY", "IMSXCF", A::Read, 8, R::Uacc, "IMSXCF.**"},
    {"s1_5_facility_star_needs_a_qualifier", "ALICE", "FACILITY", "IMSXCF.XCFGRP1", A::Read, 8, R::Uacc, "IMSXCF.**"},
    // §1.6 grouping classes
    {"s1_6_grouping_member_protects_transaction", "ALICE", "TIMS", "GMEMB2", A::Read, 0, R::UserEntry, "PAYGRP"},
    {"s1_6_grouping_member_denies_others", "BOB", "TIMS", "GMEMB2", A::Read, 8, R::Uacc, "PAYGRP"},
    {"s1_6_member_class_profile_beats_grouping", "ALICE", "TIMS", "GMEMB1", A::Read, 8, R::Uacc, "GMEMB1"},
    {"s1_6_generic_member_of_grouping_profile", "ALICE", "TIMS", "GMAX", A::Read, 0, R::UserEntry, "PAYGRP"},
    // CIMS
    {"s1_3_2_grplist_cims_command_group_entry", "ERIN", "CIMS", "DIS", A::Read, 0, R::GroupEntry, "DIS", kGrplist},
    {"s1_6_cims_command_denied", "ALICE", "CIMS", "DIS", A::Read, 8, R::Uacc, "DIS"},
};

INSTANTIATE_TEST_SUITE_P(Rules, DecisionTable, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace zgate::saf::testing
