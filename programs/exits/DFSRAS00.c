/*
 * DFSRAS00 - sample Resource Access Security exit for zgate (ABI: include/zgate/dfsras00.h),
 * called when a transaction's message is about to be scheduled into a region under DFSPB
 * ISIS=C (the exit alone) or ISIS=A (after RACF allowed the region's user ID).
 *
 * Rule: the regions that run as user ID IMSREGN (zgate serve's default --region-user) may not
 * schedule PSB LOOPPGM, a program that never ends on its own:
 *
 *   region user IMSREGN, PSB LOOPPGM -> RC 8: refused (the client gets DFS2854A ... 088-FAILED
 *                                       SECURITY CHECK, and the program does not run)
 *   region user IMSREGN, PSB ECHOPGM -> RC 0: allowed
 *   region user MPPUSER, PSB LOOPPGM -> RC 0: allowed
 *
 * And for ODBM's allocations (an ODBM thread's user, APSB of a PSB), the seed's example:
 *
 *   user USERIDB, PSB PSB2           -> RC 8: refused (USERIDB may allocate PSB1 only)
 *
 * It keeps no state between calls, so it is reentrant, as zgate requires. Build:
 * programs/CMakeLists.txt makes <build>/programs/DFSRAS00.so.
 */
#include <string.h>

#include "zgate/dfsras00.h"

static void set_reason(zgate_dfsras00_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int DFSRAS00(zgate_dfsras00_parms *parms) {
  /* An older zgate would pass a shorter block: use nothing beyond what it has. */
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_DFSRAS00_REJECT;
  if (parms->resource_type != ZGATE_DFSRAS00_PSB) return ZGATE_DFSRAS00_ALLOW;

  if (strcmp(parms->userid, "IMSREGN") == 0 && strcmp(parms->resource, "LOOPPGM") == 0) {
    set_reason(parms, "region user IMSREGN may not schedule LOOPPGM");
    return ZGATE_DFSRAS00_REJECT;
  }
  if (strcmp(parms->userid, "USERIDB") == 0 && strcmp(parms->resource, "PSB2") == 0) {
    set_reason(parms, "USERIDB may allocate PSB1 only");
    return ZGATE_DFSRAS00_REJECT;
  }
  return ZGATE_DFSRAS00_ALLOW;
}
