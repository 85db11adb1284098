/*
 * DFSYRTUX - sample OTMA RESUME TPIPE security exit for zgate
 * (ABI: include/zgate/otma_exits.h).
 *
 * DFSYRTUX is called for every RESUME TPIPE, after RACF when RACF was called, and may
 * overturn RACF's answer either way. Rules, in order (resource is the tpipe being resumed):
 *
 *   1. LOCKED*  -> RC 8 whatever RACF said: the tpipe is closed (overturns an allow).
 *   2. OPEN*    -> RC 0 whatever RACF said: anyone may collect (overturns a deny).
 *   3. PRIVxxxx -> a private tpipe: RC 0 for the user ID xxxx (the rest of the name), even
 *                  when RACF denied it; anyone else follows rule 4.
 *   4. anything else -> RACF's answer: RC 8 when RACF denied (saf_rc 8), RC 0 when it
 *                  allowed, does not protect the tpipe, or was not called.
 *
 * It keeps no state between calls. Build: programs/CMakeLists.txt makes
 * <build>/programs/DFSYRTUX.so.
 */
#include <string.h>

#include "zgate/otma_exits.h"

static void set_reason(zgate_otma_exit_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int DFSYRTUX(zgate_otma_exit_parms *parms) {
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_OTMA_EXIT_REJECT;

  const char *tpipe = parms->resource;
  if (strncmp(tpipe, "LOCKED", 6) == 0) {
    set_reason(parms, "tpipe is locked (DFSYRTUX)");
    return ZGATE_OTMA_EXIT_REJECT;
  }
  if (strncmp(tpipe, "OPEN", 4) == 0) {
    set_reason(parms, "tpipe is open to all (DFSYRTUX)");
    return ZGATE_OTMA_EXIT_ALLOW;
  }
  if (strncmp(tpipe, "PRIV", 4) == 0 && tpipe[4] != '\0' && strcmp(tpipe + 4, parms->userid) == 0) {
    set_reason(parms, "private tpipe resumed by its owner (DFSYRTUX)");
    return ZGATE_OTMA_EXIT_ALLOW;
  }
  if (parms->saf_called && parms->saf_rc == ZGATE_OTMA_SAF_DENIED) {
    set_reason(parms, "RACF denied the resume (DFSYRTUX)");
    return ZGATE_OTMA_EXIT_REJECT;
  }
  return ZGATE_OTMA_EXIT_ALLOW;
}
