#include "connect/door.h"

#include "connect/doors/irm/irm_door.h"

namespace zgate::connect {

std::vector<DoorPort> doors_for(const HwsConfig& hws) {
  std::vector<DoorPort> out;
  std::shared_ptr<Door> irm;
  for (const PortDef& p : hws.ports) {
    if (!irm) irm = make_irm_door();
    out.push_back(DoorPort{p.id, p.tls, irm});
  }
  return out;
}

}  // namespace zgate::connect
