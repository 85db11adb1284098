#include "otma/descriptors.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace zgate::otma {

namespace {

constexpr std::size_t kMaxRecords = 50;          // records per descriptor (IBM DFS3657)
constexpr std::size_t kDefaultDdescmax = 510;    // D descriptors (IBM default)
constexpr std::size_t kDefaultMdescmax = 255;    // M descriptors (IBM default)

bool upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Descriptor and resource names: A-Z 0-9 $ # @.
bool name_chars(std::string_view s, std::string_view extra = "$#@") {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return upper_alnum(c) || extra.find(c) != std::string_view::npos; });
}

// "$@" -> "$ @" for messages.
std::string spaced(std::string_view chars) {
  std::string out;
  for (char c : chars) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

bool has_lower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Keywords each TYPE takes (IBM QUERY OTMADESC / UPDATE OTMADESC). Keywords of the other
// types are known, so that a TYPE=IMSCON descriptor with LTERMOVR= says "not valid for
// TYPE=IMSCON" rather than "unknown keyword".
const std::set<std::string, std::less<>> kImscon = {
    "TYPE", "TMEMBER", "TPIPE", "SMEM", "SYNTIMER", "EXIT", "ADAPTER", "CONVRTR",
    "USERID", "RMTIMSCON", "RMTIMS", "RMTTRAN", "RMTSEC"};
const std::set<std::string, std::less<>> kImstran = {"TYPE", "TMEMBER", "TPIPE", "SMEM", "SYNTIMER",
                                                     "LTERMOVR", "REPLYCHK"};
const std::set<std::string, std::less<>> kMqseries = {
    "TYPE", "TMEMBER", "EXIT", "USERID", "SYNCTP", "MQAPPLID", "MQCOPYMD", "MQCORREL", "MQFORMAT",
    "MQMSGID", "MQPERST", "MQREPORT", "MQRTF", "MQRTQ", "MQRTQMGR"};
const std::set<std::string, std::less<>> kNonotma = {"TYPE", "EXIT", "LTERMOVR"};

const std::set<std::string, std::less<>>* keywords_of(std::string_view type) {
  if (type == "IMSCON") return &kImscon;
  if (type == "IMSTRAN") return &kImstran;
  if (type == "MQSERIES") return &kMqseries;
  if (type == "NONOTMA") return &kNonotma;
  return nullptr;
}

bool known_keyword(std::string_view k) {
  for (const auto* s : {&kImscon, &kImstran, &kMqseries, &kNonotma})
    if (s->count(k)) return true;
  return false;
}

struct Param {
  std::string keyword, value;
  int line = 0;
};

// One descriptor as read: its records' parameters, before their meaning is checked.
struct Raw {
  char kind = 'D';
  std::string name;
  int line = 0;
  std::size_t records = 0;
  std::vector<Param> params;
};

class Reader {
 public:
  Reader(std::string_view text, const std::string& member) : text_(text), member_(member) {}

  Dfsydt run() {
    out_.member = member_;
    split();
    std::size_t ddescmax = kDefaultDdescmax, mdescmax = kDefaultMdescmax;
    for (const Raw& r : raws_)
      if (r.kind == 'M' && r.name == "DFSOTMA") global(r, ddescmax, mdescmax);
    std::size_t d_count = 0, m_count = 0;
    for (const Raw& r : raws_) {
      if (r.kind == 'M') {
        if (r.name != "DFSOTMA" && ++m_count > mdescmax)
          fail(r.line, "", "more than " + std::to_string(mdescmax) + " client descriptors (MDESCMAX)");
        out_.clients.push_back(r.name);
        continue;
      }
      if (++d_count > ddescmax)
        fail(r.line, "", "more than " + std::to_string(ddescmax) + " destination descriptors (DDESCMAX)");
      destination(r);
    }
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(int line, const std::string& keyword, const std::string& msg) const {
    throw core::MemberError(member_, line, keyword, msg);
  }

  // Records into descriptors: type, name and parameters; continuation by repeated name.
  void split() {
    std::set<std::pair<char, std::string>> seen;
    Raw* current = nullptr;
    int n = 0;
    std::size_t at = 0;
    while (at < text_.size()) {
      std::size_t nl = text_.find('\n', at);
      std::string_view rec = text_.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
      at = nl == std::string_view::npos ? text_.size() : nl + 1;
      ++n;
      if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
      if (!rec.empty() && rec[0] == '*') continue;  // comment: never parsed
      for (std::size_t k = 0; k < rec.size(); ++k) {
        auto u = static_cast<unsigned char>(rec[k]);
        if (u == '\t') fail(n, "", "column " + std::to_string(k + 1) + ": tab character; records are card images, use blanks");
        if (u < 0x20 || u == 0x7f) fail(n, "", "column " + std::to_string(k + 1) + ": invalid character");
      }
      if (rec.size() > 80) fail(n, "", "record is longer than 80 columns");
      if (rec.size() > 72) rec = rec.substr(0, 72);  // 73-80: sequence numbers
      if (rec.find_first_not_of(' ') == std::string_view::npos) continue;  // blank record

      const char kind = rec[0];
      if (kind != 'D' && kind != 'M')
        fail(n, "", std::string("column 1 is '") + kind + "'; it must be D (destination), M (client) or * (comment)");
      if (rec.size() < 3 || rec[1] != ' ' || rec[2] == ' ')
        fail(n, "", "the descriptor name must start in column 3, after a blank column 2");
      std::size_t end = rec.find(' ', 2);
      if (end == std::string_view::npos) end = rec.size();
      std::string name(rec.substr(2, end - 2));
      check_name(kind, name, n);

      if (!current || current->kind != kind || current->name != name) {
        if (!seen.insert({kind, name}).second)
          fail(n, "", "descriptor " + name + " is defined more than once; its records must be consecutive");
        raws_.push_back(Raw{kind, name, n, 0, {}});
        current = &raws_.back();
      }
      if (++current->records > kMaxRecords)
        fail(n, "", "descriptor " + name + " has more than " + std::to_string(kMaxRecords) + " records");
      params(*current, rec, end, n);
    }
  }

  void check_name(char kind, const std::string& name, int line) const {
    const std::size_t max = kind == 'D' ? 8 : 16;
    if (name.size() > max)
      fail(line, "", "descriptor name " + name + " is longer than " + std::to_string(max) + " characters");
    std::string_view body = name;
    if (kind == 'D' && body.size() > 1 && body.back() == '*') body.remove_suffix(1);  // masked name
    if (has_lower(body)) fail(line, "", "descriptor name " + name + " must be upper case");
    if (!name_chars(body))
      fail(line, "", "descriptor name " + name + " has characters other than A-Z 0-9 $ # @" +
                         (kind == 'D' ? " (and a final * to mask it)" : ""));
  }

  void params(Raw& r, std::string_view rec, std::size_t from, int line) {
    std::size_t i = from;
    while (i < rec.size()) {
      while (i < rec.size() && rec[i] == ' ') ++i;
      if (i >= rec.size()) break;
      std::size_t j = rec.find(' ', i);
      if (j == std::string_view::npos) j = rec.size();
      std::string_view tok = rec.substr(i, j - i);
      i = j;
      const std::size_t eq = tok.find('=');
      if (eq == std::string_view::npos || eq == 0)
        fail(line, std::string(tok.substr(0, eq == std::string_view::npos ? tok.size() : eq)),
             "'" + std::string(tok) + "' is not a KEYWORD=value parameter");
      std::string keyword(tok.substr(0, eq));
      if (has_lower(keyword)) fail(line, keyword, "keywords must be upper case");
      r.params.push_back(Param{keyword, std::string(tok.substr(eq + 1)), line});
    }
  }

  // DFSOTMA's limits on the number of descriptors; its other parameters are not zgate's.
  void global(const Raw& r, std::size_t& ddescmax, std::size_t& mdescmax) const {
    for (const Param& p : r.params) {
      std::size_t* target = p.keyword == "DDESCMAX" ? &ddescmax : p.keyword == "MDESCMAX" ? &mdescmax : nullptr;
      if (!target) continue;
      std::size_t v = 0;
      auto [ptr, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), v);
      if (p.value.empty() || p.value.size() > 4 || ec != std::errc() || ptr != p.value.data() + p.value.size() || v == 0)
        fail(p.line, p.keyword, "value '" + p.value + "' is not a number of 1 to 4 digits");
      *target = v;
    }
  }

  void destination(const Raw& r) {
    Descriptor d;
    d.name = r.name;
    d.line = r.line;
    std::map<std::string, const Param*> by_kw;
    for (const Param& p : r.params) {
      if (!known_keyword(p.keyword)) fail(p.line, p.keyword, "unknown keyword");
      if (!by_kw.emplace(p.keyword, &p).second) fail(p.line, p.keyword, "specified more than once");
      if (p.value.empty()) fail(p.line, p.keyword, "has no value");
    }
    auto type_it = by_kw.find("TYPE");
    if (type_it == by_kw.end()) fail(r.line, "TYPE", "descriptor " + r.name + " has no TYPE=");
    d.type = type_it->second->value;
    const auto* allowed = keywords_of(d.type);
    if (!allowed)
      fail(type_it->second->line, "TYPE",
           "value '" + d.type + "' is not IMSCON, IMSTRAN, MQSERIES or NONOTMA");
    for (const auto& [k, p] : by_kw)
      if (!allowed->count(k)) fail(p->line, k, "is not valid for TYPE=" + d.type);

    if (d.type != "IMSCON") {
      out_.ignored.push_back("D " + d.name + " TYPE=" + d.type + ": not routed by zgate");
      if (auto t = by_kw.find("TMEMBER"); t != by_kw.end()) d.tmember = t->second->value;
      if (auto t = by_kw.find("TPIPE"); t != by_kw.end()) d.tpipe = t->second->value;
      out_.destinations.emplace(d.name, std::move(d));
      return;
    }

    auto value = [&](const char* k) -> const Param* {
      auto it = by_kw.find(k);
      return it == by_kw.end() ? nullptr : it->second;
    };
    auto bad = [&](const Param& p, const std::string& what) {
      fail(p.line, p.keyword, "value '" + p.value + "' " + what);
    };
    auto name = [&](const char* k, std::size_t max, std::string_view extra, std::string& into) {
      const Param* p = value(k);
      if (!p) return;
      if (p->value.size() > max || !name_chars(p->value, extra))
        bad(*p, "is not a name of 1-" + std::to_string(max) + " characters (A-Z 0-9 " + spaced(extra) + ")");
      into = p->value;
    };
    auto yes_no = [&](const char* k, bool& into) {
      const Param* p = value(k);
      if (!p) return;
      if (p->value != "YES" && p->value != "NO") bad(*p, "is not YES or NO");
      into = p->value == "YES";
    };

    name("TMEMBER", 16, "$#@", d.tmember);
    if (d.tmember.empty()) fail(r.line, "TMEMBER", "TYPE=IMSCON descriptor " + r.name + " has no TMEMBER=");
    name("TPIPE", 8, "$@", d.tpipe);
    if (!d.tpipe.empty() && d.tpipe.rfind("DFS", 0) == 0)
      bad(*value("TPIPE"), "starts with DFS, which IMS reserves for its own tpipes");
    if (d.tpipe.empty() && d.masked())
      fail(r.line, "TPIPE", "masked descriptor " + r.name + " needs TPIPE= (its name cannot be a tpipe)");
    if (const Param* p = value("SYNTIMER")) {
      unsigned long v = 0;
      auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), v);
      if (p->value.size() > 6 || ec != std::errc() || ptr != p->value.data() + p->value.size())
        bad(*p, "is not a number of hundredths of a second from 0 to 999999");
      d.syntimer = std::chrono::milliseconds(static_cast<long long>(v) * 10);
    }
    yes_no("SMEM", d.smem);
    yes_no("EXIT", d.exit);
    name("ADAPTER", 8, "$#@", d.adapter);
    name("CONVRTR", 8, "$#@", d.converter);
    if (!d.converter.empty() && d.adapter.empty())
      fail(value("CONVRTR")->line, "CONVRTR", "CONVRTR= needs ADAPTER=");
    name("USERID", 8, "$#@", d.userid);
    name("RMTIMSCON", 8, "$#@", d.rmtimscon);
    name("RMTIMS", 8, "$#@", d.rmtims);
    name("RMTTRAN", 8, "$#@", d.rmttran);
    if (const Param* p = value("RMTSEC")) {
      if (p->value != "F" && p->value != "C" && p->value != "N") bad(*p, "is not F, C or N");
      d.rmtsec = p->value;
    }
    if (d.rmtimscon.empty() && (!d.rmtims.empty() || !d.rmttran.empty() || !d.rmtsec.empty())) {
      const char* k = !d.rmtims.empty() ? "RMTIMS" : !d.rmttran.empty() ? "RMTTRAN" : "RMTSEC";
      fail(value(k)->line, k, std::string(k) + "= needs RMTIMSCON=");
    }
    if (!d.rmtimscon.empty())
      out_.ignored.push_back("D " + d.name + " RMTIMSCON=" + d.rmtimscon +
                             ": IMS-to-IMS TCP/IP routing is not done by zgate");
    out_.destinations.emplace(d.name, std::move(d));
  }

  std::string_view text_;
  const std::string& member_;
  std::vector<Raw> raws_;
  Dfsydt out_;
};

}  // namespace

