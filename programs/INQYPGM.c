/* INQYPGM: answers with what INQY tells it: "PROGRAM=<name> IO=<I/O PCB status> DB=<DB PCB
 * status>" after INQY PROGRAM and INQY DBQUERY (an AIB call in IMS). */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char seg[64];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (dli->version < 3 || !dli->inqy || dli->db_pcb_count < 1) return 1;
  char name[9] = "";
  size_t name_len = 0;
  zg_aib_result r;
  if (dli->inqy(dli, "PROGRAM ", name, 8, &name_len, &r) != ZG_AIB_RC_OK) return 2;
  if (dli->inqy(dli, "DBQUERY ", NULL, 0, NULL, &r) != ZG_AIB_RC_OK) return 3;
  char out[64];
  int n = snprintf(out, sizeof out, "PROGRAM=%.8s IO=%.2s DB=%.2s", name, dli->io_pcb->status, dli->db_pcb[0]->status);
  zg_reply(dli, out, (size_t)n);
  return 0;
}
