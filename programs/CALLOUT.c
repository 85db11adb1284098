/* CALLOUT: a synchronous callout (DL/I ICAL). Input: "CALLOUT text"; it sends "text" to the
 * OTMA destination descriptor CALLOUT1 and waits for the answer (the descriptor's default
 * timeout), then replies to the I/O PCB:
 *   "CALLOUT RESPONSE: <response>"                              the whole response arrived
 *   "CALLOUT PARTIAL AIB=0100/000C LENGTH=<n> RESPONSE: <what fits>"
 *                                        the response is longer than the 4096-byte area
 *   "CALLOUT FAILED AIB=rrrr/ssss"  (" ERRXT=xxxx" added when the client sent a NAK reason)
 *                                        timeout, NAK, unknown or unavailable destination
 * ICAL reports through the AIB codes (zg_aib_result), not the I/O PCB's status. */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

#define AREA 4096

int zgate_program(zg_dli* dli) {
  char in[AREA], response[AREA], reply[AREA + 128];
  size_t len = 0, resp_len = 0;
  if (zg_gu(dli, in, sizeof in - 1, &len) != ZG_OK) return 0;
  if (len > sizeof in - 1) len = sizeof in - 1;
  in[len] = 0;

  const char* text = strchr(in, ' '); /* skip our own transaction code */
  while (text && *text == ' ') ++text;
  if (!text) text = "";

  zg_aib_result aib;
  int rc = zg_ical(dli, "CALLOUT1", text, strlen(text), response, sizeof response, &resp_len,
                   &aib);
  int k;
  if (rc == ZG_AIB_RC_OK) {
    k = snprintf(reply, sizeof reply, "CALLOUT RESPONSE: %.*s", (int)aib.used, response);
  } else if (aib.reason == ZG_AIB_RSN_PARTIAL) {
    k = snprintf(reply, sizeof reply, "CALLOUT PARTIAL AIB=%04X/%04X LENGTH=%lu RESPONSE: %.*s",
                 aib.retcode, aib.reason, (unsigned long)resp_len, (int)aib.used, response);
  } else if (aib.errxt) {
    k = snprintf(reply, sizeof reply, "CALLOUT FAILED AIB=%04X/%04X ERRXT=%04X", aib.retcode,
                 aib.reason, aib.errxt);
  } else {
    k = snprintf(reply, sizeof reply, "CALLOUT FAILED AIB=%04X/%04X", aib.retcode, aib.reason);
  }
  if (k < 0) return 0;
  if ((size_t)k >= sizeof reply) k = (int)sizeof reply - 1;
  zg_reply(dli, reply, (size_t)k);
  return 0;
}
