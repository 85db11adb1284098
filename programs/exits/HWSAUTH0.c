/*
 * HWSAUTH0 - sample IMS Connect DB security exit for zgate (ABI: include/zgate/hwsauth0.h).
 * zgate calls it for clients of IMS DB (the DRDA port of the IMS Universal drivers) once their
 * user ID is known, before RACF verification.
 *
 *   user ID beginning with BATCH -> RC 8: rejected. Batch user IDs are for the batch jobs that
 *                                   own them; they may not reach the databases over the network.
 *   user ID GUEST                -> RC 4: continue as GUEST in group GUESTS (whatever group the
 *                                   client asked for), so that PSB and database access can be
 *                                   granted to guests as one group.
 *   anything else                -> RC 0: continue unchanged (RACF=Y then verifies it).
 *
 * The reason text says which rule applied. It keeps no state between calls, so it is reentrant,
 * as zgate requires. Build: programs/CMakeLists.txt makes <build>/programs/HWSAUTH0.so.
 */
#include <string.h>

#include "zgate/hwsauth0.h"

static void set_reason(zgate_hwsauth0_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int HWSAUTH0(zgate_hwsauth0_parms *parms) {
  /* An older zgate would pass a shorter block: use nothing beyond what it has. */
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_HWSAUTH0_REJECT;

  if (strncmp(parms->userid, "BATCH", 5) == 0) {
    set_reason(parms, "batch user IDs may not access IMS DB through IMS Connect (HWSAUTH0)");
    return ZGATE_HWSAUTH0_REJECT;
  }
  if (strcmp(parms->userid, "GUEST") == 0) {
    strcpy(parms->group, "GUESTS"); /* fits: group is 9 bytes */
    set_reason(parms, "GUEST runs in group GUESTS (HWSAUTH0)");
    return ZGATE_HWSAUTH0_CHANGED;
  }
  return ZGATE_HWSAUTH0_CONTINUE;
}
