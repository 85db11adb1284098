/* The scripted IMSLSECX exit of fuzz_exits (imslsecx_stub.c): what the target tells it to do. */
#ifndef ZGATE_FUZZ_IMSLSECX_STUB_H
#define ZGATE_FUZZ_IMSLSECX_STUB_H

#include "zgate/imslsecx.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fuzz_imslsecx_script {
  int rc;
  int write_userid, write_group, write_reason; /* write the bytes below over the field */
  char userid[9], group[9], reason[80];         /* raw: a NUL is not required */
};

typedef void (*fuzz_imslsecx_set_fn)(const struct fuzz_imslsecx_script *s);
typedef const zgate_imslsecx_parms *(*fuzz_imslsecx_seen_fn)(void); /* the block as it came in */
typedef const char *(*fuzz_imslsecx_seen_subject_fn)(void);         /* its cert_subject, or NULL */

#ifdef __cplusplus
}
#endif

#endif
