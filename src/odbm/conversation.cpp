// ODBM's side of a DRDA conversation: conversation.h lists each command and its reply.
#include "odbm/conversation.h"

#include <algorithm>

#include "core/text.h"
#include "odbm/code_points.h"
#include "odbm/dli_streams.h"

namespace zgate::odbm {

namespace {

// A required parameter or object is missing: SYNTAXRM, and the conversation ends.
struct Missing {
  std::uint16_t cp;
  std::uint8_t code = cp::kSynerrRequiredObjectNotFound;
};

// A value ODBM does not support: VALNSPRM naming the parameter.
struct Unsupported {
  std::uint16_t cp;
};

const DdmObject& required(const std::vector<DdmObject>& params, std::uint16_t cp) {
  const DdmObject* p = find(params, cp);
  if (!p) throw Missing{cp};
  return *p;
}

std::uint32_t u32_or(const std::vector<DdmObject>& params, std::uint16_t cp, std::uint32_t dflt) {
  const DdmObject* p = find(params, cp);
  if (!p) return dflt;
  std::uint32_t v = 0;
  if (p->data.empty() || p->data.size() > 4) throw Unsupported{cp};
  for (unsigned char c : p->data) v = (v << 8) | c;
  return v;
}

bool is_get(std::string_view f) {
  return f == "GU" || f == "GHU" || f == "GN" || f == "GHN" || f == "GNP" || f == "GHNP";
}
bool is_update(std::string_view f) { return f == "ISRT" || f == "REPL" || f == "DLET"; }

// The objects chained to the command at chain[i]: the OBJDSSes up to the next command.
std::vector<const DdmObject*> objects_of(const std::vector<Dss>& chain, std::size_t i) {
  std::vector<const DdmObject*> out;
  for (std::size_t j = i + 1; j < chain.size() && chain[j].type == DssType::Object; ++j) out.push_back(&chain[j].object);
  return out;
}

const DdmObject* object(const std::vector<const DdmObject*>& objs, std::uint16_t cp) {
  for (const DdmObject* o : objs)
    if (o->cp == cp) return o;
  return nullptr;
}

}  // namespace

Conversation::Conversation(Odbm& odbm, core::CodePage cp, std::string source)
    : odbm_(odbm), cp_(cp), source_(std::move(source)) {}

Conversation::~Conversation() { end(); }

void Conversation::end() {
  queries_.clear();
  thread_.reset();
}

bool Conversation::is_odbm_command(std::uint16_t c) {
  switch (c) {
    case cp::ACCRDB:
    case cp::OPNQRY:
    case cp::CNTQRY:
    case cp::CLSQRY:
    case cp::EXCSQLIMM:
    case cp::IMSCALL:
    case cp::RDBCMM:
    case cp::RDBRLLBCK:
    case cp::DEALLOCDB: return true;
    default: return false;
  }
}

std::string Conversation::text(std::string_view ebcdic) const { return core::upper(ascii_field(ebcdic, cp_)); }

std::string Conversation::srvdgn(std::string_view why) const {
  return param(cp::SRVDGN, core::to_ebcdic(why.substr(0, 200), cp_));
}

Conversation::Outcome Conversation::handle(const std::vector<Dss>& chain, const RacoMaker& raco,
                                           const std::string& client_user) {
  Outcome out;
  const std::uint16_t corr = chain.empty() ? 0 : chain.front().correlation;
  DssChain reply(corr);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Dss& cmd = chain[i];
    if (cmd.type != DssType::Request) {
      if (i == 0) {  // an object with no command before it
        reply.add(DssType::Reply, cp::PRCCNVRM,
                  param16(cp::SVRCOD, cp::kSvrError) + param(cp::PRCCNVCD, std::string(1, char(cp::kPrccnvObjdssNotAllowed))));
        out.end = true;
        break;
      }
      continue;  // the previous command's objects
    }
    try {
      const std::uint16_t c = cmd.object.cp;
      if (c == cp::ACCRDB) {
        accrdb(reply, cmd, raco, client_user);
        continue;
      }
      if (!is_odbm_command(c)) {
        reply.add(DssType::Reply, cp::CMDNSPRM, param16(cp::SVRCOD, cp::kSvrError) + param16(cp::CODPNT, c));
        continue;
      }
      if (!thread_) {  // a data command before ACCRDB allocated a PSB
        reply.add(DssType::Reply, cp::RDBNACRM, param16(cp::SVRCOD, cp::kSvrError) + param16(cp::CODPNT, c));
        continue;
      }
      std::vector<Dss> sub(chain.begin() + static_cast<std::ptrdiff_t>(i), chain.end());
      switch (c) {
        case cp::OPNQRY: opnqry(reply, sub); break;
        case cp::CNTQRY: cntqry(reply, cmd); break;
        case cp::CLSQRY: clsqry(reply, cmd); break;
        case cp::EXCSQLIMM: excsqlimm(reply, sub); break;
        case cp::IMSCALL: imscall(reply, cmd); break;
        case cp::RDBCMM: end_uow(reply, true); break;
        case cp::RDBRLLBCK: end_uow(reply, false); break;
        case cp::DEALLOCDB: deallocdb(reply, cmd); break;
      }
      if (policy_terminate_) {  // S-GATE TERMINATE: the refusal, then the connection ends
        out.end = true;
        break;
      }
    } catch (const Missing& m) {
      reply.add(DssType::Reply, cp::SYNTAXRM,
                param16(cp::SVRCOD, cp::kSvrError) + param(cp::SYNERRCD, std::string(1, char(m.code))) +
                    param16(cp::CODPNT, m.cp));
      out.end = true;
      break;
    } catch (const Unsupported& u) {
      reply.add(DssType::Reply, cp::VALNSPRM, param16(cp::SVRCOD, cp::kSvrError) + param16(cp::CODPNT, u.cp));
    } catch (const DdmError& e) {
      reply.add(DssType::Reply, cp::SYNTAXRM,
                param16(cp::SVRCOD, cp::kSvrError) + param(cp::SYNERRCD, std::string(1, char(e.code))) +
                    param16(cp::CODPNT, cmd.object.cp));
      out.end = true;
      break;
    }
  }
  if (out.end) end();
  out.reply = reply.bytes();
  return out;
}

