#pragma once
// ODBM's side of one DRDA conversation: the DDM commands that follow IMS Connect's sign-on
// (EXCSAT, ACCSEC and SECCHK are IMS Connect's), turned into DL/I and back (IBM, "DDM commands
// and code points for IMS"; docs/odbm.md says zgate's reading of each).
//
//   ACCRDB      RDBNAM = PSBNAME[.ALIAS]: the PSB allocated (Odbm::allocate, with the RACO
//               IMS Connect seals for this allocation) -> ACCRDBRM with ACCRDBFDBK (the PSB and
//               alias feedback); refused -> RDBATHRM (not authorized), RDBNFNRM (no such PSB
//               or alias), RDBAFLRM (anything else), each SVRCOD 8; again while one is
//               allocated -> RDBACCRM.
//   OPNQRY      PCBNAME, chained DLIFUNC (GU GHU GN GHN GNP GHNP), SSALIST, DLIFUNCFLG ->
//               OPNQRYRM + QRYDTA rows (aibStream + dbpcbStream + segment) [+ ENDQRYRM]
//   CNTQRY      PCBNAME -> QRYDTA [+ ENDQRYRM]; CLSQRY PCBNAME -> ENDQRYRM
//   EXCSQLIMM   PCBNAME, chained DLIFUNC (ISRT REPL DLET), SSALIST, IOAREA -> OUTAIBDBPCB
//   IMSCALL     CALLNAME ROLB or CHKP -> IMSCALLRM
//   RDBCMM      commit -> ENDUOWRM (UOWDSP 1); a store that refuses -> ENDUOWRM (UOWDSP 2), SVRCOD 8
//   RDBRLLBCK   rollback -> ENDUOWRM (UOWDSP 2)
//   DEALLOCDB   RDBNAM -> DEALLOCDBRM; the PSB deallocated (uncommitted changes backed out)
//
// A data command without an allocated PSB gets RDBNACRM; an unknown command CMDNSPRM; a value
// ODBM does not support (a DLIFUNC not allowed on that command) VALNSPRM; a command whose
// required parameter is missing SYNTAXRM, after which the conversation ends (as a DRDA
// server ends it on a broken data stream).
//
// The segment data, the SSAs and the key feedback are translated between EBCDIC and the
// database's ASCII with the code page.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ebcdic.h"
#include "odbm/ddm.h"
#include "guard/guard.h"
#include "odbm/odbm.h"

namespace zgate::odbm {

// The limits of one query block and of an SSA list.
inline constexpr std::size_t kMaxSsas = 15;
inline constexpr std::uint32_t kDefaultQueryBlock = 32767;

class Conversation {
 public:
  Conversation(Odbm& odbm, core::CodePage cp, std::string source);
  ~Conversation();

  // What IMS Connect supplies for an allocation: the RACO it seals for it (RACF=Y) or none.
  using RacoMaker = std::function<std::optional<std::vector<std::uint8_t>>()>;

  struct Outcome {
    std::string reply;  // the reply chain's bytes
    bool end = false;   // end the conversation after sending it
  };
  // One request chain (framed by the door). `client_user`: the user ID the client signed on
  // with, for the record when there is no RACO.
  Outcome handle(const std::vector<Dss>& chain, const RacoMaker& raco, const std::string& client_user);

  bool allocated() const { return static_cast<bool>(thread_); }
  // Ends the conversation: the PSB (if any) deallocated, uncommitted changes backed out.
  void end();

  // Does this command belong to ODBM (after sign-on)?
  static bool is_odbm_command(std::uint16_t cp);

 private:
  struct Query {
    std::string function;       // the DL/I call for the next row (after the first: GN / GHN)
    std::vector<std::string> ssas;
    bool first = true;
    std::string first_function; // the first row's call
  };
  void accrdb(DssChain& out, const Dss& cmd, const RacoMaker& raco, const std::string& client_user);
  bool opnqry(DssChain& out, const std::vector<Dss>& chain);
  bool cntqry(DssChain& out, const Dss& cmd);
  bool clsqry(DssChain& out, const Dss& cmd);
  bool excsqlimm(DssChain& out, const std::vector<Dss>& chain);
  bool imscall(DssChain& out, const Dss& cmd);
  void end_uow(DssChain& out, bool commit);
  bool deallocdb(DssChain& out, const Dss& cmd);
  void fill_block(DssChain& out, const std::string& pcbname, Query& q, std::uint32_t block, std::uint32_t rows);

  std::string text(std::string_view ebcdic) const;
  // The data-access policy (OdbmOptions::guard): its question for a request of this
  // conversation, and a Block verdict turned into CMDATHRM; the conversation then ends.
  guard::Request policy_request(guard::Request::Kind kind, std::string name, std::string segment) const;
  bool policy_refuses(DssChain& out, const guard::Verdict& v);
  bool policy_terminate_ = false;
  std::string srvdgn(std::string_view why) const;

  Odbm& odbm_;
  core::CodePage cp_;
  std::string source_;
  std::unique_ptr<Thread> thread_;
  std::string rdbnam_;                  // as allocated, for DEALLOCDB
  std::map<std::string, Query> queries_;  // open queries by PCB name
  std::uint64_t query_ids_ = 0;
};

}  // namespace zgate::odbm
