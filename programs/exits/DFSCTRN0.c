/*
 * DFSCTRN0 - sample OTMA transaction authorization exit for zgate
 * (ABI: include/zgate/otma_exits.h).
 *
 * Rule: temporary staff, whose user IDs start with TEMP, may not run the payroll
 * transactions, whose codes start with PAY, even where RACF lets them (zgate calls DFSCTRN0
 * only after RACF allowed the transaction, or without RACF under NONE and JOIN):
 *
 *   user TEMP01,  transaction PAYROLL  -> RC 8: rejected
 *   user CLERK01, transaction PAYROLL  -> RC 0: allowed (RACF's answer stands)
 *   user TEMP01,  transaction INVENTRY -> RC 0: allowed
 *
 * It keeps no state between calls. Build: programs/CMakeLists.txt makes
 * <build>/programs/DFSCTRN0.so.
 */
#include <string.h>

#include "zgate/otma_exits.h"

static void set_reason(zgate_otma_exit_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int DFSCTRN0(zgate_otma_exit_parms *parms) {
  /* An older zgate would pass a shorter block: use nothing beyond what it has. */
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_OTMA_EXIT_REJECT;

  if (strncmp(parms->userid, "TEMP", 4) == 0 && strncmp(parms->resource, "PAY", 3) == 0) {
    set_reason(parms, "temporary staff may not run payroll transactions (DFSCTRN0)");
    return ZGATE_OTMA_EXIT_REJECT;
  }
  return ZGATE_OTMA_EXIT_ALLOW;
}