void Conversation::accrdb(DssChain& out, const Dss& cmd, const RacoMaker& raco, const std::string& client_user) {
  const auto params = read_parameters(cmd.object.data);
  const std::string rdbnam = text(required(params, cp::RDBNAM).data);
  if (thread_) {
    out.add(DssType::Reply, cp::RDBACCRM, param16(cp::SVRCOD, cp::kSvrError) + param(cp::RDBNAM, core::to_ebcdic(rdbnam_, cp_)));
    return;
  }
  AllocateRequest r;
  r.rdbnam = rdbnam;
  r.source = source_;
  r.client_userid = client_user;
  if (raco) r.raco = raco();
  auto result = odbm_.allocate(r);
  if (auto* refused = std::get_if<AllocationRefusal>(&result)) {
    using Kind = AllocationRefusal::Kind;
    std::uint16_t rm = cp::RDBAFLRM;
    if (refused->kind == Kind::NotAuthorized || refused->kind == Kind::NoIdentity || refused->kind == Kind::BadRaco)
      rm = cp::RDBATHRM;
    else if (refused->kind == Kind::NoSuchPsb || refused->kind == Kind::NoSuchAlias || refused->kind == Kind::BadRdbnam)
      rm = cp::RDBNFNRM;
    // The client learns which check refused it and RACF's return code, as IMS's DFS messages
    // tell a programmer; never how a RACO failed (that is between IMS Connect and ODBM).
    std::string dgn = refused->kind == Kind::BadRaco ? "SECURITY ENVIRONMENT REJECTED BY ODBM" : refused->why;
    dgn += " RACF RC=" + std::to_string(refused->racf_rc);
    out.add(DssType::Reply, rm,
            param16(cp::SVRCOD, cp::kSvrError) + param(cp::RDBNAM, core::to_ebcdic(rdbnam, cp_)) + srvdgn(dgn));
    return;
  }
  thread_ = std::move(std::get<std::unique_ptr<Thread>>(result));
  rdbnam_ = rdbnam;
  if (guard::Guard* g = odbm_.options().guard) {
    if (policy_refuses(out, g->on_request(policy_request(guard::Request::Kind::Psb, thread_->psb(), {})))) {
      thread_.reset();  // deallocated: nothing of it stays with the conversation
      rdbnam_.clear();
      return;
    }
  }
  std::string fdbk;
  put_psb_feedback(fdbk, thread_->psb(), thread_->alias(), cp_);
  out.add(DssType::Reply, cp::ACCRDBRM,
          param16(cp::SVRCOD, cp::kSvrInfo) + param(cp::PRDID, core::to_ebcdic("IMS15010", cp_)) +
              param(cp::TYPDEFNAM, core::to_ebcdic("QTDSQL370", cp_)) + param(cp::ACCRDBFDBK, fdbk));
}

