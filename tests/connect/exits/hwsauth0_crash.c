/*
 * A failing HWSAUTH0 for the DB security exit's containment tests (tests/CMakeLists.txt builds
 * it): it misbehaves as misbehave.h says by the user ID (SEGV, ABORT, HANG, GARBAGE), else
 * returns 0.
 */
#include "misbehave.h"
#include "zgate/hwsauth0.h"

int HWSAUTH0(zgate_hwsauth0_parms *parms) {
  return misbehave(parms->userid) == 0 ? ZGATE_HWSAUTH0_CONTINUE : ZGATE_HWSAUTH0_REJECT;
}
