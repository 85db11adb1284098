/*
 * zgate/dli.h: the DL/I call interface for zgate transaction programs.
 *
 * A transaction program is a shared library named after the PSB of its APPLCTN
 * (<program_dir>/<PSB>.so). A dependent region (a `zgate region` worker process) loads it with
 * dlopen and calls its entry point once per message, the way IMS schedules an MPP:
 *
 *     int zgate_program(zg_dli* dli);        (ZG_ENTRY_POINT)
 *
 * The program talks to IMS only through the calls below, modelled on CBLTDLI: every call names
 * a PCB, leaves a two-letter status code in that PCB, and also returns it packed as an int
 * (ZG_OK, ZG_QC, ...). A return value other than 0 from zgate_program is a user abend
 * (U0001..U4095, the value modulo 4096); a crash is a system abend (S0C4, ...; the table is
 * in src/tm/ims_messages.h).
 *
 * Stability: plain C, no zgate symbols to link against (all calls go through function pointers
 * in zg_dli), fields only ever appended. A program checks dli->version >= the version whose
 * fields it uses.
 *
 * Status codes (IMS meanings; zgate's choices marked):
 *   "  "  ok
 *   "QC"  GU: no more input messages (zgate schedules one message per call of the entry point)
 *   "QD"  GN: no more segments in this message
 *   "AD"  invalid call: wrong PCB for the function, NULL arguments, bad access name, GN before
 *         GU, a segment longer than ZG_MAX_SEGMENT
 *   "A1"  CHNG: the destination name is not valid (1-8 characters of A-Z 0-9 @ # $)
 *   "A2"  CHNG: the alternate PCB still has a message in progress (PURG it first)
 *   "A3"  ISRT/PURG on an alternate PCB with no destination set by CHNG
 *   "A4"  CHNG: security violation (the user may not enter the destination transaction, TIMS);
 *         AUTH and region check: the check was made and access is denied (RACF rc 8)
 *   "AS"  AUTH: no security environment (the message carries no ACEE, OTMA security NONE).
 *         zgate's choice of code; IMS reports this case through the AUTH feedback area.
 *
 * Calling out of IMS (version 2):
 *
 *   Synchronous callout: ICAL (IMS's DL/I ICAL call, subfunction SENDRECV). The program names
 *   an OTMA destination descriptor (a tpipe of an OTMA client, typically IMS Connect with a
 *   client that issued RESUME TPIPE for callout requests); the request goes there with the
 *   originating user ID, and the region WAITS until the response, a NAK from the client or the
 *   timeout. ICAL is an AIB call: it reports through the AIB return and reason codes
 *   (AIBRETRN / AIBREASN, zg_aib_result below) and leaves every PCB's status alone. The wait
 *   counts against the region's processing limit like any other time the program takes: a
 *   timeout the program gives is cut to what is left of the limit, and a program past its
 *   limit when the ICAL returns (the descriptor's default timeout may be the longer) is ended
 *   (U0240) right then.
 *
 *   Asynchronous callout: CHNG an alternate PCB to a tpipe name (any name that is not a
 *   transaction code), ISRT the message, PURG it. At the sync point the message becomes
 *   commit-then-send (CM0) output on that tpipe of the OTMA client that sent the input
 *   message, held there until the client retrieves it with RESUME TPIPE; the program does not
 *   wait, and the message is backed out if the program abends.
 *
 * Database calls (version 3):
 *
 *   The program receives its PSB's database PCBs in PSB order (dli->db_pcb[0..db_pcb_count-1]),
 *   each a DB PCB mask as IBM documents it: DBD name, segment level, status code, PROCOPT,
 *   segment name, key feedback length, number of sensitive segments, key feedback area (the
 *   fixed fields blank-padded, as a COBOL or PL/I program sees them). dli->dl is CBLTDLI for
 *   them: GU GN GNP GHU GHN GHNP ISRT REPL DLET, with segment search arguments coded as IBM
 *   codes them (segment name 8, '*' command codes, '(' field 8, operator 2, value, ')').
 *   The AIB interface names a PCB by its PCBNAME= instead: zg_aib_dl below.
 *   ROLB backs out the message's database changes and the output built so far and lets the
 *   program go on; ROLL does the same and ends the program (abend U0778); CHKP (basic)
 *   commits the database changes made so far. At the program's normal end its changes
 *   commit together with the message's sync point; after an abend none of them remain.
 *
 *   Status codes: "  " ok; GE not found (ISRT: parent not found); GB end of database; GA / GK
 *   an unqualified GN or GNP moved up a level / to another segment type at the same level; GP
 *   GNP without parentage; II the segment exists; DJ REPL or DLET without a get hold call just
 *   before; DA the sequence field was changed; AM the call conflicts with PROCOPT (or a
 *   SENFLD REPL=NO field was changed); AC an SSA's segment is not in the PCB or out of
 *   order; AJ invalid SSA or command code; AK invalid field name; AD invalid function or PCB;
 *   AO an I/O error; AI the database could not be opened; V1 an I/O area that does not hold a
 *   segment of valid length.
 */
