#include "connect/return_codes.h"

#include <fmt/format.h>

namespace zgate::connect::rc {

std::string_view return_code_text(std::uint32_t c) {
  switch (c) {
    case 0: return "request completed";
    case kExitError: return "error detected by the user message exit; socket disconnected";
    case kConnectError: return "error detected by IMS Connect; socket disconnected";
    case kImsError: return "error returned by IMS OTMA; socket disconnected";
    case kOtmaSense: return "OTMA NAK, sense code in the reason code; socket disconnected";
    case kSpecialResponse: return "response to a PING, HWSPWCH or user-defined request; socket kept";
    case kSciError: return "SCI error";
    case kOmError: return "OM error";
    case kTimerExpired: return "IRM_TIMER expired; socket disconnected";
    case kDefaultTimerExpired: return "default timer expired; socket disconnected";
    case kTimerExpiredKept: return "IRM_TIMER expired; socket remains connected";
    case kCancelTimerDone: return "cancel timer completed successfully";
    default: return "";
  }
}

std::string_view reason_code_text(std::uint32_t c) {
  switch (c) {
    case kInputExceedsBuffer: return "input data exceeds buffer size";
    case kNegativeLength: return "negative length value";
    case kIrmLengthInvalid: return "IRM length invalid";
    case kTotalLengthInvalid: return "total message length invalid";
    case kOtmaNakNoSense: return "OTMA NAK with no sense code or return code";
    case kBufferInvalid: return "contents of buffer invalid";
    case kOutputExceedsBuffer: return "output data exceeds buffer size";
    case kInvalidUnicode: return "invalid Unicode definition";
    case kNoData: return "invalid message, no data";
    case kUnknownClient: return "unknown client";
    case kSegmentLengthError: return "OTMA segment length error";
    case kFicMissing: return "FIC missing";
    case kLicMissing: return "LIC missing";
    case kSequenceError: return "sequence number error";
    case kContextTokenNotFound: return "context token not found";
    case kProtocolError: return "protocol error";
    case kSecurityViolation: return "security violation";
    case kMessageIncomplete: return "message incomplete";
    case kIncorrectLength: return "incorrect message length";
    case kNoSecurityHeader: return "no OTMA security header (NOSECHDR)";
    case kNoSecurityData: return "no security data (INVESECHL)";
    case kNoPassword: return "no password (SECFNOPW)";
    case kNoUserid: return "no user ID (SECFNUID)";
    case kNoPasswordNoUserid: return "no password and no user ID (SECFNPUI)";
    case kDuplicateClient: return "duplicate client ID in use (DUPECLNT)";
    case kInvalidToken: return "invalid token (INVLDTOK)";
    case kInvalidState: return "invalid state (INVLDSTA)";
    case kCancelTimer: return "cancel timer completed (CANTIMER)";
    case kComponentNotFound: return "component not found (NFNDCOMP)";
    case kFunctionNotFound: return "function not found (NFNDFUNC)";
    case kDatastoreNotFound: return "data store not found or stopped by command";
    case kConnectShutdown: return "IMS Connect in shutdown";
    case kDatastoreStopping: return "data store or IMSplex stopping, closing, or IMS down";
    case kDatastoreCommError: return "data store communication error";
    case kDatastoreStopped: return "data store stopped by command";
    case kPendingClientCommError: return "communication error to pending client";
    case kRacfCallFailed: return "security failure: RACF call failed";
    case kConnectProtocolError: return "IMS Connect protocol error";
    case kImsplexNotActive: return "IMSplex connection not active";
    case kResumeTpipeCancelled: return "RESUME TPIPE cancelled by IMS";
    case kTpipeSuspended: return "tpipe suspended";
    case kResumeTpipeCancelledHwsd0252w: return "RESUME TPIPE cancelled (HWSD0252W)";
    case kInvalidCm1ResumeTpipe: return "invalid commit mode 1 on RESUME TPIPE";
    case kRequest: return "request";
    case kConversation: return "conversation";
    case kRequestAndConversation: return "request and conversation";
    case kDeallocateConfirmed: return "deallocate confirmed";
    case kDeallocateAbort: return "deallocate abort";
    case kDefaultReason: return "default reason code";
    case kExtensionLengthOrOffset: return "IRM extension length or offset invalid";
    case kExtensionOffsetZero: return "IRM extension offset is zero";
    case kNetuidTooLong: return "network user ID longer than 246 bytes";
    case kNetsidTooLong: return "network session ID longer than 254 bytes";
    default: return "";
  }
}

// IBM "Timer interval specifications": X'01'-X'19' 0.01 s steps, X'1A'-X'27' 0.05 s steps
// from 0.30 s, X'28'-X'63' seconds, X'64'-X'9E' minutes (the reference's inferred formulas;
// X'63' is 60 s = 1 min, where the two ranges meet).
std::string timer_text(std::uint8_t t) {
  if (t == 0x00) return "default";
  if (t == 0xE9) return "NO WAIT";
  if (t == 0xFF) return "wait forever";
  if (t <= 0x19) return fmt::format("0.{:02} s", t);
  if (t <= 0x27) return fmt::format("0.{:02} s", 30 + 5 * (t - 0x1A));
  if (t <= 0x63) return fmt::format("{} s", t - 0x27);
  if (t <= 0x9E) return fmt::format("{} min", t - 0x62);
  return fmt::format("invalid timer X'{:02X}'", t);
}

TimerSetting timer_setting(std::uint8_t t) {
  using K = TimerSetting::Kind;
  if (t == 0x00) return {K::Default, 0, false};
  if (t == 0xE9) return {K::NoWait, 0, true};
  if (t == 0xFF) return {K::Forever, 0, true};
  if (t <= 0x19) return {K::Time, 10u * t, true};                  // .01 s steps
  if (t <= 0x27) return {K::Time, 300u + 50u * (t - 0x1A), true};  // .05 s steps from .30
  if (t <= 0x63) return {K::Time, 1000u * (t - 0x27), true};       // seconds
  if (t <= 0x9E) return {K::Time, 60000u * (t - 0x62), true};      // minutes
  return {K::Default, 0, false};
}

}  // namespace zgate::connect::rc
