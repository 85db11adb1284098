#pragma once
// Reading the JSON-lines trail back and checking its hash chain (json_lines_sink.h), as
// `zgate audit verify` does: every problem with its line number, in terms an auditor uses.
//
// What the chain shows: a record altered (its hash no longer matches its content), records
// removed, inserted or reordered (a "prev" that is not the previous record's hash; the reader
// looks the stated prev up among the file's records to say which), the front of the file cut
// off (the first record's prev is not 64 zeros and no record has it), and lines that are not
// records (a short write's fragment, text added by hand, lines from before the chain). What it
// cannot show alone: records cut off the end of the file, or a whole trail rewritten and
// re-hashed by someone who can write the file; that needs an anchor kept elsewhere (later work).
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace zgate::audit {

struct TrailProblem {
  enum class Kind {
    NotJson,         // not a JSON object (a short write's fragment, an empty line, text)
    NotChained,      // a JSON object without a well-formed "prev" and "hash"
    Altered,         // "hash" does not match the record's content
    Rewritten,       // the hash matches, but the text is not what the writer wrote (spacing,
                     // key order, a repeated key that a SIEM may read differently)
    TruncatedFront,  // the first record's prev is not 64 zeros and no record has that hash
    Removed,         // prev matches no record's hash: records before this one are missing
    Inserted,        // prev is an earlier record's hash: the lines between were added or moved
    Reordered,       // prev is the hash of a record that comes later in the file
    Restarted,       // prev is 64 zeros after the first record: another trail's start
    NotContinued,    // in a rotated series: the first record's prev is not the previous file's
                     // last hash (a file between them missing, records cut, files out of order)
  };
  std::uint64_t line = 0;  // 1-based
  Kind kind = Kind::NotJson;
  std::string text;  // what a person reads
};

struct TrailReport {
  std::uint64_t lines = 0;
  std::uint64_t records = 0;  // lines that are chained records, altered or not
  std::vector<TrailProblem> problems;
  // The first record's prev when it is not 64 zeros and the file was verified as one that may
  // continue an earlier one (VerifyOptions): not a problem, said to the reader.
  std::string continues_from;
  std::string last_hash;  // the last chained record's hash: what the next file must continue
  bool intact() const { return problems.empty(); }
};

struct VerifyOptions {
  // The file may be one of a rotated series (JsonLinesSink's rotation: the new file's chain
  // continues from the old file's last hash): a first record whose prev is not 64 zeros and
  // names no record in the file "continues an earlier file" rather than being cut at the front.
  bool may_continue = false;
  // The previous file of the series was read: its last hash is what the first record's prev
  // must be (NotContinued otherwise).
  std::string expected_prev;
};

const char* kind_name(TrailProblem::Kind k);  // "ALTERED", "REMOVED", ...

// Reads `in` twice (it must be seekable: a file or a string stream); the second pass only looks
// up the records a broken link names. Throws std::runtime_error when `in` cannot be read.
TrailReport verify_trail(std::istream& in);
TrailReport verify_trail(std::istream& in, const VerifyOptions& opt);

// A rotated trail in order: PATH.YYYYMMDDTHHMMSSZ files oldest first (the names sort so), then
// PATH itself; the ones that exist.
std::vector<std::string> rotated_series(const std::string& path);

// Each file of a series checked, each continuing the one before (the first may continue an
// earlier file no longer kept). Throws std::runtime_error naming a file that cannot be read.
struct SeriesReport {
  std::vector<std::string> files;
  std::vector<TrailReport> reports;
  bool intact() const;
};
SeriesReport verify_series(const std::vector<std::string>& files);

}  // namespace zgate::audit