#ifndef ZGATE_DLI_H
#define ZGATE_DLI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZG_DLI_VERSION 3
#define ZG_ENTRY_POINT "zgate_program"
#define ZG_MAX_ALT_PCBS 4        /* modifiable alternate PCBs each program gets */
#define ZG_MAX_SEGMENT 32767     /* longest segment ISRT accepts (IMS's LL is a halfword) */

/* Two status letters packed into an int; 0 is the blank status. */
#define ZG_STATUS(a, b) ((((int)(unsigned char)(a)) << 8) | (int)(unsigned char)(b))
#define ZG_OK 0
#define ZG_QC ZG_STATUS('Q', 'C')
#define ZG_QD ZG_STATUS('Q', 'D')
#define ZG_AD ZG_STATUS('A', 'D')
#define ZG_A1 ZG_STATUS('A', '1')
#define ZG_A2 ZG_STATUS('A', '2')
#define ZG_A3 ZG_STATUS('A', '3')
#define ZG_A4 ZG_STATUS('A', '4')
#define ZG_AS ZG_STATUS('A', 'S')
/* Database calls (version 3): IMS's meanings, see "Database calls" below. */
#define ZG_GE ZG_STATUS('G', 'E')
#define ZG_GB ZG_STATUS('G', 'B')
#define ZG_GA ZG_STATUS('G', 'A')
#define ZG_GK ZG_STATUS('G', 'K')
#define ZG_GP ZG_STATUS('G', 'P')
#define ZG_II ZG_STATUS('I', 'I')
#define ZG_DJ ZG_STATUS('D', 'J')
#define ZG_DA ZG_STATUS('D', 'A')
#define ZG_AM ZG_STATUS('A', 'M')
#define ZG_AC ZG_STATUS('A', 'C')
#define ZG_AJ ZG_STATUS('A', 'J')
#define ZG_AK ZG_STATUS('A', 'K')
#define ZG_AO ZG_STATUS('A', 'O')
#define ZG_AI ZG_STATUS('A', 'I')
#define ZG_NA ZG_STATUS('N', 'A')
#define ZG_NU ZG_STATUS('N', 'U')
#define ZG_BA ZG_STATUS('B', 'A')
#define ZG_BJ ZG_STATUS('B', 'J')
#define ZG_V1 ZG_STATUS('V', '1')

/* ICAL: AIB return (AIBRETRN) and reason (AIBREASN) codes; IMS's X'0100'/X'000C' is written
 * 0x0100/0x000C here. Where IBM's value was found it is used; the others are zgate's.
 *   0x0000/0x0000  the response is in the area in full.
 *   0x0100/0x000C  partial data: the response area is too small; what fits was copied and
 *                  *resp_len (IMS: AIBOALEN) is the full response length. IBM's value
 *                  (IMS Messages and Codes, "0100/000C").
 *   0x0100/0x0100  timeout: no response within the timeout; the request is withdrawn.
 *                  (zgate's choice; not verified)
 *   0x0100/0x0104  no such destination: no OTMA destination descriptor of that name, or it is
 *                  not a callout destination, or the name is not a valid descriptor name
 *                  (1-8 characters of A-Z 0-9 @ # $). (zgate's choice; not verified)
 *   0x0100/0x0108  the OTMA client NAKed the request (returned an error response);
 *                  errxt (IMS: AIBERRXT) holds the client's NAK reason code, 0 if it sent none.
 *                  (value as zgate's IMS reference gives it; not verified against IBM's page)
 *   0x0100/0x010C  destination unavailable: the descriptor's OTMA client has not joined, or
 *                  its tpipe is stopped. (zgate's choice; not verified)
 *   0x0104/0x0004  invalid call: NULL destination, NULL request with req_len > 0, NULL
 *                  response with cap > 0, a request longer than ZG_ICAL_MAX_DATA, or a region
 *                  without ICAL (zg_ical on a version 1 region). (zgate's choice; not verified)
 * A response longer than ZG_ICAL_MAX_DATA is partial data whatever the area's size. */
