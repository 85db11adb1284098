#include "racf/stdata.h"

#include <array>

#include "racf/messages.h"
#include "racf/operands.h"

namespace zgate::racf {

std::optional<saf::StData> parse_stdata(const Token& stdata, saf::StData s,
                                        const std::function<bool(const std::string&)>& user_defined,
                                        const std::function<bool(const std::string&)>& group_defined,
                                        std::string& error) {
  static constexpr std::array<std::string_view, 10> kKeys = {
      "USER", "GROUP", "TRUSTED", "PRIVILEGED", "TRACE", "NOUSER", "NOGROUP", "NOTRUSTED", "NOPRIVILEGED", "NOTRACE"};
  auto ops = bind_sub(stdata, kKeys, error);
  if (!ops) return std::nullopt;
  // USER(x) / GROUP(x): =MEMBER or a defined ID.
  auto id = [&](std::string_view kw, const std::function<bool(const std::string&)>& defined,
                std::string& out) {
    auto v = ops->value(kw);
    if (!v || (*v != "=MEMBER" && !saf::racf_id_valid(*v))) {
      error = msg::invalid(kw, v.value_or("(...)"));
      return false;
    }
    if (*v != "=MEMBER" && !defined(*v)) {
      error = msg::stdata_not_defined(kw, *v);
      return false;
    }
    out = *v;
    return true;
  };
  auto yes_no = [&](std::string_view kw, bool& out) {
    auto v = ops->value(kw);
    if (v == "YES") out = true;
    else if (v == "NO") out = false;
    else {
      error = msg::invalid(kw, v.value_or("(...)"));
      return false;
    }
    return true;
  };
  if (ops->has("USER") && !id("USER", user_defined, s.user)) return std::nullopt;
  if (ops->has("GROUP") && !id("GROUP", group_defined, s.group)) return std::nullopt;
  if (ops->has("TRUSTED") && !yes_no("TRUSTED", s.trusted)) return std::nullopt;
  if (ops->has("PRIVILEGED") && !yes_no("PRIVILEGED", s.privileged)) return std::nullopt;
  if (ops->has("TRACE") && !yes_no("TRACE", s.trace)) return std::nullopt;
  if (ops->has("NOUSER")) s.user.clear();
  if (ops->has("NOGROUP")) s.group.clear();
  if (ops->has("NOTRUSTED")) s.trusted = false;
  if (ops->has("NOPRIVILEGED")) s.privileged = false;
  if (ops->has("NOTRACE")) s.trace = false;
  return s;
}

}  // namespace zgate::racf
