#pragma once
// A DRDA requester's side of the conversation with IMS Connect and ODBM: the request chains a
// client sends (EXCSAT, ACCSEC, SECCHK, ACCRDB, the DL/I data commands, commit, rollback,
// DEALLOCDB) and the reading of what comes back. Pure bytes: connect/drda_client.h puts them
// on a socket, the tests and the fuzz targets use them directly. Character data is sent in
// EBCDIC with the code page (conversation.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ebcdic.h"
#include "core/secret.h"
#include "odbm/ddm.h"
#include "odbm/dli_streams.h"

namespace zgate::odbm::request {

std::string excsat(std::uint16_t corr, std::string_view client_name);
std::string accsec(std::uint16_t corr);
// The password (or PassTicket) is put in the bytes and nowhere else.
std::string secchk(std::uint16_t corr, std::string_view user, const core::SecretString& password, core::CodePage cp);
std::string accrdb(std::uint16_t corr, std::string_view rdbnam, core::CodePage cp);
// OPNQRY with DLIFUNC, SSALIST and DLIFUNCFLG (X'80' when `start_with_gu`). rows: QRYROWSET (0: none).
std::string opnqry(std::uint16_t corr, std::string_view pcbname, std::string_view function,
                   const std::vector<std::string>& ssas, bool start_with_gu, std::uint32_t rows, core::CodePage cp);
std::string cntqry(std::uint16_t corr, std::string_view pcbname, std::uint32_t rows, core::CodePage cp);
std::string clsqry(std::uint16_t corr, std::string_view pcbname, core::CodePage cp);
std::string excsqlimm(std::uint16_t corr, std::string_view pcbname, std::string_view function,
                      const std::vector<std::string>& ssas, std::string_view io, core::CodePage cp);
std::string imscall(std::uint16_t corr, std::string_view callname, core::CodePage cp);
std::string rdbcmm(std::uint16_t corr);
std::string rdbrllbck(std::uint16_t corr);
std::string deallocdb(std::uint16_t corr, std::string_view rdbnam, core::CodePage cp);

// The SSALIST object's data: SSACOUNT (2), then each SSA as its length (2) and its bytes.
std::string ssalist(const std::vector<std::string>& ssas, core::CodePage cp);

}  // namespace zgate::odbm::request

namespace zgate::odbm {

// One QRYDTA row.
struct QueryRow {
  AibFeedback aib;
  PcbFeedback pcb;
  std::string data;  // ASCII
};
// The rows in QRYDTA data: a reply's QRYDTA objects' data, joined (a row may continue from
// one object into the next). Throws StreamError on bytes that are not rows.
std::vector<QueryRow> read_rows(std::string_view qrydta, core::CodePage cp);

// A reply chain as a requester reads it.
struct ReplyView {
  std::vector<Dss> chain;
  // The first reply message or object with code point `cp`, if any.
  const Dss* find(std::uint16_t cp) const;
  // SVRCOD of the reply message `cp` (-1: absent).
  int svrcod(std::uint16_t cp) const;
  // A character parameter of a reply message (ASCII), empty if absent.
  std::string text(std::uint16_t reply_cp, std::uint16_t param_cp, core::CodePage cp) const;
  // A one-byte code parameter (SECCHKCD, SYNERRCD, PRCCNVCD, UOWDSP), -1 if absent.
  int code(std::uint16_t reply_cp, std::uint16_t param_cp) const;
  // Every QRYDTA object's data, joined, for read_rows.
  std::string query_data() const;
};

}  // namespace zgate::odbm
