// A hostile transaction program (programs/HOSTILE.c) in a real dependent region: it tries to
// read and write the security database, the queue store and the audit trail, to read the
// control process's command line, environment and memory, to trace it, to run `zgate racf`,
// to write files and to signal the server. Every attempt must be refused (issue 14, hole 4; the
// threat model is in docs/decisions.md, "Regions and the exit helper").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class HostileProgram : public TmTest {
 protected:
  void start_hostile() {
    tm = make_transaction_manager(*sm, sink,
                                  table_from("         APPLCTN PSB=HOSTILE\n"
                                             "         TRANSACT CODE=HOSTILE\n"
                                             "         APPLCTN PSB=ECHOPGM\n"
                                             "         TRANSACT CODE=ECHOTXN\n"
                                             "         IMSGEN\n"),
                                  cfg, nullptr);
    tm->start();
  }
  // The files a hostile program is after, as `zgate serve` lays them out beside the database.
  std::string db() const { return dir_ + "/racf.db"; }
  std::string queues() const { return dir_ + "/zgate-queues.db"; }
  std::string audit() const { return db() + "-audit.jsonl"; }
};

TEST_F(HostileProgram, EveryAttackOnTheServerIsRefused) {
  { std::ofstream(queues()) << "queued messages"; }
  { std::ofstream(audit()) << "{\"event\":\"audit record\"}\n"; }
  // The files are there and readable to the server (this process): a refusal below is the
  // region's containment, not a missing file.
  for (const auto& f : {db(), queues(), audit()}) ASSERT_TRUE(std::ifstream(f).good()) << f;
  // Something of the server's environment a region must not see, and a descriptor of the
  // server's that is not close-on-exec (as a listener or a client socket may be).
  ::setenv("ZGATE_HOSTILE_CANARY", "server secret", 1);
  int leaky = ::open(db().c_str(), O_RDONLY);
  ASSERT_GE(leaky, 4);
  start_hostile();

  Outcome o = run(message("HOSTILE", db() + " " + queues() + " " + ZGATE_BINARY));
  ASSERT_EQ(o.kind, Outcome::Kind::Reply) << text(o);
  EXPECT_TRUE(o.abend_code.empty()) << o.abend_code;
  const std::vector<std::string> attempts = {
      "READ-SECURITY-DB",   "WRITE-SECURITY-DB",   "READ-QUEUE-STORE",   "READ-AUDIT-TRAIL",
      "WRITE-AUDIT-TRAIL",  "READ-SERVER-CMDLINE", "READ-SERVER-ENVIRON", "OPEN-SERVER-MEM",
      "PTRACE-ATTACH-SERVER", "EXEC-PROC-SELF-EXE", "EXEC-ZGATE",        "EXEC-SHELL",
      "WRITE-FILE-TMP",     "WRITE-FILE-DB-DIR",   "SIGNAL-SERVER",
      "INHERIT-SERVER-DESCRIPTORS", "SEE-SERVER-ENVIRONMENT", "PATH-ON-OWN-COMMAND-LINE",
      "RUN-AS-ROOT"};
  ASSERT_EQ(o.segments.size(), attempts.size()) << text(o);
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    EXPECT_THAT(o.segments[i], StartsWith(attempts[i] + " ")) << text(o);
    EXPECT_THAT(o.segments[i], HasSubstr(" REFUSED ")) << o.segments[i];
  }
  // The region that ran it still serves the next message.
  EXPECT_EQ(text(run(message("ECHOTXN", "STILL HERE"))), "STILL HERE");
  ::close(leaky);
  ::unsetenv("ZGATE_HOSTILE_CANARY");
}

}  // namespace
}  // namespace zgate::tm::testing
