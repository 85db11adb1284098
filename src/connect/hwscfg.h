#pragma once
// The IMS Connect configuration member HWSCFGxx: HWS, TCPIP and DATASTORE statements with IBM's
// keywords (reference/ims-connect-protocol.md §3), read from the syntax tree core::parse_member
// builds. Anything IBM documents but zgate does not act on is accepted and recorded in
// `ignored` so start-up can say so; an unknown keyword or a bad value is an error naming the
// member, line and keyword, and stops start-up.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/member_error.h"
#include "core/proclib.h"

namespace zgate::connect {

using ConfigError = core::MemberError;

enum class PasswordCase : std::uint8_t { Rcf, Mixed, Upper };  // PSWDMC=R|Y|N

struct PortDef {
  std::uint16_t id = 0;  // PORT=(ID=) / PORTID=
  bool tls = false;      // SSLPORT=, or named in the TLS environment's port list
  int keepav = 0;
  int idleto = 0;        // hundredths of a second; 0 = none
  std::string edit;      // EDIT= port message edit exit (recorded, not run)
  int line = 0;          // (added) where the port was defined, for later cross-member errors
};

struct DatastoreDef {
  std::string id;        // what clients put in IRM_IMSDESTID
  std::string group;     // XCF group = IMS GRNAME
  std::string member;    // this IMS Connect's TMEMBER name
  std::string tmember;   // IMS's OTMA member name (OTMANM)
  std::string appl;      // PassTicket application name for this data store
  // PINAPPL= (zgate's): Y, the default, makes APPL= the only application name a client may
  // sign on to this data store with (an IRM_APPL_NM naming another is refused); N lets the
  // client's IRM_APPL_NM replace it, as IBM's IMS Connect does. Without APPL= there is
  // nothing to pin.
  bool pin_appl = true;
  bool pins_appl() const { return pin_appl && !appl.empty(); }
  std::string rrname = "HWS$DEF";
  int ackto = 120;       // seconds (0 in the member means the OTMA default 120)
  int line = 0;          // where it was defined, for later cross-member errors
};

// The TLS environment (IBM's SSLENVAR= names a member of key=value settings; zgate reads
// its own keys there: CERT, KEY, CA, CLIENTAUTH, MINVERSION, PORT).
struct TlsEnv {
  std::string cert_file, key_file, ca_file;  // PEM
  enum class ClientAuth : std::uint8_t { None, Optional, Required } client_auth = ClientAuth::None;
  bool tls13_only = false;  // MINVERSION=TLS13; default allows TLS 1.2 and 1.3
  // TLS 1.2 cipher suites, OpenSSL names joined by ':' (CIPHERS=(name,...)). The default is
  // forward-secret key exchange with AEAD ciphers only; TLS 1.3's suites are all AEAD.
  std::string ciphers = kDefaultTls12Ciphers;
  static constexpr const char* kDefaultTls12Ciphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
  std::vector<std::uint16_t> ports;  // AT-TLS-style: these PORT= ports get TLS too
  int ports_line = 0;  // (added) the line of PORT= in the TLS member, for cross-member errors
};

// ODACCESS: IMS DB access for DRDA clients (the IMS Universal drivers) through ODBM (IBM, "ODACCESS
// statement"; one per member). Read and checked; the DRDA door that uses it is issue 16's.
struct OdAccess {
  std::string appl;             // APPL=: PTKTDATA application for DRDA clients' PassTickets
  std::optional<PortDef> drda_port;  // DRDAPORT=(ID=,KEEPAV=,PORTTMOT=)
  int porttmot = 0;             // PORTTMOT= hundredths of a second (0: none given)
  std::string imsplex_member;   // IMSPLEX=(MEMBER=: IMS Connect's name in the IMSplex,
  std::string imsplex_tmember;  //          TMEMBER=: the IMSplex (SCI) name)
  bool odbm_autoconn = false;   // ODBMAUTOCONN=N|Y (IBM's diagram: N)
  int odbmtmot = 0;             // ODBMTMOT= hundredths of a second (0: none given)
  bool odracfst = false;        // ODRACFST=N|Y (IBM's diagram: N)
  int line = 0;
};

struct HwsConfig {
  // HWS statement
  std::string id;                 // ID=
  bool racf = false;              // RACF=
  PasswordCase pswdmc = PasswordCase::Rcf;
  bool uidcache = false;          // UIDCACHE=
  int uidage = 2147483647;        // UIDAGE= seconds (IBM default: no aging)
  bool racfgenrc = false;         // RACFGENRC=
  // TCPIP statement
  std::vector<PortDef> ports;
  int maxsoc = 50;                // MAXSOC= 50..65535; IBM: "By default, the MAXSOC parameter
                                  // sets the maximum number of sockets at 50" (was 2000 here)
  int warnsoc = 80;               // (added) WARNSOC= percent of MAXSOC for HWSS0772W
  int warninc = 5;                // (added) WARNINC= percent steps after WARNSOC
  int idleto = 0;                 // (added) TCPIP IDLETO= hundredths; the default for ports
                                  // whose PORT= has no IDLETO (PortDef::idleto holds the result)
  int timeout = 0;                // TIMEOUT= hundredths of a second; 0 = wait forever
  std::size_t maxsize = 0;        // MAXSIZE= bytes; 0 = the codec's default
  std::string racfid;             // RACFID=
  std::vector<std::string> exits; // EXIT=
  int tcpipq = 50;                // TCPIPQ= listen backlog
  bool nodelay = true;            // NODELAY= (zgate always sets TCP_NODELAY; kept for display)
  std::string sslenvar;           // SSLENVAR= member name
  std::optional<TlsEnv> tls;      // read from that member by resolve_hwscfg / load_proclib
  // DATASTORE statements
  std::vector<DatastoreDef> datastores;
  // ODACCESS statement (at most one)
  std::optional<OdAccess> odaccess;
  // keywords IBM documents that zgate accepts without acting on them, "STATEMENT KEYWORD"
  std::vector<std::string> ignored;

  const DatastoreDef* datastore(const std::string& id) const;
};

// Reads a parsed HWSCFG member. Throws ConfigError.
HwsConfig read_hwscfg(const core::Member& member);
// Reads the TLS environment member (Dfspb-format KEYWORD=value). Throws ConfigError.
TlsEnv read_tls_env(const core::Member& member);
// (added) Reads HWSCFG and, when SSLENVAR= names one, its TLS environment member, and joins
// them: sets `tls`, marks PORT= ports listed in the TLS member's PORT= as TLS. `tls_env` must
// be the member SSLENVAR= names (nullptr when there is none). Throws ConfigError: SSLENVAR=
// without its member, a TLS member port that is not a PORT= port, TLS settings that no port uses.
HwsConfig resolve_hwscfg(const core::Member& hwscfg, const core::Member* tls_env);

}  // namespace zgate::connect
