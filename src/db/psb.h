#pragma once
// A program specification block as PSBGEN reads it (IBM, System Utilities / Database
// Utilities, "PSBGEN statements"): PCB TYPE=TP (alternate PCBs), PCB TYPE=DB with its SENSEG
// and SENFLD statements, one PSBGEN statement, END. The program receives its PCBs in this
// order after the I/O PCB. check_psb() ties a PSB to the DBDs it names.
#include <map>
#include <string>
#include <vector>

#include "core/proclib.h"
#include "db/dbd.h"

namespace zgate::db {

struct SenfldDef {
  std::string name;
  int start = 1;         // where the program sees it in its I/O area
  bool replace = true;   // REPL=YES (default): the program may change it
  int line = 0;
};

struct SensegDef {
  std::string name;
  std::string parent;    // empty: the root
  std::string procopt;   // empty: the PCB's
  std::vector<SenfldDef> fields;  // none: the whole segment
  int line = 0;
};

struct PcbDef {
  enum class Type : std::uint8_t { Tp, Db } type = Type::Db;
  std::string pcbname;   // PCBNAME= (the AIB interface's name), if any
  // TYPE=TP: the destination (NAME=, empty: modifiable), MODIFY=, EXPRESS=.
  std::string destination;
  bool modify = false, express = false;
  // TYPE=DB:
  std::string dbdname;
  std::string procopt = "A";  // PROCOPT= (IBM's default A)
  int keylen = 0;             // KEYLEN=: the key feedback area's length
  bool multiple_positioning = false;  // POS=M
  std::vector<SensegDef> sensegs;
  int line = 0;
};

struct Psb {
  std::string name;  // PSBGEN PSBNAME=
  std::string lang;  // LANG= (COBOL, PL/I, ASSEM, C, PASCAL, JAVA)
  bool cmpat = false;
  std::vector<PcbDef> pcbs;
  std::string member;
  int line = 0;
};

// PROCOPT letters IBM documents for a PCB or SENSEG: G I R D A (and K, P, O, N, T, E, L, S, H,
// GS, LS, GOT, GON, GOP ...), at most 4 of them.
bool valid_procopt(std::string_view p);

// Reads a PSBGEN deck parsed in Stage1 (assembler) format. Throws core::MemberError.
Psb read_psb(const core::Member& member);

// The PSB against the DBDs it names (IBM's ACBGEN does the same check): each DB PCB's DBD
// exists; each SENSEG is a segment of it, with its DBD parent, in hierarchical order; each
// SENFLD is a field of its segment; KEYLEN holds the longest concatenated key of the PCB's
// sensitive segments. Throws core::MemberError naming the PSB's member and line.
void check_psb(const Psb& psb, const std::map<std::string, Dbd, std::less<>>& dbds);

}  // namespace zgate::db
