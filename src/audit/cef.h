#pragma once
// An event as ArcSight's Common Event Format (ArcSight "Implementing ArcSight CEF", revision
// 25 and the 2009-2010 Configuration Guides):
//
//   CEF:0|zgate|zgate|<version>|<Signature ID>|<Name>|<Severity>|<Extension>
//
// Signature ID is the SMF 80 event name (or the component's code), Name the qualifier text,
// Severity 0-10 (audit::severity_of, 1-10). The extension uses CEF's dictionary where a key
// fits: rt (milliseconds since the epoch), src, spt, suser, act (the access requested),
// outcome (success / failure), cat (the component), msg (the detail), cs1-cs6 with their
// cs<n>Label, cn1 with cn1Label; the trail's other fields follow under their trail names.
//
// Escaping, as the CEF guide states it: in the header `\` is `\\` and `|` is `\|`; in
// extension values `\` is `\\`, `=` is `\=`, newline and carriage return are `\n` and `\r`.
// CEF has no rule for other control characters: zgate writes them as `\t` or `\xHH` (the
// backslash being escaped elsewhere, this reads back unambiguously), and invalid UTF-8 as
// U+FFFD. Keys are zgate's own constants and need none.
#include <string>

#include "audit/event.h"
#include "audit/siem_text.h"

namespace zgate::audit {

using CefOptions = siem::DeviceIdentity;

std::string to_cef(const Event& e, const CefOptions& opt = {});

}  // namespace zgate::audit
