#include "connect/identity_exit.h"

#include <algorithm>
#include <cstdio>

#include "tm/region_protocol.h"

namespace zgate::connect::identity_exit {

namespace proto = tm::proto;

std::string_view trimmed(std::string_view src, std::size_t max) {
  if (auto nul = src.find('\0'); nul != std::string_view::npos) src = src.substr(0, nul);
  src = src.substr(0, std::min(src.size(), max));
  while (!src.empty() && src.back() == ' ') src.remove_suffix(1);
  return src;
}

bool usable(std::string_view id, bool may_be_empty) {
  if (id.empty()) return may_be_empty;
  if (id.size() > kNameField - 1) return false;
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::string encode_reply(std::int32_t rc, std::string_view userid, std::string_view group, std::string_view reason) {
  return proto::Writer().i32(rc).str(std::string(userid)).str(std::string(group)).str(std::string(reason)).take();
}

std::optional<IdentityExitResult> decode_reply(std::string_view in_userid, std::string_view in_group,
                                               const std::string& body, const Names& names) {
  using Action = IdentityExitResult::Action;
  IdentityExitResult out;
  std::string userid, group, reason;
  try {
    proto::Reader r(body);
    out.rc = r.i32();
    userid = r.str();
    group = r.str();
    reason = r.str();
  } catch (const proto::ProtocolError&) {
    return std::nullopt;
  }
  // What get() can have read from the block: a name field of 9 bytes, a reason of 80.
  if (userid.size() > kNameField || group.size() > kNameField || reason.size() > kReasonField) return std::nullopt;
  out.reason = tm::printable_exit_reason(reason, reason.size());
  out.userid = userid;
  out.group = group;
  switch (out.rc) {
    case kContinue:
      // RC 0 means "as received": whatever the exit scribbled in the fields is not used.
      out.userid = std::string(in_userid);
      out.group = std::string(in_group);
      out.action = Action::Continue;
      break;
    case kChanged:
      if (!usable(userid, false) || !usable(group, true)) {
        out.action = Action::Reject;
        out.reason = fmt::format("{} returned 4 with an unusable user ID or group{}{}", names.what,
                                 out.reason.empty() ? "" : ": ", out.reason);
        out.userid.clear();
        out.group.clear();
      } else {
        out.action = Action::ChangeUser;
      }
      break;
    case kReject:
      out.action = Action::Reject;
      break;
    default:
      out.action = Action::Reject;  // deny by default
      out.reason = fmt::format("{} returned {}, which is not 0, 4 or 8{}{}", names.what, out.rc,
                               out.reason.empty() ? "" : ": ", out.reason);
      break;
  }
  return out;
}

IdentityExitResult call(tm::ExitHelper* helper, const Names& names, const std::string& call_body,
                        std::string_view in_userid, std::string_view in_group) {
  IdentityExitResult out;
  if (!helper) {  // a moved-from exit: never let a request through by accident
    out.reason = fmt::format("{} not loaded", names.what);
    return out;
  }
  std::optional<IdentityExitResult> decided;
  tm::ExitHelperReply r = helper->call(call_body, [&](const std::string& body) {
    decided = decode_reply(in_userid, in_group, body, names);
    return decided.has_value();
  });
  if (r.ok()) return std::move(*decided);
  // Fail closed: the refusal an exit that returns 8 gets, with what happened as its reason.
  if (r.status == tm::ExitHelperReply::Status::NotStarted) {
    out.reason = fmt::format("{} not called: {}", names.entry, r.detail);
    std::fprintf(stderr, "zgate connect: %s host cannot be restarted: %s\n", names.what, r.detail.c_str());
  } else {
    out.reason = fmt::format("{} {}", names.entry, r.detail);
    std::fprintf(stderr, "zgate connect: %s %s ended abnormally: %s; %s is refused\n", names.what, names.entry,
                 r.detail.c_str(), names.refused);
  }
  return out;
}

}  // namespace zgate::connect::identity_exit
