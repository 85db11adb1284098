/* LOOPPGM: never ends (a program stuck waiting), for the processing-limit test: IMS ends such
 * a program with abend U0240 when it passes its PROCLIM time. It sleeps rather than spins so
 * the test costs no CPU; zgate's limit is wall-clock time either way. */
#include <unistd.h>

#include "zgate/dli.h"

int zgate_program(zg_dli* dli) {
  char in[64];
  size_t len = 0;
  zg_gu(dli, in, sizeof in, &len);
  for (;;) sleep(60);
  return 0;
}
