#pragma once
// The STDATA operand of RDEFINE/RALTER in class STARTED: the identity a started task gets.
// STDATA(USER(userid | =MEMBER) GROUP(group | =MEMBER) TRUSTED(YES|NO) PRIVILEGED(YES|NO)
// TRACE(YES|NO)); RALTER also takes NOUSER, NOGROUP, NOTRUSTED, NOPRIVILEGED and NOTRACE.
#include <functional>
#include <optional>
#include <string>

#include "racf/tokenizer.h"
#include "saf/model.h"

namespace zgate::racf {

// Applies STDATA(...) to `current` (RALTER keeps what is not named). A USER or GROUP other
// than =MEMBER must be a defined user or group (`user_defined` / `group_defined`). nullopt with
// `error` set when the operand is malformed or names what is not defined.
std::optional<saf::StData> parse_stdata(const Token& stdata, saf::StData current,
                                        const std::function<bool(const std::string&)>& user_defined,
                                        const std::function<bool(const std::string&)>& group_defined,
                                        std::string& error);

}  // namespace zgate::racf