#define ZG_AIB_RC_OK 0x0000
#define ZG_AIB_RC_EXCEPTION 0x0100 /* completed with an exception: see the reason code */
#define ZG_AIB_RC_INVALID 0x0104
#define ZG_AIB_RSN_OK 0x0000
#define ZG_AIB_RSN_PARTIAL 0x000C
#define ZG_AIB_RSN_TIMEOUT 0x0100
#define ZG_AIB_RSN_NO_DESTINATION 0x0104
#define ZG_AIB_RSN_NAK 0x0108
#define ZG_AIB_RSN_UNAVAILABLE 0x010C
#define ZG_AIB_RSN_INVALID 0x0004
#define ZG_ICAL_DEFAULT_TIMEOUT_MS 10000u /* timeout_ms 0 when the descriptor has no SYNTIMER */
#define ZG_ICAL_MAX_DATA (10u << 20)      /* longest request and response (IMS Connect's
                                             default MAXSIZE) */

/* What one ICAL reports, as IMS reports it in the AIB. */
typedef struct zg_aib_result {
  unsigned retcode; /* AIBRETRN */
  unsigned reason;  /* AIBREASN */
  unsigned errxt;   /* AIBERRXT: the client's NAK reason code (reason 0x0108), else 0 */
  size_t used;      /* bytes placed in the response area (IMS: AIBOAUSE) */
  size_t total;     /* the response's full length (IMS: AIBOALEN after a partial response) */
} zg_aib_result;

/* A program communication block. Programs read it; the region writes it. */
typedef struct zg_pcb {
  char name[9];     /* I/O PCB: LTERM name (OTMA: tpipe). Alternate PCB: destination from CHNG */
  char status[3];   /* the last call's status code, "  " when fine; NUL-terminated */
  char userid[9];   /* I/O PCB: the input message's user ID (blank under OTMA security NONE) */
  char group[9];    /* I/O PCB: its group */
  char trancode[9]; /* I/O PCB: the transaction code of the input message */
  int index;        /* 0 = I/O PCB, 1..ZG_MAX_ALT_PCBS = alternate PCBs */
} zg_pcb;

#define ZG_MAX_DB_PCBS 32          /* database PCBs a PSB may give a program */
#define ZG_MAX_KEY_FEEDBACK 4096   /* key feedback area (longer KEYLEN= values are cut) */

/* A database PCB: IBM's DB PCB mask, then zgate's additions. The region writes it. */
typedef struct zg_db_pcb {
  char dbd_name[8];   /* DBD name, blank-padded */
  char seg_level[2];  /* level of the last segment retrieved, "01".."15"; "00" before any */
  char status[2];     /* status code of the last call ("  " ok) */
  char procopt[4];    /* PROCOPT=, blank-padded */
  int reserved;       /* reserved for DL/I */
  char seg_name[8];   /* name of the last segment retrieved, blank-padded */
  int key_fb_len;     /* bytes of key_fb in use: the last segment's concatenated key */
  int num_sens_segs;  /* number of sensitive segments */
  char key_fb[ZG_MAX_KEY_FEEDBACK];
  /* zgate */
  char pcb_name[9];   /* PCBNAME= (NUL-terminated; "" when the PSB gave none) */
  int index;          /* 0-based among the DB PCBs */
} zg_db_pcb;

typedef struct zg_dli zg_dli;

struct zg_dli {
  unsigned version;  /* ZG_DLI_VERSION of the region that built it */
  unsigned size;     /* sizeof(zg_dli) in that region */
  zg_pcb* io_pcb;
  zg_pcb* alt_pcb[ZG_MAX_ALT_PCBS];

