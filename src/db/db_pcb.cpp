// The DL/I database calls on one PCB. A call first searches without changing anything (the
// Plan below); when it needs a record lock that another program holds it either reports
// would_wait (nothing changed) or waits and searches again, since the record may have changed
// while it waited. Only then does it move position and change the unit of work.
#include "db/db_pcb.h"

#include <algorithm>

namespace zgate::db {

namespace {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

DbCallResult status(const char* st, std::string why = {}) {
  DbCallResult r;
  r.status[0] = st[0];
  r.status[1] = st[1];
  r.why = std::move(why);
  return r;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

// ---- the PCB's view -----------------------------------------------------------------------

DbPcb::DbPcb(const PcbDef& def, const Dbd& dbd) : def_(&def), dbd_(&dbd), h_(dbd) {
  const std::size_t n = dbd.segments.size();
  scope_.hierarchy = &h_;
  scope_.sensitive.assign(n, false);
  scope_.fields.assign(n, {});
  procopt_.assign(n, "");
  senseg_.assign(n, nullptr);
  for (const auto& s : def.sensegs) {
    const int i = h_.index_of(s.name);
    if (i < 0) continue;  // check_psb refused such a PSB
    const auto u = static_cast<std::size_t>(i);
    scope_.sensitive[u] = true;
    procopt_[u] = s.procopt.empty() ? def.procopt : s.procopt;
    senseg_[u] = &s;
    for (const auto& f : s.fields) scope_.fields[u].push_back(f.name);
  }
  mask_.dbd_name = dbd.name;
  mask_.procopt = def.procopt;
  mask_.sensitive_segments = static_cast<int>(def.sensegs.size());
  mask_.pcbname = def.pcbname;
  mask_.keylen = def.keylen;
}

void DbPcb::reset_position() { pos_ = Position{}; }

bool DbPcb::allows(int segment, char op) const {
  const std::string& p = procopt_[static_cast<std::size_t>(segment)];
  if (op == 'P') return p.find('P') != std::string::npos;
  if (p.find('A') != std::string::npos) return true;
  if (op == 'G' && p.find('L') != std::string::npos) return false;  // load mode: ISRT only
  if (op == 'I' && p.find('L') != std::string::npos) return true;
  return p.find(op) != std::string::npos;
}

std::string DbPcb::record_of(std::string_view key) const {
  return std::string(key.substr(0, h_.component_bytes(0)));
}

// SENFLD: the program sees its sensitive fields at their START= positions, nothing else.
std::string DbPcb::to_view(int segment, std::string_view stored) const {
  const SensegDef* s = senseg_[static_cast<std::size_t>(segment)];
  if (!s || s->fields.empty()) return std::string(stored);
  const SegmentDef& seg = h_.segment(segment);
  std::size_t len = 0;
  for (const auto& sf : s->fields) {
    const FieldDef* f = seg.field(sf.name);
    len = std::max(len, static_cast<std::size_t>(sf.start - 1 + f->bytes));
  }
  std::string view(len, ' ');
  for (const auto& sf : s->fields) {
    const FieldDef* f = seg.field(sf.name);
    view.replace(static_cast<std::size_t>(sf.start - 1), static_cast<std::size_t>(f->bytes),
                 stored.substr(static_cast<std::size_t>(f->start - 1), static_cast<std::size_t>(f->bytes)));
  }
  return view;
}

// The stored segment from what the program gives. Without field sensitivity it is the data
// itself. With it, each sensitive field comes from its place in the view; the rest of the
// segment is the old segment's (REPL) or, for a new one (ISRT, `old` empty), blanks under
// character fields and binary zeros elsewhere. `replaced_protected`: a REPL=NO field changed.
bool DbPcb::from_view(int segment, std::string_view view, std::string_view old, std::string& stored,
                      bool& replaced_protected) const {
  replaced_protected = false;
  const SensegDef* s = senseg_[static_cast<std::size_t>(segment)];
  const SegmentDef& seg = h_.segment(segment);
  if (!s || s->fields.empty()) {
    stored = std::string(view);
    return true;
  }
  if (!old.empty()) {
    stored = std::string(old);
  } else {
    stored.assign(static_cast<std::size_t>(seg.max_bytes), '\0');
    for (const auto& f : seg.fields)
      if (f.type == 'C') stored.replace(static_cast<std::size_t>(f.start - 1), static_cast<std::size_t>(f.bytes),
                                        static_cast<std::size_t>(f.bytes), ' ');
  }
  for (const auto& sf : s->fields) {
    const FieldDef* f = seg.field(sf.name);
    const auto at = static_cast<std::size_t>(sf.start - 1), n = static_cast<std::size_t>(f->bytes);
    if (at + n > view.size()) return false;
    const std::string_view v = view.substr(at, n);
    const auto to = static_cast<std::size_t>(f->start - 1);
    if (!old.empty() && !sf.replace && stored.compare(to, n, v) != 0) replaced_protected = true;
    stored.replace(to, n, v);
  }
  return true;
}

// How many bytes of the program's I/O area make the segment: BYTES for a fixed-length
// segment; for a variable-length one (BYTES=(max,min)) its LL, the first halfword, as IMS.
bool DbPcb::stored_length(int segment, std::string_view io, std::size_t& len) const {
  const SegmentDef& seg = h_.segment(segment);
  const SensegDef* s = senseg_[static_cast<std::size_t>(segment)];
  if (s && !s->fields.empty()) {  // the view's length
    len = to_view(segment, std::string(static_cast<std::size_t>(seg.max_bytes), ' ')).size();
    return io.size() >= len;
  }
  if (seg.min_bytes == 0) {
    len = static_cast<std::size_t>(seg.max_bytes);
    return io.size() >= len;
  }
  if (io.size() < 2) return false;
  len = (static_cast<std::size_t>(static_cast<unsigned char>(io[0])) << 8) | static_cast<unsigned char>(io[1]);
  return len >= static_cast<std::size_t>(seg.min_bytes) && len <= static_cast<std::size_t>(seg.max_bytes) &&
         io.size() >= len;
}

void DbPcb::set_mask(const DbCallResult& r, std::string_view key, int segment) {
  mask_.status[0] = r.status[0];
  mask_.status[1] = r.status[1];
  if (segment < 0) return;
  mask_.level = h_.level_of(segment);
  mask_.segment = h_.segment(segment).name;
  mask_.key_feedback = h_.concatenated_key(key);
  if (mask_.keylen > 0 && mask_.key_feedback.size() > static_cast<std::size_t>(mask_.keylen))
    mask_.key_feedback.resize(static_cast<std::size_t>(mask_.keylen));
}

// ---- searching ----------------------------------------------------------------------------

// One search for a path of segments: levels 0..n-1 of `path` (segment indexes from the root
// down), each with its SSA (or none: any occurrence), an exact key where the search is held to
// one occurrence (U and V command codes, GNP's parentage, ISRT's current position), and
// `after`: the result must come after it in hierarchical sequence (GN, GNP).
struct DbPcb::Plan {
  const Hierarchy& h;
  UnitOfWork& uow;
  const std::string& dbd;
  std::vector<int> path;
  std::vector<const Ssa*> ssa;
  std::vector<std::string> fixed;  // per level, "" when free
  std::optional<std::string> after;
  std::size_t after_until = SIZE_MAX;  // levels from here down ignore `after` (command code F)
  // The deepest level satisfied, for the mask after GE.
  int best_level = -1;
  std::string best_key;
  std::vector<SegmentRow> rows;

  Plan(const Hierarchy& hh, UnitOfWork& u, const std::string& d, std::vector<int> p)
      : h(hh), uow(u), dbd(d), path(std::move(p)), ssa(path.size(), nullptr), fixed(path.size()),
        rows(path.size()) {}

  bool run() { return find(0, std::string(), after.has_value()); }

  bool qualifies(std::size_t i, const SegmentRow& row) const {
    const Ssa* s = ssa[i];
    if (!s) return true;
    if (s->has_c && h.concatenated_key(row.key) != s->concatenated_key) return false;
    return s->matches(row.data);
  }

  bool find(std::size_t i, const std::string& prefix, bool after_active) {
    const int seg = path[i];
    const bool last = i + 1 == path.size();
    const std::size_t comp = h.component_bytes(seg);
    std::string lo = prefix;
    lo.push_back(static_cast<char>(seg + 1));
    std::string start = lo, end = Hierarchy::after_prefix(lo);
    bool strict = false;

    // Where the sequence field alone narrows the range: a key range instead of a scan.
    if (!fixed[i].empty()) {
      start = fixed[i];
      end = Hierarchy::after_prefix(fixed[i]);
    } else if (const Ssa* s = ssa[i]) {
      if (s->has_c) {
        const std::string own = s->concatenated_key.substr(s->concatenated_key.size() - h.key_bytes(seg));
        start = lo + own;
        end = Hierarchy::after_prefix(start);
      } else if (!s->terms.empty() &&
                 std::none_of(s->terms.begin(), s->terms.end(), [](const Qualification& q) { return q.or_before; })) {
        for (const auto& q : s->terms) {
          if (!q.sequence) continue;
          const std::string k = lo + q.value;
          switch (q.op) {
            case RelOp::Eq: start = std::max(start, k); end = std::min(end, Hierarchy::after_prefix(k)); break;
            case RelOp::Ge: start = std::max(start, k); break;
            case RelOp::Gt: start = std::max(start, Hierarchy::after_prefix(k)); break;
            case RelOp::Le: end = std::min(end, Hierarchy::after_prefix(k)); break;
            case RelOp::Lt: end = std::min(end, k); break;
            case RelOp::Ne: break;
          }
        }
      }
    }

    // `after`: the result comes after A. A's component at this level bounds the candidates.
    std::string bound;
    if (after_active && i < after_until) {
      const std::string& a = *after;
      if (a.size() <= prefix.size()) {
        after_active = false;  // A is this level's parent: every child comes after it
      } else {
        const int a_code = static_cast<unsigned char>(a[prefix.size()]);
        if (a_code > seg + 1) return false;  // every candidate comes before A
        if (a_code < seg + 1) {
          after_active = false;
        } else {
          bound = a.substr(0, prefix.size() + comp);
          if (bound > start || (last && bound == start)) {
            start = bound;
            strict = last;  // the target itself must be after A; a parent may be A's own
          }
        }
      }
    } else {
      after_active = false;
    }

    const bool backwards = ssa[i] && ssa[i]->l;
    SegmentRow row;
    std::string cursor = backwards ? end : start;
    for (;;) {
      bool have;
      if (backwards) {
        have = uow.prev(dbd, cursor, row) && row.key >= start && (!strict || row.key > start);
      } else {
        have = uow.next(dbd, cursor, strict, row) && row.key < end;
      }
      if (!have) return false;
      std::string cand = row.key.substr(0, std::min(row.key.size(), prefix.size() + comp));
      if (row.key.size() != cand.size()) {
        // A dependent of a candidate (the candidate itself was before `cursor`, or this is the
        // backwards scan landing in the last candidate's subtree): go to the candidate.
        if (backwards) {
          if (!uow.get(dbd, cand, row)) return false;  // damaged: a dependent without parent
        } else {
          cursor = Hierarchy::after_prefix(cand);
          strict = false;
          if (cursor.empty()) return false;
          continue;
        }
      }
      if (qualifies(i, row)) {
        if (static_cast<int>(i) > best_level) {
          best_level = static_cast<int>(i);
          best_key = cand;
        }
        if (last || find(i + 1, cand, after_active && cand == bound)) {
          rows[i] = row;
          return true;
        }
      }
      if (backwards) {
        cursor = cand;
      } else {
        cursor = Hierarchy::after_prefix(cand);
        strict = false;
        if (cursor.empty()) return false;
      }
    }
  }
};

// ---- program isolation ----------------------------------------------------------------------

DbPcb::Lock DbPcb::lock_record(UnitOfWork& uow, const std::string& record, Deadline wait, DbCallResult& stop) {
  if (uow.try_lock(dbd_->name, record)) return Lock::Held;
  if (!wait) {
    stop.would_wait = true;  // nothing changed: the caller repeats the call where it may wait
    return Lock::Stop;
  }
  const auto g = uow.lock(dbd_->name, record, *wait);
  if (g == ProgramIsolation::Grant::Granted) return Lock::Waited;
  stop.deadlock = g == ProgramIsolation::Grant::Deadlock;
  stop.timed_out = g == ProgramIsolation::Grant::TimedOut;
  return Lock::Stop;
}

// ---- get calls ----------------------------------------------------------------------------

DbCallResult DbPcb::call(UnitOfWork& uow, const DbCall& c, Deadline wait) {
  const std::string_view fn = trimmed(c.function);
  DbCallResult r;
  const bool was_held = !pos_.held.empty();
  try {
    if (fn == "GU" || fn == "GN" || fn == "GNP" || fn == "GHU" || fn == "GHN" || fn == "GHNP") {
      r = get(uow, c, fn, wait);
    } else if (fn == "ISRT") {
      r = insert(uow, c, wait);
    } else if (fn == "REPL" || fn == "DLET") {
      if (!was_held) {
        r = status("DJ", std::string(fn) + " without a get hold call just before it on this PCB");
      } else {
        r = fn == "REPL" ? replace(uow, c) : erase(uow, c);
      }
    } else {
      r = status("AD", "function '" + std::string(fn) + "' is not a database call");
    }
  } catch (const StoreError& e) {
    r = status(e.open_failure ? "AI" : "AO", e.what());
  }
  if (r.would_wait || r.deadlock || r.timed_out) return r;  // nothing changed
  // Any call but a successful get hold ends the hold (IMS: REPL/DLET must follow the get
  // hold call directly).
  const bool got = r.status[0] == ' ' || (r.status[0] == 'G' && (r.status[1] == 'A' || r.status[1] == 'K'));
  if (!(fn.substr(0, 2) == "GH" && got)) pos_.held.clear();
  mask_.status[0] = r.status[0];
  mask_.status[1] = r.status[1];
  return r;
}

DbCallResult DbPcb::get(UnitOfWork& uow, const DbCall& c, std::string_view fn, Deadline wait) {
  const bool hold = fn.substr(0, 2) == "GH";
  const bool within_parent = fn == "GNP" || fn == "GHNP";
  const bool unique = fn == "GU" || fn == "GHU";

  std::vector<Ssa> ssas;
  ssas.reserve(c.ssas.size());
  for (auto text : c.ssas) {
    SsaResult p = parse_ssa(text, scope_);
    if (!p.ok()) return status(p.status, p.why);
    ssas.push_back(std::move(p.ssa));
  }
  if (within_parent && pos_.parentage.empty()) return status("GP", "GNP without parentage");

  const bool any_segment = ssas.empty() && !unique;  // unqualified GN/GNP: any sensitive segment
  const int before = pos_.key.empty() ? -1 : h_.segment_of(pos_.key);

  for (;;) {
    SegmentRow found;
    std::vector<SegmentRow> path_rows;
    std::vector<int> path;
    int parentage_level = -1;
    bool ok = false;
    bool unqualified_calls = true;
    // GB only when nothing held the search (qualification, U, V): it ran to the end.
    for (const auto& s : ssas) unqualified_calls = unqualified_calls && !s.qualified() && !s.u && !s.v;

    if (any_segment) {
      // The next sensitive segment after position (within the parent for GNP).
      std::string from = pos_.key;
      bool strict = !from.empty();
      if (within_parent && !starts_with(from, pos_.parentage)) {
        from = pos_.parentage;
        strict = true;
      }
      SegmentRow row;
      while (uow.next(dbd_->name, from, strict, row)) {
        if (within_parent && (!starts_with(row.key, pos_.parentage) || row.key.size() == pos_.parentage.size())) break;
        const int seg = h_.segment_of(row.key);
        if (seg < 0) throw StoreError("zgate: a damaged key in DBD " + dbd_->name);
        if (!scope_.sensitive[static_cast<std::size_t>(seg)] || procopt_[static_cast<std::size_t>(seg)].find('K') != std::string::npos) {
          // Not sensitive: neither is anything under it (SENSEG needs its parent).
          from = Hierarchy::after_prefix(row.key);
          strict = false;
          if (from.empty()) break;
          continue;
        }
        found = row;
        ok = true;
        break;
      }
      if (!ok) {
        if (within_parent) return status("GE", "no more segments under the parent");
        pos_.key.clear();  // after GB the next GN starts at the beginning
        DbCallResult r = status("GB", "end of the database");
        mask_.level = 0;
        mask_.segment.clear();
        mask_.key_feedback.clear();
        return r;
      }
      const int seg = h_.segment_of(found.key);
      path = h_.path_to(seg);
      path_rows.assign(path.size(), SegmentRow{});
      path_rows.back() = found;
    } else {
      // The path from the root to the last SSA's segment; each SSA at its level, in order.
      const int target = ssas.empty() ? 0 : ssas.back().segment;
      path = h_.path_to(target);
      Plan plan(h_, uow, dbd_->name, path);
      std::size_t level = 0;
      for (const auto& s : ssas) {
        auto it = std::find(path.begin(), path.end(), s.segment);
        const auto at = static_cast<std::size_t>(it - path.begin());
        if (it == path.end() || at < level)
          return status("AC", "SSA for " + h_.segment(s.segment).name + " is out of hierarchical order");
        plan.ssa[at] = &s;
        level = at + 1;
      }
      // U and V: hold the search to the current position's segment at that level (V: and above).
      const auto ends = h_.split(pos_.key);
      for (std::size_t i = 0; i < path.size(); ++i) {
        const Ssa* s = plan.ssa[i];
        if (!s || !(s->u || s->v)) continue;
        for (std::size_t j = s->v ? 0 : i; j <= i; ++j)
          if (j < ends.size() && h_.segment_of(pos_.key.substr(0, ends[j])) == path[j])
            plan.fixed[j] = pos_.key.substr(0, ends[j]);
      }
      if (within_parent) {
        const auto pends = h_.split(pos_.parentage);
        if (pends.size() >= path.size()) return status("GE", "the SSA names a segment at or above the parent");
        for (std::size_t j = 0; j < pends.size(); ++j) {
          if (h_.segment_of(pos_.parentage.substr(0, pends[j])) != path[j])
            return status("GE", "the SSA's segment is not under the parent");
          plan.fixed[j] = pos_.parentage.substr(0, pends[j]);
        }
        plan.after = starts_with(pos_.key, pos_.parentage) ? pos_.key : pos_.parentage;
      } else if (!unique) {
        if (!pos_.key.empty()) plan.after = pos_.key;
      }
      if (plan.after)
        for (std::size_t i = 0; i < path.size(); ++i)
          if (plan.ssa[i] && plan.ssa[i]->f) {
            // F: from the first occurrence under the current parent.
            plan.after_until = i;
            break;
          }
      ok = plan.run();
      if (!ok) {
        DbCallResult r = status(unqualified_calls && !unique && !within_parent ? "GB" : "GE", "no segment satisfies the SSAs");
        if (r.status[1] == 'B') {
          pos_.key.clear();
          mask_.level = 0;
          mask_.segment.clear();
          mask_.key_feedback.clear();
        } else if (plan.best_level >= 0) {
          set_mask(r, plan.best_key, path[static_cast<std::size_t>(plan.best_level)]);
        } else {
          mask_.level = 0;
          mask_.segment.clear();
          mask_.key_feedback.clear();
        }
        return r;
      }
      path_rows = plan.rows;
      found = path_rows.back();
      for (std::size_t i = 0; i < path.size(); ++i)
        if (plan.ssa[i] && plan.ssa[i]->p) parentage_level = static_cast<int>(i);
    }

    const int seg = path.back();
    // PROCOPT: retrieval needs G (A), a path call P as well; a key-sensitive segment (K) is
    // never returned.
    if (!allows(seg, 'G') || procopt_[static_cast<std::size_t>(seg)].find('K') != std::string::npos)
      return status("AM", "PROCOPT of " + h_.segment(seg).name + " does not allow retrieval");
    std::vector<std::size_t> path_levels;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      const Ssa* s = nullptr;
      for (const auto& x : ssas)
        if (x.segment == path[i]) s = &x;
      if (s && s->d) {
        if (!allows(path[i], 'P') && !allows(path[i], 'G'))
          return status("AM", "PROCOPT does not allow a path call");
        if (def_->procopt.find('P') == std::string::npos && procopt_[static_cast<std::size_t>(path[i])].find('P') == std::string::npos)
          return status("AM", "a path call (command code D) needs PROCOPT P");
        path_levels.push_back(i);
      }
    }

    if (hold) {
      DbCallResult stop;
      const Lock l = lock_record(uow, record_of(found.key), wait, stop);
      if (l == Lock::Stop) return stop;
      if (l == Lock::Waited) continue;  // the record may have changed while we waited: search again
    }

    DbCallResult r;
    for (std::size_t i : path_levels) r.io += to_view(path[i], path_rows[i].data);
    r.io += to_view(seg, found.data);
    if (any_segment && before >= 0) {
      // Unqualified GN/GNP: GA when it went up a level, GK for another type at the same level.
      const int lb = h_.level_of(before), la = h_.level_of(seg);
      if (la < lb) {
        r.status[0] = 'G';
        r.status[1] = 'A';
      } else if (la == lb && seg != before) {
        r.status[0] = 'G';
        r.status[1] = 'K';
      }
    }
    pos_.key = found.key;
    if (!within_parent) {
      if (parentage_level >= 0) {
        const auto ends = h_.split(found.key);
        pos_.parentage = found.key.substr(0, ends[static_cast<std::size_t>(parentage_level)]);
      } else {
        pos_.parentage = found.key;
      }
    }
    pos_.held.clear();
    if (hold) {
      for (std::size_t i : path_levels) pos_.held.push_back(path_rows[i].key);
      pos_.held.push_back(found.key);
      pos_.held_path = !path_levels.empty();
    }
    set_mask(r, found.key, seg);
    return r;
  }
}

// ---- ISRT ---------------------------------------------------------------------------------

DbCallResult DbPcb::insert(UnitOfWork& uow, const DbCall& c, Deadline wait) {
  if (c.ssas.empty()) return status("AJ", "ISRT needs an SSA naming the segment to insert");
  std::vector<Ssa> ssas;
  for (auto text : c.ssas) {
    SsaResult p = parse_ssa(text, scope_);
    if (!p.ok()) return status(p.status, p.why);
    ssas.push_back(std::move(p.ssa));
  }
  const Ssa& last = ssas.back();
  if (last.qualified()) return status("AJ", "the last SSA of ISRT must be unqualified");
  if (last.d || last.f || last.l || last.u || last.v || last.p)
    return status("AJ", "command codes on the segment to insert are not supported");
  const int seg = last.segment;
  if (!allows(seg, 'I')) return status("AM", "PROCOPT of " + h_.segment(seg).name + " does not allow ISRT");

  std::size_t len = 0;
  if (!stored_length(seg, c.io, len))
    return status("V1", "the I/O area does not hold a " + h_.segment(seg).name + " segment of a valid length");
  std::string data;
  bool ignored = false;
  from_view(seg, c.io.substr(0, len), {}, data, ignored);
  const std::string_view keyval = h_.sequence_value(seg, data);
  const auto path = h_.path_to(seg);

  for (;;) {
    // The parent: the SSAs above (qualified ones searched for, as GU does), the current
    // position at levels without a qualified SSA.
    std::string parent;
    if (path.size() > 1) {
      std::vector<int> ppath(path.begin(), path.end() - 1);
      Plan plan(h_, uow, dbd_->name, ppath);
      std::size_t level = 0;
      for (std::size_t k = 0; k + 1 < ssas.size(); ++k) {
        auto it = std::find(ppath.begin(), ppath.end(), ssas[k].segment);
        const auto at = static_cast<std::size_t>(it - ppath.begin());
        if (it == ppath.end() || at < level)
          return status("AC", "SSA for " + h_.segment(ssas[k].segment).name + " is out of hierarchical order");
        plan.ssa[at] = &ssas[k];
        level = at + 1;
      }
      bool any_qualified = false;
      for (const Ssa* s : plan.ssa) any_qualified = any_qualified || (s && s->qualified());
      if (!any_qualified) {
        // All from position: the current segment's path must reach the parent's level.
        const auto ends = h_.split(pos_.key);
        for (std::size_t j = 0; j < ppath.size(); ++j) {
          if (j >= ends.size() || h_.segment_of(pos_.key.substr(0, ends[j])) != ppath[j])
            return status("GE", "no current position on a " + h_.segment(ppath[j]).name + " to insert under");
          plan.fixed[j] = pos_.key.substr(0, ends[j]);
        }
      }
      if (!plan.run()) {
        DbCallResult r = status("GE", "the parent of the segment to insert was not found");
        if (plan.best_level >= 0) set_mask(r, plan.best_key, ppath[static_cast<std::size_t>(plan.best_level)]);
        return r;
      }
      parent = plan.rows.back().key;
    }

    std::string key = parent;
    std::string base = parent;
    base.push_back(static_cast<char>(seg + 1));
    base.append(keyval);
    const std::string record = parent.empty() ? h_.component(seg, keyval, Hierarchy::kFirstTwin).substr(0, h_.component_bytes(0))
                                              : record_of(parent);
    DbCallResult stop;
    const Lock l = lock_record(uow, record, wait, stop);
    if (l == Lock::Stop) return stop;
    if (l == Lock::Waited) continue;  // search again with the record locked

    SegmentRow row;
    if (!h_.has_twins(seg)) {
      key = base;
      if (uow.get(dbd_->name, key, row)) {
        DbCallResult r = status("II", "a " + h_.segment(seg).name + " with this key exists");
        set_mask(r, key, seg);
        return r;
      }
    } else {
      // Twins of equal key (or of an unkeyed segment): RULES= says where the new one goes.
      std::uint64_t twin = Hierarchy::kFirstTwin;
      const std::size_t at = parent.size();
      const std::size_t comp = h_.component_bytes(seg);
      if (h_.segment(seg).insert == InsertRule::First) {
        if (uow.next(dbd_->name, base, false, row) && starts_with(row.key, base))
          twin = Hierarchy::twin_of(std::string_view(row.key).substr(at, comp)) - Hierarchy::kTwinStep;
      } else {
        const std::string after = Hierarchy::after_prefix(base);
        if (uow.prev(dbd_->name, after, row) && starts_with(row.key, base))
          twin = Hierarchy::twin_of(std::string_view(row.key).substr(at, comp)) + Hierarchy::kTwinStep;
      }
      key = parent + h_.component(seg, keyval, twin);
    }
    uow.put(dbd_->name, key, data);
    pos_.key = key;
    DbCallResult r;
    set_mask(r, key, seg);
    return r;
  }
}

// ---- REPL and DLET ------------------------------------------------------------------------

DbCallResult DbPcb::replace(UnitOfWork& uow, const DbCall& c) {
  // SSAs on REPL: unqualified, naming held path segments; N leaves one unchanged.
  std::vector<int> skip;
  for (auto text : c.ssas) {
    SsaResult p = parse_ssa(text, scope_);
    if (!p.ok()) return status(p.status, p.why);
    if (p.ssa.qualified()) return status("AJ", "REPL takes only unqualified SSAs");
    if (p.ssa.n) skip.push_back(p.ssa.segment);
  }
  std::size_t at = 0;
  std::vector<std::pair<std::string, std::string>> writes;
  for (const auto& key : pos_.held) {
    const int seg = h_.segment_of(key);
    SegmentRow old;
    if (!uow.get(dbd_->name, key, old)) return status("DJ", "the held segment no longer exists");
    std::size_t len = 0;
    if (!stored_length(seg, c.io.substr(std::min(at, c.io.size())), len))
      return status("V1", "the I/O area does not hold a " + h_.segment(seg).name + " segment of a valid length");
    const std::string_view view = c.io.substr(at, len);
    at += len;
    if (std::find(skip.begin(), skip.end(), seg) != skip.end()) continue;
    if (!allows(seg, 'R')) return status("AM", "PROCOPT of " + h_.segment(seg).name + " does not allow REPL");
    std::string data;
    bool protected_changed = false;
    from_view(seg, view, old.data, data, protected_changed);
    if (protected_changed) return status("AM", "a field with REPL=NO was changed");
    if (h_.sequence_value(seg, data) != h_.sequence_value(seg, old.data))
      return status("DA", "REPL changed the sequence field of " + h_.segment(seg).name);
    writes.emplace_back(key, std::move(data));
  }
  for (auto& [key, data] : writes) uow.put(dbd_->name, key, std::move(data));
  DbCallResult r;
  return r;
}

DbCallResult DbPcb::erase(UnitOfWork& uow, const DbCall& c) {
  // The segment DLET removes: the held one, or the first held path segment an unqualified SSA
  // names; its dependents go with it.
  std::string target = pos_.held.back();
  for (auto text : c.ssas) {
    SsaResult p = parse_ssa(text, scope_);
    if (!p.ok()) return status(p.status, p.why);
    if (p.ssa.qualified()) return status("AJ", "DLET takes only unqualified SSAs");
    for (const auto& k : pos_.held)
      if (h_.segment_of(k) == p.ssa.segment) {
        target = k;
        break;
      }
  }
  const int seg = h_.segment_of(target);
  if (!allows(seg, 'D')) return status("AM", "PROCOPT of " + h_.segment(seg).name + " does not allow DLET");
  SegmentRow row;
  if (!uow.get(dbd_->name, target, row)) return status("DJ", "the held segment no longer exists");
  // The I/O area holds the segment as retrieved; a changed key there is DA, as IMS checks.
  if (!c.io.empty() && target == pos_.held.back() && !pos_.held_path) {
    const std::string view = to_view(seg, row.data);
    std::string now;
    bool ignored = false;
    if (c.io.size() >= view.size() && from_view(seg, c.io.substr(0, view.size()), row.data, now, ignored) &&
        h_.sequence_value(seg, now) != h_.sequence_value(seg, row.data))
      return status("DA", "the key field in the I/O area was changed before DLET");
  }
  std::vector<std::string> doomed{target};
  std::string from = target;
  while (uow.next(dbd_->name, from, true, row) && starts_with(row.key, target)) {
    doomed.push_back(row.key);
    from = row.key;
  }
  for (const auto& k : doomed) uow.erase(dbd_->name, k);
  pos_.key = target;  // the next GN continues after where the segment was
  DbCallResult r;
  return r;
}

}  // namespace zgate::db
