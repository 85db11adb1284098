/* CRASHPGM: abends on purpose, for the region-recovery tests. Input "CRASHTX SEGV" touches
 * address 0 (S0C4), "CRASHTX ABORT" calls abort(), "CRASHTX RC n" returns n (user abend);
 * anything else replies "SURVIVED". It first queues alternate output, which the backout must
 * discard. */
#include <stdlib.h>
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char in[256];
  size_t len = 0;
  if (zg_gu(dli, in, sizeof in - 1, &len) != ZG_OK) return 0;
  in[len < sizeof in - 1 ? len : sizeof in - 1] = 0;
  zg_pcb* alt = dli->alt_pcb[0];
  if (dli->chng(dli, alt, "CRASHOUT") == ZG_OK) dli->isrt(dli, alt, "NEVER SENT", 10);
  if (strstr(in, "SEGV")) {
    volatile int* p = (volatile int*)0;
    *p = 1;
  }
  if (strstr(in, "ABORT")) abort();
  const char* rc = strstr(in, "RC ");
  if (rc) return atoi(rc + 3);
  zg_reply(dli, "SURVIVED", 8);
  return 0;
}
