#include "audit/event.h"

namespace zgate::audit {

const char* event_name(EventCode code) {
  switch (code) {
    case EventCode::JobInit: return "JOBINIT";
    case EventCode::Access: return "ACCESS";
    case EventCode::AddGroup: return "ADDGROUP";
    case EventCode::AddUser: return "ADDUSER";
    case EventCode::AltGroup: return "ALTGROUP";
    case EventCode::AltUser: return "ALTUSER";
    case EventCode::Connect: return "CONNECT";
    case EventCode::DelGroup: return "DELGROUP";
    case EventCode::DelUser: return "DELUSER";
    case EventCode::Password: return "PASSWORD";
    case EventCode::Permit: return "PERMIT";
    case EventCode::RAlter: return "RALTER";
    case EventCode::RDefine: return "RDEFINE";
    case EventCode::RDelete: return "RDELETE";
    case EventCode::Remove: return "REMOVE";
    case EventCode::SetrOpts: return "SETROPTS";
    case EventCode::RacdCert: return "RACDCERT";
  }
  return "UNKNOWN";
}

const char* qualifier_text(EventCode code, std::uint8_t q) {
  if (code == EventCode::JobInit) {
    switch (q) {
      case 0: return "SUCCESSFUL INITIATION";
      case 1: return "INVALID PASSWORD";
      case 2: return "INVALID GROUP";
      case 5: return "INVALID APPLICATION";
      case 6: return "REVOKED USER ID ATTEMPTING ACCESS";
      case 7: return "USER ID AUTOMATICALLY REVOKED";
      case 9: return "UNDEFINED USER ID";
      case 27: return "VERIFICATION FAILED BY INSTALLATION";
      default: return "JOBINIT EVENT";
    }
  }
  if (code == EventCode::Access) {
    switch (q) {
      case 0: return "SUCCESSFUL ACCESS";
      case 1: return "INSUFFICIENT AUTHORITY";
      case 2: return "PROFILE NOT FOUND";
      case 3: return "ACCESS PERMITTED DUE TO WARNING";
      default: return "ACCESS EVENT";
    }
  }
  switch (q) {
    case 0: return "NO VIOLATIONS DETECTED";
    case 1: return "INSUFFICIENT AUTHORITY";
    case 2: return "KEYWORD VIOLATIONS DETECTED";
    default: return "COMMAND EVENT";
  }
}

}  // namespace zgate::audit
