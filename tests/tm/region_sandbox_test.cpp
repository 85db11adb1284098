// The region sandbox (src/tm/region_sandbox.cpp) on its own: a forked child confines itself
// and reports, through its exit status, whether each thing it tried did what the sandbox
// promises. The sandbox is irreversible, hence the child: the test process stays free.
#include "tm/region_sandbox.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include <sched.h>

#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

namespace fs = std::filesystem;

// Runs `body` in a forked child after sandbox::confine(allowed); the child's exit status is
// body's return value (0: as expected), 90 when the sandbox could not be applied. The text
// the child printed goes to the test's stderr as it is.
int confined(const sandbox::Allowance& allowed, const std::function<int()>& body) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string error;
    if (!sandbox::confine(allowed, error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      ::_exit(90);
    }
    ::_exit(body());
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

// Whether `path` opens with `flags`, and errno when it does not.
bool opens(const std::string& path, int flags, int* err = nullptr) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (err) *err = errno;
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

class RegionSandbox : public ::testing::Test {
 protected:
  RegionSandbox() {
    char tmpl[] = "/tmp/zgate-sandbox-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    fs::create_directories(dir_ + "/allowed");
    std::ofstream(dir_ + "/allowed/program.so") << "allowed";
    std::ofstream(dir_ + "/secret.db") << "keys";
  }
  ~RegionSandbox() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  sandbox::Allowance allowance() const { return {{dir_ + "/allowed"}, {}}; }
  std::string dir_;
};

TEST_F(RegionSandbox, TheKernelOffersLandlock) {
  // Regions refuse to start without it (fail closed): a kernel without Landlock cannot run
  // zgate's programs, and this says so first.
  EXPECT_GE(sandbox::landlock_abi(), 1);
}

TEST_F(RegionSandbox, AFileOutsideTheAllowanceCannotBeOpenedForReadOrWrite) {
  ASSERT_TRUE(opens(dir_ + "/secret.db", O_RDONLY));  // open to the unconfined process
  EXPECT_EQ(confined(allowance(), [&] {
              int err = 0;
              if (opens(dir_ + "/secret.db", O_RDONLY, &err) || err != EACCES) return 1;
              if (opens(dir_ + "/secret.db", O_RDWR, &err) || err != EACCES) return 2;
              if (opens(dir_ + "/new", O_WRONLY | O_CREAT, &err)) return 3;
              if (opens("/tmp/zgate-sandbox-escape", O_WRONLY | O_CREAT, &err)) return 4;
              if (opens("/etc/passwd", O_RDONLY, &err)) return 5;
              return 0;
            }),
            0);
  EXPECT_FALSE(fs::exists(dir_ + "/new"));
}

TEST_F(RegionSandbox, TheAllowedDirectoryIsReadableButNotWritable) {
  EXPECT_EQ(confined(allowance(), [&] {
              if (!opens(dir_ + "/allowed/program.so", O_RDONLY)) return 1;
              if (opens(dir_ + "/allowed/program.so", O_WRONLY)) return 2;
              if (opens(dir_ + "/allowed/dropped", O_WRONLY | O_CREAT)) return 3;
              if (::unlink((dir_ + "/allowed/program.so").c_str()) == 0) return 4;
              return 0;
            }),
            0);
}

TEST_F(RegionSandbox, ASingleAllowedFileIsReadableAndItsNeighboursAreNot) {
  sandbox::Allowance one{{}, {dir_ + "/allowed/program.so"}};
  std::ofstream(dir_ + "/allowed/neighbour.so") << "x";
  EXPECT_EQ(confined(one, [&] {
              if (!opens(dir_ + "/allowed/program.so", O_RDONLY)) return 1;
              if (opens(dir_ + "/allowed/neighbour.so", O_RDONLY)) return 2;
              return 0;
            }),
            0);
}

TEST_F(RegionSandbox, AProgramLoadsWithDlopenFromTheAllowedDirectory) {
  const std::string programs = program_dir();
  EXPECT_EQ(confined({{programs}, {}}, [&] {
              void* h = ::dlopen((programs + "/ECHOPGM.so").c_str(), RTLD_NOW | RTLD_LOCAL);
              if (!h) {
                std::fprintf(stderr, "%s\n", ::dlerror());
                return 1;
              }
              return ::dlsym(h, "zgate_program") ? 0 : 2;
            }),
            0);
}

TEST_F(RegionSandbox, NothingCanBeExecuted) {
  EXPECT_EQ(confined(allowance(), [&] {
              char* argv[] = {const_cast<char*>("true"), nullptr};
              char* envp[] = {nullptr};
              ::execve("/bin/true", argv, envp);
              if (errno != EPERM) return 1;
              ::execve("/proc/self/exe", argv, envp);
              if (errno != EPERM) return 2;
              // A child inherits the filter.
              pid_t c = ::fork();
              if (c == 0) {
                ::execve("/bin/true", argv, envp);
                ::_exit(errno == EPERM ? 0 : 1);
              }
              int st = 0;
              ::waitpid(c, &st, 0);
              return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 3;
            }),
            0);
}

TEST_F(RegionSandbox, TheParentCannotBeTracedSignalledOrReadThroughProc) {
  const pid_t parent = ::getpid();
  EXPECT_EQ(confined(allowance(), [&] {
              if (::ptrace(PTRACE_ATTACH, parent, nullptr, nullptr) == 0 || errno != EPERM) return 1;
              if (::kill(parent, 0) == 0 || errno != EPERM) return 2;
              if (::kill(0, 0) == 0 || errno != EPERM) return 3;  // the process group
              const std::string proc = "/proc/" + std::to_string(parent);
              if (opens(proc + "/cmdline", O_RDONLY)) return 4;
              if (opens(proc + "/environ", O_RDONLY)) return 5;
              if (opens(proc + "/mem", O_RDONLY)) return 6;
              return 0;
            }),
            0);
}

TEST_F(RegionSandbox, TheProcessStillSignalsAndReadsItself) {
  EXPECT_EQ(confined(allowance(), [&] {
              if (::kill(::getpid(), 0) != 0) return 1;
              if (!opens("/proc/self/maps", O_RDONLY)) return 2;
              if (!opens("/dev/null", O_WRONLY)) return 3;
              if (!opens("/dev/urandom", O_RDONLY)) return 4;
              // The process stays not dumpable: a program cannot open it up again.
              if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0) return 5;
              return 0;
            }),
            0);
}

