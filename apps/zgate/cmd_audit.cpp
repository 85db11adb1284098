// zgate audit verify [--db PATH | FILE]
// Reads the audit trail back. 'verify' checks the JSON-lines trail's hash chain and reports, as
// an IRRADU00 report reader would be told, OK with the count or each problem with its line.
// (Issue 17 adds 'zgate audit list' with filters by user, source, event and time beside it.)
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "audit/trail_verify.h"
#include "common.h"

namespace zgate::app {
namespace {

// 0: the trail is intact; 4: problems found (each printed with its line); 8: it cannot be read.
int verify(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::cerr << "zgate audit verify: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return 8;
  }
  if (S_ISDIR(st.st_mode)) {
    std::cerr << "zgate audit verify: " << path << " is a directory, not an audit trail\n";
    return 8;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "zgate audit verify: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return 8;
  }
  audit::TrailReport r;
  try {
    r = audit::verify_trail(in);
  } catch (const std::exception& e) {
    std::cerr << "zgate audit verify: cannot read " << path << ": " << e.what() << "\n";
    return 8;
  }
  std::cout << "AUDIT TRAIL " << path << "\n";
  for (const auto& p : r.problems)
    std::cout << "LINE " << p.line << ": " << audit::kind_name(p.kind) << ": " << p.text << "\n";
  if (r.intact()) {
    std::cout << "OK: " << r.records << " RECORDS, HASH CHAIN INTACT\n";
    return 0;
  }
  std::cout << "NOT INTACT: " << r.problems.size() << (r.problems.size() == 1 ? " PROBLEM" : " PROBLEMS")
            << " IN " << r.lines << " LINES (" << r.records << " RECORDS)\n";
  return 4;
}

}  // namespace

int run_audit(int argc, char** argv) {
  CLI::App app{"Read the audit trail.", "zgate audit"};
  app.require_subcommand(1);
  auto* v = app.add_subcommand("verify",
                               "check the JSON-lines trail's hash chain: exit 0 intact, 4 problems "
                               "found (each named with its line), 8 the file cannot be read");
  std::string db, file;
  auto* db_opt = v->add_option("--db", db, "the security database whose trail (<db>-audit.jsonl) to check (default: " +
                                               std::string(kDefaultDb) + ")");
  v->add_option("FILE", file, "the trail's file (as given to --audit)")->excludes(db_opt);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (v->parsed()) return verify(!file.empty() ? file : audit_path_for(db.empty() ? kDefaultDb : db));
  return 2;
}

}  // namespace zgate::app
