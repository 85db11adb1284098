/*
 * A failing IMSLSECX for the containment tests (tests/CMakeLists.txt builds it): it looks at
 * the user ID.
 *   SEGV    -> stores through a NULL pointer (S0C4): the exit's host dies
 *   ABORT   -> abort() (SIGABRT)
 *   HANG    -> never returns (zgate ends it at its call limit)
 *   GARBAGE -> writes a broken frame on the host's socket (fd 3) before returning 0, as an
 *              exit that scribbles over its host would
 *   anything else -> RC 0
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zgate/imslsecx.h"

int IMSLSECX(zgate_imslsecx_parms *parms) {
  if (strcmp(parms->userid, "SEGV") == 0) {
    volatile int *p = (volatile int *)0;
    *p = 1;
  }
  if (strcmp(parms->userid, "ABORT") == 0) abort();
  if (strcmp(parms->userid, "HANG") == 0) {
    for (;;) sleep(60);
  }
  if (strcmp(parms->userid, "GARBAGE") == 0) {
    /* A 3-byte reply: too short for the return code it must start with. */
    static const char frame[] = {3, 0, 0, 0, 44, 'a', 'b', 'c'};
    if (write(3, frame, sizeof frame) < 0) return ZGATE_IMSLSECX_REJECT;
  }
  return ZGATE_IMSLSECX_CONTINUE;
}