namespace {

struct DliRequest {
  std::string function;
  std::vector<std::string> ssas;
  std::uint8_t flag = 0;  // DLIFUNCFLG byte 1
  std::string io;
};

}  // namespace

// DLIFUNC, SSALIST, DLIFUNCFLG and IOAREA chained to a command.
static DliRequest dli_request(const std::vector<const DdmObject*>& objs, core::CodePage cp) {
  DliRequest r;
  const DdmObject* f = object(objs, cp::DLIFUNC);
  if (!f) throw Missing{cp::DLIFUNC};
  r.function = core::upper(ascii_field(f->data, cp));
  if (const DdmObject* list = object(objs, cp::SSALIST)) {
    const std::string_view d = list->data;
    if (d.size() < 2) throw Missing{cp::SSALIST, cp::kSynerrRequiredValueNotFound};
    const std::size_t count = be16(d, 0);
    if (count > kMaxSsas) throw Unsupported{cp::SSALIST};
    std::size_t at = 2;
    for (std::size_t i = 0; i < count; ++i) {
      if (d.size() - at < 2) throw Missing{cp::SSALIST, cp::kSynerrRequiredValueNotFound};
      const std::size_t n = be16(d, at);
      at += 2;
      if (n == 0 || d.size() - at < n) throw Missing{cp::SSALIST, cp::kSynerrRequiredValueNotFound};
      r.ssas.push_back(core::from_ebcdic(d.substr(at, n), cp));
      at += n;
    }
    if (at != d.size()) throw Unsupported{cp::SSALIST};
  }
  if (const DdmObject* fl = object(objs, cp::DLIFUNCFLG)) {
    if (fl->data.size() != 4) throw Unsupported{cp::DLIFUNCFLG};
    r.flag = static_cast<std::uint8_t>(fl->data[0]);
  }
  if (const DdmObject* io = object(objs, cp::IOAREA)) r.io = core::from_ebcdic(io->data, cp);
  return r;
}

bool Conversation::opnqry(DssChain& out, const std::vector<Dss>& chain) {
  const auto params = read_parameters(chain.front().object.data);
  const std::string pcbname = text(required(params, cp::PCBNAME).data);
  const std::uint32_t block = std::clamp<std::uint32_t>(u32_or(params, cp::QRYBLKSZ, kDefaultQueryBlock), 512, kDefaultQueryBlock);
  const std::uint32_t rows = u32_or(params, cp::QRYROWSET, 0);
  DliRequest r = dli_request(objects_of(chain, 0), cp_);
  if (!is_get(r.function)) throw Unsupported{cp::DLIFUNC};
  Query q;
  q.ssas = std::move(r.ssas);
  const bool hold = r.function[0] == 'G' && r.function[1] == 'H';
  const bool parent = r.function.back() == 'P';
  // GU/GHU return one row. GN-type queries go on; DLIFUNCFLG X'80' starts them with GU/GHU
  // (IBM: "start with GHU") so the query begins at the first occurrence the SSAs select.
  if (r.function == "GU" || r.function == "GHU") {
    q.first_function = r.function;
    q.function.clear();  // no second call
  } else {
    q.function = r.function;
    q.first_function = (r.flag & 0x80) && !parent ? (hold ? "GHU" : "GU") : r.function;
  }
  char insid[8] = {};
  const std::uint64_t id = ++query_ids_;
  for (int b = 0; b < 8; ++b) insid[b] = static_cast<char>(id >> (56 - 8 * b));
  out.add(DssType::Reply, cp::OPNQRYRM,
          param16(cp::SVRCOD, cp::kSvrInfo) + param16(cp::QRYPRCTYP, cp::LMTBLKPRC) +
              param(cp::QRYINSID, std::string_view(insid, 8)));
  queries_[pcbname] = std::move(q);
  fill_block(out, pcbname, queries_[pcbname], block, rows);
  return true;
}

