/*
 * zgate/hwsauth0.h - the IMS Connect DB security user exit, HWSAUTH0, as a zgate plug-in (C ABI).
 *
 * In IMS Connect, HWSAUTH0 (parameter list mapped by the macro HWSAUTPM) is the exit that IMS
 * Connect calls for every client of IMS DB (the DRDA port used by the IMS Universal drivers,
 * ODACCESS DRDAPORT=), whether or not RACF is in use, and before RACF when it is. It may refuse
 * the request or change the user ID the request goes on with. zgate calls its HWSAUTH0 at the
 * same point: when the DRDA door has the client's user ID (SECCHK), before RACF verification
 * (RACF=Y) and before ODBM sees the request. zgate's block is its own layout, not HWSAUTPM's:
 * it carries what HWSAUTPM carries as far as it applies off the mainframe (docs/decisions.md
 * says which parts of IBM's interface could not be confirmed).
 *
 * Where the exit comes from: a shared library that zgate serve is told to load; without one no
 * exit runs (an exit is configuration, never picked up by accident). The library must export
 *
 *     int HWSAUTH0(zgate_hwsauth0_parms *parms);
 *
 * and zgate refuses to start when it does not. The library is loaded with dlopen(RTLD_NOW |
 * RTLD_LOCAL) into zgate's DB security exit helper processes (`zgate hwsauth0-host`, confined as
 * the other exits' helpers are: no file but the library and the system's libraries, no exec,
 * not dumpable), and again into each new helper after one was lost.
 *
 * Return codes:
 *   ZGATE_HWSAUTH0_CONTINUE (0)  go on with the user ID and group as received (RACF=Y: verify
 *                                them with the password or PassTicket the client sent).
 *   ZGATE_HWSAUTH0_CHANGED  (4)  go on with the user ID the exit wrote into parms->userid and
 *                                the group in parms->group as the exit leaves it (untouched:
 *                                the client's group; emptied: no group). Everything after the
 *                                exit (RACF verification, ODBM, PSB allocation security, the
 *                                audit trail) sees the changed user ID.
 *   ZGATE_HWSAUTH0_REJECT   (8)  refuse the request: the client gets a security failure, and
 *                                the refusal with the exit's reason is logged.
 * Any other return code, or a changed user ID that is empty, longer than 8 characters or
 * contains blanks or control characters (likewise a group longer than 8 or with such
 * characters), is treated as a rejection (deny by default).
 *
 * zgate does not call the exit at all, and refuses the request, when a name the client sent
 * cannot be carried faithfully in this block: a user ID, group, data store or HWS ID longer than
 * 8 characters, an RDB name longer than 13 (PSBNAME.ALIAS), any of them with a blank or control
 * character inside (trailing blanks are dropped), or a certificate subject holding a NUL. A name
 * cut to fit could make the exit decide about someone else.
 *
 * Rules for the exit:
 *   - Several helper processes each call it, one call at a time; it must not rely on state
 *     kept between calls (a helper may be replaced at any time), nor on sharing it across them.
 *   - It must return promptly: a network thread waits for it; past the call limit (2 seconds)
 *     its helper is killed and the request refused, as when the exit crashes (a crash costs
 *     that request and that helper, never the server). Both are logged as RC 8.
 *   - It never sees a password or PassTicket: only whether one was given.
 *   - It must not keep the parms pointer, or the strings it points to, after it returns.
 *
 * All strings are NUL-terminated; names are blank-free, empty when unknown or not sent.
 */
#ifndef ZGATE_HWSAUTH0_H
#define ZGATE_HWSAUTH0_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZGATE_HWSAUTH0_ENTRY "HWSAUTH0"
#define ZGATE_HWSAUTH0_VERSION 1

#define ZGATE_HWSAUTH0_CONTINUE 0
#define ZGATE_HWSAUTH0_CHANGED 4
#define ZGATE_HWSAUTH0_REJECT 8

/* What came with the user ID as proof of identity (never the secret itself). */
#define ZGATE_HWSAUTH0_CRED_NONE 0     /* no password or PassTicket */
#define ZGATE_HWSAUTH0_CRED_PASSWORD 1 /* DRDA SECCHK PASSWORD: a password or a PassTicket */

typedef struct zgate_hwsauth0_parms {
  /* Set by zgate. An exit built for a later version can refuse an older zgate by checking
   * these; fields are only ever added at the end. */
  uint32_t version; /* ZGATE_HWSAUTH0_VERSION */
  uint32_t length;  /* sizeof(zgate_hwsauth0_parms) as zgate was built */

  /* In/out: the user ID (DRDA USRID) and group the request would run under. Written by the
   * exit only when it returns 4. */
  char userid[9];
  char group[9];

  /* In: what the client asked for and where it came in. */
  char rdbnam[14];    /* DRDA RDBNAM, PSBNAME[.ALIAS] (at most 8 + 1 + 4 characters), as the
                         client sent it; empty when the client has not named one yet */
  char datastore[9];  /* the IMS data store / ODBM alias the request is routed to; empty when
                         not known yet */
  char hws_id[9];     /* this IMS Connect's name (HWSCFG HWS ID=) */
  char reserved1[2];  /* zero */
  uint8_t credential; /* ZGATE_HWSAUTH0_CRED_* */
  uint8_t tls;        /* 1 when the connection is TLS */
  uint16_t local_port; /* the IMS Connect port the client reached (the DRDA port) */
  char peer[64];       /* client address and port: "192.0.2.7:41022" or "[2001:db8::7]:41022" */
  const char *cert_subject; /* TLS client certificate subject (RFC 4514 string), or NULL */

  /* Out, optional: a short reason for a rejection or a change, written to zgate's log and audit
   * record. Empty unless the exit writes it. */
  char reason[80];
} zgate_hwsauth0_parms;

typedef int (*zgate_hwsauth0_fn)(zgate_hwsauth0_parms *parms);

/* The entry point an exit library exports (declared here so that an exit's definition is
 * checked against it). */
int HWSAUTH0(zgate_hwsauth0_parms *parms);

#ifdef __cplusplus
}
#endif

#endif /* ZGATE_HWSAUTH0_H */
