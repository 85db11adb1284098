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
 *   else   -> returns 0: allowed
 */
#include <stdio.h>
#include <string.h>
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
  if (strcmp(parms->resource, "NOTERM") == 0) {
    memset(parms->reason, 'X', sizeof parms->reason);
    return ZGATE_OTMA_EXIT_REJECT;
  }
  return ZGATE_OTMA_EXIT_ALLOW;
}

int DFSCTRN0(zgate_otma_exit_parms *parms) { return misbehave(parms); }
int DFSCCMD0(zgate_otma_exit_parms *parms) { return misbehave(parms); }
int DFSYRTUX(zgate_otma_exit_parms *parms) { return misbehave(parms); }