namespace {
// The segment a call names: its last SSA's segment name (blank-trimmed, before any '(' or '*').
std::string ssa_segment(const std::vector<std::string>& ssas) {
  if (ssas.empty()) return {};
  std::string s = ssas.back().substr(0, std::min<std::size_t>(8, ssas.back().size()));
  if (auto p = s.find_first_of("(* "); p != std::string::npos) s.resize(p);
  return s;
}
}  // namespace

guard::Request Conversation::policy_request(guard::Request::Kind kind, std::string name, std::string segment) const {
  guard::Request q;
  q.kind = kind;
  q.name = std::move(name);
  q.segment = std::move(segment);
  if (thread_) {
    q.psb = thread_->psb();
    q.user = thread_->user();
  }
  q.door = "DRDA";
  q.now = odbm_.clock_now();
  return guard::Guard::in_context(q);
}

bool Conversation::policy_refuses(DssChain& out, const guard::Verdict& v) {
  if (!v.blocked()) return false;
  out.add(DssType::Reply, cp::CMDATHRM,
          param16(cp::SVRCOD, cp::kSvrError) + srvdgn("REFUSED BY DATA-ACCESS POLICY"));
  policy_terminate_ = true;
  return true;
}

void Conversation::fill_block(DssChain& out, const std::string& pcbname, Query& q, std::uint32_t block,
                              std::uint32_t rows) {
  std::string data;
  bool ended = false;
  std::uint32_t n = 0;
  guard::Guard* g = odbm_.options().guard;
  for (;;) {
    const std::string& fn = q.first ? q.first_function : q.function;
    // Access rules per call; exception rules on its status; extrusion rules on the segment it
    // returns (masked in place, or the whole block withheld).
    if (g && policy_refuses(out, g->on_request(policy_request(guard::Request::Kind::DlCall, fn, ssa_segment(q.ssas))))) {
      queries_.erase(pcbname);
      return;
    }
    ThreadCallResult r = thread_->call(pcbname, fn, q.ssas, {});
    if (g) {
      const std::string& st = r.pcb.status;
      if (!(st == "  " || st == "GA" || st == "GK") &&
          policy_refuses(out, g->on_outcome(policy_request(guard::Request::Kind::DlCall, fn, ssa_segment(q.ssas)), st))) {
        queries_.erase(pcbname);
        return;
      }
      if (!r.io.empty()) {
        std::vector<std::string> segs{std::move(r.io)};
        guard::Verdict v = g->on_output(policy_request(guard::Request::Kind::DlCall, fn, r.pcb.segment), segs);
        r.io = std::move(segs.front());
        if (policy_refuses(out, v)) {
          queries_.erase(pcbname);
          return;
        }
      }
    }
    q.first = false;
    put_aib(data, r.aib);
    put_pcb(data, r.pcb, cp_);
    data += core::to_ebcdic(r.io, cp_);
    ++n;
    const std::string& st = r.pcb.status;
    if (r.aib.return_code != kAibOk || !(st == "  " || st == "GA" || st == "GK")) {
      ended = true;
      break;
    }
    if (q.function.empty()) {  // GU, GHU: one row
      ended = true;
      break;
    }
    if ((rows && n >= rows) || data.size() >= block) break;
  }
  // The block's rows, in as many QRYDTA objects as a DSS's size needs: a row may continue
  // into the next one (the requester reads a reply's QRYDTA data as one stream of rows).
  constexpr std::size_t kPiece = kMaxDss - kDssHeader - 4;
  for (std::size_t at = 0; at < data.size(); at += kPiece)
    out.add(DssType::Object, cp::QRYDTA, std::string_view(data).substr(at, kPiece));
  if (ended) {
    out.add(DssType::Reply, cp::ENDQRYRM, param16(cp::SVRCOD, cp::kSvrWarning));
    queries_.erase(pcbname);
  }
}

bool Conversation::cntqry(DssChain& out, const Dss& cmd) {
  const auto params = read_parameters(cmd.object.data);
  const std::string pcbname = text(required(params, cp::PCBNAME).data);
  auto it = queries_.find(pcbname);
  if (it == queries_.end()) {
    out.add(DssType::Reply, cp::QRYNOPRM, param16(cp::SVRCOD, cp::kSvrError) + param(cp::PCBNAME, core::to_ebcdic(pcbname, cp_)));
    return false;
  }
  const std::uint32_t block = std::clamp<std::uint32_t>(u32_or(params, cp::QRYBLKSZ, kDefaultQueryBlock), 512, kDefaultQueryBlock);
  fill_block(out, pcbname, it->second, block, u32_or(params, cp::QRYROWSET, 0));
  return true;
}

