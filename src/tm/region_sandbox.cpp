// The confinement of dependent regions and the exit helper: region_sandbox.h says what and
// why; this file says how, with the kernel's own interfaces (no libseccomp: the filter is two
// tables and three argument checks, which read better here than through a rule builder, and
// need no new dependency).
#include "tm/region_sandbox.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace zgate::tm::sandbox {

namespace {

std::string why(const std::string& what, int err) { return what + ": " + std::strerror(err); }

// Sets `error` and returns false: the one way every step below reports its failure.
bool fail(std::string& error, const std::string& what, int err) {
  error = why(what, err);
  return false;
}

// ---- Landlock ------------------------------------------------------------------------------

// The file-system rights by the ABI version that introduced them. Spelled out rather than
// taken from <linux/landlock.h> because Debian 12's headers (6.1) stop at ABI 2: a build there
// still handles TRUNCATE and IOCTL_DEV on a newer kernel.
constexpr std::uint64_t kFsRightsAbi1 = (1ULL << 13) - 1;  // EXECUTE .. MAKE_SYM
constexpr std::uint64_t kFsRefer = 1ULL << 13;             // ABI 2: link/rename across dirs
constexpr std::uint64_t kFsTruncate = 1ULL << 14;          // ABI 3
constexpr std::uint64_t kFsIoctlDev = 1ULL << 15;          // ABI 5
// ABI 4 added network rights, ABI 6 scopes (abstract sockets, signals) and ABI 7 logging:
// none is a file-system right, and zgate's seccomp filter covers signals on every kernel.

constexpr std::uint64_t kReadFile = LANDLOCK_ACCESS_FS_READ_FILE;
constexpr std::uint64_t kReadDir = LANDLOCK_ACCESS_FS_READ_DIR;
constexpr std::uint64_t kWriteFile = LANDLOCK_ACCESS_FS_WRITE_FILE;

// Every file-system right the kernel's ABI knows: all of them are "handled" (refused unless a
// rule allows them), so a right the kernel knows is never open by omission. A right newer than
// the kernel cannot be asked for (the kernel would refuse the whole ruleset).
std::uint64_t handled_fs_rights(int abi) {
  std::uint64_t r = kFsRightsAbi1;
  if (abi >= 2) r |= kFsRefer;
  if (abi >= 3) r |= kFsTruncate;
  if (abi >= 5) r |= kFsIoctlDev;
  return r;
}

// What the child may do with the system's files. No EXECUTE anywhere: dlopen maps libraries
// with a read open (Landlock's EXECUTE is execve's right), so exec stays refused by Landlock
// as well as by seccomp.
struct Rule {
  const char* path;
  std::uint64_t access;
};
constexpr Rule kSystemRules[] = {
    // The dynamic loader and the libraries a program (or a library it needs) links to.
    {"/usr", kReadFile | kReadDir},
    {"/lib", kReadFile | kReadDir},
    {"/lib64", kReadFile | kReadDir},
    {"/lib32", kReadFile | kReadDir},
    {"/etc/ld.so.cache", kReadFile},
    // Devices a C program expects to open. /dev/null is writable: what goes there is gone.
    {"/dev/null", kReadFile | kWriteFile},
    {"/dev/zero", kReadFile},
    {"/dev/urandom", kReadFile},
    {"/dev/random", kReadFile},
    // The process's own /proc/<pid> (opening /proc/self follows the link): the C library reads
    // /proc/self/maps for a thread's stack (pthread_getattr_np), the sanitizers read it for
    // reports. Other processes' /proc entries are beneath /proc, which no rule allows.
    {"/proc/self", kReadFile | kReadDir},
};

// Only the file rights apply to a rule on a file; the kernel rejects the others.
constexpr std::uint64_t kFileOnlyRights =
    LANDLOCK_ACCESS_FS_EXECUTE | kWriteFile | kReadFile | kFsTruncate | kFsIoctlDev;

// Adds one rule. A missing path (no /lib32 here, a programs directory not made yet) or one the
// child's user may not open is skipped: what it would have allowed stays refused.
bool add_rule(int ruleset, const std::string& path, std::uint64_t access, std::uint64_t handled,
              std::string& error) {
  int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == EACCES || errno == ENOTDIR) return true;
    error = why("sandbox: " + path, errno);
    return false;
  }
  landlock_path_beneath_attr rule{};
  rule.parent_fd = fd;
  rule.allowed_access = access & handled;
  // A file gets only file rights (the directory ones would make the kernel refuse the rule).
  struct stat st {};
  if (::fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) rule.allowed_access &= kFileOnlyRights;
  long rc = ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  int err = errno;
  ::close(fd);
  if (rc != 0) {
    error = why("sandbox: Landlock rule for " + path, err);
    return false;
  }
  return true;
}

