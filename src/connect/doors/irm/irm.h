#pragma once
// The IMS request message (IRM) that IMS Connect clients send, as HWSSMPL0 (`*SAMPLE*`) and
// HWSSMPL1 (`*SAMPL1*`) read it: decoder and encoder.
// Source: reference/ims-connect-protocol.md §1 (IBM "Format of fixed portion of IRM in
// messages sent to IMS Connect", "Format of user portion of IRM for HWSSMPL0, HWSSMPL1 and
// user-written message exit routines", "Format of IRM extensions", "Message translation").
//
// Message offsets (LLLL = 0):
//   0 LLLL  4 IRM_LEN(2)  6 IRM_ARCH  7 IRM_F0  8 IRM_ID(8)  16 IRM_NAK_RSNCDE(2)  18 IRM_RES(2)
//   20 IRM_F5  21 IRM_TIMER  22 IRM_SOCT  23 IRM_ES  24 IRM_CLIENTID(8)
//   32 IRM_F1  33 IRM_F2  34 IRM_F3  35 IRM_F4  36 IRM_TRNCOD(8)  44 IRM_IMSDESTID(8)
//   52 IRM_LTERM(8)  60 IRM_RACF_USERID(8)  68 IRM_RACF_GRNAME(8)  76 IRM_RACF_PW(8)
//   -- 80-byte IRM (IRM_LEN X'50'), HWSSMPL minimum --
//   84 IRM_APPL_NM(8)  92 IRM_REROUT_NM / IRM_RT_ALTCID(8)            ARCH1: IRM_LEN X'60'
//   100 IRM_TAG_ADAPT(8)  108 IRM_TAG_MAP(8)                           ARCH2: IRM_LEN X'70'
//   116 IRM_MODNAME(8)  124 IRM_CORTKN(40)                             ARCH3: IRM_LEN X'A0'
//   164 IRM_SESTKN(8)                                                  ARCH4: IRM_LEN X'A8'
//   172 IRM_EXTN_OFF(2)  174 reserved(2)                               ARCH5: IRM_LEN X'AC'
//   data segments at 4 + IRM_LEN; X'00040000' last.
//
// Layout choices that could NOT be confirmed from IBM text (search of the stored IBM pages
// returned only truncated tables); each follows the public clients named in the reference:
//  1. ARCH3-5 offsets: IRM_MODNAME before IRM_CORTKN, CORTKN 40 bytes, then IRM_SESTKN, then
//     IRM_EXTN_OFF + 2 reserved (go-imstm's order). IBM confirms the fields exist, not where.
//  2. IRM_EXTN_OFF counts from the start of the IRM (IRM_LEN field = offset 0), and the
//     extensions lie inside IRM_LEN, from IRM_EXTN_OFF to IRM_LEN exactly.
//  3. IRM_F1 bit order: MFSREQ X'80', CIDREQ X'40', UC X'20', UCTC X'10', SOARSP X'04',
//     NOWAIT X'02', TRNEXP X'01' (ims-injector and OpenESB; go-imstm shifts the upper bits).
//  4. IRM_F2 X'01' = generate a client ID (go-imstm, ims-injector); X'02' "SENDALTP" is kept
//     as a raw bit only.
//  5. IRM_F6 (X'80' NWSE) is taken to be the first of the two reserved bytes at offset 18.
//  6. IRM_ES values X'01' UTF-8, X'02' UTF-16 (go-imstm); kept raw.
//  7. ASCII clients: the IRM's character fields and the IRM_F4 letter are ASCII (ims-injector,
//     OpenESB); both EBCDIC and ASCII IRM_F4 codes are accepted whatever the IRM_ID encoding.
//  8. ARCH1 with IRM_LEN >= 104 (ims-injector): bytes 92-99 are IRM_REROUT_NM and 100-107 a
//     separate IRM_RT_ALTCID. In every other layout the one slot at 92 is IRM_RT_ALTCID for
//     RESUME TPIPE and IRM_REROUT_NM otherwise (IBM: the two are mutually exclusive).
//  9. IRM_APPL_NM is read whenever IRM_LEN covers it, even at ARCH0 (the FISC client sends
//     ARCH0 with IRM_LEN X'58').
// 10. *PHRASE* extension data is the passphrase itself in the client's code page, blanks
//     trimmed; IBM documents the ID for HWSJAVA0 and PH14651 adds phrases to HWSSMPL0/1.
// 11. The RSM codes for malformed input (see decode_request) are zgate's mapping of IBM's
//     reason-code names onto each case; IBM does not say which code each exit check gives.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connect/doors/irm/framing.h"
#include "connect/doors/irm/wire.h"
#include "core/secret.h"

