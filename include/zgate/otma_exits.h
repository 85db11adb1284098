/*
 * zgate/otma_exits.h - the OTMA security exits DFSCTRN0, DFSCCMD0 and DFSYRTUX as zgate
 * plug-ins (C ABI). One parameter block serves all three.
 *
 * In IMS, these are the user-written exits OTMA calls to authorize what a client (an IMS
 * Connect, a TMEMBER) asks for. zgate calls them at the same points in its decision:
 *
 *   DFSCTRN0  transaction authorization, for each transaction an OTMA client sends.
 *             Under CHECK and FULL it is called after RACF allowed the transaction (RACF
 *             RC 0, or RC 4: not protected); it is not called when RACF refused it.
 *             Under NONE and JOIN it is always called, and RACF was not (saf_called = 0).
 *             It can only reject: RC 0 lets RACF's answer stand, RC 8 refuses.
 *   DFSCCMD0  command authorization, for each IMS command (/DIS, /STA, /STO, ...) a client
 *             sends. Called after RACF under CHECK and FULL, without it under NONE and JOIN.
 *             It gets RACF's result and makes the final decision either way: RC 0 allows the
 *             command even when RACF denied it, RC 8 refuses it even when RACF allowed it.
 *   DFSYRTUX  RESUME TPIPE security, for each RESUME TPIPE. Always called, after RACF when
 *             RACF was called; it may overturn RACF's answer either way, as DFSCCMD0 does.
 *
 * Where the exits come from: each is configuration, a shared library named for zgate (an exit
 * is never picked up by accident). A library must export the entry point named after its exit:
 *
 *     int DFSCTRN0(zgate_otma_exit_parms *parms);
 *     int DFSCCMD0(zgate_otma_exit_parms *parms);
 *     int DFSYRTUX(zgate_otma_exit_parms *parms);
 *
 * One library may export several of them. zgate refuses to start when a configured library
 * cannot be loaded (dlopen(RTLD_NOW | RTLD_LOCAL): every symbol it needs must resolve then) or
 * lacks its entry point.
 *
 * Containment: unlike IMSLSECX, these exits do not run inside the server. zgate loads them into
 * a separate helper process (`zgate exit-host`) and passes each call to it. An exit that
 * crashes takes down only the helper; one that does not return within zgate's call limit
 * (2 seconds unless configured otherwise) is ended. Either way that one call counts as a
 * refusal (deny by default), zgate logs it, and starts the helper again, loading the libraries
 * afresh, before the next call. A helper's libraries stay loaded between calls.
 *
 * Return codes:
 *   ZGATE_OTMA_EXIT_ALLOW  (0)  allow (for DFSCTRN0: let RACF's answer stand).
 *   ZGATE_OTMA_EXIT_REJECT (8)  refuse: OTMA NAKs the message with a security violation and
 *                               an audit event is written, with the exit's reason if it gave
 *                               one.
 * Any other return code is treated as a rejection.
 *
 * Rules for the exit:
 *   - Keep no state between calls that a decision depends on: the helper, and the exit's static
 *     data with it, is replaced whenever an exit crashes or hangs. Be reentrant, as IBM's exits
 *     must be; today zgate makes one call at a time, but do not rely on that.
 *   - Return promptly: the client waits for the answer, and an exit past the call limit is
 *     ended as described above.
 *   - It never sees a password, password phrase or PassTicket.
 *   - It must not keep the parms pointer, or the strings it points to, after it returns.
 *   - It may write only parms->reason; whatever else it changes is ignored.
 *
 * All strings are NUL-terminated. Name fields are blank-free and empty when there is none:
 * tmember holds up to 16 characters (an XCF member name), the other names up to 8 (IMS names).
 */
#ifndef ZGATE_OTMA_EXITS_H
#define ZGATE_OTMA_EXITS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZGATE_DFSCTRN0_ENTRY "DFSCTRN0"
#define ZGATE_DFSCCMD0_ENTRY "DFSCCMD0"
#define ZGATE_DFSYRTUX_ENTRY "DFSYRTUX"
#define ZGATE_OTMA_EXIT_VERSION 1

#define ZGATE_OTMA_EXIT_ALLOW 0
#define ZGATE_OTMA_EXIT_REJECT 8

/* exit_point: which exit this call is for (useful to a library exporting several). */
#define ZGATE_OTMA_EXIT_TRANSACTION 0  /* DFSCTRN0 */
#define ZGATE_OTMA_EXIT_COMMAND 1      /* DFSCCMD0 */
#define ZGATE_OTMA_EXIT_RESUME_TPIPE 2 /* DFSYRTUX */

/* security_level: the OTMA security level in force for the message (OTMASE= or /SECURE OTMA). */
#define ZGATE_OTMA_SECURITY_NONE 0
#define ZGATE_OTMA_SECURITY_JOIN 1
#define ZGATE_OTMA_SECURITY_CHECK 2
#define ZGATE_OTMA_SECURITY_FULL 3
#define ZGATE_OTMA_SECURITY_PROFILE 4

/* saf_rc: RACF's return code, when saf_called is 1. */
#define ZGATE_OTMA_SAF_ALLOWED 0       /* permitted */
#define ZGATE_OTMA_SAF_NOT_PROTECTED 4 /* no profile covers the resource */
#define ZGATE_OTMA_SAF_DENIED 8        /* not permitted */

typedef struct zgate_otma_exit_parms {
  /* Set by zgate. An exit built for a later version can refuse an older zgate by checking
   * these; fields are only ever added at the end. */
  uint32_t version; /* ZGATE_OTMA_EXIT_VERSION */
  uint32_t length;  /* sizeof(zgate_otma_exit_parms) as zgate was built */

  /* In: what is asked, by whom, and what RACF said. */
  int32_t exit_point;     /* ZGATE_OTMA_EXIT_* */
  int32_t security_level; /* ZGATE_OTMA_SECURITY_* */
  int32_t saf_called;     /* 1 when RACF was asked before the exit, 0 when not */
  int32_t saf_rc;         /* ZGATE_OTMA_SAF_*, when saf_called; 0 otherwise */
  char tmember[17];       /* the OTMA client (IMS Connect's data store member), 1-16 chars */
  char tpipe[9];          /* the message's tpipe; for DFSYRTUX the tpipe being resumed */
  char userid[9];         /* the requester; empty under NONE when the client sent none */
  char group[9];          /* the requester's group, or empty */
  char resource[9];       /* DFSCTRN0: the transaction code; DFSCCMD0: the command verb as
                           * IMS recognizes it, its first three characters upper case (DIS,
                           * STA, STO, SEC); DFSYRTUX: the tpipe name */
  char reserved1[3];      /* zero */
  const char *command;    /* DFSCCMD0: the whole command text as the client sent it
                           * ("/DIS TMEMBER ALL"); "" for the other exits. Never NULL. */

  /* Out, optional: a short reason for the decision, written to zgate's log and audit record.
   * Empty unless the exit writes it; zgate reads at most sizeof reason - 1 characters. */
  char reason[80];
} zgate_otma_exit_parms;

typedef int (*zgate_otma_exit_fn)(zgate_otma_exit_parms *parms);

/* The entry points an exit library exports (declared here so that an exit's definition is
 * checked against them). */
int DFSCTRN0(zgate_otma_exit_parms *parms);
int DFSCCMD0(zgate_otma_exit_parms *parms);
int DFSYRTUX(zgate_otma_exit_parms *parms);

#ifdef __cplusplus
}
#endif

#endif /* ZGATE_OTMA_EXITS_H */
