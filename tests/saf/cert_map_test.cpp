// Certificate name filters: DN forms (RACF's dotted form, OpenSSL's RFC 4514 text), RACF's
// search order for matching filters, NOTRUST, the mapped user's state, validation, and that
// filters are stored, survive a reopen and migrate into an older database.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "saf/cert_map.h"
#include "temp_db.h"
#include "saf/store/sqlite_schema.h"
#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

namespace fs = std::filesystem;

// ---- DN forms --------------------------------------------------------------------------------

Dn dn(std::string_view text) {
  auto d = parse_racf_dn(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Dn{});
}

TEST(RacfDn, SplitsAtPeriodsThatStartAnRdn) {
  EXPECT_EQ(dn("CN=Alice.OU=Payments.O=Bank.C=US"),
            (Dn{{"CN", "Alice"}, {"OU", "Payments"}, {"O", "Bank"}, {"C", "US"}}));
  // Periods and blanks inside values stay there: only '.TYPE=' ends an RDN.
  EXPECT_EQ(dn("OU=Dept. A.O=ABC Company.C=US"), (Dn{{"OU", "Dept. A"}, {"O", "ABC Company"}, {"C", "US"}}));
  EXPECT_EQ(dn("O=Bank, Inc..C=US"), (Dn{{"O", "Bank, Inc."}, {"C", "US"}}));
  EXPECT_EQ(dn("CN=host.example.com.O=X"), (Dn{{"CN", "host.example.com"}, {"O", "X"}}));
  EXPECT_TRUE(dn("").empty());
}

TEST(RacfDn, TypesAreFoldedToRacfNamesValuesKeptAsWritten) {
  EXPECT_EQ(dn("cn=Alice.st=NY.E=a@b.c"), (Dn{{"CN", "Alice"}, {"SP", "NY"}, {"EMAIL", "a@b.c"}}));
  EXPECT_EQ(dn("2.5.4.3=Alice.2.5.4.10=Bank"), (Dn{{"CN", "Alice"}, {"O", "Bank"}}));
  EXPECT_EQ(racf_dn_text(dn("cn=Alice.st=NY")), "CN=Alice.SP=NY");
}

TEST(RacfDn, NotADn) {
  EXPECT_FALSE(parse_racf_dn("Alice"));
  EXPECT_FALSE(parse_racf_dn("=Alice"));
  EXPECT_FALSE(parse_racf_dn("C N=Alice"));
  EXPECT_FALSE(parse_racf_dn(".CN=Alice"));
}

TEST(RacfDn, HostileNamesStayLinear) {
  // Thousands of periods without a type after them: the look-ahead is bounded.
  std::string value(200'000, '.');
  auto d = parse_racf_dn("CN=" + value + ".C=US");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size(), 2u);
}

TEST(Rfc4514, OpensslRfc2253TextBecomesRacfForm) {
  EXPECT_EQ(racf_dn_from_rfc4514("CN=Alice,OU=Payments,O=Bank,C=US"), "CN=Alice.OU=Payments.O=Bank.C=US");
  EXPECT_EQ(racf_dn_from_rfc4514("CN=Alice,ST=New York,L=Albany,C=US"), "CN=Alice.SP=New York.L=Albany.C=US");
  EXPECT_EQ(racf_dn_from_rfc4514("emailAddress=a@b.example,CN=A"), "EMAIL=a@b.example.CN=A");
  EXPECT_EQ(racf_dn_from_rfc4514(""), "");
}

TEST(Rfc4514, EscapesAndQuotes) {
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=Smith\, John,O=Bank\, Inc.,C=US)"), "CN=Smith, John.O=Bank, Inc..C=US");
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=a\2Cb\+c\\d\"e,C=US)"), R"(CN=a,b+c\d"e.C=US)");
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN="Smith, John",C=US)"), "CN=Smith, John.C=US");
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=\ lead\ ,C=US)"), "CN= lead .C=US");  // escaped blanks kept
  // UTF-8 written as hex escapes comes back as the bytes.
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=J\C3\BCrgen,C=DE)"), "CN=J\xC3\xBCrgen.C=DE");
  // And the converted text splits back into the same RDNs.
  auto back = parse_racf_dn(*racf_dn_from_rfc4514(R"(CN=Smith\, John,O=Bank\, Inc.,C=US)"));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (Dn{{"CN", "Smith, John"}, {"O", "Bank, Inc."}, {"C", "US"}}));
}

