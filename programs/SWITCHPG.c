/* SWITCHPG: a program-to-program switch. Input: "SWITCHTX DEST text"; it CHNGes an alternate
 * PCB to DEST, inserts "DEST text" (the switched message starts with its transaction code, as
 * a terminal's would) and PURGes it, then replies "CHNG DEST STATUS=xx" so the caller sees
 * whether RACF let the user reach DEST (A4) or not. */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char in[1024], dest[16] = {0}, reply[128], st[3];
  size_t len = 0;
  if (zg_gu(dli, in, sizeof in - 1, &len) != ZG_OK) return 0;
  in[len < sizeof in - 1 ? len : sizeof in - 1] = 0;

  const char* p = strchr(in, ' '); /* skip our own transaction code */
  while (p && *p == ' ') ++p;
  if (!p || !*p) {
    zg_reply(dli, "NO DESTINATION", 14);
    return 0;
  }
  size_t n = strcspn(p, " ");
  if (n > 8) n = 8;
  memcpy(dest, p, n);

  zg_pcb* alt = dli->alt_pcb[0];
  int rc = dli->chng(dli, alt, dest);
  if (rc == ZG_OK) {
    dli->isrt(dli, alt, p, strlen(p));
    dli->purg(dli, alt);
  }
  zg_status_text(rc, st);
  int k = snprintf(reply, sizeof reply, "CHNG %s STATUS=%s", dest, st);
  zg_reply(dli, reply, (size_t)k);
  return 0;
}
