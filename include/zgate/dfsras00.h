/*
 * zgate/dfsras00.h - the Resource Access Security user exit (RASE, IMS's DFSRAS00) as a zgate
 * plug-in (C ABI), in the style of zgate/otma_exits.h and zgate/imslsecx.h.
 *
 * In IMS, resource access security (RAS) decides whether a dependent region may use a
 * resource; the DFSPB parameter ISIS= says who decides (IBM, "ISIS= parameter for procedures"):
 *
 *   ISIS=N  no RAS check (IMS's default; 0, 1 and 2 are read as N)
 *   ISIS=R  RACF: the dependent region's user ID needs READ to the PSB in class IIMS
 *           (grouped by JIMS)
 *   ISIS=C  this exit decides alone; RACF is not called
 *   ISIS=A  RACF first; when RACF allows (or no profile protects the PSB), this exit decides
 *
 * zgate calls the exit when a transaction's message is about to be scheduled into a region,
 * before the program runs. When the exit refuses, the program does not run: the client gets
 * "DFS2854A ... 088-FAILED SECURITY CHECK" (RASE refusal, IBM's reason code X'088') and an
 * audit event is written with the exit's reason.
 *
 * Where the exit comes from: `zgate serve --ras-exit PATH` names a shared library exporting
 *
 *     int DFSRAS00(zgate_dfsras00_parms *parms);
 *
 * ISIS=C or A without --ras-exit stops start-up (deny by default: nobody could decide). The
 * library is loaded at start-up (dlopen RTLD_NOW | RTLD_LOCAL) into zgate's RAS exit helper
 * processes (`zgate ras-exit-host`, confined as the other exits' helpers are: no file but the
 * library and the system's libraries, no exec, not dumpable), and again into each new helper
 * after one was lost. zgate refuses to start when it cannot be loaded or lacks the entry point.
 *
 * Return codes:
 *   ZGATE_DFSRAS00_ALLOW  (0)  the region may schedule the PSB.
 *   ZGATE_DFSRAS00_REJECT (8)  it may not: the message is not processed (see above).
 * Any other return code is a refusal (deny by default). An exit that crashes, or does not
 * return within zgate's call limit (2 seconds), is a refusal too: its helper is ended, the
 * refusal logged and audited, and the next call starts a new helper.
 *
 * Rules for the exit:
 *   - Be reentrant and keep no state a decision depends on: several helpers call it, one call
 *     at a time each, and a helper may be replaced at any time.
 *   - Return promptly: the message waits for the answer on the thread that schedules it.
 *   - It never sees a password, password phrase or PassTicket, nor the message's data.
 *   - It must not keep the parms pointer, or the strings it points to, after it returns.
 *   - It may write only parms->reason; whatever else it changes is ignored.
 *
 * All strings are NUL-terminated, blank-free IMS names of at most 8 characters, empty when
 * there is none.
 */
#ifndef ZGATE_DFSRAS00_H
#define ZGATE_DFSRAS00_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZGATE_DFSRAS00_ENTRY "DFSRAS00"
#define ZGATE_DFSRAS00_VERSION 1

#define ZGATE_DFSRAS00_ALLOW 0
#define ZGATE_DFSRAS00_REJECT 8

/* resource_type: what the region asks to use. zgate calls the exit for PSBs only today; the
 * other values are IMS's other RAS resources, reserved so that an exit can test for them. */
#define ZGATE_DFSRAS00_PSB 1   /* schedule a PSB (class IIMS) */
#define ZGATE_DFSRAS00_TRAN 2  /* reserved: process a transaction (class TIMS) */
#define ZGATE_DFSRAS00_LTERM 3 /* reserved: an output LTERM (class LIMS) */

/* identity: whose user ID `userid` is. Today always the region's own: IMS checks the
 * dependent region's user ID when it schedules, whatever the OTMA security level of the
 * message (docs/decisions.md, "PSB scheduling security"). */
#define ZGATE_DFSRAS00_ID_REGION 0    /* the dependent region's own user ID (--region-user) */
#define ZGATE_DFSRAS00_ID_REQUESTER 1 /* reserved: the message's requester */

/* saf_rc: RACF's return code, when saf_called is 1 (ISIS=A). */
#define ZGATE_DFSRAS00_SAF_ALLOWED 0
#define ZGATE_DFSRAS00_SAF_NOT_PROTECTED 4

typedef struct zgate_dfsras00_parms {
  /* Set by zgate. An exit built for a later version can refuse an older zgate by checking
   * these; fields are only ever added at the end. */
  uint32_t version; /* ZGATE_DFSRAS00_VERSION */
  uint32_t length;  /* sizeof(zgate_dfsras00_parms) as zgate was built */

  /* In: what is asked, by which region, and what RACF said. */
  int32_t resource_type; /* ZGATE_DFSRAS00_PSB */
  int32_t isis;          /* 'C' or 'A': the ISIS= value in force */
  int32_t saf_called;    /* 1 under ISIS=A (RACF allowed or did not protect), 0 under ISIS=C */
  int32_t saf_rc;        /* ZGATE_DFSRAS00_SAF_*, when saf_called; 0 otherwise */
  int32_t region;        /* the dependent region's number, 1..n */
  int32_t identity;      /* ZGATE_DFSRAS00_ID_*: whose user ID `userid` is */
  char userid[9];         /* the user ID checked: the dependent region's */
  char group[9];          /* its default group, or empty */
  char resource_class[9]; /* "IIMS" for a PSB */
  char resource[9];       /* the PSB name */
  char trancode[9];       /* the transaction whose message is being scheduled */
  char requester[9];      /* the message's user ID (IOPCB), for information; may be empty */
  char reserved1[2];      /* zero */

  /* Out, optional: a short reason for the decision, written to zgate's log and audit record.
   * Empty unless the exit writes it; zgate reads at most sizeof reason - 1 characters. */
  char reason[80];
} zgate_dfsras00_parms;

typedef int (*zgate_dfsras00_fn)(zgate_dfsras00_parms *parms);

/* The entry point an exit library exports (declared here so that an exit's definition is
 * checked against it). */
int DFSRAS00(zgate_dfsras00_parms *parms);

#ifdef __cplusplus
}
#endif

#endif /* ZGATE_DFSRAS00_H */
