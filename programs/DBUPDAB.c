/* DBUPDAB: adds a phone-book entry (DFSIVD1 root A1111111) and then does what its input says,
 * for the tests of backout: "DBUPDAB <how> <last name>" with <how>
 *   OK     replies "ADDED" (the change commits at the sync point)
 *   S0C4   stores through a null pointer (a system abend: the change is backed out)
 *   U0500  returns 500 (a user abend: backed out)
 *   ROLB   backs out with ROLB, then replies "ROLLED BACK" (the program goes on; nothing stays)
 *   ROLL   ends itself with ROLL (U0778: backed out) */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char seg[128];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = 0;
  char how[9] = "", last[11] = "";
  if (sscanf(seg, "%*s %8s %10s", how, last) != 2) return 1;
  if (dli->version < 3 || dli->db_pcb_count < 1) return 2;
  char record[40];
  memset(record, ' ', sizeof record);
  memcpy(record, last, strlen(last));
  memcpy(record + 10, "ABEND", 5);
  const char* ssa[1] = {"A1111111 "};
  size_t io_len = sizeof record;
  if (zg_dl(dli, dli->db_pcb[0], "ISRT", record, sizeof record, &io_len, 1, ssa) != ZG_OK) return 3;
  if (strcmp(how, "S0C4") == 0) {
    volatile int* p = NULL;
    *p = 1;
  }
  if (strcmp(how, "U0500") == 0) return 500;
  if (strcmp(how, "ROLL") == 0) dli->roll(dli);
  if (strcmp(how, "ROLB") == 0) {
    zg_reply(dli, "NOT SENT", 8); /* ROLB takes the output built so far as well */
    if (dli->rolb(dli) != ZG_OK) return 4;
    zg_reply(dli, "ROLLED BACK", 11);
    return 0;
  }
  zg_reply(dli, "ADDED", 5);
  return 0;
}
