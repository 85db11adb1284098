/*
 * CRASHEXT - a misbehaving OTMA exit, for zgate's containment tests only
 * (ABI: include/zgate/otma_exits.h). It exports all three entry points; each looks at the
 * resource (transaction code, command verb or tpipe name):
 *
 *   CRASH  -> stores through a NULL pointer (S0C4): the exit helper dies
 *   HANG   -> never returns (zgate ends it at its call limit)
 *   RC12   -> returns 12, a return code the ABI does not define
 *   ECHO   -> returns 8 with every input field in the reason, to check what zgate passes
 *   NOTERM -> returns 8 with a reason that fills the whole buffer, with no NUL
 *   PROBE  -> (DFSCCMD0, whose command text names a file) tries to read that file and to run
 *             /bin/true; returns 8 with "open E1 exec E2", the errno of each (0: it worked),
 *             to check the exit helper's sandbox
 *   else   -> returns 0: allowed
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zgate/otma_exits.h"

static int misbehave(zgate_otma_exit_parms *parms) {
  if (strcmp(parms->resource, "CRASH") == 0) {
    volatile int *p = (volatile int *)0;
    *p = 1;
  }
  if (strcmp(parms->resource, "HANG") == 0) {
    for (;;) sleep(60);
  }
  if (strcmp(parms->resource, "RC12") == 0) return 12;
  if (strcmp(parms->resource, "ECHO") == 0) {
    snprintf(parms->reason, sizeof parms->reason, "%d %s %s %s %s L%d S%d/%d [%s]",
             parms->exit_point, parms->tmember, parms->tpipe, parms->userid, parms->group,
             parms->security_level, parms->saf_called, parms->saf_rc, parms->command);
    return ZGATE_OTMA_EXIT_REJECT;
  }
  if (strcmp(parms->resource, "PROBE") == 0 && parms->command) {
    int fd = open(parms->command, O_RDONLY);
    int open_err = fd < 0 ? errno : 0;
    if (fd >= 0) close(fd);
    /* The exec in a child: the helper itself must survive to answer. */
    int exec_err = 0;
    int p[2];
    if (pipe(p) == 0) {
      pid_t pid = fork();
      if (pid == 0) {
        char *argv[] = {(char *)"true", NULL};
        char *envp[] = {NULL};
        close(p[0]);
        fcntl(p[1], F_SETFD, FD_CLOEXEC);
        execve("/bin/true", argv, envp);
        int e = errno;
        if (write(p[1], &e, sizeof e) < 0) _exit(2);
        _exit(1);
      }
      close(p[1]);
      if (pid > 0) {
        if (read(p[0], &exec_err, sizeof exec_err) <= 0) exec_err = 0;
        waitpid(pid, NULL, 0);
      } else {
        exec_err = errno;
      }
      close(p[0]);
    }
    snprintf(parms->reason, sizeof parms->reason, "open %d exec %d", open_err, exec_err);
    return ZGATE_OTMA_EXIT_REJECT;
  }
  if (strcmp(parms->resource, "NOTERM") == 0) {
    memset(parms->reason, 'X', sizeof parms->reason);
    return ZGATE_OTMA_EXIT_REJECT;
  }
  return ZGATE_OTMA_EXIT_ALLOW;
}

int DFSCTRN0(zgate_otma_exit_parms *parms) { return misbehave(parms); }
int DFSCCMD0(zgate_otma_exit_parms *parms) { return misbehave(parms); }
int DFSYRTUX(zgate_otma_exit_parms *parms) { return misbehave(parms); }
