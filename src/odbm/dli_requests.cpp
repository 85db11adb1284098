// A DRDA requester's chains and the reading of the replies: dli_requests.h.
#include "odbm/dli_requests.h"

#include "odbm/code_points.h"

namespace zgate::odbm::request {

namespace {

std::string e(std::string_view ascii, core::CodePage cp) { return core::to_ebcdic(ascii, cp); }

std::string u32(std::uint32_t v) {
  std::string s;
  put32(s, v);
  return s;
}

std::string dli_objects(DssChain& c, std::string_view function, const std::vector<std::string>& ssas,
                        core::CodePage cp) {
  c.add(DssType::Object, cp::DLIFUNC, e(function, cp));
  if (!ssas.empty()) c.add(DssType::Object, cp::SSALIST, ssalist(ssas, cp));
  return {};
}

}  // namespace

std::string ssalist(const std::vector<std::string>& ssas, core::CodePage cp) {
  std::string d;
  put16(d, static_cast<std::uint16_t>(ssas.size()));
  for (const auto& s : ssas) {
    put16(d, static_cast<std::uint16_t>(s.size()));
    d += e(s, cp);
  }
  return d;
}

std::string excsat(std::uint16_t corr, std::string_view client_name) {
  const core::CodePage cp = core::CodePage::IBM037;
  return DssChain(corr)
      .add(DssType::Request, cp::EXCSAT,
           param(cp::EXTNAM, e(client_name, cp)) + param(cp::SRVNAM, e("ZGATECLI", cp)) +
               param(cp::SRVRLSLV, e("ZGATE", cp)) + param(cp::SRVCLSNM, e("ZGATE/DLI", cp)))
      .bytes();
}

std::string accsec(std::uint16_t corr) {
  return DssChain(corr).add(DssType::Request, cp::ACCSEC, param16(cp::SECMEC, cp::kSecmecUsridpwd)).bytes();
}

std::string secchk(std::uint16_t corr, std::string_view user, const core::SecretString& password, core::CodePage cp) {
  std::string data = param16(cp::SECMEC, cp::kSecmecUsridpwd) + param(cp::USRID, e(user, cp));
  if (!password.empty()) data += param(cp::PASSWORD, e(password.reveal(), cp));
  std::string out = DssChain(corr).add(DssType::Request, cp::SECCHK, data).bytes();
  std::fill(data.begin(), data.end(), '\0');
  return out;
}

std::string accrdb(std::uint16_t corr, std::string_view rdbnam, core::CodePage cp) {
  return DssChain(corr)
      .add(DssType::Request, cp::ACCRDB,
           param(cp::RDBNAM, e(rdbnam, cp)) + param(cp::PRDID, e("ZGT01000", cp)) +
               param(cp::TYPDEFNAM, e("QTDSQL370", cp)))
      .bytes();
}

std::string opnqry(std::uint16_t corr, std::string_view pcbname, std::string_view function,
                   const std::vector<std::string>& ssas, bool start_with_gu, std::uint32_t rows, core::CodePage cp) {
  std::string data = param(cp::PCBNAME, e(pcbname, cp)) + param(cp::QRYBLKSZ, u32(kMaxDss));
  if (rows) data += param(cp::QRYROWSET, u32(rows));
  DssChain c(corr);
  c.add(DssType::Request, cp::OPNQRY, data);
  dli_objects(c, function, ssas, cp);
  c.add(DssType::Object, cp::DLIFUNCFLG, std::string{static_cast<char>(start_with_gu ? 0x80 : 0), 0, 0, 0});
  return c.bytes();
}

std::string cntqry(std::uint16_t corr, std::string_view pcbname, std::uint32_t rows, core::CodePage cp) {
  std::string data = param(cp::PCBNAME, e(pcbname, cp)) + param(cp::QRYBLKSZ, u32(kMaxDss));
  if (rows) data += param(cp::QRYROWSET, u32(rows));
  return DssChain(corr).add(DssType::Request, cp::CNTQRY, data).bytes();
}

std::string clsqry(std::uint16_t corr, std::string_view pcbname, core::CodePage cp) {
  return DssChain(corr).add(DssType::Request, cp::CLSQRY, param(cp::PCBNAME, e(pcbname, cp))).bytes();
}

std::string excsqlimm(std::uint16_t corr, std::string_view pcbname, std::string_view function,
                      const std::vector<std::string>& ssas, std::string_view io, core::CodePage cp) {
  DssChain c(corr);
  c.add(DssType::Request, cp::EXCSQLIMM, param(cp::PCBNAME, e(pcbname, cp)));
  dli_objects(c, function, ssas, cp);
  if (!io.empty()) c.add(DssType::Object, cp::IOAREA, e(io, cp));
  return c.bytes();
}

std::string imscall(std::uint16_t corr, std::string_view callname, core::CodePage cp) {
  return DssChain(corr).add(DssType::Request, cp::IMSCALL, param(cp::CALLNAME, e(callname, cp))).bytes();
}

std::string rdbcmm(std::uint16_t corr) { return DssChain(corr).add(DssType::Request, cp::RDBCMM, {}).bytes(); }
std::string rdbrllbck(std::uint16_t corr) { return DssChain(corr).add(DssType::Request, cp::RDBRLLBCK, {}).bytes(); }

std::string deallocdb(std::uint16_t corr, std::string_view rdbnam, core::CodePage cp) {
  return DssChain(corr).add(DssType::Request, cp::DEALLOCDB, param(cp::RDBNAM, e(rdbnam, cp))).bytes();
}

}  // namespace zgate::odbm::request

namespace zgate::odbm {

std::vector<QueryRow> read_rows(std::string_view qrydta, core::CodePage cp) {
  std::vector<QueryRow> out;
  std::size_t at = 0;
  while (at < qrydta.size()) {
    QueryRow r;
    r.aib = read_aib(qrydta, at);
    r.pcb = read_pcb(qrydta, at, cp);
    if (qrydta.size() - at < r.aib.output_used) throw StreamError("a QRYDTA row's segment data is cut short");
    r.data = core::from_ebcdic(qrydta.substr(at, r.aib.output_used), cp);
    at += r.aib.output_used;
    out.push_back(std::move(r));
  }
  return out;
}

const Dss* ReplyView::find(std::uint16_t cp) const {
  for (const auto& d : chain)
    if (d.object.cp == cp) return &d;
  return nullptr;
}

int ReplyView::svrcod(std::uint16_t cp) const {
  const Dss* d = find(cp);
  if (!d) return -1;
  const auto params = read_parameters(d->object.data);
  const DdmObject* s = odbm::find(params, cp::SVRCOD);
  return s && s->data.size() == 2 ? be16(s->data, 0) : -1;
}

std::string ReplyView::text(std::uint16_t reply_cp, std::uint16_t param_cp, core::CodePage cp) const {
  const Dss* d = find(reply_cp);
  if (!d) return {};
  const auto params = read_parameters(d->object.data);
  const DdmObject* p = odbm::find(params, param_cp);
  return p ? ascii_field(p->data, cp) : std::string();
}

std::string ReplyView::query_data() const {
  std::string out;
  for (const auto& d : chain)
    if (d.object.cp == cp::QRYDTA) out += d.object.data;
  return out;
}

int ReplyView::code(std::uint16_t reply_cp, std::uint16_t param_cp) const {
  const Dss* d = find(reply_cp);
  if (!d) return -1;
  const auto params = read_parameters(d->object.data);
  const DdmObject* p = odbm::find(params, param_cp);
  return p && p->data.size() == 1 ? static_cast<unsigned char>(p->data[0]) : -1;
}

}  // namespace zgate::odbm
