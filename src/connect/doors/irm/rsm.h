#pragma once
// Replies from IMS Connect to an HWSSMPL0/HWSSMPL1 client (reference/ims-connect-protocol.md
// §2.1-2.2; IBM "Format of the request status message", "... complete status message",
// "... request mod message", "... returned client ID message"):
//
//   success:  [LLLL] [RMM] [GENCID] LLZZ data ... CSM
//   refusal:  [LLLL] RSM
//
// LLLL (HWSSMPL1 only) counts itself. No X'00040000' trailer: the CSM or RSM ends a reply.
//   RSM    LL=X'0014' FLG1 RACFRC/OTMRSN *REQSTS* RETCOD(4) RSNCOD(4)       20 bytes
//   CSM    LL=X'000C' FLG1 PRLVLFLG *CSMOKY*                                12 bytes
//   RMM    LL=X'0014' ZZ *REQMOD* MODNAME(8)                                20 bytes
//   GENCID LL=X'0014' ZZ *GENCID* CLIENTID(8)                               20 bytes
//   CORTKN LL=X'0034' ZZ *CORTKN* token(40, binary)                         52 bytes
// The IDs and names are in the client's code page (the IMS TCP/IP listener documents the RSM
// ID as translated for ASCII clients; HWSSMPL0/1 translate all output for ASCII IRM_IDs).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connect/doors/irm/wire.h"

namespace zgate::connect {

// CSM_FLG1 / RSM_FLG1 bits and CSM_PRLVLFLG values (IBM "IMS Connect protocol level").
namespace replyf {
inline constexpr std::uint8_t kAsyncQueued = 0x80, kConversational = 0x40, kAckNakNeeded = 0x20,
                              kProtocolLevelValid = 0x10;  // CSM only
inline constexpr std::uint8_t kLevelBase = 0x00, kLevelNoWait = 0x02, kLevelRacfRc = 0x03;
}  // namespace replyf

struct Rsm {
  std::uint8_t flags = 0;
  std::uint8_t racf_rc = 0;  // RSM_RACFRC (RACROUTE VERIFY RC) or RSM_OTMRSN, see IBM
  std::uint32_t return_code = 0;
  std::uint32_t reason_code = 0;
  friend bool operator==(const Rsm&, const Rsm&) = default;
};

struct Csm {
  std::uint8_t flags = 0;
  std::uint8_t protocol_level = 0;
  bool ack_required() const { return flags & replyf::kAckNakNeeded; }
  friend bool operator==(const Csm&, const Csm&) = default;
};

// One reply. Exactly one of csm / rsm ends it; an RSM reply carries nothing else.
// The correlation token of a synchronous callout request, returned as IRM_CORTKN.
using CorrelationToken = std::array<std::uint8_t, 40>;

struct Reply {
  std::optional<std::string> mod_name;             // RMM, when IRM_F1 X'80' asked for it
  std::optional<std::string> generated_client_id;  // GENCID, when IRM_F1 X'40' asked for it
  // *CORTKN*: a synchronous callout request delivered to a RESUME TPIPE carries it before the
  // data; the client returns the token in IRM_CORTKN with its response.
  std::optional<CorrelationToken> correlation_token;
  std::vector<Segment> segments;
  std::optional<Csm> csm;
  std::optional<Rsm> rsm;
};

inline constexpr std::size_t kRsmLength = 20, kCsmLength = 12, kRmmLength = 20,
                             kGencidLength = 20, kCortknLength = 52;

Reply rsm_reply(std::uint32_t return_code, std::uint32_t reason_code, std::uint8_t racf_rc = 0,
                std::uint8_t flags = 0);
inline Reply rsm_reply(const WireError& e) { return rsm_reply(e.return_code, e.reason_code); }

struct ReplyEncodeResult {
  Bytes bytes;
  std::string error;
  bool ok() const { return error.empty(); }
};
ReplyEncodeResult encode_reply(const Reply& r, ExitFormat f, Encoding e,
                               core::CodePage cp = core::CodePage::IBM037);

// Client side. How many bytes make up the first whole reply in `buf`: 0 if more bytes are
// needed, or an error. HWSSMPL1 needs only the LLLL; HWSSMPL0 walks the LL structures until
// a CSM or RSM (IBM: the client reads LL-prefixed structures until it sees one).
struct ReplyLength {
  std::size_t length = 0;
  std::optional<WireError> error;
};
ReplyLength reply_length(ByteView buf, ExitFormat f, std::size_t max_reply = 10'000'000);

struct ReplyDecodeResult {
  std::optional<Reply> reply;
  std::optional<WireError> error;
  Encoding encoding = Encoding::Ebcdic;  // from the CSM/RSM ID
  bool ok() const { return reply.has_value(); }
};
// Decodes exactly one whole reply (as reply_length delimits it).
ReplyDecodeResult decode_reply(ByteView buf, ExitFormat f,
                               core::CodePage cp = core::CodePage::IBM037);

// "RC=8 (error detected by IMS Connect; socket disconnected) RSN=40 (security violation)",
// plus RACFRC when set, the timer in words for RC 32/36/40, "sense code" for RC 16.
std::string describe_rsm(const Rsm& r);

}  // namespace zgate::connect