TEST(Rfc4514, OneLineFormBlanksSemicolonsAndMultiValuedRdns) {
  EXPECT_EQ(racf_dn_from_rfc4514("CN = Alice, O = Bank, C = US"), "CN=Alice.O=Bank.C=US");
  EXPECT_EQ(racf_dn_from_rfc4514("CN=Alice;O=Bank"), "CN=Alice.O=Bank");
  EXPECT_EQ(racf_dn_from_rfc4514("CN=Alice+UID=alice,O=Bank"), "CN=Alice+UID=alice.O=Bank");
  EXPECT_EQ(racf_dn_from_rfc4514("2.5.4.3=Alice,O=Bank"), "CN=Alice.O=Bank");
}

TEST(Rfc4514, NotADn) {
  EXPECT_FALSE(racf_dn_from_rfc4514("Alice"));
  EXPECT_FALSE(racf_dn_from_rfc4514("CN=Alice,Bank"));
  EXPECT_FALSE(racf_dn_from_rfc4514("CN=Alice\\"));
  EXPECT_FALSE(racf_dn_from_rfc4514("CN=\"Alice"));
  EXPECT_FALSE(racf_dn_from_rfc4514("CN=\"Alice\"x,C=US"));
}

// Found by fuzz_cert_map: RACF's form has no escapes, so a value holding '.TYPE=' came back from
// parse_racf_dn as RDNs the certificate does not have. A certificate from a trusted CA with
// CN 'alice.OU=Payments' (and O=Bank) read as CN=alice.OU=Payments.O=Bank: alice's filter.
TEST(Rfc4514, ValuesThatRacfFormWouldSplitAreRefused) {
  EXPECT_EQ(racf_dn_from_rfc4514("CN=alice.OU=Payments,O=Bank"), std::nullopt);
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=alice.OU\=Payments,O=Bank)"), std::nullopt);  // escaped '='
  EXPECT_EQ(racf_dn_from_rfc4514(R"(SP=ZP..1\=)"), std::nullopt);  // the fuzzer's: '.1=' reads as an OID type
  EXPECT_EQ(racf_dn_from_rfc4514("SP=ZP..1=x"), std::nullopt);
  EXPECT_EQ(racf_dn_from_rfc4514("O=a.2.5.4.3=b,C=US"), std::nullopt);  // '.2.5.4.3=' likewise
  // An escaped '+' that would read as a multi-valued RDN's next value.
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=Alice\+UID=alice,O=Bank)"), std::nullopt);
  EXPECT_EQ(racf_dn_from_rfc4514("CN=Alice+UID=alice,O=Bank"), "CN=Alice+UID=alice.O=Bank");
  // Periods, '+' and '=' that cannot start an RDN are still fine.
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=host.example.com,O=Bank\, Inc.,C=US)"), "CN=host.example.com.O=Bank, Inc..C=US");
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=a\+b,O=x\=y)"), "CN=a+b.O=x=y");
  EXPECT_EQ(racf_dn_from_rfc4514(R"(CN=1\+1\=2)"), std::nullopt);  // '+1=': an OID type and '='
}

// ---- matching through the security manager -------------------------------------------------------

class CertMapTest : public SafTest {
 protected:
  CertMapTest() {
    user("ALICE", "SYS1");
    user("PAYROLL", "SYS1");
    user("BANKUSR", "SYS1");
    user("WEBUSER", "SYS1");
  }
  void map(const std::string& user, const std::string& label, const std::string& sdn, const std::string& idn = "",
           bool trusted = true) {
    CertMap m;
    m.user = user;
    m.label = label;
    m.subject_filter = sdn;
    m.issuer_filter = idn;
    m.trusted = trusted;
    sm->put_cert_map(m);
  }
  std::optional<std::string> who(const std::string& subject, const std::string& issuer = kCa) {
    return sm->map_certificate(subject, issuer);
  }
  static constexpr const char* kCa = "CN=Bank CA.O=Bank.C=US";
};

TEST_F(CertMapTest, NoFilterNoUser) { EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt); }

TEST_F(CertMapTest, APeriodInACertificateValueCannotForgeAnRdn) {
  map("ALICE", "alice", "CN=alice.OU=Payments.O=Bank");
  EXPECT_EQ(who(racf_dn_from_rfc4514("CN=alice,OU=Payments,O=Bank").value()), "ALICE");
  // Mallory's CA-issued CN 'alice.OU=Payments' has no OU of its own: it maps to nobody (the
  // authenticator leaves a certificate whose name does not convert unmapped).
  EXPECT_EQ(racf_dn_from_rfc4514("CN=alice.OU=Payments,O=Bank"), std::nullopt);
}

