/* HOSTILE: a transaction program that attacks the server that runs it, for the tests that show
 * a dependent region contains it (docs/decisions.md, "Regions and the exit helper").
 *
 * Input: "<trancode> <security db> <queue store> <zgate binary>" (blank-separated paths, as the
 * test knows them; the audit trail is "<security db>-audit.jsonl"). It tries each attack of the
 * hostile review of issue 14 and replies with one segment per attempt:
 *
 *     "<ATTEMPT> REFUSED <why>"   or   "<ATTEMPT> SUCCEEDED"
 *
 * A test asserts that every line says REFUSED. Whatever succeeds is undone where it can be (a
 * file it wrote is removed, a traced parent detached), so that a run against an unprotected
 * server does no lasting harm beyond what the line reports. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zgate/dli.h"

static void report(zg_dli* dli, const char* attempt, int ok, int err) {
  char line[256];
  if (ok)
    snprintf(line, sizeof line, "%s SUCCEEDED", attempt);
  else
    snprintf(line, sizeof line, "%s REFUSED %s", attempt, strerror(err));
  zg_reply(dli, line, strlen(line));
}

static void try_open(zg_dli* dli, const char* attempt, const char* path, int flags) {
  int fd = open(path, flags, 0600);
  int err = errno;
  report(dli, attempt, fd >= 0, err);
  if (fd >= 0) close(fd);
}

/* Reads a little of the file: /proc/<pid>/mem and friends may open and still refuse the read. */
static void try_read(zg_dli* dli, const char* attempt, const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    report(dli, attempt, 0, errno);
    return;
  }
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  int err = errno;
  close(fd);
  report(dli, attempt, n > 0, n == 0 ? ENODATA : err);
}

/* The exec runs in a child: if it worked the region would otherwise become `zgate racf`. A
 * close-on-exec pipe tells the outcome apart from whatever the exec'd program does: a failed
 * exec writes its errno there, a successful one closes the pipe unwritten. */
static void try_exec(zg_dli* dli, const char* attempt, const char* binary, const char* db) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) {
    report(dli, attempt, 0, errno);
    return;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(p[0]);
    close(p[1]);
    report(dli, attempt, 0, err);
    return;
  }
  if (pid == 0) {
    char* argv[] = {(char*)"zgate", (char*)"racf", (char*)"--db", (char*)db,
                    (char*)"ALTUSER HOSTILE SPECIAL", NULL};
    char* envp[] = {NULL};
    execve(binary, argv, envp);
    int err = errno;
    if (write(p[1], &err, sizeof err) < 0) _exit(126);
    _exit(127);
  }
  close(p[1]);
  int err = 0;
  ssize_t n;
  while ((n = read(p[0], &err, sizeof err)) < 0 && errno == EINTR) {
  }
  close(p[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  report(dli, attempt, n == 0, err);
}

static void try_ptrace(zg_dli* dli, pid_t target) {
  long rc = ptrace(PTRACE_ATTACH, target, NULL, NULL);
  int err = errno;
  report(dli, "PTRACE-ATTACH-SERVER", rc == 0, err);
  if (rc == 0) {
    int st;
    waitpid(target, &st, __WALL);
    ptrace(PTRACE_DETACH, target, NULL, NULL);
  }
}

static void try_write_anywhere(zg_dli* dli, const char* attempt, const char* dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/zgate-hostile-%ld", dir, (long)getpid());
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  int err = errno;
  report(dli, attempt, fd >= 0, err);
  if (fd >= 0) {
    close(fd);
    unlink(path);
  }
}

int zgate_program(zg_dli* dli) {
  char seg[ZG_MAX_SEGMENT + 1];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = '\0';
  /* trancode, then the three paths */
  char* save = NULL;
  char* words[4] = {NULL, NULL, NULL, NULL};
  char* w = strtok_r(seg, " ", &save);
  for (int i = 0; i < 4 && w; ++i, w = strtok_r(NULL, " ", &save)) words[i] = w;
  if (!words[3]) {
    zg_reply(dli, "USAGE HOSTILE <db> <queues> <zgate>", 35);
    return 0;
  }
  const char* db = words[1];
  const char* queues = words[2];
  const char* zgate = words[3];
  char audit[4096], db_dir[4096], proc[64];
  snprintf(audit, sizeof audit, "%s-audit.jsonl", db);
  snprintf(db_dir, sizeof db_dir, "%s", db);
  char* slash = strrchr(db_dir, '/');
  if (slash) *slash = '\0';
  const pid_t server = getppid();

  try_open(dli, "READ-SECURITY-DB", db, O_RDONLY);
  try_open(dli, "WRITE-SECURITY-DB", db, O_RDWR);
  try_open(dli, "READ-QUEUE-STORE", queues, O_RDONLY);
  try_open(dli, "READ-AUDIT-TRAIL", audit, O_RDONLY);
  try_open(dli, "WRITE-AUDIT-TRAIL", audit, O_WRONLY | O_APPEND);
  snprintf(proc, sizeof proc, "/proc/%ld/cmdline", (long)server);
  try_read(dli, "READ-SERVER-CMDLINE", proc);
  snprintf(proc, sizeof proc, "/proc/%ld/environ", (long)server);
  try_read(dli, "READ-SERVER-ENVIRON", proc);
  snprintf(proc, sizeof proc, "/proc/%ld/mem", (long)server);
  try_open(dli, "OPEN-SERVER-MEM", proc, O_RDONLY);
  try_ptrace(dli, server);
  try_exec(dli, "EXEC-PROC-SELF-EXE", "/proc/self/exe", db);
  try_exec(dli, "EXEC-ZGATE", zgate, db);
  try_exec(dli, "EXEC-SHELL", "/bin/sh", db);
  try_write_anywhere(dli, "WRITE-FILE-TMP", "/tmp");
  try_write_anywhere(dli, "WRITE-FILE-DB-DIR", db_dir);
  {
    int rc = kill(server, 0); /* signal 0: only asks whether the server could be signalled */
    report(dli, "SIGNAL-SERVER", rc == 0, errno);
  }
  {
    /* Descriptors the server had open (its database, listeners, clients) must not reach the
     * region: only 0-2 and the region's socket, 3. */
    int leaked = 0;
    for (int fd = 4; fd < 1024; ++fd)
      if (fcntl(fd, F_GETFD) >= 0) ++leaked;
    report(dli, "INHERIT-SERVER-DESCRIPTORS", leaked > 0, EBADF);
  }
  /* The test puts ZGATE_HOSTILE_CANARY in the server's environment: the region must not see it. */
  report(dli, "SEE-SERVER-ENVIRONMENT", getenv("ZGATE_HOSTILE_CANARY") != NULL, ENOENT);
  {
    /* The region's command line names no path (argv[0], the binary, aside). */
    int fd = open("/proc/self/cmdline", O_RDONLY);
    char cmd[4096];
    ssize_t n = fd >= 0 ? read(fd, cmd, sizeof cmd - 1) : -1;
    if (fd >= 0) close(fd);
    int path = 0;
    if (n > 0) {
      cmd[n] = '\0';
      for (ssize_t i = (ssize_t)strlen(cmd) + 1; i < n; ++i)
        if (cmd[i] == '/') path = 1;
    }
    report(dli, "PATH-ON-OWN-COMMAND-LINE", path, n > 0 ? ENOENT : errno);
  }
  {
    /* A program never runs as root, nor can become root again. */
    int root = getuid() == 0 || geteuid() == 0 || setuid(0) == 0;
    report(dli, "RUN-AS-ROOT", root, EPERM);
  }
  return 0;
}