bool restrict_files(const Allowance& allowed, std::string& error) {
  const int abi = landlock_abi();
  if (abi < 1) {
    // Fail closed (docs/decisions.md): without Landlock a program could open every file the
    // OS user can, the security database among them when the server is not root.
    error =
        "sandbox: the kernel offers no Landlock (Linux 5.13 or later with landlock among the "
        "enabled LSMs, e.g. lsm=...,landlock); regions and exits will not run without it";
    return false;
  }
  const std::uint64_t handled = handled_fs_rights(abi);
  landlock_ruleset_attr attr{};
  attr.handled_access_fs = handled;
  // The size of the first field only: the kernel reads no network or scope fields, so that a
  // newer <linux/landlock.h> (with those fields) builds the same ruleset as Debian 12's.
  int ruleset = static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr,
                                           sizeof attr.handled_access_fs, 0));
  if (ruleset < 0) {
    error = why("sandbox: landlock_create_ruleset", errno);
    return false;
  }
  bool ok = true;
  for (const Rule& r : kSystemRules)
    if (ok) ok = add_rule(ruleset, r.path, r.access, handled, error);
  for (const auto& d : allowed.dirs)
    if (ok && !d.empty()) ok = add_rule(ruleset, d, kReadFile | kReadDir, handled, error);
  for (const auto& f : allowed.files)
    if (ok && !f.empty()) ok = add_rule(ruleset, f, kReadFile, handled, error);
  if (ok && ::syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
    error = why("sandbox: landlock_restrict_self", errno);
    ok = false;
  }
  ::close(ruleset);
  return ok;
}

// ---- seccomp -------------------------------------------------------------------------------

#if defined(__x86_64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
#error "region_sandbox.cpp: the seccomp filter is written for x86_64 and aarch64"
#endif

// The low 32 bits of the first argument: a pid, a clone flag word or a prctl option. The
// kernel reads those as 32-bit ints too, so high bits set to dodge the comparison change
// nothing the kernel does.
constexpr std::uint32_t kArg0Low = offsetof(seccomp_data, args[0])
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                                   + 4
#endif
    ;

// Calls refused outright, and why.
struct Refused {
  long nr;
  int err;
};
constexpr Refused kRefused[] = {
    // Running anything: `zgate racf`, `zgate passticket`, a shell.
    {SYS_execve, EPERM},
    {SYS_execveat, EPERM},
    // Other processes' memory and descriptors (the server's keys, another region's message).
    {SYS_ptrace, EPERM},
    {SYS_process_vm_readv, EPERM},
    {SYS_process_vm_writev, EPERM},
    {SYS_pidfd_getfd, EPERM},
    {SYS_kcmp, EPERM},
    // Signals that could reach another process (kill and friends are checked below).
    {SYS_tkill, EPERM},
    {SYS_pidfd_send_signal, EPERM},
    // Namespaces and mounts: a new user namespace is a large kernel surface for nothing a
    // program needs (Landlock already forbids mounts; this refuses them before they start).
    {SYS_unshare, EPERM},
    {SYS_setns, EPERM},
    {SYS_mount, EPERM},
    {SYS_umount2, EPERM},
    {SYS_pivot_root, EPERM},
    {SYS_chroot, EPERM},
    {SYS_open_tree, EPERM},
    {SYS_move_mount, EPERM},
    {SYS_fsopen, EPERM},
    {SYS_fsconfig, EPERM},
    {SYS_fsmount, EPERM},
    {SYS_fspick, EPERM},
    // Kernel keyrings (shared by the processes of a user's session), bpf, perf (which can watch
    // another process of the same user), userfaultfd, and io_uring, whose operations seccomp
    // cannot see.
    {SYS_keyctl, EPERM},
    {SYS_add_key, EPERM},
    {SYS_request_key, EPERM},
    {SYS_bpf, EPERM},
    {SYS_perf_event_open, EPERM},
    {SYS_userfaultfd, EPERM},
    {SYS_io_uring_setup, EPERM},
    {SYS_io_uring_enter, EPERM},
    {SYS_io_uring_register, EPERM},
    // clone3 passes its flags in memory, out of the filter's sight: ENOSYS makes the C library
    // fall back to clone, whose flags are checked below.
    {SYS_clone3, ENOSYS},
};

// Calls allowed only when their first argument is the process itself.
constexpr long kSelfOnly[] = {SYS_kill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo};

constexpr std::uint32_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                          CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                          CLONE_NEWNET;