TEST_F(CertMapTest, FilterMatchesTheLeastSpecificEndOfTheName) {
  map("BANKUSR", "bank", "O=Bank.C=US");
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "BANKUSR");
  EXPECT_EQ(who("O=Bank.C=US"), "BANKUSR");  // the full name is its own suffix
  EXPECT_EQ(who("CN=Alice.O=Bank.C=UK"), std::nullopt);
  EXPECT_EQ(who("CN=Alice.O=Bank"), std::nullopt);
  // Whole RDNs only: 'O=Bank' is not a suffix of 'O=BigBank'.
  EXPECT_EQ(who("CN=Alice.O=BigBank.C=US"), std::nullopt);
  // Nor is a filter in the middle of the name.
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US.DC=com"), std::nullopt);
}

TEST_F(CertMapTest, MostSpecificSubjectFilterWins) {
  map("BANKUSR", "bank", "O=Bank.C=US");
  map("PAYROLL", "payments", "OU=Payments.O=Bank.C=US");
  map("ALICE", "alice", "CN=Alice.OU=Payments.O=Bank.C=US");
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "ALICE");
  EXPECT_EQ(who("CN=Bob.OU=Payments.O=Bank.C=US"), "PAYROLL");
  EXPECT_EQ(who("CN=Carol.OU=Loans.O=Bank.C=US"), "BANKUSR");
}

TEST_F(CertMapTest, ValuesAreCaseSensitiveTypesAreNot) {
  map("BANKUSR", "bank", "o=Bank.c=US");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), "BANKUSR");
  EXPECT_EQ(who("CN=Alice.O=BANK.C=US"), std::nullopt);
}

TEST_F(CertMapTest, IssuerFilterWithSubjectNeedsTheFullIssuerName) {
  map("PAYROLL", "payments", "OU=Payments.O=Bank.C=US", kCa);
  EXPECT_EQ(who("CN=Bob.OU=Payments.O=Bank.C=US", kCa), "PAYROLL");
  EXPECT_EQ(who("CN=Bob.OU=Payments.O=Bank.C=US", "CN=Other CA.O=Bank.C=US"), std::nullopt);
  // RACF never searches subject + partial issuer: a longer issuer name does not match.
  EXPECT_EQ(who("CN=Bob.OU=Payments.O=Bank.C=US", "OU=Sub.CN=Bank CA.O=Bank.C=US"), std::nullopt);
}

TEST_F(CertMapTest, IssuerOnlyFilterMatchesPartialIssuerNames) {
  map("WEBUSER", "internet", "", "O=Bank.C=US");
  EXPECT_EQ(who("CN=Anyone.O=Elsewhere", "CN=Bank CA.O=Bank.C=US"), "WEBUSER");
  EXPECT_EQ(who("CN=Anyone.O=Elsewhere", "CN=Bank CA.O=Bank.C=UK"), std::nullopt);
}

TEST_F(CertMapTest, RacfSearchOrderSubjectAndIssuerThenSubjectThenIssuer) {
  map("WEBUSER", "issuer full", "", kCa);
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "WEBUSER");
  // Any subject filter beats every issuer-only filter ...
  map("BANKUSR", "subject partial", "C=US");
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "BANKUSR");
  map("ALICE", "subject full", "CN=Alice.OU=Payments.O=Bank.C=US");
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "ALICE");
  // ... and a partial subject with the full issuer beats even the full subject alone.
  map("PAYROLL", "subject partial + issuer", "O=Bank.C=US", kCa);
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US"), "PAYROLL");
  // Another issuer: that one does not apply, the full subject does.
  EXPECT_EQ(who("CN=Alice.OU=Payments.O=Bank.C=US", "CN=Other CA.C=US"), "ALICE");
}

TEST_F(CertMapTest, NotrustRefusesAndDoesNotFallBack) {
  map("BANKUSR", "bank", "O=Bank.C=US");
  map("BANKUSR", "contractors", "OU=Contractors.O=Bank.C=US", "", false);
  EXPECT_EQ(who("CN=Eve.OU=Contractors.O=Bank.C=US"), std::nullopt);
  auto m = sm->matching_cert_map("CN=Eve.OU=Contractors.O=Bank.C=US", kCa);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->label, "contractors");
  EXPECT_FALSE(m->trusted);
  EXPECT_EQ(who("CN=Alice.OU=Staff.O=Bank.C=US"), "BANKUSR");
}