bool Conversation::clsqry(DssChain& out, const Dss& cmd) {
  const auto params = read_parameters(cmd.object.data);
  const std::string pcbname = text(required(params, cp::PCBNAME).data);
  if (!queries_.erase(pcbname)) {
    out.add(DssType::Reply, cp::QRYNOPRM, param16(cp::SVRCOD, cp::kSvrError) + param(cp::PCBNAME, core::to_ebcdic(pcbname, cp_)));
    return false;
  }
  out.add(DssType::Reply, cp::ENDQRYRM, param16(cp::SVRCOD, cp::kSvrInfo));
  return true;
}

bool Conversation::excsqlimm(DssChain& out, const std::vector<Dss>& chain) {
  const auto params = read_parameters(chain.front().object.data);
  const std::string pcbname = text(required(params, cp::PCBNAME).data);
  DliRequest r = dli_request(objects_of(chain, 0), cp_);
  if (!is_update(r.function)) throw Unsupported{cp::DLIFUNC};
  if (guard::Guard* g = odbm_.options().guard)
    if (policy_refuses(out, g->on_request(policy_request(guard::Request::Kind::DlCall, r.function, ssa_segment(r.ssas)))))
      return false;
  ThreadCallResult res = thread_->call(pcbname, r.function, r.ssas, r.io);
  if (res.backed_out) queries_.clear();
  std::string streams;
  put_aib(streams, res.aib);
  put_pcb(streams, res.pcb, cp_);
  out.add(DssType::Object, cp::OUTAIBDBPCB, streams);
  return true;
}

bool Conversation::imscall(DssChain& out, const Dss& cmd) {
  const auto params = read_parameters(cmd.object.data);
  const std::string name = text(required(params, cp::CALLNAME).data);
  if (name == "ROLB") {
    thread_->rollback();
    queries_.clear();
  } else if (name == "CHKP") {
    std::string why;
    if (!thread_->commit(why)) {
      queries_.clear();
      out.add(DssType::Reply, cp::IMSCALLRM, param16(cp::SVRCOD, cp::kSvrError) + srvdgn("CHKP FAILED: CHANGES BACKED OUT"));
      return false;
    }
  } else {
    throw Unsupported{cp::CALLNAME};
  }
  out.add(DssType::Reply, cp::IMSCALLRM, param16(cp::SVRCOD, cp::kSvrInfo));
  return true;
}

void Conversation::end_uow(DssChain& out, bool commit) {
  if (commit) {
    std::string why;
    if (thread_->commit(why)) {
      out.add(DssType::Reply, cp::ENDUOWRM,
              param16(cp::SVRCOD, cp::kSvrWarning) + param(cp::UOWDSP, std::string(1, char(cp::kUowCommitted))));
      return;
    }
    queries_.clear();
    out.add(DssType::Reply, cp::ENDUOWRM,
            param16(cp::SVRCOD, cp::kSvrError) + param(cp::UOWDSP, std::string(1, char(cp::kUowRolledBack))) +
                srvdgn("COMMIT FAILED: CHANGES BACKED OUT"));
    return;
  }
  thread_->rollback();
  queries_.clear();
  out.add(DssType::Reply, cp::ENDUOWRM,
          param16(cp::SVRCOD, cp::kSvrWarning) + param(cp::UOWDSP, std::string(1, char(cp::kUowRolledBack))));
}

bool Conversation::deallocdb(DssChain& out, const Dss& cmd) {
  const auto params = read_parameters(cmd.object.data);
  const DdmObject* named = find(params, cp::RDBNAM);
  if (named && text(named->data) != rdbnam_) {
    out.add(DssType::Reply, cp::PRCCNVRM,
            param16(cp::SVRCOD, cp::kSvrError) + param(cp::PRCCNVCD, std::string(1, char(cp::kPrccnvRdbnamMismatch))));
    return false;
  }
  const std::string rdbnam = rdbnam_;
  queries_.clear();
  thread_.reset();
  rdbnam_.clear();
  out.add(DssType::Reply, cp::DEALLOCDBRM,
          param(cp::RDBNAM, core::to_ebcdic(rdbnam, cp_)) + param16(cp::SVRCOD, cp::kSvrInfo));
  return true;
}

}  // namespace zgate::odbm
