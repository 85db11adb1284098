/* AUTHPGM: shows the two identities a program's checks run under. Input:
 *   "AUTHTX class resource access dsclass dsresource dsaccess"
 * It issues AUTH for class/resource/access (the input message's user) and the region check
 * for dsclass/dsresource/dsaccess (the region's identity: its own user ID, or the requester's
 * under OTMA security FULL), and replies
 *   "AUTH=OK|DENIED|NOENV REGION=OK|DENIED USER=u REGIONUSER=r" */
#include <stdio.h>
#include <string.h>

#include "zgate/dli.h"

static const char* word(int status) {
  if (status == ZG_OK) return "OK";
  if (status == ZG_A4) return "DENIED";
  if (status == ZG_AS) return "NOENV";
  return "ERROR";
}

int zgate_program(zg_dli* dli) {
  char in[1024], code[9], cls[9], res[256], acc[9], dcls[9], dres[256], dacc[9], reply[512];
  size_t len = 0;
  if (zg_gu(dli, in, sizeof in - 1, &len) != ZG_OK) return 0;
  in[len < sizeof in - 1 ? len : sizeof in - 1] = 0;
  if (sscanf(in, "%8s %8s %255s %8s %8s %255s %8s", code, cls, res, acc, dcls, dres, dacc) != 7) {
    zg_reply(dli, "USAGE: class resource access dsclass dsresource dsaccess", 56);
    return 0;
  }
  int a = zg_auth(dli, cls, res, acc);
  int r = zg_region_check(dli, dcls, dres, dacc);
  int k = snprintf(reply, sizeof reply, "AUTH=%s REGION=%s USER=%s REGIONUSER=%s", word(a),
                   word(r), zg_userid(dli), dli->region_userid(dli));
  zg_reply(dli, reply, (size_t)k);
  return 0;
}