TEST_F(CertMapTest, RevokedUserMapsToNothingUntilResumed) {
  map("ALICE", "alice", "CN=Alice.O=Bank.C=US");
  users_["ALICE"].revoked = true;
  save("ALICE");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  // The filter still decides: a revoked user does not hand the certificate to a broader one.
  map("BANKUSR", "bank", "O=Bank.C=US");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  users_["ALICE"].revoked = false;
  users_["ALICE"].revoke_date = kT0 + 86400;  // REVOKE(tomorrow)
  save("ALICE");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), "ALICE");
  clock.set(kT0 + 2 * 86400);
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
}

TEST_F(CertMapTest, DeletedUserTakesItsFiltersAlong) {
  map("ALICE", "alice", "CN=Alice.O=Bank.C=US");
  sm->delete_user("ALICE");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  // A new ALICE does not inherit the old one's filter.
  user("ALICE", "SYS1");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  EXPECT_TRUE(sm->cert_maps("ALICE").empty());
}

TEST_F(CertMapTest, MalformedCertificateNamesMapToNothing) {
  map("WEBUSER", "internet", "", kCa);
  EXPECT_EQ(who("not a dn", kCa), std::nullopt);
  EXPECT_EQ(who("CN=Alice", "garbage"), std::nullopt);
  EXPECT_EQ(who("", kCa), "WEBUSER");  // an empty subject is still a certificate of that issuer
}

TEST_F(CertMapTest, AltAndDeleteTakeEffectAtOnce) {
  map("ALICE", "alice", "CN=Alice.O=Bank.C=US");
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), "ALICE");
  map("ALICE", "alice", "CN=Alice.O=Bank.C=US", "", false);  // same label: replaced
  EXPECT_EQ(sm->cert_maps("ALICE").size(), 1u);
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  sm->delete_cert_map("ALICE", "alice");
  EXPECT_TRUE(sm->cert_maps("ALICE").empty());
  EXPECT_FALSE(sm->matching_cert_map("CN=Alice.O=Bank.C=US", kCa));
  EXPECT_THROW(sm->delete_cert_map("ALICE", "alice"), std::invalid_argument);
}

TEST_F(CertMapTest, FiltersAreStoredInRacfSpelling) {
  map("ALICE", "alice", "cn=Alice.st=NY.c=US");
  auto maps = sm->cert_maps("ALICE");
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].subject_filter, "CN=Alice.SP=NY.C=US");
}

TEST_F(CertMapTest, InvalidFiltersAreRefused) {
  EXPECT_THROW(map("NOBODY", "x", "O=Bank"), std::invalid_argument);
  EXPECT_THROW(map("ALICE", "", "O=Bank"), std::invalid_argument);
  EXPECT_THROW(map("ALICE", std::string(33, 'L'), "O=Bank"), std::invalid_argument);
  EXPECT_THROW(map("ALICE", "x", ""), std::invalid_argument);
  EXPECT_THROW(map("ALICE", "x", "Bank"), std::invalid_argument);
  EXPECT_THROW(map("ALICE", "x", "O=" + std::string(1100, 'B')), std::invalid_argument);
  map("ALICE", "x", "O=Bank");
  // The same filter pair once only, across users (also spelt differently).
  EXPECT_THROW(map("BANKUSR", "y", "o=Bank"), std::invalid_argument);
  map("BANKUSR", "y", "O=Bank", kCa);  // a different pair
  EXPECT_EQ(sm->cert_maps("BANKUSR").size(), 1u);
}

TEST_F(CertMapTest, BatchRollbackLeavesNoFilterBehind) {
  EXPECT_THROW(sm->batch([&] {
    map("ALICE", "alice", "CN=Alice.O=Bank.C=US");
    throw std::invalid_argument("later change failed");
  }),
               std::invalid_argument);
  EXPECT_TRUE(sm->cert_maps("ALICE").empty());
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), std::nullopt);
  sm->batch([&] { map("ALICE", "alice", "CN=Alice.O=Bank.C=US"); });
  EXPECT_EQ(who("CN=Alice.O=Bank.C=US"), "ALICE");
}

TEST_F(CertMapTest, HundredsOfFiltersScanQuickly) {
  // Not a benchmark: guards against an accidental quadratic or locking slow path.
  for (int i = 0; i < 500; ++i) map("BANKUSR", "f" + std::to_string(i), "OU=Unit" + std::to_string(i) + ".O=Bank.C=US");
  for (int i = 0; i < 2000; ++i)
    EXPECT_EQ(who("CN=X.OU=Unit" + std::to_string(i % 500) + ".O=Bank.C=US"), "BANKUSR");
}

// ---- persistence -------------------------------------------------------------------------------

// The database file of one test, in a directory that goes away with it.
class TempFile {
 public:
  std::string path() const { return dir_.file("racf.db"); }