namespace zgate::connect {

// IRM_F4, the message type. Letters per IBM's user-portion page; EBCDIC hex as sent by
// EBCDIC clients (ASCII clients send the ASCII letter, X'20' for send-receive).
enum class MessageType : std::uint8_t {
  SendReceive,   // X'40' (blank)
  Ack,           // A
  CancelTimer,   // C
  Deallocate,    // D
  SendOnlyE,     // J  SNDONLYE: send-only, IMS Connect errors returned
  SendOnlyA,     // K  SENDONLYA: send-only with ACK
  SynRespA,      // L  sync callout response, ACK wanted
  SynResp,       // M  sync callout response
  Nak,           // N
  ResumeTpipe,   // R
  SendOnly,      // S
};
std::string_view to_string(MessageType t);  // IBM's name: "SENDRECV", "ACK", "SNDONLYE", ...
char type_letter(MessageType t);            // ' ', 'A', 'C', ...
// Whether IBM says this type carries data segments (S K J L M and send-receive).
bool carries_data(MessageType t);

// Flag bits (reference §1.4).
namespace irmf {
inline constexpr std::uint8_t kF0SynOnly = 0x80, kF0SynAsyn = 0x40, kF0SyncNak = 0x20,
                              kF0NakRsn = 0x10, kF0Extensions = 0x04, kF0XmlData = 0x02,
                              kF0XmlTranData = 0x01;
inline constexpr std::uint8_t kF1MfsReq = 0x80, kF1CidReq = 0x40, kF1Unicode = 0x20,
                              kF1UnicodeTran = 0x10, kF1SendOnlyAckNoText = 0x04,
                              kF1NoWait = 0x02, kF1TranExpiration = 0x01;
inline constexpr std::uint8_t kF2Cm0 = 0x40, kF2Cm1 = 0x20, kF2GenClientId = 0x01;
inline constexpr std::uint8_t kF3SyncConfirm = 0x01, kF3SyncPoint = 0x02, kF3Purge = 0x04,
                              kF3Reroute = 0x08, kF3Ordered = 0x10, kF3IgnorePurge = 0x20,
                              kF3Dfs2082 = 0x40, kF3CancelClientId = 0x80;
inline constexpr std::uint8_t kF5OtmaHeaders = 0x80, kF5ClientTranslates = 0x40,
                              kF5SingleWait = 0x10, kF5Xid = 0x08, kF5NoAuto = 0x04,
                              kF5Auto = 0x02, kF5Single = 0x01;
inline constexpr std::uint8_t kF6NetworkSecurity = 0x80;
inline constexpr std::uint8_t kSoctTransaction = 0x00, kSoctPersistent = 0x10,
                              kSoctNonPersistent = 0x40;
inline constexpr std::uint8_t kTimerDefault = 0x00, kTimerNoWait = 0xE9, kTimerForever = 0xFF;
}  // namespace irmf

enum class CommitMode : std::uint8_t { Cm0, Cm1 };
enum class SyncLevel : std::uint8_t { None, Confirm, Syncpt };
enum class SocketType : std::uint8_t { Transaction, Persistent, NonPersistent };

// IRM lengths (IRM_LEN, LLLL not counted) at each architecture level.
inline constexpr std::uint16_t kIrmLenArch0 = 80, kIrmLenArch1 = 96, kIrmLenArch2 = 112,
                               kIrmLenArch3 = 160, kIrmLenArch4 = 168, kIrmLenArch5 = 172;
std::uint16_t irm_len_for_arch(std::uint8_t arch);  // 0 for an unknown level

// One IRM extension: LL(2) ZZ(2) ID(8) data. *PHRASE* never appears here (see Irm::phrase).
struct IrmExtension {
  std::string id;  // e.g. "*NETUID*", decoded to ASCII
  Bytes data;      // binary, as IBM's exits treat it
  friend bool operator==(const IrmExtension&, const IrmExtension&) = default;
};

struct Irm {
  // Fixed portion.
  std::uint16_t irm_len = 0;  // on encode, 0 = the length of `arch` (plus extensions)
  std::uint8_t arch = 0;
  std::uint8_t f0 = 0;
  std::uint16_t nak_reason = 0;  // IRM_NAK_RSNCDE, with F0 X'10'
  std::uint8_t f6 = 0;           // see layout choice 5
  std::uint8_t reserved = 0;
  std::uint8_t f5 = 0;
  std::uint8_t timer = 0;
  std::uint8_t socket_type = 0;  // IRM_SOCT raw
  std::uint8_t es = 0;
  std::string client_id;  // blank = let IMS Connect generate one
  // User portion (HWSSMPL0/1).
  std::uint8_t f1 = 0;
  std::uint8_t f2 = irmf::kF2Cm1;
  std::uint8_t f3 = 0;
  MessageType type = MessageType::SendReceive;
  std::string trancode;   // IRM_TRNCOD
  std::string datastore;  // IRM_IMSDESTID
  std::string lterm;
  std::string userid;
  std::string group;
  core::SecretString password;  // IRM_RACF_PW: password or PassTicket; never printed
  std::string appl_name;        // IRM_APPL_NM (PassTicket application)
  std::string reroute_name;     // IRM_REROUT_NM
  std::string alt_client_id;    // IRM_RT_ALTCID (RESUME TPIPE)
  std::string tag_adapter, tag_map;  // ARCH2
  std::string mod_name;              // ARCH3 IRM_MODNAME
  std::array<std::uint8_t, 40> correlation_token{};  // ARCH3 IRM_CORTKN, binary
  std::array<std::uint8_t, 8> session_token{};       // ARCH4 IRM_SESTKN, binary
  std::uint16_t extension_offset = 0;  // ARCH5 IRM_EXTN_OFF; on encode 0 = right after fixed
  std::vector<IrmExtension> extensions;
  core::SecretString phrase;  // *PHRASE* extension; never printed

