/* DBLOCK2: holds two phone-book entries (DFSIVD1) in the order its input gives them,
 * "DBLOCK2 <first> <second>": GHU the first, wait 100 ms, GHU the second, reply "HELD <first>
 * <second>". Two of them started at once with the names crossed wait for each other: IMS's
 * program isolation ends one with pseudo-abend U0777 and schedules its message again. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "zgate/dli.h"

static int hold(zg_dli* dli, const char* last) {
  char ssa[32];
  snprintf(ssa, sizeof ssa, "A1111111(A1111111EQ%-10s)", last);
  const char* q[1] = {ssa};
  char io[41];
  size_t len = 0;
  return zg_dl(dli, dli->db_pcb[0], "GHU", io, sizeof io, &len, 1, q);
}

int zgate_program(zg_dli* dli) {
  char seg[64];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = 0;
  char a[11] = "", b[11] = "";
  if (sscanf(seg, "%*s %10s %10s", a, b) != 2 || dli->version < 3 || dli->db_pcb_count < 1) return 1;
  if (hold(dli, a) != ZG_OK) return 2;
  const struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, NULL);
  if (hold(dli, b) != ZG_OK) return 3;
  char out[40];
  int n = snprintf(out, sizeof out, "HELD %s %s", a, b);
  zg_reply(dli, out, (size_t)n);
  return 0;
}
