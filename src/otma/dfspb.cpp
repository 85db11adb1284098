#include "otma/dfspb.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace zgate::otma {

namespace {

// DFSPBxxx keywords IBM documents for the IMS (DBC/DCC) procedures that zgate accepts and does
// not act on. Not every keyword IMS knows; the common ones a shop's member is likely to carry.
const std::set<std::string, std::less<>>& ignored_keywords() {
  static const std::set<std::string, std::less<>> k{
      "AACC", "ALOT", "AOIP", "AOIS", "AOI1", "APPC", "APPCSE", "APPLID2", "APPLID3", "ARC",
      "ASOT", "AUTO", "BSIZ", "CIOP", "CMDMCS", "CPLOG", "CRC", "CSAPSB", "CSLG", "DBBF", "DBFP",
      "DBRCNM", "DBRSE", "DBWP", "DC", "DFSDF", "DLIDSIZE", "DLINM", "DLQT", "DMB", "DPRTY", "DSCT",
      "DYNP", "EMHB", "EMHL", "EPCB", "ETO", "EXVR", "FBP", "FDRMBR", "FESTIM", "FIX", "FMTO",
      "FPOPN", "FPRLM", "FPWP", "GRSNAME", "HIOP", "HSBID", "HSBMBR", "IMSGROUP", "IN",
      "LGMSGSZ", "LGNR", "LHTS", "LSO", "LTERM", "MAXPST", "MCS", "MSDB", "MSGQ", "NHTS", "NLXB",
      "OTHR", "PASSWD", "PC", "PIINCR", "PIMAX", "PRDR", "PRLD", "PSB", "PSBW", "PST",
      "PSWDC", "QBUF", "QBUFHITH", "QBUFLWTH", "QBUFMAX", "QBUFPCTX", "QBUFSZ", "QTL", "QTU",
      "RCF", "RCFTCB", "RCLASS", "RDS", "RECA", "RECASZ", "RES", "RGSUF", "RSRMBR", "RVFY", "SAV",
      "SGN", "SHAREDQ", "SOD", "SPM", "SRCH", "SSM", "SUF", "SVC2", "TCORACF", "TRACE", "TRACK",
      "TRN", "TSR", "UHASH", "UHTS", "USERVAR", "VAUT", "VSPEC", "WADS", "WKAP", "YEAR4",
  };
  return k;
}

// XCF group and member names: A-Z 0-9 $ # @, not starting with a digit.
bool xcf_name(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  if (s[0] >= '0' && s[0] <= '9') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '#' || c == '@';
  });
}

}  // namespace

Dfspb parse_dfspb(const core::Member& member) {
  if (member.format != core::MemberFormat::Dfspb || member.statements.size() != 1)
    throw core::MemberError(member.name, 0, "", "expected a DFSPB member of KEYWORD=value parameters");
  const core::Statement& st = member.statements.front();

  Dfspb out;
  std::string grname, otmanm, applid1;
  std::set<std::string> seen;

  for (const core::Param& p : st.params) {
    const int line = p.line;
    if (p.positional())
      throw core::MemberError(member.name, line, p.value.to_string(), "a parameter without KEYWORD= is not valid");
    const std::string& k = p.keyword;
    if (!seen.insert(k).second)
      throw core::MemberError(member.name, line, k, "specified more than once");
    auto fail = [&](const std::string& msg) -> core::MemberError {
      return core::MemberError(member.name, line, k, "value '" + p.value.to_string() + "' " + msg);
    };

    if (ignored_keywords().count(k)) {
      out.ignored.push_back({k, line});
      continue;
    }
    if (p.value.is_list) throw fail("must be a single value, not a list");
    const std::string& v = p.value.scalar;

    if (k == "GRNAME") {
      if (!xcf_name(v, 8)) throw fail("is not an XCF group name of 1-8 characters (A-Z 0-9 $ # @)");
      grname = v;
    } else if (k == "OTMA") {
      if (v != "Y" && v != "N" && v != "M") throw fail("is not Y, N or M");
      out.otma_start = v != "N";
      out.otma_line = line;
    } else if (k == "OTMANM") {
      if (!xcf_name(v, 8)) throw fail("is not an XCF member name of 1-8 characters (A-Z 0-9 $ # @)");
      otmanm = v;
    } else if (k == "OTMASE") {
      if (v.size() != 1 || std::string_view("CFJNP").find(v[0]) == std::string_view::npos)
        throw fail("is not C, F, J, N or P");
      out.otma.level = *parse_level(v);
    } else if (k == "OTMAMD") {
      if (v != "Y" && v != "N") throw fail("is not Y or N");
      out.otmamd = v == "Y";
    } else if (k == "OTMASP") {
      if (v != "Y" && v != "N") throw fail("is not Y or N");
      out.otmasp = v == "Y";
    } else if (k == "OTMAASY") {
      if (v != "Y" && v != "N" && v != "S") throw fail("is not Y, N or S");
      out.otmaasy = v[0];
    } else if (k == "ISIS") {
      auto isis = tm::parse_isis(v);
      if (!isis) throw fail("is not N, R, C or A (0, 1 and 2 are read as N)");
      out.isis = *isis;
      out.isis_line = line;
    } else if (k == "ODBASE") {
      if (v != "Y" && v != "N") throw fail("is not Y or N");
      out.odbase = v == "Y";
    } else if (k == "IMSID") {
      if (!xcf_name(v, 4)) throw fail("is not an IMS ID of 1-4 characters");
      out.imsid = v;
    } else if (k == "APPLID1") {
      if (!xcf_name(v, 8)) throw fail("is not a VTAM APPLID of 1-8 characters");
      applid1 = v;
    } else {
      throw core::MemberError(member.name, line, k, "unknown keyword");
    }
  }

  if (grname.empty())
    throw core::MemberError(member.name, 0, "GRNAME", "GRNAME= is required: OTMA cannot start without an XCF group");
  out.otma.group = grname;
  out.otma.ims_member = !otmanm.empty() ? otmanm : !applid1.empty() ? applid1 : !out.imsid.empty() ? out.imsid : "IMS1";
  return out;
}

OtmaConfig read_dfspb(const core::Member& member) { return parse_dfspb(member).otma; }

void require_otma_started(const Dfspb& d, const std::string& member) {
  if (d.otma_start) return;
  if (d.otma_line > 0)
    throw core::MemberError(member, d.otma_line, "OTMA",
                            "OTMA=N: IMS would not start OTMA and every IMS Connect data store would be "
                            "unavailable; zgate serves only through OTMA: specify OTMA=Y");
  throw core::MemberError(member, 0, "OTMA",
                          "OTMA= is not given and IMS's default is N: IMS would not start OTMA and every "
                          "IMS Connect data store would be unavailable; zgate serves only through OTMA: "
                          "specify OTMA=Y");
}

void require_ras_exit(const Dfspb& d, const std::string& member, bool exit_given) {
  if (exit_given || !tm::isis_calls_exit(d.isis)) return;
  throw core::MemberError(member, d.isis_line, "ISIS",
                          std::string("ISIS=") + static_cast<char>(d.isis) +
                              ": the Resource Access Security exit DFSRAS00 decides which PSBs a region may "
                              "schedule, and none is given: name it with --ras-exit, or specify ISIS=R or N");
}

}  // namespace zgate::otma