  // Decoded views of the flag bytes.
  CommitMode commit_mode() const { return (f2 & irmf::kF2Cm0) ? CommitMode::Cm0 : CommitMode::Cm1; }
  SyncLevel sync_level() const;
  std::optional<SocketType> socket() const;  // nullopt for an undefined IRM_SOCT
  bool wants_generated_client_id() const;     // blank client ID or F2 X'01'
};

// A decoded client->server message.
struct Request {
  ExitFormat format = ExitFormat::Hwssmpl1;
  Encoding encoding = Encoding::Ebcdic;
  Irm irm;
  std::vector<Segment> segments;

  // IMS reads the transaction code from the first data segment: up to 8 characters ending at
  // the first blank (IBM: "DATA is the IMS transaction code followed by the transaction
  // data"), in the client's code page. Empty when there is no data.
  std::string transaction_code(core::CodePage cp = core::CodePage::IBM037) const;
  // One line for logs: every field, the password and phrase masked.
  std::string describe() const;
};

struct DecodeOptions {
  core::CodePage code_page = core::CodePage::IBM037;  // for EBCDIC clients
  std::size_t max_message = kDefaultMaxMessage;  // TCPIP MAXSIZE=
};

// Either a request or the refusal. `format`/`encoding` are filled as far as the decoder got,
// so the caller can send the RSM in the client's own format and code page.
struct DecodeResult {
  std::optional<Request> request;
  std::optional<WireError> error;
  ExitFormat format = ExitFormat::Hwssmpl1;
  Encoding encoding = Encoding::Ebcdic;
  bool ok() const { return request.has_value(); }
};

// Decodes one whole message (LLLL included, as the Framer yields it). Never throws on bad
// input. Refusals:
//   LLLL rules (see check_total_length); LLLL != buffer size -> RC 8 RSN 7;
//   IRM_ID neither *SAMPLE* nor *SAMPL1* in EBCDIC or ASCII -> RC 8 RSN 16 (unknown client);
//   IRM_LEN below X'50' or past the message -> RC 4 RSN 6;
//   segments / EOM (see split_segments);
//   unknown IRM_F4 or IRM_ARCH, bad client ID, bad extension -> RC 4 RSN 9 / 113 / 114;
//   a data-carrying type with no data segment -> RC 4 RSN 12.
DecodeResult decode_request(ByteView message, const DecodeOptions& opt = {});

struct EncodeResult {
  Bytes bytes;
  std::string error;  // non-empty if the struct cannot be encoded (a field too long, ...)
  bool ok() const { return error.empty(); }
};
// Builds LLLL + IRM + segments + EOM in the request's format and code page.
EncodeResult encode_request(const Request& r, core::CodePage cp = core::CodePage::IBM037);

}  // namespace zgate::connect
