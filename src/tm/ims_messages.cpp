#include "tm/ims_messages.h"

#include <sys/wait.h>

#include <csignal>
#include <cstdio>

namespace zgate::tm {

std::string dfs064(const std::string& trancode) {
  // IMS leaves the code out of the classic text; zgate appends it (as DEST=) so that a client
  // log shows what was not found.
  return "DFS064I DESTINATION CAN NOT BE FOUND OR CREATED, DEST=" + trancode;
}

std::string dfs065(const std::string&) { return "DFS065I TRAN/LTERM STOPPED"; }

std::string dfs555(const std::string& trancode, const std::string& abend,
                   const std::string& first_segment) {
  // IMS shows up to 78 bytes of the message in process; non-printable bytes become '.', so
  // that binary input cannot break a terminal or a log line.
  std::string data = first_segment.substr(0, 78);
  for (char& c : data)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '.';
  return "DFS555I TRAN " + trancode + " ABEND " + abend + "; MSG IN PROCESS: " + data;
}

std::string dfs2854(int region, const std::string& reason_code, const std::string& psb,
                    const std::string& trancode) {
  char job[16];
  std::snprintf(job, sizeof job, "MPR%04d", region % 10000);
  return "DFS2854A " + std::string(job) + ", REGION, " + std::to_string(region) + ", " + reason_code +
         "-FAILED SECURITY CHECK, PSB=" + psb + ", TRAN=" + trancode;
}

std::string zgt001(const std::string& trancode) {
  return "ZGT001E CONVERSATIONAL TRANSACTION " + trancode + " NOT SUPPORTED";
}

std::string user_abend(int rc) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "U%04d", ((rc % 4096) + 4096) % 4096);
  return buf;
}

std::string abend_for_wait_status(int wstatus) {
  if (WIFSIGNALED(wstatus)) {
    switch (WTERMSIG(wstatus)) {
      case SIGSEGV:
      case SIGBUS: return "S0C4";
      case SIGILL: return "S0C1";
      case SIGFPE: return "S0C9";
      case SIGABRT: return "U4038";
      default: return "U4095";
    }
  }
  return "U4095";
}

}  // namespace zgate::tm