struct Program {
  std::vector<sock_filter> code;
  void stmt(std::uint16_t op, std::uint32_t k) { code.push_back(BPF_STMT(op, k)); }
  void jump(std::uint16_t op, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    code.push_back(BPF_JUMP(op, k, jt, jf));
  }
  void ret_errno(int err) { stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(err) & SECCOMP_RET_DATA)); }
  void ret_allow() { stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW); }
  void load_nr() { stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)); }
};

std::vector<sock_filter> filter_for(pid_t self) {
  Program p;
  // A call of another architecture (the i386 entry on x86_64) has other numbers: refuse all.
  p.stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0);
  p.ret_errno(EPERM);
  p.load_nr();
#if defined(__x86_64__)
  // The x32 ABI's numbers are the x86_64 ones with bit 30 set: refuse them all too.
  p.jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);
  p.ret_errno(EPERM);
#endif
  for (const Refused& r : kRefused) {
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(r.nr), 0, 1);
    p.ret_errno(r.err);
  }
  // Signals: to itself only (raise and abort use tgkill on the own pid). Not to the server,
  // another region, or a process group (pid 0 or negative: the server's own group).
  for (long nr : kSelfOnly) {
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 4);
    p.stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Low);
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(self), 0, 1);
    p.ret_allow();
    p.ret_errno(EPERM);
  }
  // clone: threads and fork yes, new namespaces no.
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4);
  p.stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Low);
  p.jump(BPF_JMP | BPF_JSET | BPF_K, kNamespaceFlags, 0, 1);
  p.ret_errno(EPERM);
  p.ret_allow();
  // prctl: the process stays not dumpable (its memory holds the requester's message).
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 4);
  p.stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Low);
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_DUMPABLE, 0, 1);
  p.ret_errno(EPERM);
  p.ret_allow();
  p.ret_allow();
  return p.code;
}

bool restrict_calls(std::string& error) {
  std::vector<sock_filter> code = filter_for(::getpid());
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(code.size());
  prog.filter = code.data();
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
    error = why("sandbox: seccomp filter", errno);
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> environment(const std::string& os_user, const std::string& programs_dir) {
  std::vector<std::string> env;
  env.push_back(std::string(kOsUserVariable) + "=" + os_user);
  if (!programs_dir.empty()) env.push_back(std::string(kProgramsVariable) + "=" + programs_dir);
  return env;
}

int landlock_abi() {
  long v = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return v < 0 ? 0 : static_cast<int>(v);
}

bool leave_root(const std::string& os_user, std::string& error) {
  if (::getuid() != 0 && ::geteuid() != 0) return true;
  if (os_user.empty()) {
    error = "sandbox: started as root with no OS user to become (zgate serve --region-os-user); "
            "programs never run as root";
    return false;
  }
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  int rc = ::getpwnam_r(os_user.c_str(), &pw, buf.data(), buf.size(), &found);
  if (rc != 0 || !found) {
    error = "sandbox: no OS user '" + os_user + "'" + (rc ? std::string(": ") + std::strerror(rc) : "");
    return false;
  }
  if (pw.pw_uid == 0) {
    error = "sandbox: OS user '" + os_user + "' is uid 0; programs never run as root";
    return false;
  }
  // Groups before the user: once the uid is gone, so is the right to change groups.
  if (::setgroups(0, nullptr) != 0) return fail(error, "sandbox: setgroups", errno);
  if (::setgid(pw.pw_gid) != 0) return fail(error, "sandbox: setgid", errno);
  if (::setuid(pw.pw_uid) != 0) return fail(error, "sandbox: setuid", errno);
  // setuid as root sets the real, effective and saved uids: there is no way back. Check it.
  if (::setuid(0) == 0 || ::geteuid() == 0 || ::getuid() == 0 || ::getegid() == 0) {
    error = "sandbox: root could be regained after switching to '" + os_user + "'";
    return false;
  }
  return true;
}

bool confine(const Allowance& allowed, std::string& error) {
  // no_new_privs first: Landlock and seccomp require it of an unprivileged process, and it
  // keeps a set-user-ID file from ever raising privileges (exec is refused anyway).
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail(error, "sandbox: no_new_privs", errno);
  // Not dumpable: no core file with the message in it, and no same-user ptrace or
  // /proc/<pid>/mem of this process. Its own /proc/self stays readable to itself.
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return fail(error, "sandbox: PR_SET_DUMPABLE", errno);
  if (!restrict_files(allowed, error)) return false;
  return restrict_calls(error);
}

bool enter(Allowance allowed, std::string& error) {
  const char* user = std::getenv(kOsUserVariable);
  const char* programs = std::getenv(kProgramsVariable);
  if (programs && *programs) allowed.dirs.emplace_back(programs);
  return leave_root(user ? user : "", error) && confine(allowed, error);
}

}  // namespace zgate::tm::sandbox
