/* DBCOUNT: adds one to a counter kept in the phone book (DFSIVD1), slowly, to show program
 * isolation: GHU the entry named in the input ("DBCOUNT <last name>"), wait 20 ms, REPL it with
 * its first-name field (a 10-digit number) plus one. Two regions running it at once serialize
 * on the record: the second GHU waits for the first program's sync point, so no increment is
 * lost. Replies with the new value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char seg[64];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = 0;
  char last[11] = "";
  if (sscanf(seg, "%*s %10s", last) != 1 || dli->version < 3 || dli->db_pcb_count < 1) return 1;
  char ssa[32];
  snprintf(ssa, sizeof ssa, "A1111111(A1111111EQ%-10s)", last);
  const char* q[1] = {ssa};
  char io[41];
  size_t io_len = 0;
  if (zg_dl(dli, dli->db_pcb[0], "GHU", io, sizeof io, &io_len, 1, q) != ZG_OK) return 2;
  char digits[11];
  memcpy(digits, io + 10, 10);
  digits[10] = 0;
  const long n = strtol(digits, NULL, 10) + 1;
  const struct timespec pause = {0, 20 * 1000 * 1000};
  nanosleep(&pause, NULL);
  char num[16];
  snprintf(num, sizeof num, "%010ld", n);
  memcpy(io + 10, num, 10);
  io_len = 40;
  if (zg_dl(dli, dli->db_pcb[0], "REPL", io, 40, &io_len, 0, NULL) != ZG_OK) return 3;
  zg_reply(dli, num, 10);
  return 0;
}
