// zgate audit verify [--db PATH | FILE... ] [--series]
// zgate audit list [--db PATH | FILE] [--user U] [--source ADDR] [--event N|NAME] [--component C]
//                  [--since T] [--until T] [--violations] [--json]
// Reads the audit trail back. 'verify' checks the JSON-lines trail's hash chain and reports, as
// an IRRADU00 report reader would be told, OK with the count or each problem with its line;
// with --series, the rotated files FILE.YYYYMMDDTHHMMSSZ oldest first and then FILE, each
// continuing the chain of the one before; several FILEs are such a series in the order given.
// 'list' prints the records a filter keeps: as columns named after IRRADU00's output fields
// (event type and qualifier, date and time written, user, group, result, class, resource,
// port of entry, component, RACF return code), or the records themselves as JSON lines.
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <vector>

#include "audit/trail_reader.h"
#include "audit/trail_verify.h"
#include "common.h"

namespace zgate::app {
namespace {

int report(const audit::TrailReport& r);

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
  // A file with rotated files beside it (PATH.YYYYMMDDTHHMMSSZ) begins where the last of them
  // ends: its first record continuing an earlier file is expected, not a cut front.
  audit::VerifyOptions opt;
  opt.may_continue = audit::rotated_series(path).size() > 1;
  audit::TrailReport r;
  try {
    r = audit::verify_trail(in, opt);
  } catch (const std::exception& e) {
    std::cerr << "zgate audit verify: cannot read " << path << ": " << e.what() << "\n";
    return 8;
  }
  std::cout << "AUDIT TRAIL " << path << "\n";
  if (!r.continues_from.empty())
    std::cout << "CONTINUES AN EARLIER FILE (a rotated one beside it: --series checks them together)\n";
  return report(r);
}

// Files of one rotated trail, oldest first, each continuing the one before. Exit codes as
// verify's.
int verify_series(const std::vector<std::string>& files) {
  audit::SeriesReport s;
  try {
    s = audit::verify_series(files);
  } catch (const std::exception& e) {
    std::cerr << "zgate audit verify: " << e.what() << "\n";
    return 8;
  }
  int rc = 0;
  for (std::size_t i = 0; i < s.files.size(); ++i) {
    std::cout << "AUDIT TRAIL " << s.files[i] << "\n";
    if (!s.reports[i].continues_from.empty())
      std::cout << "CONTINUES AN EARLIER FILE (its first record's prev is " << s.reports[i].continues_from
                << ", a file no longer in the series)\n";
    rc = std::max(rc, report(s.reports[i]));
  }
  return rc;
}

int report(const audit::TrailReport& r) {
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

// 0: listed (perhaps nothing); 8: the trail cannot be read.
int list(const std::string& path, const audit::TrailFilter& f, bool json) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "zgate audit list: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return 8;
  }
  if (!json)
    std::printf("%-8s %-4s %-19s %-8s %-8s %-9s %-8s %-20s %-21s %-8s %s\n", "EVT_TYPE", "QUAL", "DATE_TIME_WRITTEN",
                "USER_ID", "GRP_ID", "RESULT", "CLASS", "RES_NAME", "TERMINAL", "COMPONENT", "RACF_RC DETAIL");
  std::string line;
  std::size_t n = 0, shown = 0;
  while (std::getline(in, line)) {
    ++n;
    auto t = audit::read_record(line, n);
    if (!t || !audit::matches(f, *t)) continue;
    ++shown;
    if (json) {
      std::cout << line << "\n";
      continue;
    }
    const audit::Event& e = t->event;
    const char* result = e.violation ? "VIOLATION" : e.warning ? "WARNING" : "SUCCESS";
    std::printf("%-8s %-4u %-19s %-8s %-8s %-9s %-8s %-20s %-21s %-8s %-7d %s\n", t->event_name.c_str(),
                static_cast<unsigned>(e.qualifier), audit::format_time(e.time).c_str(), e.user.c_str(),
                e.group.c_str(), result, e.resource_class.c_str(), e.resource.c_str(), e.terminal.c_str(),
                e.component.c_str(), e.racf_rc, e.detail.c_str());
  }
  if (!json) std::printf("%zu OF %zu RECORDS\n", shown, n);
  return 0;
}

}  // namespace

int run_audit(int argc, char** argv) {
  CLI::App app{"Read the audit trail.", "zgate audit"};
  app.require_subcommand(1);
  auto* v = app.add_subcommand("verify",
                               "check the JSON-lines trail's hash chain: exit 0 intact, 4 problems "
                               "found (each named with its line), 8 the file cannot be read");
  std::string db;
  std::vector<std::string> files;
  auto* db_opt = v->add_option("--db", db, "the security database whose trail (<db>-audit.jsonl) to check (default: " +
                                               std::string(kDefaultDb) + ")");
  v->add_option("FILE", files,
                "the trail's file (as given to --audit); several: the files of one rotated trail, oldest first, "
                "checked as one chain")
      ->excludes(db_opt);
  bool series = false;
  v->add_flag("--series", series,
              "the rotated files (FILE.YYYYMMDDTHHMMSSZ, oldest first) and then FILE, as one chain");
  auto* l = app.add_subcommand("list", "print the records a filter keeps, as IRRADU00-style columns or JSON lines");
  std::string ldb, lfile, since, until;
  audit::TrailFilter f;
  bool json = false;
  auto* ldb_opt = l->add_option("--db", ldb, "the security database whose trail to read (default: " +
                                                 std::string(kDefaultDb) + ")");
  l->add_option("FILE", lfile, "the trail's file (as given to --audit)")->excludes(ldb_opt);
  l->add_option("--user", f.user, "only this user ID");
  l->add_option("--source", f.source, "only records whose port of entry starts so (an address, or address:port)");
  l->add_option("--event", f.event, "only this event: its number (2) or name (ACCESS, JOBINIT, PERMIT, ...)");
  l->add_option("--component", f.component, "only this component: RACF, IMSCONN, OTMA, IMS, ODBM ...");
  l->add_option("--since", since, "from this time: 2026-12-07T23:10:00Z, 2026-12-07, or seconds since the epoch");
  l->add_option("--until", until, "up to this time (inclusive), written the same ways");
  l->add_flag("--violations", f.violations, "only violations");
  l->add_flag("--json", json, "the records themselves, one JSON object a line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (v->parsed()) {
    if (files.size() > 1) {
      if (series) {
        std::cerr << "zgate audit verify: --series finds the files of one trail: give it one FILE\n";
        return 8;
      }
      return verify_series(files);
    }
    std::string path = !files.empty() ? files[0] : audit_path_for(db.empty() ? kDefaultDb : db);
    if (!series) return verify(path);
    auto rotated = audit::rotated_series(path);
    if (rotated.empty()) {
      std::cerr << "zgate audit verify: cannot read " << path << ": no such file, and no rotated files\n";
      return 8;
    }
    return verify_series(rotated);
  }
  if (l->parsed()) {
    for (auto [text, into] : {std::pair{&since, &f.since}, std::pair{&until, &f.until}}) {
      if (text->empty()) continue;
      *into = audit::parse_time(*text);
      if (!*into) {
        std::cerr << "zgate audit list: '" << *text << "' is not a time (2026-12-07T23:10:00Z, 2026-12-07 or seconds)\n";
        return 2;
      }
    }
    return list(!lfile.empty() ? lfile : audit_path_for(ldb.empty() ? kDefaultDb : ldb), f, json);
  }
  return 2;
}

}  // namespace zgate::app
