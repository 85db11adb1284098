#include "tm/sync_point.h"

#include <cstdio>

#include "db/scheduled_psb.h"
#include "db/sqlite_store.h"
#include "tm/ims_messages.h"
#include "tm/queue_store.h"
#include "tm/region_driver.h"

namespace zgate::tm {

void take_sync_point(RegionServices& s, const InputMessage& in, std::vector<proto::AltMessage> alternate,
                     Outcome& out, db::ScheduledPsb* databases) {
  // The database changes first go nowhere: they commit below with the queue store's part.
  std::vector<db::Change> changes = databases ? databases->changes() : std::vector<db::Change>{};
  bool failed = false;  // the database changes could not be committed: back everything out
  const bool same_transaction = s.store && s.databases && s.databases->in_queue_store_file;
  if (!changes.empty() && !same_transaction) {
    try {
      s.databases->store.commit(changes);
    } catch (const db::StoreError& e) {
      std::fprintf(stderr, "zgate tm: ZGT004E database changes of %s not committed: %s\n", in.trancode.c_str(), e.what());
      failed = true;
    }
    changes.clear();
  }
  if (failed) alternate.clear();

  std::vector<OutputMessage> outputs;  // for tpipes, in ISRT order
  std::vector<InputMessage> switches;
  for (auto& a : alternate) {
    OutputMessage om;
    om.destination = a.destination;
    om.is_transaction = s.table.find(a.destination).has_value();
    om.segments = std::move(a.segments);
    om.tmember = in.tmember;
    om.userid = in.userid;
    if (om.is_transaction) {
      // Program-to-program switch: the new message carries the original requester, security
      // level and commit mode, so the next program answers for the same user and its output
      // goes where the first one's would have.
      InputMessage next;
      next.trancode = om.destination;
      next.segments = om.segments;
      next.lterm = in.lterm;
      next.tmember = in.tmember;
      next.userid = in.userid;
      next.group = in.group;
      next.security = in.security;
      next.requester = in.requester;
      next.commit_then_send = in.commit_then_send;
      switches.push_back(std::move(next));
      out.alternate.push_back(std::move(om));
    } else {
      if (s.router) s.router->resolve(om);
      outputs.push_back(std::move(om));
    }
  }
  // CM0: what the client will receive is committed to its tpipe like any other output.
  const bool hold_reply = in.commit_then_send && !out.segments.empty();
  if (hold_reply) {
    OutputMessage r;
    r.destination = in.lterm;
    r.tmember = in.tmember;
    r.userid = in.userid;
    r.segments = out.segments;
    outputs.push_back(std::move(r));
  }

  if (s.store && !failed) {
    QueueStore::SyncPoint sp;
    if (!changes.empty()) sp.also = [&changes](sqlite3* c) { db::SqliteStore::write_changes(c, changes); };
    sp.consumed_input = in.store_id;
    sp.outputs = outputs;
    std::vector<std::size_t> stored_switches;  // CM1 switches are not recoverable
    for (std::size_t i = 0; i < switches.size(); ++i)
      if (switches[i].commit_then_send) {
        sp.inputs.push_back(switches[i]);
        stored_switches.push_back(i);
      }
    if (sp.consumed_input || !sp.outputs.empty() || !sp.inputs.empty() || !changes.empty()) {
      try {
        auto done = s.store->commit(sp);
        // Before the locks go (databases->committed() below): readers' scans see this commit.
        if (!changes.empty()) db::SqliteStore::changed();
        for (std::size_t i = 0; i < outputs.size(); ++i) outputs[i].store_id = done.output_ids[i];
        for (std::size_t i = 0; i < stored_switches.size(); ++i)
          switches[stored_switches[i]].store_id = done.input_ids[i];
      } catch (const std::exception& e) {
        if (!changes.empty()) {
          // One transaction: the database changes are not in either. Nothing of the message
          // may become real (its output would speak of changes that are not there).
          std::fprintf(stderr, "zgate tm: ZGT004E sync point of %s failed, changes backed out: %s\n",
                       in.trancode.c_str(), e.what());
          failed = true;
        } else {
          // The output still goes out, but only in memory: a restart would lose it.
          std::fprintf(stderr, "zgate tm: ZGT003E sync point of %s not recorded: %s\n", in.trancode.c_str(), e.what());
        }
      }
    }
  }

  if (databases) {
    if (failed) databases->back_out();
    else databases->committed();
  }
  if (failed) {
    // The message ends as an abend would: the client gets DFS555I, CM0 on its tpipe.
    const auto& segs = in.segments;
    Outcome abended;
    abended.kind = Outcome::Kind::ImsMessage;
    abended.abend_code = "U4095";
    abended.segments = {dfs555(in.trancode, "U4095", segs.empty() ? std::string() : segs.front())};
    out = std::move(abended);
    take_sync_point(s, in, {}, out, nullptr);
    return;
  }
  for (auto& sw : switches) s.program_switch(std::move(sw));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::uint64_t id = s.router ? s.router->route(outputs[i]) : 0;
    if (hold_reply && i + 1 == outputs.size())
      out.held_reply = id;
    else
      out.alternate.push_back(std::move(outputs[i]));
  }
}

}  // namespace zgate::tm
