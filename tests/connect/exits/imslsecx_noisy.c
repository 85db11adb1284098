/*
 * A misbehaving IMSLSECX for the security exit tests (tests/CMakeLists.txt builds it): the
 * reason it writes holds control characters, or fills all 80 bytes without a NUL.
 *   user ID NEWLINE -> RC 8, reason "barred\nFAKE LOG LINE\t" (a line break and a tab)
 *   user ID FULL    -> RC 8, reason 80 x 'R', no NUL
 *   anything else   -> RC 0
 */
#include <string.h>

#include "zgate/imslsecx.h"

int IMSLSECX(zgate_imslsecx_parms *parms) {
  if (strcmp(parms->userid, "NEWLINE") == 0) {
    strcpy(parms->reason, "barred\nFAKE LOG LINE\t");
    return ZGATE_IMSLSECX_REJECT;
  }
  if (strcmp(parms->userid, "FULL") == 0) {
    memset(parms->reason, 'R', sizeof parms->reason);
    return ZGATE_IMSLSECX_REJECT;
  }
  return ZGATE_IMSLSECX_CONTINUE;
}
