/* CARDINQ: card inquiry over the card-holder database CARDDB (PSB CARDINQ, read only).
 * Input:  "CARDINQ <customer number>"
 * Output: one segment for the customer ("CUSTOMER <number> <name> <branch>"), then one per
 *         card ("CARD <PAN> <expiry> <type> <status>"), then "<n> CARDS"; or
 *         "CUSTOMER <number> NOT FOUND".
 * The PANs are test numbers (docs/proclib-sample/LOAD/CARDDB); the program shows them as
 * stored: what a later data-access policy may mask is the whole number. */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

static size_t trimmed(const char* s, size_t n) {
  while (n > 0 && s[n - 1] == ' ') --n;
  return n;
}

int zgate_program(zg_dli* dli) {
  char seg[128];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg - 1, &len) != ZG_OK) return 0;
  if (len > sizeof seg - 1) len = sizeof seg - 1;
  seg[len] = 0;
  char custno[11] = "";
  if (sscanf(seg, "%*s %10s", custno) != 1) {
    zg_reply(dli, "USAGE: CARDINQ <CUSTOMER NUMBER>", 32);
    return 0;
  }
  if (dli->version < 3 || dli->db_pcb_count < 1) return 1;
  zg_db_pcb* pcb = dli->db_pcb[0];
  char ssa[8 + 1 + 8 + 2 + 10 + 1 + 1];
  snprintf(ssa, sizeof ssa, "CUSTOMER(CUSTNO  EQ%-10s)", custno);
  const char* qual[1] = {ssa};
  char io[256];
  size_t io_len = 0;
  char out[160];
  int st = zg_dl(dli, pcb, "GU", io, sizeof io, &io_len, 1, qual);
  if (st == ZG_GE) {
    int n = snprintf(out, sizeof out, "CUSTOMER %s NOT FOUND", custno);
    zg_reply(dli, out, (size_t)n);
    return 0;
  }
  if (st != ZG_OK) return 2;
  int n = snprintf(out, sizeof out, "CUSTOMER %.10s %.*s %.*s", io, (int)trimmed(io + 10, 40), io + 10,
                   (int)trimmed(io + 110, 10), io + 110);
  zg_reply(dli, out, (size_t)n);
  const char* card[1] = {"CARD     "};
  int cards = 0;
  while ((st = zg_dl(dli, pcb, "GNP", io, sizeof io, &io_len, 1, card)) == ZG_OK) {
    n = snprintf(out, sizeof out, "CARD %.*s %.4s %.*s %c", (int)trimmed(io, 16), io, io + 16, (int)trimmed(io + 20, 8),
                 io + 20, io[28]);
    zg_reply(dli, out, (size_t)n);
    ++cards;
  }
  if (st != ZG_GE) return 3;
  n = snprintf(out, sizeof out, "%d CARDS", cards);
  zg_reply(dli, out, (size_t)n);
  return 0;
}
