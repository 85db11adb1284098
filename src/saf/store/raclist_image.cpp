// The RACLIST copy's encoding. Every field of Profile is written, so that a profile decoded is
// the profile encoded (store_test.cpp checks the round trip on a profile with every field set):
// a new Profile field must be added here too, and the format byte bumped when old rows could
// not be read.
#include "saf/store/raclist_image.h"

#include <stdexcept>

#include "core/bytes.h"

namespace zgate::saf::store {
namespace {

// Format 2 added the STDATA segment after SSIGNON; format 1 rows (written before) have none.
constexpr std::uint8_t kFormat = 2;

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void i64(std::int64_t v) {
    std::uint8_t b[8];
    core::put_be64(b, static_cast<std::uint64_t>(v));
    out_.append(reinterpret_cast<const char*>(b), 8);
  }
  void count(std::size_t n) { i64(static_cast<std::int64_t>(n)); }
  void text(std::string_view s) {
    count(s.size());
    out_.append(s);
  }
  void access(std::optional<Access> a) { u8(a ? static_cast<std::uint8_t>(*a) : 0xFF); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::int64_t i64() {
    return static_cast<std::int64_t>(core::get_be64(reinterpret_cast<const std::uint8_t*>(take(8).data())));
  }
  std::size_t count() {
    std::int64_t n = i64();
    if (n < 0 || static_cast<std::uint64_t>(n) > in_.size() - pos_) corrupt();
    return static_cast<std::size_t>(n);
  }
  std::string text() { return std::string(take(count())); }
  bool flag() {
    std::uint8_t b = u8();
    if (b > 1) corrupt();
    return b == 1;
  }
  std::optional<Access> optional_access() {
    std::uint8_t b = u8();
    if (b == 0xFF) return std::nullopt;
    if (b > static_cast<std::uint8_t>(Access::Alter)) corrupt();
    return static_cast<Access>(b);
  }
  Access access() {
    auto a = optional_access();
    if (!a) corrupt();
    return *a;
  }
  bool done() const { return pos_ == in_.size(); }
  [[noreturn]] static void corrupt() {
    throw std::runtime_error("zgate: security database: a RACLIST copy (raclist_snapshot) is corrupt");
  }

 private:
  std::string_view take(std::size_t n) {
    if (n > in_.size() - pos_) corrupt();
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

void write_profile(Writer& w, const Profile& p) {
  w.text(p.cls);
  w.text(p.name);
  w.text(p.owner);
  w.i64(p.created);
  w.i64(p.level);
  w.access(p.uacc);
  w.u8(p.warning);
  w.access(p.audit.success);
  w.access(p.audit.failures);
  w.text(p.notify);
  w.text(p.appldata);
  w.text(p.installation_data);
  w.count(p.acl.size());
  for (const auto& e : p.acl) {
    w.text(e.id);
    w.access(e.access);
    w.i64(e.count);
  }
  w.count(p.conditional_acl.size());
  for (const auto& e : p.conditional_acl) {
    w.text(e.id);
    w.access(e.access);
    w.text(e.when_class);
    w.text(e.when_name);
    w.i64(e.count);
  }
  w.count(p.members.size());
  for (const auto& m : p.members) w.text(m);
  w.u8(p.ssignon.has_value());
  if (p.ssignon) {
    w.text(p.ssignon->legacy_key);
    w.text(p.ssignon->enhanced_key);
    w.u8(static_cast<std::uint8_t>(p.ssignon->enhanced_type));
    w.i64(p.ssignon->enhanced_timeout);
    w.u8(p.ssignon->enhanced_replay);
  }
  w.u8(p.stdata.has_value());
  if (p.stdata) {
    w.text(p.stdata->user);
    w.text(p.stdata->group);
    w.u8(p.stdata->trusted);
    w.u8(p.stdata->privileged);
    w.u8(p.stdata->trace);
  }
}

Profile read_profile(Reader& r, std::uint8_t format) {
  Profile p;
  p.cls = r.text();
  p.name = r.text();
  p.owner = r.text();
  p.created = r.i64();
  p.level = static_cast<int>(r.i64());
  p.uacc = r.access();
  p.warning = r.flag();
  p.audit.success = r.optional_access();
  p.audit.failures = r.optional_access();
  p.notify = r.text();
  p.appldata = r.text();
  p.installation_data = r.text();
  for (std::size_t n = r.count(); n > 0; --n) {
    AccessEntry e;
    e.id = r.text();
    e.access = r.access();
    e.count = r.i64();
    p.acl.push_back(std::move(e));
  }
  for (std::size_t n = r.count(); n > 0; --n) {
    ConditionalEntry e;
    e.id = r.text();
    e.access = r.access();
    e.when_class = r.text();
    e.when_name = r.text();
    e.count = r.i64();
    p.conditional_acl.push_back(std::move(e));
  }
  for (std::size_t n = r.count(); n > 0; --n) p.members.push_back(r.text());
  if (r.flag()) {
    SsignOn s;
    s.legacy_key = r.text();
    s.enhanced_key = r.text();
    std::uint8_t type = r.u8();
    if (type > 1) Reader::corrupt();
    s.enhanced_type = static_cast<PassTicketType>(type);
    s.enhanced_timeout = static_cast<int>(r.i64());
    s.enhanced_replay = r.flag();
    p.ssignon = std::move(s);
  }
  if (format >= 2 && r.flag()) {
    StData s;
    s.user = r.text();
    s.group = r.text();
    s.trusted = r.flag();
    s.privileged = r.flag();
    s.trace = r.flag();
    p.stdata = std::move(s);
  }
  return p;
}

}  // namespace

std::string encode_profiles(const ProfileSet& profiles) {
  Writer w;
  w.u8(kFormat);
  std::size_t n = 0;
  for (const auto& [_, by_name] : profiles) n += by_name.size();
  w.count(n);
  for (const auto& [_, by_name] : profiles)
    for (const auto& [_, p] : by_name) write_profile(w, p);
  return w.take();
}

ProfileSet decode_profiles(std::string_view bytes) {
  Reader r(bytes);
  std::uint8_t format = r.u8();
  if (format < 1 || format > kFormat) Reader::corrupt();
  ProfileSet out;
  for (std::size_t n = r.count(); n > 0; --n) {
    Profile p = read_profile(r, format);
    std::string cls = p.cls, name = p.name;
    out[cls].emplace(std::move(name), std::move(p));
  }
  if (!r.done()) Reader::corrupt();
  return out;
}

}  // namespace zgate::saf::store
