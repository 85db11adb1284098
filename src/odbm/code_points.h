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

// Replies to the data commands and to the unit of work [Derby].
inline constexpr std::uint16_t OPNQRYRM = 0x2205, ENDQRYRM = 0x220B, QRYNOPRM = 0x2202;
inline constexpr std::uint16_t QRYPRCTYP = 0x2102, LMTBLKPRC = 0x2417, QRYINSID = 0x215B;
inline constexpr std::uint16_t ENDUOWRM = 0x220C, UOWDSP = 0x2115;
inline constexpr std::uint16_t CMDATHRM = 0x121C;  // not authorized to command
inline constexpr std::uint16_t RDBATHRM = 0x22CB, RDBNFNRM = 0x2211, RDBACCRM = 0x2207;
inline constexpr std::uint16_t MGRLVLLS = 0x1404;
inline constexpr std::uint8_t kUowCommitted = 1, kUowRolledBack = 2;

// PRCCNVRM's PRCCNVCD values [Derby].
inline constexpr std::uint8_t kPrccnvObjdssNotAllowed = 0x03;
inline constexpr std::uint8_t kPrccnvExcsatFirst = 0x06;
inline constexpr std::uint8_t kPrccnvSecurityWrongState = 0x11;
inline constexpr std::uint8_t kPrccnvRdbnamMismatch = 0x12;

// SYNTAXRM's SYNERRCD beyond the framing ones in ddm.h [Derby].
inline constexpr std::uint8_t kSynerrRequiredObjectNotFound = 0x0E;
inline constexpr std::uint8_t kSynerrTooMany = 0x0F;
inline constexpr std::uint8_t kSynerrDuplicateObject = 0x12;
inline constexpr std::uint8_t kSynerrRequiredValueNotFound = 0x14;

// SECCHKRM's SECCHKCD values (DDM; as Apache Derby's server sets them).
inline constexpr std::uint8_t kSecchkOk = 0x00;
inline constexpr std::uint8_t kSecchkSecmecNotSupported = 0x01;
inline constexpr std::uint8_t kSecchkPasswordExpired = 0x0E;
inline constexpr std::uint8_t kSecchkPasswordInvalid = 0x0F;
inline constexpr std::uint8_t kSecchkPasswordMissing = 0x10;
inline constexpr std::uint8_t kSecchkUseridMissing = 0x12;
inline constexpr std::uint8_t kSecchkUseridInvalid = 0x13;
inline constexpr std::uint8_t kSecchkUseridRevoked = 0x14;

// SVRCOD severities.
inline constexpr std::uint16_t kSvrInfo = 0, kSvrWarning = 4, kSvrError = 8, kSvrSevere = 16, kSvrSessionDamage = 128;

// SECMEC values: IMS supports user ID and password only (a PassTicket is a password).
inline constexpr std::uint16_t kSecmecUsridpwd = 3;

}  // namespace zgate::odbm::cp
