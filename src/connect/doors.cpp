#include "connect/door.h"

#include "connect/doors/drda/drda_door.h"
#include "connect/doors/irm/irm_door.h"

namespace zgate::connect {

std::vector<DoorPort> doors_for(const HwsConfig& hws) {
  std::vector<DoorPort> out;
  std::shared_ptr<Door> irm;
  for (const PortDef& p : hws.ports) {
    if (!irm) irm = make_irm_door();
    out.push_back(DoorPort{p.id, p.tls, irm});
  }
  if (hws.odaccess && hws.odaccess->drda_port) {
    const PortDef& p = *hws.odaccess->drda_port;
    out.push_back(DoorPort{p.id, p.tls, make_drda_door()});
  }
  return out;
}

}  // namespace zgate::connect
