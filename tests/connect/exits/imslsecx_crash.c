/*
 * A failing IMSLSECX for the containment tests (tests/CMakeLists.txt builds it): it misbehaves
 * as misbehave.h says by the user ID (SEGV, ABORT, HANG, GARBAGE), else returns 0.
 */
#include "misbehave.h"
#include "zgate/imslsecx.h"

int IMSLSECX(zgate_imslsecx_parms *parms) {
  return misbehave(parms->userid) == 0 ? ZGATE_IMSLSECX_CONTINUE : ZGATE_IMSLSECX_REJECT;
}
