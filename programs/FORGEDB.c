/* FORGEDB: a program that forges database calls on its region's socket (fd 3) instead of going
 * through dli->dl, to show the control process checks them itself. Its PSB has one DB PCB.
 *   "FORGEDB PCB"    DbCall frames for PCB 7 and PCB 4294967295, and one for PCB 0 asking for
 *                    4 GB of answer; replies "PCB7 <st> PCBMAX <st> HUGECAP <st>"
 *   "FORGEDB TRUNC"  a DbCall frame whose body stops short: the control process must end the
 *                    region (U4095), not read past it.
 * The frame layout is zgate's region protocol (tm/region_protocol.h): length (4, host order),
 * type (1; DbCall is 14, DbAnswer 5), body. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "zgate/dli.h"

static size_t put32(char* p, uint32_t v) {
  memcpy(p, &v, 4);
  return 4;
}

static int full_write(const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(3, p, n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int full_read(char* p, size_t n) {
  while (n > 0) {
    ssize_t r = read(3, p, n);
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

/* A DbCall for `pcb`: GU, no SSAs, no I/O area, answer cut to `cap`; `cut` bytes left off. */
static int forge(uint32_t pcb, uint32_t cap, size_t cut, char status[3]) {
  char body[64];
  size_t n = 0;
  n += put32(body + n, pcb);
  n += put32(body + n, 2);
  memcpy(body + n, "GU", 2);
  n += 2;
  n += put32(body + n, 0); /* SSAs */
  n += put32(body + n, 0); /* I/O area */
  n += put32(body + n, cap);
  n -= cut;
  char frame[80];
  put32(frame, (uint32_t)n);
  frame[4] = 14;
  memcpy(frame + 5, body, n);
  if (full_write(frame, 5 + n) != 0) return -1;
  char header[5];
  if (full_read(header, 5) != 0 || header[4] != 5) return -1;
  uint32_t len;
  memcpy(&len, header, 4);
  char answer[256];
  if (len < 4 || len > sizeof answer || full_read(answer, len) != 0) return -1;
  int32_t st;
  memcpy(&st, answer, 4);
  status[0] = st ? (char)((st >> 8) & 0xFF) : ' ';
  status[1] = st ? (char)(st & 0xFF) : ' ';
  status[2] = 0;
  return 0;
}

int zgate_program(zg_dli* dli) {
  char seg[64];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = 0;
  char a[3] = "??", b[3] = "??", c[3] = "??";
  if (strstr(seg, "TRUNC")) {
    forge(0, 40, 3, a); /* never answered: the region is ended */
    return 1;
  }
  if (forge(7, 40, 0, a) != 0 || forge(0xFFFFFFFFu, 40, 0, b) != 0 || forge(0, 0xFFFFFFFFu, 0, c) != 0) return 2;
  char out[64];
  int n = snprintf(out, sizeof out, "PCB7 %s PCBMAX %s HUGECAP %s", a, b, c);
  zg_reply(dli, out, (size_t)n);
  return 0;
}
