/*
 * IMSLSECX - sample IMS Connect security exit for zgate (ABI: include/zgate/imslsecx.h).
 *
 *   user ID BADGUY  -> RC 8: rejected (the client gets RSM RC 8 RSN 40)
 *   user ID ALIAS1  -> RC 4: continue as USER1 (the group is left as the client sent it)
 *   anything else   -> RC 0: continue unchanged (RACF=Y then verifies it)
 *
 * It keeps no state between calls, so it is reentrant, as zgate requires: several network
 * threads call it at once. Build: programs/CMakeLists.txt makes <build>/programs/IMSLSECX.so.
 */
#include <string.h>

#include "zgate/imslsecx.h"

static void set_reason(zgate_imslsecx_parms *parms, const char *text) {
  strncpy(parms->reason, text, sizeof parms->reason - 1);
  parms->reason[sizeof parms->reason - 1] = '\0';
}

int IMSLSECX(zgate_imslsecx_parms *parms) {
  /* An older zgate would pass a shorter block: use nothing beyond what it has. */
  if (parms->version < 1 || parms->length < sizeof *parms) return ZGATE_IMSLSECX_REJECT;

  if (strcmp(parms->userid, "BADGUY") == 0) {
    set_reason(parms, "user ID BADGUY is barred by IMSLSECX");
    return ZGATE_IMSLSECX_REJECT;
  }
  if (strcmp(parms->userid, "ALIAS1") == 0) {
    strcpy(parms->userid, "USER1"); /* fits: userid is 9 bytes */
    set_reason(parms, "ALIAS1 mapped to USER1 by IMSLSECX");
    return ZGATE_IMSLSECX_CHANGED;
  }
  return ZGATE_IMSLSECX_CONTINUE;
}
