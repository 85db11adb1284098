#pragma once
// IBM's RSM return and reason codes for HWSSMPL0/HWSSMPL1 clients, with IBM's wording.
// Sources (reference/ims-connect-protocol.md §2.3): IBM "HWSSMPL0 and HWSSMPL1 return and
// reason codes" and "Return and reason codes for IMS Connect exits" (IMS 15.1), cross-checked
// against the OpenESB IMSClient and ims-injector tables.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zgate::connect::rc {

// RSM_RETCOD.
inline constexpr std::uint32_t kExitError = 4;          // error found by the user message exit
inline constexpr std::uint32_t kConnectError = 8;       // error found by IMS Connect
inline constexpr std::uint32_t kImsError = 12;          // error from IMS/OTMA
inline constexpr std::uint32_t kOtmaSense = 16;         // RSNCOD is an OTMA sense code
inline constexpr std::uint32_t kSpecialResponse = 20;   // PING / HWSPWCH answer, socket kept
inline constexpr std::uint32_t kSciError = 24;
inline constexpr std::uint32_t kOmError = 28;
inline constexpr std::uint32_t kTimerExpired = 32;      // IRM_TIMER expired, RSNCOD = timer
inline constexpr std::uint32_t kDefaultTimerExpired = 36;
inline constexpr std::uint32_t kTimerExpiredKept = 40;  // persistent socket stays connected
inline constexpr std::uint32_t kCancelTimerDone = 44;

// RSM_RSNCOD (decimal, as IBM lists them).
inline constexpr std::uint32_t kInputExceedsBuffer = 4;
inline constexpr std::uint32_t kNegativeLength = 5;
inline constexpr std::uint32_t kIrmLengthInvalid = 6;
inline constexpr std::uint32_t kTotalLengthInvalid = 7;
inline constexpr std::uint32_t kOtmaNakNoSense = 8;
inline constexpr std::uint32_t kBufferInvalid = 9;
inline constexpr std::uint32_t kOutputExceedsBuffer = 10;
inline constexpr std::uint32_t kInvalidUnicode = 11;
inline constexpr std::uint32_t kNoData = 12;
inline constexpr std::uint32_t kUnknownClient = 16;
inline constexpr std::uint32_t kSegmentLengthError = 20;
inline constexpr std::uint32_t kFicMissing = 24;
inline constexpr std::uint32_t kLicMissing = 28;
inline constexpr std::uint32_t kSequenceError = 32;
inline constexpr std::uint32_t kContextTokenNotFound = 34;
inline constexpr std::uint32_t kProtocolError = 36;
inline constexpr std::uint32_t kSecurityViolation = 40;
inline constexpr std::uint32_t kMessageIncomplete = 44;
inline constexpr std::uint32_t kIncorrectLength = 48;
inline constexpr std::uint32_t kNoSecurityHeader = 51;   // NOSECHDR
inline constexpr std::uint32_t kNoSecurityData = 52;     // INVESECHL
inline constexpr std::uint32_t kNoPassword = 53;         // SECFNOPW
inline constexpr std::uint32_t kNoUserid = 54;           // SECFNUID
inline constexpr std::uint32_t kNoPasswordNoUserid = 55; // SECFNPUI
inline constexpr std::uint32_t kDuplicateClient = 56;    // DUPECLNT
inline constexpr std::uint32_t kInvalidToken = 57;       // INVLDTOK
inline constexpr std::uint32_t kInvalidState = 58;       // INVLDSTA
inline constexpr std::uint32_t kCancelTimer = 59;        // CANTIMER
inline constexpr std::uint32_t kComponentNotFound = 70;  // NFNDCOMP
inline constexpr std::uint32_t kFunctionNotFound = 71;   // NFNDFUNC
inline constexpr std::uint32_t kDatastoreNotFound = 72;
inline constexpr std::uint32_t kConnectShutdown = 73;
inline constexpr std::uint32_t kDatastoreStopping = 74;
inline constexpr std::uint32_t kDatastoreCommError = 75;
inline constexpr std::uint32_t kDatastoreStopped = 76;
inline constexpr std::uint32_t kPendingClientCommError = 77;
inline constexpr std::uint32_t kRacfCallFailed = 78;
inline constexpr std::uint32_t kConnectProtocolError = 79;
inline constexpr std::uint32_t kImsplexNotActive = 80;
inline constexpr std::uint32_t kResumeTpipeCancelled = 81;
inline constexpr std::uint32_t kTpipeSuspended = 82;
inline constexpr std::uint32_t kResumeTpipeCancelledHwsd0252w = 83;
inline constexpr std::uint32_t kInvalidCm1ResumeTpipe = 93;
inline constexpr std::uint32_t kRequest = 94;
inline constexpr std::uint32_t kConversation = 95;
inline constexpr std::uint32_t kRequestAndConversation = 96;
inline constexpr std::uint32_t kDeallocateConfirmed = 97;
inline constexpr std::uint32_t kDeallocateAbort = 98;
inline constexpr std::uint32_t kDefaultReason = 99;
inline constexpr std::uint32_t kExtensionLengthOrOffset = 113;
inline constexpr std::uint32_t kExtensionOffsetZero = 114;
inline constexpr std::uint32_t kNetuidTooLong = 117;
inline constexpr std::uint32_t kNetsidTooLong = 118;

// IBM's text for a code, or "" if IBM lists none. Reason texts apply where RSNCOD is a
// reason code, i.e. not for RC 16 (OTMA sense) nor RC 32/36/40 (timer value).
std::string_view return_code_text(std::uint32_t return_code);
std::string_view reason_code_text(std::uint32_t reason_code);

// IRM_TIMER value to words ("0.25 s", "5 min", "NO WAIT", "wait forever", "default").
// Timer RSMs carry the timer value as the reason code (§1.4, §2.5).
std::string timer_text(std::uint8_t timer);

// What an IRM_TIMER value asks for (reference §1.4): X'00' the default (TCPIP TIMEOUT=),
// X'E9' no wait, X'FF' wait forever, otherwise a time; a value outside IBM's ranges is
// treated as the default, as IBM does (and the expiry is then reported with RC 36).
struct TimerSetting {
  enum class Kind : std::uint8_t { Default, NoWait, Forever, Time } kind = Kind::Default;
  std::uint32_t milliseconds = 0;  // Kind::Time
  bool valid = true;               // false: X'00' or a value outside IBM's ranges
};
TimerSetting timer_setting(std::uint8_t timer);

}  // namespace zgate::connect::rc
