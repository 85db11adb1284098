#pragma once
// The control process's side of the DL/I calls that need RACF (CHNG, AUTH, the region check):
// which ACEE answers, under which OTMA security level, and the status the program sees.
//
//   CHNG to a defined transaction   NONE: ok, no RACF call. CHECK / FULL: FASTAUTH TIMS READ
//                                   with the requester's ACEE; rc 8 (or no ACEE) -> A4.
//   CHNG to anything else           ok: an LTERM / tpipe destination, routed at commit.
//   AUTH                            the requester's ACEE (the input message's user) whenever
//                                   the message has one, whatever the level; none -> AS.
//   region check                    FULL: the requester's ACEE (the region runs as the user).
//                                   Otherwise the region's own ACEE (RegionConfig::userid);
//                                   a region user RACF does not know is refused everything.
#include <string>

#include "saf/security_manager.h"
#include "tm/message.h"
#include "tm/region_protocol.h"
#include "tm/transaction_table.h"

namespace zgate::tm {

struct CallContext {
  const InputMessage& message;
  std::string psb;          // for WHEN(PROGRAM(...)) conditional access
  saf::AceeRef region_acee; // the region's own identity (may be null)
};

proto::Answer answer_chng(saf::SecurityManager& saf, const TransactionTable& table,
                          const CallContext& ctx, const std::string& destination);
proto::Answer answer_auth(saf::SecurityManager& saf, const CallContext& ctx, const proto::Request& q);
proto::Answer answer_region_check(saf::SecurityManager& saf, const CallContext& ctx,
                                  const proto::Request& q);

// The ACEE the region runs under for this message (null when there is none).
saf::AceeRef region_identity(const CallContext& ctx);

}  // namespace zgate::tm
