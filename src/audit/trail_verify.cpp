#include "audit/trail_verify.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "audit/json_record.h"

namespace zgate::audit {
namespace {

using Kind = TrailProblem::Kind;

// A record whose prev is not the previous record's hash; classified once the second pass has
// found (or not) the record that prev names.
struct BrokenLink {
  std::uint64_t line;
  std::uint64_t previous_record;  // 0: it is the file's first record
  std::string prev;
};

void read_error(std::istream& in) {
  if (in.bad()) throw std::runtime_error("read error");
}

TrailProblem classify(const BrokenLink& b, std::uint64_t found) {
  if (found > b.line)
    return {b.line, Kind::Reordered,
            fmt::format("its prev is the hash of line {}'s record, which comes later in the file: "
                        "records out of order",
                        found)};
  if (found != 0) {
    std::string between = found + 1 == b.line - 1 ? fmt::format("line {}", found + 1)
                                                  : fmt::format("lines {} to {}", found + 1, b.line - 1);
    return {b.line, Kind::Inserted,
            fmt::format("its prev is the hash of line {}'s record, not of line {}'s: {} inserted "
                        "or moved there",
                        found, b.previous_record, between)};
  }
  if (b.previous_record == 0)
    return {b.line, Kind::TruncatedFront,
            "the first record's prev is not 64 zeros and no record in the file has that hash: "
            "records before it are missing (the file was cut at the front)"};
  return {b.line, Kind::Removed,
          fmt::format("its prev is the hash of no record in the file: one or more records after "
                      "line {} were removed (or line {}'s record was altered and its hash recomputed)",
                      b.previous_record, b.previous_record)};
}

}  // namespace

const char* kind_name(TrailProblem::Kind k) {
  switch (k) {
    case Kind::NotJson: return "NOT JSON";
    case Kind::NotChained: return "NOT CHAINED";
    case Kind::Altered: return "ALTERED";
    case Kind::Rewritten: return "REWRITTEN";
    case Kind::TruncatedFront: return "TRUNCATED AT THE FRONT";
    case Kind::Removed: return "REMOVED";
    case Kind::Inserted: return "INSERTED";
    case Kind::Reordered: return "REORDERED";
    case Kind::Restarted: return "CHAIN RESTARTED";
    case Kind::NotContinued: return "NOT CONTINUED";
  }
  return "?";
}

TrailReport verify_trail(std::istream& in) { return verify_trail(in, VerifyOptions{}); }

TrailReport verify_trail(std::istream& in, const VerifyOptions& opt) {
  TrailReport r;
  std::vector<BrokenLink> broken;
  std::string last_hash;
  std::uint64_t last_line = 0;
  std::string line;
  while (std::getline(in, line)) {
    std::uint64_t n = ++r.lines;
    record::Json j = record::Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
      r.problems.push_back({n, Kind::NotJson,
                            line.empty() ? "an empty line"
                                         : "not a JSON object (a short write's fragment, or text put there "
                                           "by other means)"});
      continue;
    }
    auto p = j.find("prev");
    auto h = j.find("hash");
    if (p == j.end() || h == j.end() || !p->is_string() || !h->is_string() ||
        !record::is_hash(p->get_ref<const std::string&>()) || !record::is_hash(h->get_ref<const std::string&>())) {
      r.problems.push_back({n, Kind::NotChained,
                            "a JSON object without a well-formed prev and hash: not a record of the "
                            "chained trail (written before the chain, or added by other means)"});
      continue;
    }
    ++r.records;
    std::string prev = p->get<std::string>(), hash = h->get<std::string>();
    if (record::hash_of(j) != hash)
      r.problems.push_back({n, Kind::Altered, "its hash does not match its content: the record was altered"});
    else if (record::dump(j) != line)
      r.problems.push_back({n, Kind::Rewritten,
                            "its hash matches but its text is not as written (spacing, key order or a "
                            "repeated key changed)"});
    if (last_line == 0) {
      if (!opt.expected_prev.empty() && prev != opt.expected_prev)
        r.problems.push_back({n, Kind::NotContinued,
                              "its prev is not the hash of the previous file's last record: records or "
                              "a whole file between the two are missing, or the files are out of order"});
      else if (opt.expected_prev.empty() && prev != record::kChainStart)
        broken.push_back({n, 0, prev});
    } else if (prev != last_hash) {
      if (prev == record::kChainStart)
        r.problems.push_back({n, Kind::Restarted,
                              fmt::format("its prev is 64 zeros after line {}'s record: a trail's first "
                                          "record, from another file or a new trail appended",
                                          last_line)});
      else
        broken.push_back({n, last_line, prev});
    }
    last_hash = hash;
    last_line = n;
  }
  read_error(in);
  r.last_hash = last_hash;

  if (!broken.empty()) {
    std::map<std::string, std::uint64_t> where;  // a broken link's prev -> the first record with that hash
    for (const auto& b : broken) where.emplace(b.prev, 0);
    in.clear();
    in.seekg(0);
    if (!in) throw std::runtime_error("cannot read the trail a second time");
    std::uint64_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto h = record::stated_hash(line);
      if (!h) continue;
      auto it = where.find(*h);
      if (it != where.end() && it->second == 0) it->second = n;
    }
    read_error(in);
    for (const auto& b : broken) {
      TrailProblem p = classify(b, where[b.prev]);
      if (p.kind == Kind::TruncatedFront && opt.may_continue)
        r.continues_from = b.prev;  // the earlier file is not at hand: said, not counted
      else
        r.problems.push_back(std::move(p));
    }
    std::stable_sort(r.problems.begin(), r.problems.end(),
                     [](const TrailProblem& a, const TrailProblem& b) { return a.line < b.line; });
  }
  return r;
}

std::vector<std::string> rotated_series(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p(path);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::string prefix = p.filename().string() + ".";
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    // PATH.YYYYMMDDTHHMMSSZ, perhaps with -N when two rotations fell in one second.
    if (name.size() < prefix.size() + 16 || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string stamp = name.substr(prefix.size(), 16);
    if (stamp[8] != 'T' || stamp[15] != 'Z') continue;
    out.push_back((p.has_parent_path() ? (dir / name) : fs::path(name)).string());
  }
  std::sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
    // -N after the plain name of the same second, numerically
    auto key = [&](const std::string& s) {
      std::size_t at = s.size() - fs::path(s).filename().string().size() + prefix.size() + 16;
      std::string stamp = s.substr(0, at);
      long n = at < s.size() ? std::strtol(s.c_str() + at + 1, nullptr, 10) : 0;
      return std::pair{stamp, n};
    };
    return key(a) < key(b);
  });
  if (fs::exists(p, ec)) out.push_back(path);
  return out;
}

bool SeriesReport::intact() const {
  for (const auto& r : reports)
    if (!r.intact()) return false;
  return true;
}

SeriesReport verify_series(const std::vector<std::string>& files) {
  SeriesReport s;
  std::string prev;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + f);
    VerifyOptions opt;
    opt.may_continue = s.files.empty();
    opt.expected_prev = prev;
    TrailReport r = verify_trail(in, opt);
    if (!r.last_hash.empty()) prev = r.last_hash;
    s.files.push_back(f);
    s.reports.push_back(std::move(r));
  }
  return s;
}

}  // namespace zgate::audit
