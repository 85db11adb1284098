/* An IMSLSECX security exit for fuzz_exits: it records the parameter block zgate built and
 * answers what the fuzz target scripted (return code; bytes written over userid, group and
 * reason, NUL or not). Loaded by zgate's SecurityExit with dlopen, as a real exit is; the target
 * reaches the functions below through dlopen of the same path (the same handle). Built
 * without sanitizers or coverage, as an installation's exit would be. */
#include <stddef.h>
#include <string.h>

#include "imslsecx_stub.h"

static struct fuzz_imslsecx_script script;
static zgate_imslsecx_parms seen;
static char seen_subject[1024];
static int seen_has_subject;

void fuzz_imslsecx_set(const struct fuzz_imslsecx_script *s) { script = *s; }
const zgate_imslsecx_parms *fuzz_imslsecx_seen(void) { return &seen; }
const char *fuzz_imslsecx_seen_subject(void) { return seen_has_subject ? seen_subject : NULL; }

int IMSLSECX(zgate_imslsecx_parms *parms) {
  seen = *parms;
  seen_has_subject = parms->cert_subject != NULL;
  if (parms->cert_subject) {
    strncpy(seen_subject, parms->cert_subject, sizeof seen_subject - 1);
    seen_subject[sizeof seen_subject - 1] = '\0';
  }
  if (script.write_userid) memcpy(parms->userid, script.userid, sizeof parms->userid);
  if (script.write_group) memcpy(parms->group, script.group, sizeof parms->group);
  if (script.write_reason) memcpy(parms->reason, script.reason, sizeof parms->reason);
  return script.rc;
}