 private:
  TempDir dir_;
};


std::unique_ptr<SecurityManager> open_manager(const std::string& path, audit::Sink& sink, const core::Clock& clock) {
  auto sm = std::make_unique<SecurityManager>(store::open_sqlite(path), sink, clock, HashCost{1, 8192});
  bootstrap_if_empty(*sm);
  return sm;
}

User plain_user(const std::string& id) {
  User u;
  u.id = id;
  u.owner = "IBMUSER";
  u.default_group = "SYS1";
  Connect c;
  c.group = "SYS1";
  u.connects.push_back(c);
  return u;
}

TEST(CertMapStore, FiltersSurviveAReopen) {
  TempFile file;
  audit::MemorySink sink;
  core::ManualClock clock(kT0);
  CertMap written;
  {
    auto sm = open_manager(file.path(), sink, clock);
    sm->put_user(plain_user("ALICE"));
    written.user = "ALICE";
    written.label = "Alice's cert";
    written.subject_filter = "CN=Alice.O=Bank, Inc..C=US";
    written.issuer_filter = "CN=Bank CA.O=Bank.C=US";
    written.trusted = false;
    written.created = kT0;
    sm->put_cert_map(written);
    CertMap other = written;
    other.label = "second";
    other.issuer_filter.clear();
    other.trusted = true;
    sm->put_cert_map(other);
  }
  auto sm = open_manager(file.path(), sink, clock);
  auto maps = sm->cert_maps("ALICE");
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0], written);
  EXPECT_EQ(maps[1].label, "second");
  // The reopened manager matches with them at once.
  EXPECT_EQ(sm->map_certificate("CN=Alice.O=Bank, Inc..C=US", "CN=Other"), "ALICE");
  EXPECT_EQ(sm->map_certificate("CN=Alice.O=Bank, Inc..C=US", "CN=Bank CA.O=Bank.C=US"), std::nullopt);
  // A deleted user's filters are gone from the file too.
  sm->delete_user("ALICE");
  sm.reset();
  sm = open_manager(file.path(), sink, clock);
  EXPECT_TRUE(sm->read([](const Database& db) { return db.cert_maps.empty(); }));
}

TEST(CertMapStore, UserRewriteKeepsItsFilters) {
  // put_user rewrites the users row; the filters are keyed by ID, not by the row.
  auto s = store::open_sqlite(":memory:");
  s->put_user(plain_user("ALICE"));
  s->put_cert_map(CertMap{"ALICE", "a", "CN=Alice", "", true, 0});
  User u = plain_user("ALICE");
  u.name = "CHANGED";
  s->put_user(u);
  EXPECT_EQ(s->load().cert_maps.at("ALICE").size(), 1u);
}

TEST(CertMapStore, StoreRefusesASecondHolderOfTheSameFilterPair) {
  auto s = store::open_sqlite(":memory:");
  s->put_cert_map(CertMap{"ALICE", "a", "CN=Alice", "", true, 0});
  EXPECT_THROW(s->put_cert_map(CertMap{"BOB", "b", "CN=Alice", "", true, 0}), std::runtime_error);
  Database db = s->load();
  ASSERT_EQ(db.cert_maps.size(), 1u);  // ALICE's row was not replaced away
  EXPECT_EQ(db.cert_maps.at("ALICE").at("a").user, "ALICE");
}

TEST(CertMapStore, Version1DatabaseIsMigrated) {
  TempFile file;
  {
    auto s = store::open_sqlite(file.path());
    s->put_user(plain_user("ALICE"));
  }
  // Make it a database as an earlier release left it: schema version 1, no cert_maps (nor the
  // later raclist_refresh and passticket_replay).
  raw_sql(file.path(), "DROP TABLE cert_maps; DROP TABLE raclist_refresh; DROP TABLE passticket_replay; "
                       "ALTER TABLE users DROP COLUMN resumed; DROP TABLE raclist_snapshot; DROP TABLE profile_stdata; PRAGMA user_version = 1;");
  {
    auto s = store::open_sqlite(file.path());
    Database db = s->load();
    EXPECT_NE(db.user("ALICE"), nullptr);  // existing data untouched
    EXPECT_TRUE(db.cert_maps.empty());
    s->put_cert_map(CertMap{"ALICE", "a", "CN=Alice", "", true, 0});
  }
  auto s = store::open_sqlite(file.path());
  EXPECT_EQ(s->load().cert_maps.at("ALICE").size(), 1u);
  EXPECT_GE(store::sqlite_schema::latest_version(), 2);
}

}  // namespace
}  // namespace zgate::saf::testing