  /* GU: the first segment of the input message (a second GU: QC). GN: the next segment (QD at
   * the end). Copies at most `cap` bytes to `area`, NUL-terminates when there is room, and
   * sets *len to the segment's full length (so *len > cap means it was truncated). */
  int (*gu)(zg_dli* dli, zg_pcb* pcb, char* area, size_t cap, size_t* len);
  int (*gn)(zg_dli* dli, zg_pcb* pcb, char* area, size_t cap, size_t* len);
  /* ISRT: on the I/O PCB, one segment of the reply; on an alternate PCB, one segment of the
   * message for the destination set by CHNG. */
  int (*isrt)(zg_dli* dli, zg_pcb* pcb, const char* data, size_t len);
  /* CHNG: set an alternate PCB's destination, a transaction code (program-to-program switch,
   * checked against TIMS under OTMA security CHECK and FULL) or an LTERM / tpipe name. */
  int (*chng)(zg_dli* dli, zg_pcb* pcb, const char* destination);
  /* PURG: end the message in progress on an alternate PCB; the next ISRT starts a new one. */
  int (*purg)(zg_dli* dli, zg_pcb* pcb);
  /* AUTH: is the INPUT MESSAGE'S USER allowed `access` ("READ", "UPDATE", ...) to
   * class/resource? ok, A4 (denied) or AS (no security environment). *racf_rc, when not
   * NULL, receives RACF's return code (0 allowed, 4 not protected, 8 denied). */
  int (*auth)(zg_dli* dli, zg_pcb* io_pcb, const char* cls, const char* resource,
              const char* access, int* racf_rc);
  /* Region check: may the REGION'S CURRENT IDENTITY (its own user ID, or the requester's
   * under OTMA security FULL) have `access` to class/resource? Stands for the data sets and
   * other resources a region opens. ok or A4. */
  int (*region_check)(zg_dli* dli, const char* cls, const char* resource, const char* access,
                      int* racf_rc);
  /* The user ID the region runs under for this message. */
  const char* (*region_userid)(zg_dli* dli);

  void* impl; /* the region's own state; programs leave it alone */

  /* ---- version 2 ---- */
  /* ICAL SENDRECV: send `request` (req_len bytes) to the OTMA destination descriptor
   * `destination` (1-8 characters, trailing blanks ignored) and wait up to timeout_ms for the
   * response (0: the descriptor's default, its SYNTIMER= or else ZG_ICAL_DEFAULT_TIMEOUT_MS;
   * a timeout given here is cut to what is left of the processing limit). The request carries
   * the input message's user ID. The response is copied to `response`: at most `cap` bytes,
   * NUL-terminated when there is room; *resp_len (when not NULL) is the response's full
   * length, so *resp_len > cap means partial data (0x0100/0x000C). `result`, when not NULL,
   * receives the AIB codes. Returns the AIB return code (ZG_AIB_RC_OK, ...). */
  int (*ical)(zg_dli* dli, const char* destination, const char* request, size_t req_len,
              char* response, size_t cap, size_t* resp_len, unsigned timeout_ms,
              zg_aib_result* result);

  /* ---- version 3 ---- */
  zg_db_pcb* db_pcb[ZG_MAX_DB_PCBS];
  int db_pcb_count;
  /* A database call on `pcb`. func: "GU", "GN", "GNP", "GHU", "GHN", "GHNP", "ISRT", "REPL",
   * "DLET" (trailing blanks ignored). nssa SSAs (at most 15); ssa_lens[i] is the length of
   * ssas[i], or ssa_lens NULL (or an entry 0) to take each as a NUL-terminated string. Gets
   * copy at most `cap` bytes to `io` (NUL-terminated when there is room) and set *io_len to
   * the data's full length (> cap: cut). ISRT, REPL and DLET take *io_len bytes from `io`.
   * Returns the packed status, also left in pcb->status. A NULL or foreign pcb is AD. */
  int (*dl)(zg_dli* dli, zg_db_pcb* pcb, const char* func, char* io, size_t cap, size_t* io_len,
            int nssa, const char* const* ssas, const size_t* ssa_lens);
  int (*rolb)(zg_dli* dli);  /* back out; the program goes on; the call's status */
  void (*roll)(zg_dli* dli); /* back out and end the program (U0778): does not return */
  int (*chkp)(zg_dli* dli);  /* basic checkpoint: commit the database changes so far */
  /* The DB PCB with PCBNAME= name (the AIB's AIBRSNM1), or NULL. */
  zg_db_pcb* (*find_pcb)(zg_dli* dli, const char* pcbname);
  /* INQY (an AIB call): subfunction "PROGRAM" puts the program's name (8 bytes, blank-padded)
   * in `io`; "DBQUERY" leaves in each DB PCB's status whether its database is available (blank),
   * not available (NA: stopped or /DBR) or not available for update (NU: stage-1 ACCESS=RD or
   * RO), and in the I/O PCB's status blank, or BA when one is not available, or BJ when the PSB
   * has no DB PCB. Other subfunctions (ENVIRON, FIND, ...): ZG_AIB_RC_INVALID. Returns AIBRETRN. */
  int (*inqy)(zg_dli* dli, const char* subfunction, char* io, size_t cap, size_t* io_len,
              zg_aib_result* result);
};

