#pragma once
// The PROCLIB posture the compliance report reads, from a PROCLIB directory as `zgate serve`
// reads it (connect::load_proclib): HWSCFG and its TLS member, DFSPB's OTMA and ISIS
// parameters, the stage-1 TRANSACTs. Throws what those readers throw (a member, a line and a
// keyword in the message) so the report never describes a PROCLIB that would not start.
#include <filesystem>

#include "watch/report_model.h"

namespace zgate::watch {

ProclibPosture read_proclib_posture(const std::filesystem::path& dir);

}  // namespace zgate::watch
