#include "watch/report_proclib.h"

#include "connect/proclib_dir.h"

namespace zgate::watch {

ProclibPosture read_proclib_posture(const std::filesystem::path& dir) {
  connect::ProclibMembers m = connect::load_proclib(dir);
  ProclibPosture p;
  p.directory = dir.string();
  p.hwscfg_member = m.hwscfg.name;
  p.hws = m.hws;
  p.dfspb_member = m.dfspb.name;
  p.dfspb = otma::parse_dfspb(m.dfspb);
  tm::TransactionTable table;
  for (const auto& s : m.stage1) table.add_stage1(s);
  p.transactions = table.all();
  return p;
}

}  // namespace zgate::watch
