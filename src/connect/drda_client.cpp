// A blocking DRDA requester: drda_client.h.
#include "connect/drda_client.h"

#include <array>
#include <stdexcept>

#include "odbm/code_points.h"

namespace zgate::connect {

namespace cp = odbm::cp;

namespace {

// The reply messages that say a request failed (every one of them carries SVRCOD >= 8).
constexpr std::uint16_t kErrorReplies[] = {cp::SYNTAXRM, cp::PRCCNVRM, cp::CMDNSPRM, cp::PRMNSPRM, cp::VALNSPRM,
                                           cp::RDBNACRM, cp::RDBAFLRM, cp::RDBATHRM, cp::RDBNFNRM, cp::RDBACCRM,
                                           cp::QRYNOPRM};

DrdaClient::Outcome outcome_of(const odbm::ReplyView& v, std::uint16_t good, core::CodePage cpg) {
  DrdaClient::Outcome o;
  for (std::uint16_t e : kErrorReplies)
    if (v.find(e)) {
      o.reply = e;
      o.diagnostic = v.text(e, cp::SRVDGN, cpg);
      if (e == cp::SYNTAXRM) o.code = v.code(e, cp::SYNERRCD);
      if (e == cp::PRCCNVRM) o.code = v.code(e, cp::PRCCNVCD);
      return o;
    }
  if (const odbm::Dss* d = v.find(good)) {
    o.reply = good;
    const int sev = v.svrcod(good);  // EXCSATRD and ACCSECRD carry none
    o.ok = sev < 8;
    o.diagnostic = v.text(good, cp::SRVDGN, cpg);
  }
  return o;
}

}  // namespace

DrdaClient::DrdaClient(ClientOptions opt, core::CodePage cp) : transport_(std::move(opt)), cp_(cp) {}
DrdaClient::~DrdaClient() = default;

void DrdaClient::connect() { transport_.connect(); }
void DrdaClient::close() { transport_.close(); }
bool DrdaClient::closed_by_server(std::chrono::milliseconds wait) { return transport_.closed_by_server(wait); }

odbm::ReplyView DrdaClient::exchange(const std::string& request) {
  transport_.send_bytes(ByteView(reinterpret_cast<const std::uint8_t*>(request.data()), request.size()));
  std::string in;
  std::array<std::uint8_t, 16384> buf{};
  for (;;) {
    std::size_t used = 0;
    auto chain = odbm::read_chain(in, used);  // throws DdmError on bytes that are not DDM
    if (chain) {
      if (used != in.size()) throw std::runtime_error("the server sent more than one reply chain");
      odbm::ReplyView v;
      v.chain = std::move(*chain);
      return v;
    }
    const std::size_t n = transport_.read_some(buf.data(), buf.size());
    if (n == 0) throw std::runtime_error("the server closed the connection");
    in.append(reinterpret_cast<const char*>(buf.data()), n);
  }
}

DrdaClient::Outcome DrdaClient::sign_on(const std::string& user, const core::SecretString& password) {
  Outcome o = outcome_of(exchange(odbm::request::excsat(next(), "ZGATE DLI")), cp::EXCSATRD, cp_);
  if (!o.ok) return o;
  odbm::ReplyView a = exchange(odbm::request::accsec(next()));
  if (a.code(cp::ACCSECRD, cp::SECCHKCD) > 0) return Outcome{false, cp::ACCSECRD, a.code(cp::ACCSECRD, cp::SECCHKCD), {}};
  o = outcome_of(a, cp::ACCSECRD, cp_);
  if (!o.ok) return o;
  odbm::ReplyView v = exchange(odbm::request::secchk(next(), user, password, cp_));
  o = outcome_of(v, cp::SECCHKRM, cp_);
  o.code = v.code(cp::SECCHKRM, cp::SECCHKCD);
  o.ok = o.ok && o.code == cp::kSecchkOk;
  return o;
}

DrdaClient::Outcome DrdaClient::allocate(const std::string& rdbnam) {
  Outcome o = outcome_of(exchange(odbm::request::accrdb(next(), rdbnam, cp_)), cp::ACCRDBRM, cp_);
  if (o.ok) rdbnam_ = rdbnam;
  return o;
}

std::vector<odbm::QueryRow> DrdaClient::query(const std::string& pcbname, const std::string& function,
                                              const std::vector<std::string>& ssas, bool start_with_gu,
                                              std::size_t max_rows) {
  std::vector<odbm::QueryRow> rows;
  auto take = [&](const odbm::ReplyView& v) {
    for (auto& r : odbm::read_rows(v.query_data(), cp_)) rows.push_back(std::move(r));
    return v.find(cp::ENDQRYRM) != nullptr;
  };
  const auto want = [&]() -> std::uint32_t {
    const std::size_t left = max_rows - std::min(max_rows, rows.size());
    return left > 0xFFFFFFu ? 0u : static_cast<std::uint32_t>(left);
  };
  odbm::ReplyView v = exchange(odbm::request::opnqry(next(), pcbname, function, ssas, start_with_gu, want(), cp_));
  Outcome o = outcome_of(v, cp::OPNQRYRM, cp_);
  if (!o.ok) throw std::runtime_error("OPNQRY refused: reply X'" + std::to_string(o.reply) + "' " + o.diagnostic);
  bool ended = take(v);
  while (!ended && rows.size() < max_rows) ended = take(exchange(odbm::request::cntqry(next(), pcbname, want(), cp_)));
  if (!ended) exchange(odbm::request::clsqry(next(), pcbname, cp_));
  return rows;
}

DrdaClient::Update DrdaClient::update(const std::string& pcbname, const std::string& function,
                                      const std::vector<std::string>& ssas, const std::string& io) {
  odbm::ReplyView v = exchange(odbm::request::excsqlimm(next(), pcbname, function, ssas, io, cp_));
  Update u;
  if (const odbm::Dss* d = v.find(cp::OUTAIBDBPCB)) {
    std::size_t at = 0;
    u.aib = odbm::read_aib(d->object.data, at);
    u.pcb = odbm::read_pcb(d->object.data, at, cp_);
    u.reply = cp::OUTAIBDBPCB;
    return u;
  }
  u.reply = outcome_of(v, 0, cp_).reply;
  return u;
}

DrdaClient::Outcome DrdaClient::commit() {
  odbm::ReplyView v = exchange(odbm::request::rdbcmm(next()));
  Outcome o = outcome_of(v, cp::ENDUOWRM, cp_);
  o.ok = o.ok && v.code(cp::ENDUOWRM, cp::UOWDSP) == cp::kUowCommitted;
  return o;
}

DrdaClient::Outcome DrdaClient::rollback() { return outcome_of(exchange(odbm::request::rdbrllbck(next())), cp::ENDUOWRM, cp_); }

DrdaClient::Outcome DrdaClient::deallocate() {
  Outcome o = outcome_of(exchange(odbm::request::deallocdb(next(), rdbnam_, cp_)), cp::DEALLOCDBRM, cp_);
  if (o.ok) rdbnam_.clear();
  return o;
}

}  // namespace zgate::connect