Dfsydt parse_dfsydt(std::string_view text, const std::string& member_name) {
  return Reader(text, member_name).run();
}

Destinations routable(const Dfsydt& d) {
  Destinations out;
  for (const auto& [name, desc] : d.destinations)
    if (desc.type == "IMSCON" && desc.rmtimscon.empty()) out.emplace(name, desc);
  return out;
}

Destinations read_dfsydt(std::string_view text, const std::string& member_name) {
  return routable(parse_dfsydt(text, member_name));
}

const Descriptor* find_destination(const Destinations& d, std::string_view destination) {
  if (auto it = d.find(std::string(destination)); it != d.end() && !it->second.masked()) return &it->second;
  const Descriptor* best = nullptr;
  for (const auto& [name, desc] : d) {
    if (!desc.masked()) continue;
    std::string_view prefix(name.data(), name.size() - 1);
    if (destination.substr(0, prefix.size()) != prefix) continue;
    if (!best || prefix.size() > best->name.size() - 1) best = &desc;
  }
  return best;
}

std::optional<Descriptor> resolve_destination(const Destinations& d, std::string_view destination) {
  const Descriptor* found = find_destination(d, destination);
  if (!found) return std::nullopt;
  Descriptor out = *found;
  out.name = std::string(destination);
  if (out.tpipe.empty()) out.tpipe = out.name;
  return out;
}

}  // namespace zgate::otma
