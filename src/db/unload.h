#pragma once
// A database's segments as text, for `zgate db unload`, `zgate db load` and `zgate db list`:
// one segment per line, in hierarchical sequence,
//
//     <segment name> <level> <data>
//
// the data escaped so that any bytes survive a text editor: printable ASCII as it is except
// the backslash (written \\) and a blank that ends the data (\x20, so that no line ends in a
// blank), every other byte \xHH. Blank lines and lines starting with '*'
// are comments. Load works as IMS's initial load (PROCOPT=L): each segment's parent is the
// segment of its parent type last loaded, and unique keys come in ascending order under their
// parent. An error names the line and IMS's load status code: LB (the segment exists),
// LC (a key out of sequence), LD (no parent loaded), LE (a segment type out of hierarchical
// order), V1 (a length that does not fit the segment). Unload then load reproduces the
// database: same segments, same twin order.
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "db/dbd.h"
#include "db/store.h"

namespace zgate::db {

struct LoadError : std::runtime_error {
  int line = 0;
  std::string status;  // LB LC LD LE V1, or "  " for a line that is not a segment
  LoadError(int line, std::string status, const std::string& what);
};

// Writes every segment of `dbd`; returns how many.
std::size_t unload(DatabaseStore& store, const Dbd& dbd, std::ostream& out);
// As unload, only the database record whose root key is `root_key` (empty: all), indented by
// level for reading (`zgate db list`); the output is not load input.
std::size_t list(DatabaseStore& store, const Dbd& dbd, std::ostream& out, const std::string& root_key);
// Loads into an empty database, committing every `batch` segments. Throws LoadError (what was
// committed before stays: reload after emptying, as after a failed IMS load) or StoreError.
// Refuses a database that is not empty.
std::size_t load(DatabaseStore& store, const Dbd& dbd, std::istream& in, std::size_t batch = 10000);

std::string escape_segment(std::string_view data);
bool unescape_segment(std::string_view text, std::string& out);

}  // namespace zgate::db
