/* DFSIVP1: IBM's IVP phone book (transaction IVTNO, program DFSIVA1, PSB DFSIVP1, database
 * DFSIVD1), written in C after IBM's published behaviour. zgate loads a program by its PSB
 * name, hence the file's name.
 *
 * Input (after LLZZ, as the IVP's MFS or an IMS Connect client sends it):
 *   transaction code X(10), command X(8) (ADD, DELETE, UPDATE, DISPLAY, TADD),
 *   last name X(10), first name X(10), extension X(10), zip code X(7)
 * Output (one segment, LLZZ added by IMS):
 *   message X(40), command X(8), last name X(10), first name X(10), extension X(10),
 *   zip code X(7), segment number X(4) "0001"
 *
 * The database: root segment A1111111, 40 bytes (last name 1-10, the unique key; first name
 * 11-20; extension 21-30; zip code 31-37; 3 bytes unused), through the PSB's one DB PCB.
 * A DL/I status the program does not expect ends it with a user abend (U0100 + a code), as the
 * IVP's own error routine does: the message is backed out and the client gets DFS555I. */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

#define SEG_LEN 40

static const char* const kAdded = "ENTRY WAS ADDED";
static const char* const kDeleted = "ENTRY WAS DELETED";
static const char* const kDisplayed = "ENTRY WAS DISPLAYED";
static const char* const kUpdated = "ENTRY WAS UPDATED";
static const char* const kMore = "DATA IS NOT ENOUGH.  PLEASE KEY IN MORE";
static const char* const kInvalid = "PROCESS CODE IS NOT VALID";
static const char* const kNoName = "LAST NAME WAS NOT SPECIFIED";
static const char* const kNotFound = "SPECIFIED PERSON WAS NOT FOUND";
static const char* const kAddFailed = "ADDITION OF ENTRY HAS FAILED";
static const char* const kDeleteFailed = "DELETION OF ENTRY HAS FAILED";
static const char* const kUpdateFailed = "UPDATE OF ENTRY HAS FAILED";

struct input {
  char command[8], last[10], first[10], extension[10], zip[7];
};

/* Field `n` bytes from `at` of the segment, blank-padded past its end. */
static void field(const char* seg, size_t len, size_t at, char* out, size_t n) {
  memset(out, ' ', n);
  if (at < len) memcpy(out, seg + at, len - at < n ? len - at : n);
}

static int blank(const char* f, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (f[i] != ' ') return 0;
  return 1;
}

static int same(const char* f, size_t n, const char* word) {
  size_t w = strlen(word);
  if (w > n || memcmp(f, word, w) != 0) return 0;
  return blank(f + w, n - w);
}

static int reply(zg_dli* dli, const char* message, const struct input* in, const char* record) {
  char out[40 + 8 + 37 + 4];
  memset(out, ' ', sizeof out);
  memcpy(out, message, strlen(message));
  memcpy(out + 40, in->command, 8);
  memcpy(out + 48, record, 37);
  memcpy(out + 85, "0001", 4);
  zg_reply(dli, out, sizeof out);
  return 0;
}

int zgate_program(zg_dli* dli) {
  char seg[256];
  size_t len = 0;
  if (zg_gu(dli, seg, sizeof seg, &len) != ZG_OK) return 0; /* QC */
  if (len > sizeof seg) len = sizeof seg;
  if (dli->version < 3 || dli->db_pcb_count < 1) return 100 + 1; /* not the PSB it was written for */
  zg_db_pcb* pcb = dli->db_pcb[0];

  struct input in;
  field(seg, len, 10, in.command, sizeof in.command);
  field(seg, len, 18, in.last, sizeof in.last);
  field(seg, len, 28, in.first, sizeof in.first);
  field(seg, len, 38, in.extension, sizeof in.extension);
  field(seg, len, 48, in.zip, sizeof in.zip);

  char record[SEG_LEN];
  memset(record, ' ', sizeof record);
  memcpy(record, in.last, 10);
  memcpy(record + 10, in.first, 10);
  memcpy(record + 20, in.extension, 10);
  memcpy(record + 30, in.zip, 7);

  const int add = same(in.command, 8, "ADD") || same(in.command, 8, "TADD");
  const int del = same(in.command, 8, "DELETE"), upd = same(in.command, 8, "UPDATE");
  const int dis = same(in.command, 8, "DISPLAY");
  if (!add && !del && !upd && !dis) return reply(dli, kInvalid, &in, record);
  if (blank(in.last, 10)) return reply(dli, kNoName, &in, record);

  /* A1111111(A1111111EQlastname__): the key field is named like its segment in DFSIVD1. */
  char ssa[8 + 1 + 8 + 2 + 10 + 1 + 1];
  snprintf(ssa, sizeof ssa, "A1111111(A1111111EQ%.10s)", in.last);
  const char* qualified[1] = {ssa};
  const char* unqualified[1] = {"A1111111 "};
  char io[SEG_LEN + 1];
  size_t io_len = SEG_LEN;
  int st;

  if (add) {
    if (blank(in.first, 10) || blank(in.extension, 10) || blank(in.zip, 7)) return reply(dli, kMore, &in, record);
    io_len = SEG_LEN;
    st = zg_dl(dli, pcb, "ISRT", record, SEG_LEN, &io_len, 1, unqualified);
    if (st == ZG_II) return reply(dli, kAddFailed, &in, record);
    if (st != ZG_OK) return 100 + 2;
    return reply(dli, kAdded, &in, record);
  }
  if (dis) {
    st = zg_dl(dli, pcb, "GU", io, sizeof io, &io_len, 1, qualified);
    if (st == ZG_GE) return reply(dli, kNotFound, &in, record);
    if (st != ZG_OK) return 100 + 3;
    return reply(dli, kDisplayed, &in, io);
  }
  st = zg_dl(dli, pcb, "GHU", io, sizeof io, &io_len, 1, qualified);
  if (st == ZG_GE) return reply(dli, kNotFound, &in, record);
  if (st != ZG_OK) return 100 + 4;
  if (del) {
    io_len = SEG_LEN;
    st = zg_dl(dli, pcb, "DLET", io, SEG_LEN, &io_len, 0, NULL);
    if (st != ZG_OK) return reply(dli, kDeleteFailed, &in, io);
    return reply(dli, kDeleted, &in, io);
  }
  /* UPDATE: the fields given replace those stored; blank ones are kept. */
  if (blank(in.first, 10) && blank(in.extension, 10) && blank(in.zip, 7)) return reply(dli, kMore, &in, io);
  if (!blank(in.first, 10)) memcpy(io + 10, in.first, 10);
  if (!blank(in.extension, 10)) memcpy(io + 20, in.extension, 10);
  if (!blank(in.zip, 7)) memcpy(io + 30, in.zip, 7);
  io_len = SEG_LEN;
  st = zg_dl(dli, pcb, "REPL", io, SEG_LEN, &io_len, 0, NULL);
  if (st != ZG_OK) return reply(dli, kUpdateFailed, &in, io);
  return reply(dli, kUpdated, &in, io);
}
