// zgate db: a DBA's utilities for the IMS databases of a PROCLIB's DBDLIB.
//   zgate db unload --proclib DIR DBD [FILE]   every segment, in zgate's flat format (db/unload.h)
//   zgate db load   --proclib DIR DBD [FILE]   an initial load of an empty database
//   zgate db list   --proclib DIR DBD [ROOTKEY] one database record (or all), indented by level
// The databases live in the queue store's file (--queues, as zgate serve takes it), which one
// process at a time may open: a running zgate serve makes these refuse, as IMS's utilities
// need the database offline (/DBR DB) for a load.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common.h"
#include "db/catalog.h"
#include "db/sqlite_store.h"
#include "db/unload.h"
#include "tm/queue_store.h"

namespace zgate::app {

int run_db(int argc, char** argv) {
  CLI::App app{"IMS database utilities: unload, load and list a database of the PROCLIB's DBDLIB.", "zgate db"};
  std::string action, proclib, dbdlib, psblib, queues, db = kDefaultDb, dbd_name, arg;
  app.add_option("action", action, "unload, load or list")->required()->check(CLI::IsMember({"unload", "load", "list"}));
  app.add_option("dbd", dbd_name, "the DBD's name")->required();
  app.add_option("file", arg, "unload: output file, load: input file (default: standard output/input); list: a root key");
  app.add_option("--proclib", proclib, "the PROCLIB directory whose DBDLIB and PSBLIB zgate serve reads")->required();
  app.add_option("--dbdlib", dbdlib, "DBDLIB (default: <proclib>/DBDLIB)");
  app.add_option("--psblib", psblib, "PSBLIB (default: <proclib>/PSBLIB)");
  app.add_option("--db", db, "security database; the queue store defaults to zgate-queues.db beside it")->capture_default_str();
  app.add_option("--queues", queues, "the queue store file, which holds the databases");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (dbdlib.empty()) dbdlib = (std::filesystem::path(proclib) / "DBDLIB").string();
  if (psblib.empty()) psblib = (std::filesystem::path(proclib) / "PSBLIB").string();
  if (queues.empty()) queues = (std::filesystem::path(db).parent_path() / "zgate-queues.db").string();
  try {
    const db::Catalog catalog = db::read_catalog(dbdlib, psblib);
    const db::Dbd* dbd = catalog.dbd(dbd_name);
    if (!dbd || dbd->access == db::Access::Index) {
      std::cerr << "zgate db: " << dbd_name << " is not a database of " << dbdlib << "\n";
      return 8;
    }
    // The queue store first: it takes the file's lock (a running server holds it).
    tm::QueueStore queue(queues);
    db::SqliteStore store(queues, db::database_tables(catalog));
    if (action == "unload") {
      std::size_t n = 0;
      if (arg.empty() || arg == "-") {
        n = db::unload(store, *dbd, std::cout);
      } else {
        std::ofstream out(arg);
        if (!out) throw std::runtime_error("cannot write " + arg);
        n = db::unload(store, *dbd, out);
      }
      std::cerr << "zgate db: " << n << " segments of " << dbd_name << " unloaded\n";
    } else if (action == "load") {
      std::size_t n = 0;
      if (arg.empty() || arg == "-") {
        n = db::load(store, *dbd, std::cin);
      } else {
        std::ifstream in(arg);
        if (!in) throw std::runtime_error("cannot read " + arg);
        n = db::load(store, *dbd, in);
      }
      std::cerr << "zgate db: " << n << " segments of " << dbd_name << " loaded\n";
    } else {
      db::list(store, *dbd, std::cout, arg);
    }
  } catch (const db::LoadError& e) {
    std::cerr << "zgate db: load of " << dbd_name << " stopped, status " << e.status << ": " << e.what() << "\n";
    return 8;
  } catch (const std::exception& e) {
    std::cerr << "zgate db: " << e.what() << "\n";
    return 8;
  }
  return 0;
}

}  // namespace zgate::app
