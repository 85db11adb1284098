// A committed RACF change survives kill -9 (ARCHITECTURE.md, "Nothing lost"): a child process
// writes profiles and reports each one on a pipe only after its commit returned; the parent
// kills it mid-stream with SIGKILL, reopens the file and finds every reported profile, whole.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "saf/store/store.h"
#include "temp_db.h"

namespace zgate::saf::store {
namespace {

using saf::testing::integrity_check;
using saf::testing::write_all;

namespace fs = std::filesystem;

constexpr const char* kClass = "TIMS";

std::string crash_name(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "CRASH.%06d", i);
  return buf;
}

// Everything about profile i follows from i, so the parent knows what "complete" means.
Profile crash_profile(int i) {
  Profile p;
  p.cls = kClass;
  p.name = crash_name(i);
  p.owner = "IMSGRP";
  p.created = 1'700'000'000 + i;
  p.uacc = Access::None;
  p.acl = {{"USER" + std::to_string(i), Access::Read, i},
           {"IMSGRP", Access::Update, 0},
           {"*", Access::Execute, 0}};
  p.conditional_acl = {{"CLERK", Access::Read, "PROGRAM", "PGM" + std::to_string(i % 100), 0}};
  p.members = {"M" + std::to_string(i)};
  if (i % 3 == 0) {
    p.ssignon.emplace();
    p.ssignon->legacy_key = "0123456789ABCDEF";
  }
  return p;
}

// The child: never returns into GoogleTest, always leaves through _exit.
[[noreturn]] void writer(const std::string& path, int out) {
  try {
    auto s = open_sqlite(path);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);  // if orphaned
    int i = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string committed;
      if (i % 10 == 9) {
        // A begin/commit batch of five: reported only as a whole, after commit().
        s->begin();
        for (int k = 0; k < 5; ++k) {
          s->put_profile(crash_profile(i));
          committed += crash_name(i++) + "\n";
        }
        s->commit();
      } else {
        s->put_profile(crash_profile(i));
        committed = crash_name(i++) + "\n";
        // Now and then rewrite an earlier profile (delete + insert of its rows): a kill in the
        // middle of a replacement must not lose the old rows either.
        if (i % 7 == 0) s->put_profile(crash_profile(i / 2));
      }
      write_all(out, committed);
    }
    ::_exit(0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash-test writer: %s\n", e.what());
    ::_exit(3);
  }
}

TEST(SqliteStoreCrash, ACommittedRacfChangeSurvivesKill9) {
  char tmpl[] = "/tmp/zgate-store-crash-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  fs::path dir = tmpl;
  std::string path = (dir / "racf.db").string();

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::fflush(nullptr);  // so the child does not inherit unwritten output
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    writer(path, fds[1]);
  }
  ::close(fds[1]);

  // Read reports until 300 profiles or 2 seconds, then kill the writer wherever it is.
  std::string received;
  auto count_lines = [&] { return std::count(received.begin(), received.end(), '\n'); };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  char buf[4096];
  bool eof = false;
  while (!eof && count_lines() < 300 && std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{fds[0], POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) eof = true;
    else received.append(buf, static_cast<std::size_t>(n));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // Whatever is still in the pipe was also reported after a commit: count it too.
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) received.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the writer ended on its own (status " << status << ") before it was killed";

  std::vector<std::string> reported;
  for (std::size_t start = 0, nl; (nl = received.find('\n', start)) != std::string::npos; start = nl + 1)
    reported.push_back(received.substr(start, nl - start));
  ASSERT_FALSE(reported.empty()) << "the writer committed nothing in 2 seconds";

  {
    auto store = open_sqlite(path);  // recovers the WAL as any restart would
    Database db = store->load();
    EXPECT_EQ(integrity_check(path), "ok");

    const auto& loaded = db.profiles[kClass];
    for (const auto& name : reported) EXPECT_TRUE(loaded.count(name)) << name << " was committed but is lost";
    // Every profile on disk is whole: its access lists, members and SSIGNON all present, not a
    // profile row whose child rows were cut off by the kill.
    for (const auto& [name, p] : loaded) {
      int i = std::stoi(name.substr(6));
      EXPECT_EQ(p, crash_profile(i)) << name << " is incomplete";
    }
    EXPECT_GE(loaded.size(), reported.size());
    std::printf("writer killed after %zu reported commits; %zu profiles on disk\n", reported.size(),
                loaded.size());
  }

  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace zgate::saf::store
