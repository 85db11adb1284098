#pragma once
// The texts IMS answers with instead of a reply, and the abend codes zgate gives a region that
// ended abnormally. Chosen to match what an IMS operator and a client application parse:
//
//   DFS064I DESTINATION CAN NOT BE FOUND OR CREATED     undefined transaction code
//   DFS065I TRAN/LTERM STOPPED                          /STO TRAN, and messages still queued
//                                                       when the transaction manager stops
//   DFS555I TRAN tttttttt ABEND cccc; MSG IN PROCESS: data    program abend (data: the first
//                                                       78 bytes of the input, as IMS shows)
//   DFS2854A jobname, stepname, region, rrr-FAILED SECURITY CHECK, PSB=p, TRAN=t
//                                                       the region may not schedule the PSB
//                                                       (ISIS=, tm/psb_scheduling.h); IBM's
//                                                       reason codes 084 RACF, 088 the RAS
//                                                       exit, 090 no ACEE for the region.
//                                                       zgate's region n is job MPRnnnn, step
//                                                       REGION (the IMS MPR procedure's step);
//                                                       PSB= and TRAN= are zgate's addition
//
// Abend codes (system abends as MVS would give them for the same failure):
//   SIGSEGV, SIGBUS            S0C4  protection / addressing exception
//   SIGILL                     S0C1  operation exception
//   SIGFPE                     S0C9  fixed-point divide exception
//   SIGABRT                    U4038 Language Environment's "severe condition" abend
//   killed at processing_limit U0240 IMS's abend for a program past its PROCLIM time
//   program load failed        S806  module not found (dlopen / dlsym failed)
//   entry point returned n!=0  U<n mod 4096>, 4 digits
//   any other end              U4095
// Unverified against IBM: the exact DFS555I layout (IMS adds a time stamp), and the choice of
// U4038 for abort(). zgate's own refusal for conversational transactions (SPA=) is
//   ZGT001E CONVERSATIONAL TRANSACTION tttttttt NOT SUPPORTED
// since IMS has no message for a case that cannot happen there.
#include <string>

namespace zgate::tm {

std::string dfs064(const std::string& trancode);
std::string dfs065(const std::string& trancode);
std::string dfs555(const std::string& trancode, const std::string& abend,
                   const std::string& first_segment);
std::string dfs2854(int region, const std::string& reason_code, const std::string& psb,
                    const std::string& trancode);
std::string zgt001(const std::string& trancode);

// The abend code for a region process that ended with this waitpid() status.
std::string abend_for_wait_status(int wstatus);
// The user abend for a nonzero return from the program's entry point.
std::string user_abend(int rc);

inline constexpr const char* kAbendTimeLimit = "U0240";
inline constexpr const char* kAbendModuleNotFound = "S806";

}  // namespace zgate::tm
