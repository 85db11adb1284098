#pragma once
// The sandbox a dependent region (`zgate region`) and the OTMA exit helper (`zgate exit-host`)
// put themselves in before they load any customer code. IMS runs programs in dependent regions
// that cannot touch the RACF database; zgate's regions are processes of the server's machine,
// so they are confined the Linux way:
//
//   1. leave root: a region started by a root server becomes an unprivileged OS user (setgroups,
//      setgid, setuid) and refuses to go on as root;
//   2. no_new_privs and not dumpable: nothing it executes or maps can gain privileges, and its
//      memory (the requester's message) is not open to same-user tracers or core files;
//   3. Landlock: the file system shrinks to read-only system libraries, the programs, a few
//      devices and its own /proc/self; nothing writable, no other process's /proc;
//   4. seccomp: no exec, no ptrace or cross-process memory access, no signals to other
//      processes, no namespaces or mounts, no kernel keyrings, bpf, perf or io_uring. Refused
//      calls fail with EPERM (clone3 with ENOSYS, so that the C library falls back to clone,
//      whose namespace flags the filter can see), never a kill: a program gets a clean error.
//
// Every step is irreversible, and a step that cannot be taken is an error: the child refuses to
// start rather than run a program unconfined (fail closed). The rule and what remains open are
// in docs/decisions.md, "Regions and the exit helper: what a hostile program can and cannot do".
//
// The settings travel from the control process in the child's environment (the command line,
// readable in /proc by any process of the same user, carries no path): see environment().
#include <string>
#include <vector>

namespace zgate::tm::sandbox {

// What a confined child may read besides the system's libraries: directories (files beneath
// them may be read, directories listed) and single files. A path that does not exist, or that
// the child's OS user may not open, is skipped: loading from it then fails with that error.
struct Allowance {
  std::vector<std::string> dirs;   // the programs directory of a region
  std::vector<std::string> files;  // an exit helper's libraries
};

// The environment variables a control process sets for a child it starts (in addition to the
// few RegionProcess::spawn keeps from its own): the OS user to become when started as root
// (empty: none, and a root child refuses to start) and the programs directory of a region.
inline constexpr const char* kOsUserVariable = "ZGATE_REGION_OS_USER";
inline constexpr const char* kProgramsVariable = "ZGATE_REGION_PROGRAMS";
std::vector<std::string> environment(const std::string& os_user, const std::string& programs_dir = {});

// The Landlock ABI version the running kernel offers; 0 when it offers none (kernel without
// Landlock, or Landlock not among its enabled security modules).
int landlock_abi();

// Step 1. A child that is not root keeps its user (it is the server's: an unprivileged server
// cannot change users) and succeeds. A root child becomes `os_user`, with that user's group and
// no supplementary groups; it fails when `os_user` is empty, unknown or uid 0, or when root
// could be regained.
bool leave_root(const std::string& os_user, std::string& error);

// Steps 2 to 4, for the calling process and every thread and child it creates afterwards.
// Call it while the process is single-threaded (the seccomp filter and Landlock domain apply
// to the calling thread; later threads inherit them).
bool confine(const Allowance& allowed, std::string& error);

// Steps 1 to 4 as a child started by the control process takes them: the OS user from the
// environment, and the programs directory from it added to `allowed`.
bool enter(Allowance allowed, std::string& error);

}  // namespace zgate::tm::sandbox
