#include "tm/sync_point.h"

#include <cstdio>

#include "tm/queue_store.h"
#include "tm/region_driver.h"

namespace zgate::tm {

void take_sync_point(RegionServices& s, const InputMessage& in, std::vector<proto::AltMessage> alternate,
                     Outcome& out) {
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

  if (s.store) {
    QueueStore::SyncPoint sp;
    sp.consumed_input = in.store_id;
    sp.outputs = outputs;
    std::vector<std::size_t> stored_switches;  // CM1 switches are not recoverable
    for (std::size_t i = 0; i < switches.size(); ++i)
      if (switches[i].commit_then_send) {
        sp.inputs.push_back(switches[i]);
        stored_switches.push_back(i);
      }
    if (sp.consumed_input || !sp.outputs.empty() || !sp.inputs.empty()) {
      try {
        auto done = s.store->commit(sp);
        for (std::size_t i = 0; i < outputs.size(); ++i) outputs[i].store_id = done.output_ids[i];
        for (std::size_t i = 0; i < stored_switches.size(); ++i)
          switches[stored_switches[i]].store_id = done.input_ids[i];
      } catch (const QueueStoreError& e) {
        // The output still goes out, but only in memory: a restart would lose it.
        std::fprintf(stderr, "zgate tm: ZGT003E sync point of %s not recorded: %s\n", in.trancode.c_str(), e.what());
      }
    }
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
