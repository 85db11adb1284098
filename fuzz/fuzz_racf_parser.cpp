// libFuzzer target for the RACF command language: arbitrary bytes through the TSO operand
// parser, keyword binding, continuation reading, and (for short inputs) a full
// CommandProcessor::execute over an in-memory database, as IBMUSER (SPECIAL) and as an
// undefined user. Nothing may crash, hang, or leak memory; every result has rc 0-12.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "audit/sink.h"
#include "core/clock.h"
#include "racf/operands.h"
#include "racf/processor.h"
#include "racf/tokenizer.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"

namespace {

using namespace zgate;

struct World {
  audit::NullSink sink;
  core::ManualClock clock{1795262400};
  saf::SecurityManager sm{saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}};
  World() { saf::bootstrap_if_empty(sm); }  // SYS1 and IBMUSER (SPECIAL)
};

constexpr std::array<std::string_view, 6> kKeywords = {"CLASS", "ID", "ACCESS", "WHEN", "PASSWORD", "PHRASE"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);

  auto parsed = racf::parse_command(text);
  if (parsed.ok) {
    std::string error;
    for (std::size_t positional = 0; positional < 3; ++positional)
      (void)racf::Operands::bind(parsed.command.operands, positional, kKeywords, error);
  }
  std::istringstream in(text);
  auto commands = racf::read_commands(in);

  if (size <= 512) {
    static World* world = new World();  // one database for the whole run (cheap to keep)
    for (const auto& cmd : commands) {
      for (const char* issuer : {"IBMUSER", "NOBODY"}) {
        racf::CommandProcessor p(world->sm, issuer);
        auto r = p.execute(cmd);
        if (r.rc < 0 || r.rc > 12) std::abort();
      }
    }
  }
  return 0;
}
