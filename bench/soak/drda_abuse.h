#pragma once
// Case 11 of ims_soak: abuse of IMS Connect's DRDA port (ODBM), against a real zgate serve.
#include <cstdint>
#include <string>

namespace zgate::soak {

struct DrdaAbuse {
  std::uint16_t port = 0;     // ODACCESS DRDAPORT=
  int porttmot_cs = 0;        // its PORTTMOT= (hundredths of a second)
  std::string user, password; // a user with READ to PSB1 (never printed)
  int max_threads = 64;       // ODBM's allocated-PSB limit
  int rounds = 50;            // how many of each abusive client
};

// Runs the abusive clients while a well-behaved one reads the phone book, then checks that
// nothing was left behind. Returns whether every check held; `figures` says what happened.
bool run_drda_abuse(const DrdaAbuse& a, std::string& figures);

}  // namespace zgate::soak
