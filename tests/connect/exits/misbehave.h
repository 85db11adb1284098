/*
 * What the failing test exits (imslsecx_crash.c, hwsauth0_crash.c) do, chosen by the user ID
 * they are given, whatever their ABI:
 *   SEGV    -> stores through a NULL pointer (S0C4): the exit's host dies
 *   ABORT   -> abort() (SIGABRT)
 *   HANG    -> never returns (zgate ends it at its call limit)
 *   GARBAGE -> writes a broken frame on the host's socket (fd 3), as an exit that scribbles
 *              over its host would; then returns 0 (-1 if the write failed)
 *   anything else -> returns 0
 */
#ifndef ZGATE_TEST_EXITS_MISBEHAVE_H
#define ZGATE_TEST_EXITS_MISBEHAVE_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int misbehave(const char *userid) {
  if (strcmp(userid, "SEGV") == 0) {
    volatile int *p = (volatile int *)0;
    *p = 1;
  }
  if (strcmp(userid, "ABORT") == 0) abort();
  if (strcmp(userid, "HANG") == 0) {
    for (;;) sleep(60);
  }
  if (strcmp(userid, "GARBAGE") == 0) {
    /* A 3-byte reply: too short for the return code it must start with. */
    static const char frame[] = {3, 0, 0, 0, 44, 'a', 'b', 'c'};
    if (write(3, frame, sizeof frame) < 0) return -1;
  }
  return 0;
}

#endif
