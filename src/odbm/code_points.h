#pragma once
// DDM code points IMS Connect's DRDA port uses. IBM's IMS pages ("<command>-command-x<cp>",
// "DDM commands and code points for IMS") give the IMS-specific ones and the DRDA commands
// IMS supports; the generic DRDA ones marked [Derby] are as Apache Derby's CodePoint names
// them (see ../shared/reference/databases-odbm-drda.md for each fact's source).
#include <cstdint>

namespace zgate::odbm::cp {

// The conversation: exchange of attributes, security, access to the "database" (a PSB).
inline constexpr std::uint16_t EXCSAT = 0x1041, EXCSATRD = 0x1443;
inline constexpr std::uint16_t EXTNAM = 0x115E, SRVNAM = 0x116D, SRVRLSLV = 0x115A, SRVCLSNM = 0x1147;
inline constexpr std::uint16_t ACCSEC = 0x106D, ACCSECRD = 0x14AC, SECMEC = 0x11A2;
inline constexpr std::uint16_t SECCHK = 0x106E, USRID = 0x11A0, PASSWORD = 0x11A1;
inline constexpr std::uint16_t SECCHKCD = 0x11A4;  // [Derby]
inline constexpr std::uint16_t SECCHKRM = 0x1219;  // [Derby]
inline constexpr std::uint16_t ACCRDB = 0x2001, ACCRDBRM = 0x2201;  // [Derby]
inline constexpr std::uint16_t RDBNAM = 0x2110;                      // PSBNAME[.ALIAS]
inline constexpr std::uint16_t ACCRDBFDBK = 0xCC0D;                  // psbfdbkStream, aliasfdbkStream
inline constexpr std::uint16_t SVRCOD = 0x1149, SRVDGN = 0x1153;     // [Derby] severity, diagnostic
inline constexpr std::uint16_t PRDID = 0x112E, CRRTKN = 0x2135, TYPDEFNAM = 0x002F;  // [Derby]

// Data: queries carry the retrieval calls, EXCSQLIMM the updates.
inline constexpr std::uint16_t OPNQRY = 0x200C, CNTQRY = 0x2006, CLSQRY = 0x2005;  // CNTQRY, CLSQRY [Derby]
inline constexpr std::uint16_t QRYDTA = 0x241B;                                   // [Derby]
inline constexpr std::uint16_t MAXBLKEXT = 0x2141, QRYBLKCTL = 0x2132, QRYBLKSZ = 0x2114, QRYROWSET = 0x2156;
inline constexpr std::uint16_t EXCSQLIMM = 0x200A, PKGNAMCSN = 0x2113, RDBCMTOK = 0x2105, RTNSETSTT = 0x2148;
inline constexpr std::uint16_t PCBNAME = 0xC907;
inline constexpr std::uint16_t DLIFUNC = 0xCC05, SSALIST = 0xCC06, DLIFUNCFLG = 0xCC09;
inline constexpr std::uint16_t RDBCMM = 0x200E, RDBRLLBCK = 0x200F;  // commit, rollback [Derby]

// IMS's own terms.
inline constexpr std::uint16_t DEALLOCDB = 0xC801, DEALLOCDBRM = 0xCA01;
inline constexpr std::uint16_t IMSCALL = 0xC803, IMSCALLRM = 0xCA04, CALLNAME = 0xC90C, IOAREA = 0xC90B;
inline constexpr std::uint16_t INAIB = 0xCC01, AIBRSNM1 = 0xC901, AIBRSNM2 = 0xC902, AIBSFUNC = 0xC903,
                               AIBOALEN = 0xC904;
inline constexpr std::uint16_t OUTAIBDBPCB = 0xCC02, OUTAIBIOPCB = 0xCC08;

// Reply messages for errors [Derby].
inline constexpr std::uint16_t SYNTAXRM = 0x124C, SYNERRCD = 0x114A, CODPNT = 0x000C;
inline constexpr std::uint16_t CMDNSPRM = 0x1250, PRMNSPRM = 0x1251, VALNSPRM = 0x1252;
inline constexpr std::uint16_t PRCCNVRM = 0x1245, PRCCNVCD = 0x113F;
inline constexpr std::uint16_t RDBNACRM = 0x2204, RDBAFLRM = 0x221A;

// SECMEC values: IMS supports user ID and password only (a PassTicket is a password).
inline constexpr std::uint16_t kSecmecUsridpwd = 3;

}  // namespace zgate::odbm::cp
