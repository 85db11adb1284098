/*
 * zgate/imslsecx.h - the IMS Connect security exit, IMSLSECX, as a zgate plug-in (C ABI).
 *
 * In IMS Connect, IMSLSECX is the user-written security exit that IMS Connect calls for each
 * message, before (or instead of) its own RACF call, so that an installation can authenticate
 * or map user IDs its own way. zgate calls its IMSLSECX at the same point: after the user
 * message exit (HWSSMPL0/HWSSMPL1) has taken user ID, group and password from the IRM, and
 * before RACF=Y verification and OTMA.
 *
 * Where the exit comes from: `zgate serve --security-exit PATH` names a shared library; without
 * the option no exit runs (an exit is configuration, never picked up by accident). The
 * library must export the entry point
 *
 *     int IMSLSECX(zgate_imslsecx_parms *parms);
 *
 * and zgate refuses to start when it does not. The library is loaded at start-up with
 * dlopen(RTLD_NOW | RTLD_LOCAL) into zgate's security exit helper processes (`zgate
 * security-exit-host`, confined as the OTMA exits' helper is: no file but the library and the
 * system's libraries, no exec, not dumpable), and again into each new helper after one was
 * lost: every symbol it needs must resolve then.
 *
 * Return codes:
 *   ZGATE_IMSLSECX_CONTINUE (0)  go on with the user ID as received (RACF=Y: verify it).
 *   ZGATE_IMSLSECX_CHANGED  (4)  go on with the user ID the exit wrote into parms->userid and
 *                                the group in parms->group as the exit leaves it (untouched:
 *                                the client's group; emptied: no group).
 *                                Everything after the exit (RACF=Y verification, OTMA's
 *                                security, the audit trail) sees the changed user ID.
 *   ZGATE_IMSLSECX_REJECT   (8)  refuse the message: the client gets RSM RC 8 RSN 40
 *                                (security violation) and an audit event is written (SMF 80
 *                                event 1, qualifier 27: verification failed by installation).
 * Any other return code, or a changed user ID that is empty, longer than 8 characters or
 * contains blanks or control characters, is treated as a rejection (deny by default).
 *
 * Rules for the exit:
 *   - Several helper processes each call it, one call at a time; it must not rely on state
 *     kept between calls (a helper may be replaced at any time), nor on sharing it across them.
 *   - It must return promptly: a network thread waits for it; past the call limit (2 seconds)
 *     its helper is killed and the message refused, as when the exit crashes (a crash costs
 *     that message and that helper, never the server). Both are logged and audited as RC 8.
 *   - It never sees a password, password phrase or PassTicket: only whether one was given.
 *   - It must not keep the parms pointer, or the strings it points to, after it returns.
 *
 * All strings are NUL-terminated; name fields are blank-free and at most 8 characters (IMS
 * names), empty when the client sent none.
 */
#ifndef ZGATE_IMSLSECX_H
#define ZGATE_IMSLSECX_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZGATE_IMSLSECX_ENTRY "IMSLSECX"
#define ZGATE_IMSLSECX_VERSION 1

#define ZGATE_IMSLSECX_CONTINUE 0
#define ZGATE_IMSLSECX_CHANGED 4
#define ZGATE_IMSLSECX_REJECT 8

/* What the client offered as proof of identity (never the secret itself). */
#define ZGATE_IMSLSECX_CRED_NONE 0     /* no password, phrase or PassTicket */
#define ZGATE_IMSLSECX_CRED_PASSWORD 1 /* IRM_RACF_PW: a password or a PassTicket */
#define ZGATE_IMSLSECX_CRED_PHRASE 2   /* a password phrase (IRM *PHRASE* extension) */

typedef struct zgate_imslsecx_parms {
  /* Set by zgate. An exit built for a later version can refuse an older zgate by checking
   * these; fields are only ever added at the end. */
  uint32_t version; /* ZGATE_IMSLSECX_VERSION */
  uint32_t length;  /* sizeof(zgate_imslsecx_parms) as zgate was built */

  /* In/out: the RACF user ID and group (IRM_RACF_USERID, IRM_RACF_GRNAME, or TCPIP RACFID=
   * when the IRM had none). Written by the exit only when it returns 4. */
  char userid[9];
  char group[9];

  /* In: where the message goes and who sent it. */
  char trancode[9];  /* IRM_TRNCOD (empty for RESUME TPIPE and commands) */
  char datastore[9]; /* IRM_IMSDESTID */
  char clientid[9];  /* IRM_CLIENTID, or the ID IMS Connect generated */
  char reserved1[3]; /* zero */
  int32_t credential; /* ZGATE_IMSLSECX_CRED_* */
  uint16_t local_port; /* the IMS Connect port the client reached */
  uint8_t tls;         /* 1 when the connection is TLS */
  uint8_t reserved2;   /* zero */
  char peer[64];       /* client address and port: "192.0.2.7:41022" or "[2001:db8::7]:41022" */
  const char *cert_subject; /* TLS client certificate subject (RFC 4514 string), or NULL */

  /* Out, optional: a short reason for a rejection or a change, written to zgate's log and audit
   * record. Empty unless the exit writes it. */
  char reason[80];
} zgate_imslsecx_parms;

typedef int (*zgate_imslsecx_fn)(zgate_imslsecx_parms *parms);

/* The entry point an exit library exports (declared here so that an exit's definition is
 * checked against it). */
int IMSLSECX(zgate_imslsecx_parms *parms);

#ifdef __cplusplus
}
#endif

#endif /* ZGATE_IMSLSECX_H */
