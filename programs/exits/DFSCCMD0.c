/*
 * DFSCCMD0 - sample OTMA command authorization exit for zgate
 * (ABI: include/zgate/otma_exits.h).
 *
 * DFSCCMD0 makes the final decision on every command, with RACF's answer as advice. Rules, in
 * order (resource is the command verb: DIS, STA, STO, SEC):
 *
 *   1. /STOP (STO) from a user ID starting with TEMP (temporary staff) -> RC 8, even when
 *      RACF allowed it.
 *   2. RACF denied the command (saf_called, saf_rc 8):
 *        user IMSOPER, /DISPLAY (DIS)  -> RC 0: the operator may always look (overturns RACF)
 *        anything else                 -> RC 8: RACF's refusal stands
 *   3. Otherwise (RACF allowed it, does not protect it, or was not called) -> RC 0.
 *
 * It keeps no state between calls. Build: programs/CMakeLists.txt makes
 * <build>/programs/DFSCCMD0.so.
 */
#include <string.h>

#include "zgate/otma_exits.h"

static void set_reason(zgate_otma_exit_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int DFSCCMD0(zgate_otma_exit_parms *parms) {
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_OTMA_EXIT_REJECT;

  if (strncmp(parms->userid, "TEMP", 4) == 0 && strcmp(parms->resource, "STO") == 0) {
    set_reason(parms, "temporary staff may not issue /STOP (DFSCCMD0)");
    return ZGATE_OTMA_EXIT_REJECT;
  }
  if (parms->saf_called && parms->saf_rc == ZGATE_OTMA_SAF_DENIED) {
    if (strcmp(parms->userid, "IMSOPER") == 0 && strcmp(parms->resource, "DIS") == 0) {
      set_reason(parms, "IMSOPER may always issue /DISPLAY (DFSCCMD0)");
      return ZGATE_OTMA_EXIT_ALLOW;
    }
    set_reason(parms, "RACF denied the command (DFSCCMD0)");
    return ZGATE_OTMA_EXIT_REJECT;
  }
  return ZGATE_OTMA_EXIT_ALLOW;
}
