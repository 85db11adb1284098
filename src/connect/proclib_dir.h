#pragma once
// A PROCLIB as a directory: each regular file is a member, named by its file name upper-cased
// without its extension (hwscfg00.txt and HWSCFG00 are both member HWSCFG00; two files that
// give the same member name are an error). Files whose names start with '.' are not members.
//
// Which members are read (`zgate serve --proclib DIR`):
//  * HWSCFG: the one member whose name starts with HWSCFG, unless `hwscfg_name` names it
//    (IMS Connect's BPE start-up names HWSCFGxx the same way, by a suffix).
//  * DFSPB: the one member whose name starts with DFSPB, unless `dfspb_name` names it.
//  * stage-1: every member whose name starts with STAGE1 or IMSGEN, in name order. IMS has no
//    member naming rule here (the stage-1 deck is an assembler source, not a PROCLIB member);
//    zgate needs one, and these prefixes are its choice.
//  * DFSYDT: the OTMA descriptors, optional: the one member whose name starts with DFSYDT,
//    unless `dfsydt_name` names it (IMS reads DFSYDTx, x its nucleus suffix). It is read, and
//    its meaning checked, by otma::parse_dfsydt here, since it is not KEYWORD=value text.
//  * the TLS environment: the member HWSCFG's TCPIP SSLENVAR= names, if any.
// Anything else in the directory is left alone. A syntax error in a member it reads throws
// core::MemberError (member, line, keyword ""); so does a meaning error in HWSCFG or the TLS
// member (read_hwscfg / read_tls_env). What DFSPB and the stage-1 members mean is read by the
// otma and tm layers from `dfspb` and `stage1`.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "connect/hwscfg.h"
#include "core/library_dir.h"
#include "core/member_error.h"
#include "core/proclib.h"
#include "otma/descriptors.h"

namespace zgate::connect {

// The directory itself is wrong: unreadable, no HWSCFG or DFSPB member, or more than one
// candidate. what(): "PROCLIB /etc/zgate/proclib: no HWSCFGxx member (...)".
using ProclibError = core::LibraryError;

struct ProclibMembers {
  core::Member hwscfg;                   // parsed as MemberFormat::Hwscfg
  core::Member dfspb;                    // MemberFormat::Dfspb
  std::vector<core::Member> stage1;      // MemberFormat::Stage1, in name order
  std::optional<core::Member> tls_env;   // MemberFormat::Dfspb, when SSLENVAR= names one
  std::optional<otma::Dfsydt> dfsydt;    // the OTMA descriptors, when there is a DFSYDT member
  // (added) HWSCFG read and joined with the TLS member (resolve_hwscfg). Relative CERT=, KEY=
  // and CA= paths are made absolute against the PROCLIB directory, and each file must exist.
  HwsConfig hws;
};

// Reads and checks the members as described above. Throws ProclibError or core::MemberError.
ProclibMembers load_proclib(const std::filesystem::path& dir, const std::string& hwscfg_name = "",
                            const std::string& dfspb_name = "", const std::string& dfsydt_name = "");

// One member file, parsed (core/library_dir.h).
using core::read_member_file;

}  // namespace zgate::connect