/* The entry point every program exports. */
typedef int (*zg_program_fn)(zg_dli* dli);

/* ---- conveniences (header-only) ---------------------------------------------------------- */
static inline int zg_gu(zg_dli* d, char* area, size_t cap, size_t* len) {
  return d->gu(d, d->io_pcb, area, cap, len);
}
static inline int zg_gn(zg_dli* d, char* area, size_t cap, size_t* len) {
  return d->gn(d, d->io_pcb, area, cap, len);
}
static inline int zg_reply(zg_dli* d, const char* data, size_t len) {
  return d->isrt(d, d->io_pcb, data, len);
}
static inline int zg_auth(zg_dli* d, const char* cls, const char* resource, const char* access) {
  return d->auth(d, d->io_pcb, cls, resource, access, NULL);
}
static inline int zg_region_check(zg_dli* d, const char* cls, const char* resource,
                                  const char* access) {
  return d->region_check(d, cls, resource, access, NULL);
}
/* ICAL with the descriptor's default timeout. A region older than version 2 has no ICAL:
 * the result is an invalid call. */
static inline int zg_ical(zg_dli* d, const char* destination, const char* request,
                          size_t req_len, char* response, size_t cap, size_t* resp_len,
                          zg_aib_result* result) {
  if (d->version < 2 || d->size < offsetof(zg_dli, ical) + sizeof d->ical || !d->ical) {
    if (resp_len) *resp_len = 0;
    if (result) {
      result->retcode = ZG_AIB_RC_INVALID;
      result->reason = ZG_AIB_RSN_INVALID;
      result->errxt = 0;
      result->used = 0;
      result->total = 0;
    }
    return ZG_AIB_RC_INVALID;
  }
  return d->ical(d, destination, request, req_len, response, cap, resp_len, 0, result);
}
/* A database call, SSAs as NUL-terminated strings. A region older than version 3: AD. */
static inline int zg_dl(zg_dli* d, zg_db_pcb* pcb, const char* func, char* io, size_t cap,
                        size_t* io_len, int nssa, const char* const* ssas) {
  if (d->version < 3 || d->size < offsetof(zg_dli, inqy) + sizeof d->inqy || !d->dl)
    return ZG_AD;
  return d->dl(d, pcb, func, io, cap, io_len, nssa, ssas, NULL);
}
/* The AIB interface: the PCB named by its PCBNAME=. A name no PCB has: AIBRETRN 0x0108 with
 * AIBREASN 0x0208 (IMS's "PCB name not found"; zgate's reading, not verified) and no call.
 * Otherwise the AIB return code is 0 and the call's status is in *status. */
#define ZG_AIB_RC_PARM 0x0108
#define ZG_AIB_RSN_NO_PCB 0x0208
static inline int zg_aib_dl(zg_dli* d, const char* pcbname, const char* func, char* io,
                            size_t cap, size_t* io_len, int nssa, const char* const* ssas,
                            int* status, unsigned* reason) {
  zg_db_pcb* pcb = (d->version >= 3 && d->find_pcb) ? d->find_pcb(d, pcbname) : NULL;
  if (!pcb) {
    if (reason) *reason = ZG_AIB_RSN_NO_PCB;
    return ZG_AIB_RC_PARM;
  }
  if (reason) *reason = 0;
  int st = zg_dl(d, pcb, func, io, cap, io_len, nssa, ssas);
  if (status) *status = st;
  return ZG_AIB_RC_OK;
}
static inline const char* zg_lterm(const zg_dli* d) { return d->io_pcb->name; }
static inline const char* zg_userid(const zg_dli* d) { return d->io_pcb->userid; }
static inline const char* zg_group(const zg_dli* d) { return d->io_pcb->group; }
static inline const char* zg_trancode(const zg_dli* d) { return d->io_pcb->trancode; }
/* "QC", "  ", ... for printing a packed status. */
static inline void zg_status_text(int status, char out[3]) {
  out[0] = status ? (char)((status >> 8) & 0xFF) : ' ';
  out[1] = status ? (char)(status & 0xFF) : ' ';
  out[2] = 0;
}

#ifdef __cplusplus
}
#endif

#endif /* ZGATE_DLI_H */
