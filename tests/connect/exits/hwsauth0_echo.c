/*
 * An HWSAUTH0 for the DB security exit tests (tests/CMakeLists.txt builds it) that shows what
 * it was given and answers what the user ID asks for.
 *   ECHO     -> RC 8, reason: every input field, '|'-separated:
 *               userid|group|credential|rdbnam|datastore|hws_id|peer|local_port|tls|subject|clean
 *               (subject "-" when NULL; clean "Z" when every byte of the block that no field's
 *               text uses is zero, so that nothing else, a password say, rides along; else "X")
 *   LONG     -> RC 4 with a 9-character user ID filling the field, no NUL
 *   BLANK    -> RC 4 with user ID "A B"
 *   CTRL     -> RC 4 with user ID "A<tab>B"
 *   EMPTY    -> RC 4 with an empty user ID
 *   BADGROUP -> RC 4, user ID NEWID, group "G 1"
 *   NEWID    -> RC 4 with user ID NEWID and no group
 *   RC12     -> RC 12
 *   anything else -> RC 0, having written OTHER into the user ID (which RC 0 must ignore)
 */
#include <stdio.h>
#include <string.h>

#include "zgate/hwsauth0.h"

/* Every byte after the text of a NUL-terminated field is zero. */
static int clean_field(const char *f, size_t n) {
  size_t i = strnlen(f, n);
  for (; i < n; ++i)
    if (f[i] != 0) return 0;
  return 1;
}

static int block_clean(const zgate_hwsauth0_parms *p) {
  return clean_field(p->userid, sizeof p->userid) && clean_field(p->group, sizeof p->group) &&
         clean_field(p->rdbnam, sizeof p->rdbnam) && clean_field(p->datastore, sizeof p->datastore) &&
         clean_field(p->hws_id, sizeof p->hws_id) && p->reserved1[0] == 0 && p->reserved1[1] == 0 &&
         clean_field(p->peer, sizeof p->peer) && clean_field(p->reason, sizeof p->reason);
}

int HWSAUTH0(zgate_hwsauth0_parms *p) {
  if (strcmp(p->userid, "ECHO") == 0) {
    snprintf(p->reason, sizeof p->reason, "%s|%s|%u|%s|%s|%s|%s|%u|%u|%s|%s", p->userid, p->group,
             (unsigned)p->credential, p->rdbnam, p->datastore, p->hws_id, p->peer, (unsigned)p->local_port,
             (unsigned)p->tls, p->cert_subject ? p->cert_subject : "-", block_clean(p) ? "Z" : "X");
    return ZGATE_HWSAUTH0_REJECT;
  }
  if (strcmp(p->userid, "LONG") == 0) {
    memcpy(p->userid, "TOOLONGID", sizeof p->userid); /* 9 bytes, no NUL */
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "BLANK") == 0) {
    strcpy(p->userid, "A B");
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "CTRL") == 0) {
    strcpy(p->userid, "A\tB");
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "EMPTY") == 0) {
    p->userid[0] = '\0';
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "BADGROUP") == 0) {
    strcpy(p->userid, "NEWID");
    strcpy(p->group, "G 1");
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "NEWID") == 0) {
    p->group[0] = '\0';
    return ZGATE_HWSAUTH0_CHANGED;
  }
  if (strcmp(p->userid, "RC12") == 0) return 12;
  strcpy(p->userid, "OTHER");
  return ZGATE_HWSAUTH0_CONTINUE;
}