TEST_F(RegionSandbox, ThreadsStartButNamespacesDoNot) {
  // clone3 is refused with ENOSYS so that the C library falls back to clone, whose flags the
  // filter reads: a thread starts, a new user namespace does not.
  EXPECT_EQ(confined(allowance(), [] {
              int ran = 0;
              std::thread t([&] { ran = 1; });
              t.join();
              if (!ran) return 1;
              if (::unshare(CLONE_NEWUSER) == 0) return 2;
              return 0;
            }),
            0);
}

TEST_F(RegionSandbox, AbortStillEndsTheProcessWithSigabrt) {
  // raise() is tgkill on the own pid: allowed, so a program's abort is the abend it should be.
  EXPECT_EQ(confined(allowance(), [] {
              std::abort();
              return 1;
            }),
            200 + SIGABRT);
}

TEST_F(RegionSandbox, ANonRootProcessKeepsItsUserAndRootNeedsAnOsUser) {
  std::string error;
  if (::geteuid() != 0) {
    EXPECT_TRUE(sandbox::leave_root("", error)) << error;
    return;
  }
  // Root: in children, since leaving root is for good.
  EXPECT_EQ(confined(allowance(), [] {
              std::string e;
              return sandbox::leave_root("", e) ? 1 : 0;  // no user: refused
            }),
            0);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string e;
    if (sandbox::leave_root("root", e)) ::_exit(1);  // uid 0 is refused
    if (!sandbox::leave_root("nobody", e)) ::_exit(2);
    if (::getuid() == 0 || ::geteuid() == 0 || ::setuid(0) == 0) ::_exit(3);
    ::_exit(0);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
}

}  // namespace
}  // namespace zgate::tm::testing
