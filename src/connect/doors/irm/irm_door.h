#pragma once
// The IRM door: IMS Connect's own protocol, as HWSSMPL0/HWSSMPL1 clients speak it over TCP or
// TLS (reference/ims-connect-protocol.md): LLLL framing (framing.h), the IRM and its
// extensions (irm.h), the RSM and CSM replies (rsm.h), PING and HWSPWCH (special.h), socket
// types and IRM timers (irm_session.cpp). What it admits and sends to OTMA, the core does.
#include <memory>

#include "connect/door.h"

namespace zgate::connect {

std::shared_ptr<Door> make_irm_door();

}  // namespace zgate::connect
