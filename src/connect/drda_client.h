#pragma once
// A blocking DRDA requester for IMS Connect's DRDA port and ODBM: what `zgate dli`, the
// integration tests and the benchmarks use to issue DL/I calls as the IMS Universal drivers
// do. Over TCP or TLS (ClientOptions); character data in EBCDIC with the code page.
//
//   DrdaClient c(opt);
//   c.connect();
//   c.sign_on("USERIDA", password);          // EXCSAT, ACCSEC, SECCHK
//   c.allocate("DFSIVP1.IVP1");              // ACCRDB: the PSB
//   auto rows = c.query("DBPCB01", "GU", {"A1111111(A1111111 =LAST1     )"});
//   c.update("DBPCB01", "ISRT", {"A1111111 "}, segment);
//   c.commit();                              // RDBCMM
//   c.deallocate();                          // DEALLOCDB
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "connect/client.h"
#include "core/secret.h"
#include "odbm/dli_requests.h"

namespace zgate::connect {

class DrdaClient {
 public:
  explicit DrdaClient(ClientOptions opt, core::CodePage cp = core::CodePage::IBM037);
  ~DrdaClient();

  void connect();
  void close();

  // One request chain and its reply chain (throws std::runtime_error when the server closes
  // the connection without one, or sends something that is not DDM).
  odbm::ReplyView exchange(const std::string& request);
  // Whether the server has closed the connection (a read sees EOF).
  bool closed_by_server(std::chrono::milliseconds wait);

  struct Outcome {
    bool ok = false;
    std::uint16_t reply = 0;  // the reply message's code point (SECCHKRM, ACCRDBRM, RDBATHRM, ...)
    int code = -1;            // SECCHKCD, PRCCNVCD or SYNERRCD, when the reply carries one
    std::string diagnostic;   // SRVDGN, when the reply carries one
  };
  Outcome sign_on(const std::string& user, const core::SecretString& password);
  Outcome allocate(const std::string& rdbnam);

  // A retrieval: OPNQRY, then CNTQRY until the query ends or `max_rows` rows came (then CLSQRY).
  // Every row carries the call's PCB feedback; the last usually its non-blank status (GE, GB).
  std::vector<odbm::QueryRow> query(const std::string& pcbname, const std::string& function,
                                    const std::vector<std::string>& ssas, bool start_with_gu = false,
                                    std::size_t max_rows = std::numeric_limits<std::size_t>::max());
  struct Update {
    odbm::AibFeedback aib;
    odbm::PcbFeedback pcb;
    std::uint16_t reply = 0;  // OUTAIBDBPCB, or the error reply's code point
  };
  Update update(const std::string& pcbname, const std::string& function, const std::vector<std::string>& ssas,
                const std::string& io);
  Outcome commit();
  Outcome rollback();
  Outcome deallocate();

 private:
  std::uint16_t next() { return ++correlation_ == 0 ? ++correlation_ : correlation_; }
  Client transport_;
  core::CodePage cp_;
  std::uint16_t correlation_ = 0;
  std::string rdbnam_;
};

}  // namespace zgate::connect
