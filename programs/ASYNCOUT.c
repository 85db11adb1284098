/* ASYNCOUT: an asynchronous callout, a business event for a program outside IMS. Input:
 * "ASYNCOUT tpipe text"; it CHNGes an alternate PCB to the tpipe, inserts "text FROM userid"
 * (the input message's user ID) and PURGes it. At the sync point the message becomes
 * commit-then-send output held on that tpipe of the OTMA client that sent the input, for the
 * client's RESUME TPIPE; the program does not wait for anyone. It still replies
 * "EVENT QUEUED ON tpipe" (or "EVENT NOT QUEUED ON tpipe STATUS=xx") to the I/O PCB so a
 * send-then-commit client sees something. */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char in[1024], tpipe[16] = {0}, event[1100], reply[128], st[3];
  size_t len = 0;
  if (zg_gu(dli, in, sizeof in - 1, &len) != ZG_OK) return 0;
  in[len < sizeof in - 1 ? len : sizeof in - 1] = 0;

  const char* p = strchr(in, ' '); /* skip our own transaction code */
  while (p && *p == ' ') ++p;
  if (!p || !*p) {
    zg_reply(dli, "NO TPIPE", 8);
    return 0;
  }
  size_t n = strcspn(p, " ");
  if (n > 8) n = 8;
  memcpy(tpipe, p, n);
  const char* text = p + strcspn(p, " ");
  while (*text == ' ') ++text;

  zg_pcb* alt = dli->alt_pcb[0];
  int rc = dli->chng(dli, alt, tpipe);
  if (rc == ZG_OK) {
    int k = snprintf(event, sizeof event, "%s FROM %s", text, zg_userid(dli));
    if (k < 0) k = 0;
    if ((size_t)k >= sizeof event) k = (int)sizeof event - 1;
    rc = dli->isrt(dli, alt, event, (size_t)k);
    if (rc == ZG_OK) rc = dli->purg(dli, alt);
  }
  int k;
  if (rc == ZG_OK) {
    k = snprintf(reply, sizeof reply, "EVENT QUEUED ON %s", tpipe);
  } else {
    zg_status_text(rc, st);
    k = snprintf(reply, sizeof reply, "EVENT NOT QUEUED ON %s STATUS=%s", tpipe, st);
  }
  zg_reply(dli, reply, (size_t)k);
  return 0;
}
