/*
 * CRASHRAS - a misbehaving DFSRAS00 exit, for zgate's containment tests only
 * (ABI: include/zgate/dfsras00.h). It looks at the PSB name:
 *
 *   CRASHPGM -> stores through a NULL pointer (S0C4): the exit helper dies
 *   LOOPPGM  -> never returns (zgate ends it at its call limit)
 *   AUTHPGM  -> returns 12, a return code the ABI does not define
 *   SWITCHPG -> returns 8 with every input field in the reason, to check what zgate passes
 *   else     -> returns 0: allowed
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "zgate/dfsras00.h"

int DFSRAS00(zgate_dfsras00_parms *parms) {
  if (strcmp(parms->resource, "CRASHPGM") == 0) {
    volatile int *p = (volatile int *)0;
    *p = 1;
  }
  if (strcmp(parms->resource, "LOOPPGM") == 0) {
    for (;;) sleep(60);
  }
  if (strcmp(parms->resource, "AUTHPGM") == 0) return 12;
  if (strcmp(parms->resource, "SWITCHPG") == 0) {
    snprintf(parms->reason, sizeof parms->reason, "T%d I%c S%d/%d R%d ID%d %s %s %s %s %s %s",
             parms->resource_type, (char)parms->isis, parms->saf_called, parms->saf_rc, parms->region,
             parms->identity, parms->userid, parms->group, parms->resource_class, parms->resource,
             parms->trancode, parms->requester);
    return ZGATE_DFSRAS00_REJECT;
  }
  return ZGATE_DFSRAS00_ALLOW;
}
