/* ECHOPGM: replies with its input message, less the transaction code (the first word of the
 * first segment, as IMS delivers it), one reply segment per input segment. */
#include <string.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char seg[ZG_MAX_SEGMENT + 1];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0; /* QC: nothing to do */
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  const char* data = seg;
  size_t skip = strnlen(dli->io_pcb->trancode, 8);
  if (len >= skip && memcmp(seg, dli->io_pcb->trancode, skip) == 0) {
    data += skip;
    len -= skip;
    while (len > 0 && *data == ' ') ++data, --len;
  }
  zg_reply(dli, data, len);
  /* later segments of a multi-segment message are echoed as they are */
  while (zg_gn(dli, seg, sizeof seg - 1, &len) == ZG_OK) {
    if (len > sizeof seg - 1) len = sizeof seg - 1;
    zg_reply(dli, seg, len);
  }
  return 0;
}
