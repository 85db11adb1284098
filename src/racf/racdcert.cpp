// RACDCERT's certificate name filter functions: MAP, ALTMAP, DELMAP, LISTMAP (z/OS Security
// Server RACF Command Language Reference, "RACDCERT MAP" and its siblings). The filters live in
// saf (CertMap, SecurityManager::put_cert_map); IMS Connect asks map_certificate at sign-on.
//
//   RACDCERT [ID(userid)] MAP SDNFILTER('dn') [IDNFILTER('dn')] [WITHLABEL('label')] [TRUST|NOTRUST]
//   RACDCERT [ID(userid)] ALTMAP(LABEL('label')) [NEWLABEL('label')] [TRUST|NOTRUST]
//   RACDCERT [ID(userid)] DELMAP(LABEL('label'))
//   RACDCERT [ID(userid)] LISTMAP[(LABEL('label'))]
//
// ID defaults to the issuer, as in RACF. Quoted values keep their case (DN filters and labels
// are case-sensitive); unquoted ones fold to upper case as TSO does. MULTIID, CRITERIA, SITE,
// CERTAUTH and RACDCERT's certificate and key ring functions are refused as not supported.
//
// Authority, as RACF documents it for each function: SPECIAL, or access to the FACILITY
// profile IRR.DIGTCERT.<function> (MAP, ALTMAP, DELMAP, LISTMAP): READ for mappings of your
// own user ID, UPDATE for another's. The FACILITY check is a real one (the class must be
// active and a profile must cover the name; "not protected" is no authority), made through
// the security manager so that it is audited like any other. Authority is checked before the
// user ID's existence, so that RACDCERT cannot be used to probe for user IDs.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "racf/commands.h"
#include "racf/messages.h"
#include "saf/cert_map.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 4> kFunctions = {"MAP", "ALTMAP", "DELMAP", "LISTMAP"};
// RACDCERT's other functions and identities, known so that they are refused by name rather
// than as misspellings.
constexpr std::array<std::string_view, 24> kUnsupported = {
    "ADD",     "ADDRING",  "ADDTOKEN", "ALTER",    "BIND",   "CHECKCERT", "CONNECT", "DELETE",
    "DELRING", "DELTOKEN", "EXPORT",   "GENCERT",  "GENREQ", "IMPORT",    "LIST",    "LISTCHAIN",
    "LISTRING", "LISTTOKEN", "REKEY",  "REMOVE",   "ROLLOVER", "UNBIND",  "MULTIID", "CRITERIA",
};
constexpr std::array<std::string_view, 37> kKeywords = {
    "ID",      "MAP",      "ALTMAP",   "DELMAP",   "LISTMAP", "SDNFILTER", "IDNFILTER", "WITHLABEL", "NEWLABEL",
    "TRUST",   "NOTRUST",  "SITE",     "CERTAUTH", "ADD",     "ADDRING",   "ADDTOKEN",  "ALTER",     "BIND",
    "CHECKCERT", "CONNECT", "DELETE",  "DELRING",  "DELTOKEN", "EXPORT",   "GENCERT",   "GENREQ",    "IMPORT",
    "LIST",    "LISTCHAIN", "LISTRING", "LISTTOKEN", "REKEY",  "REMOVE",    "ROLLOVER",  "UNBIND",    "MULTIID",
    "CRITERIA",
};
constexpr std::array<std::string_view, 1> kLabelKeyword = {"LABEL"};

bool contains(std::span<const std::string_view> list, std::string_view kw) {
  return std::find(list.begin(), list.end(), kw) != list.end();
}

// The single value of KW('text'): quoted keeps its case, unquoted folds. nullopt when the
// keyword is absent or not written with exactly one plain value.
std::optional<std::string> single_value(const Token* t) {
  if (!t || !t->has_args || t->args.size() != 1 || t->args[0].has_args) return std::nullopt;
  return t->args[0].folded();
}

// FUNCTION(LABEL('x')): the label, or nullopt with a syntax message.
std::optional<std::string> label_of_function(Context& ctx, const Operands& ops, std::string_view function) {
  const Token* t = ops.find(function);
  std::string error;
  auto sub = t && t->has_args ? bind_sub(*t, kLabelKeyword, error) : std::nullopt;
  auto label = sub ? single_value(sub->find("LABEL")) : std::nullopt;
  if (!label) {
    ctx.syntax(error.empty() ? msg::missing(fmt::format("LABEL FOR {}", function)) : error);
    return std::nullopt;
  }
  return label;
}

bool label_valid(const std::string& label) {
  return !label.empty() && label.size() <= 32 &&
         std::none_of(label.begin(), label.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// SPECIAL, or READ (own ID) / UPDATE (another's) to FACILITY IRR.DIGTCERT.<function>.
bool authorized(Context& ctx, std::string_view function, const std::string& id) {
  if (ctx.auth.special()) return true;
  saf::AceeRef acee = ctx.sm.acee_for(ctx.me.id);
  if (!acee) return false;
  saf::Access need = id == ctx.me.id ? saf::Access::Read : saf::Access::Update;
  saf::Decision d = ctx.sm.check(*acee, "FACILITY", fmt::format("IRR.DIGTCERT.{}", function), need, {}, "RACF");
  return d.rc == saf::kRcAllowed;
}

std::optional<bool> trust_operand(Context& ctx, const Operands& ops) {
  if (ops.has("TRUST") && ops.has("NOTRUST")) {
    ctx.syntax(msg::kTrustConflict);
    return std::nullopt;
  }
  if (ops.has("NOTRUST")) return false;
  if (ops.has("TRUST")) return true;
  return std::nullopt;
}

// A filter as saf will store it ('' when the keyword is absent); nullopt, with a message, when
// the value is not a DN.
std::optional<std::string> filter_operand(Context& ctx, const Operands& ops, std::string_view kw) {
  const Token* t = ops.find(kw);
  if (!t) return std::string();
  auto v = single_value(t);
  auto dn = v && v->size() <= 1024 ? saf::parse_racf_dn(*v) : std::nullopt;
  if (!dn || dn->empty()) {
    ctx.syntax(msg::map_filter_invalid(kw));
    return std::nullopt;
  }
  return saf::racf_dn_text(*dn);
}

// The mapping already holding this pair of filters, if any (RACF names the DIGTNMAP profile
// after the filters, so a pair is defined once across all users).
std::optional<saf::CertMap> holder_of(Context& ctx, const std::string& sdn, const std::string& idn) {
  return ctx.sm.read([&](const saf::Database& db) -> std::optional<saf::CertMap> {
    for (const auto& [user, by_label] : db.cert_maps)
      for (const auto& [label, m] : by_label)
        if (m.subject_filter == sdn && m.issuer_filter == idn) return m;
    return std::nullopt;
  });
}

std::optional<saf::CertMap> find_map(Context& ctx, const std::string& id, const std::string& label) {
  for (auto& m : ctx.sm.cert_maps(id))
    if (m.label == label) return m;
  return std::nullopt;
}

// RACF generates LABELnnnnnnnn when WITHLABEL is left out (as for certificates; unverified for
// mappings): the first number not in use for the user.
std::string generated_label(Context& ctx, const std::string& id) {
  auto maps = ctx.sm.cert_maps(id);
  for (int n = 1;; ++n) {
    std::string label = fmt::format("LABEL{:08}", n);
    if (std::none_of(maps.begin(), maps.end(), [&](const auto& m) { return m.label == label; })) return label;
  }
}

void run_map(Context& ctx, const Operands& ops, const std::string& id) {
  auto sdn = filter_operand(ctx, ops, "SDNFILTER");
  if (!sdn) return;
  auto idn = filter_operand(ctx, ops, "IDNFILTER");
  if (!idn) return;
  if (sdn->empty() && idn->empty()) return ctx.syntax(msg::kMapNeedsFilter);
  auto trust = trust_operand(ctx, ops);
  if (ctx.failed()) return;

  saf::CertMap m;
  m.user = id;
  if (ops.has("WITHLABEL")) {
    auto label = single_value(ops.find("WITHLABEL"));
    if (!label || !label_valid(*label)) return ctx.syntax(msg::map_label_invalid("WITHLABEL"));
    m.label = *label;
  } else {
    m.label = generated_label(ctx, id);
  }
  ctx.event_profile = m.label;
  m.subject_filter = *sdn;
  m.issuer_filter = *idn;
  m.trusted = trust.value_or(true);
  m.created = ctx.now();

  if (find_map(ctx, id, m.label)) {
    ctx.fail(msg::map_label_in_use(m.label, id));
    return ctx.fail(msg::map_not_created("created"));
  }
  if (auto other = holder_of(ctx, m.subject_filter, m.issuer_filter)) {
    ctx.fail(msg::map_filter_in_use(other->label, other->user));
    return ctx.fail(msg::map_not_created("created"));
  }
  commit(ctx, [&] { ctx.sm.put_cert_map(m); });
}

void run_altmap(Context& ctx, const Operands& ops, const std::string& id) {
  auto label = label_of_function(ctx, ops, "ALTMAP");
  if (!label) return;
  ctx.event_profile = *label;
  auto trust = trust_operand(ctx, ops);
  if (ctx.failed()) return;
  std::optional<std::string> new_label;
  if (ops.has("NEWLABEL")) {
    new_label = single_value(ops.find("NEWLABEL"));
    if (!new_label || !label_valid(*new_label)) return ctx.syntax(msg::map_label_invalid("NEWLABEL"));
  }
  if (!trust && !new_label) return ctx.syntax(msg::kAltmapNothing);

  auto m = find_map(ctx, id, *label);
  if (!m) return ctx.fail(msg::map_label_not_found(*label, id));
  saf::CertMap changed = *m;
  if (trust) changed.trusted = *trust;
  if (new_label && *new_label != *label) {
    if (find_map(ctx, id, *new_label)) {
      ctx.fail(msg::map_label_in_use(*new_label, id));
      return ctx.fail(msg::map_not_created("altered"));
    }
    changed.label = *new_label;
  }
  commit(ctx, [&] {
    if (changed.label != m->label) ctx.sm.delete_cert_map(id, m->label);
    ctx.sm.put_cert_map(changed);
  });
}

void run_delmap(Context& ctx, const Operands& ops, const std::string& id) {
  auto label = label_of_function(ctx, ops, "DELMAP");
  if (!label) return;
  ctx.event_profile = *label;
  if (!find_map(ctx, id, *label)) return ctx.fail(msg::map_label_not_found(*label, id));
  commit(ctx, [&] { ctx.sm.delete_cert_map(id, *label); });
}

// After IBM's sample LISTMAP output (RACF Security Administrator's Guide, "Sample output from
// the LISTMAP command"): field names and the >...< brackets around filters are IBM's; the
// exact indentation is not verified.
std::string format_map(const saf::CertMap& m) {
  return fmt::format(
      " Label: {}\n"
      " Status: {}\n"
      " Issuer's Name Filter:\n"
      "      >{}<\n"
      " Subject's Name Filter:\n"
      "      >{}<\n\n",
      m.label, m.trusted ? "TRUST" : "NOTRUST", m.issuer_filter, m.subject_filter);
}

void run_listmap(Context& ctx, const Operands& ops, const std::string& id) {
  std::optional<std::string> label;
  if (ops.find("LISTMAP")->has_args) {
    label = label_of_function(ctx, ops, "LISTMAP");
    if (!label) return;
    ctx.event_profile = *label;
  }
  std::vector<saf::CertMap> shown;
  for (auto& m : ctx.sm.cert_maps(id))
    if (!label || m.label == *label) shown.push_back(std::move(m));
  if (shown.empty())
    return ctx.fail(label ? msg::map_label_not_found(*label, id) : msg::no_mappings(id));
  ctx.out += fmt::format("Mapping information for user {}:\n\n", id);
  for (const auto& m : shown) ctx.out += format_map(m);
}

void run_racdcert(Context& ctx, const Operands& ops) {
  ctx.event_class = "DIGTNMAP";
  std::string_view function;
  for (const auto& [kw, _] : ops.keywords()) {
    if (contains(kUnsupported, kw) || kw == "SITE" || kw == "CERTAUTH") return ctx.fail(msg::racdcert_unsupported(kw));
    if (!contains(kFunctions, kw)) continue;
    if (!function.empty()) return ctx.syntax(msg::kRacdcertNoFunction);
    function = kw;
  }
  if (function.empty()) return ctx.syntax(msg::kRacdcertNoFunction);

  // Keywords that belong to another function are an error, not silently ignored.
  auto only_with = [&](std::string_view kw, std::initializer_list<std::string_view> functions) {
    if (!ops.has(kw) || std::find(functions.begin(), functions.end(), function) != functions.end()) return true;
    ctx.syntax(msg::racdcert_keyword_not_valid(kw, function));
    return false;
  };
  if (!only_with("SDNFILTER", {"MAP"}) || !only_with("IDNFILTER", {"MAP"}) || !only_with("WITHLABEL", {"MAP"}) ||
      !only_with("NEWLABEL", {"ALTMAP"}) || !only_with("TRUST", {"MAP", "ALTMAP"}) ||
      !only_with("NOTRUST", {"MAP", "ALTMAP"}))
    return;

  std::string id = ctx.me.id;
  if (ops.has("ID")) {
    auto v = ops.value("ID");
    if (!v) return ctx.syntax(msg::invalid("ID", "(...)"));
    id = *v;
  }
  if (!authorized(ctx, function, id)) return ctx.refuse(msg::racdcert_not_authorized(function));
  if (!user_defined(ctx.sm, id)) return ctx.fail(msg::racdcert_user_not_defined(id));

  if (function == "MAP") return run_map(ctx, ops, id);
  if (function == "ALTMAP") return run_altmap(ctx, ops, id);
  if (function == "DELMAP") return run_delmap(ctx, ops, id);
  return run_listmap(ctx, ops, id);
}

// SMF type 80 event 67 is the RACDCERT command (IRRADU00's RACDCERT record; from memory, not
// checked). audit::EventCode has no name for it yet, so its sinks print the number with the
// name UNKNOWN until audit adds one.
constexpr auto kRacdcertEvent = audit::EventCode::RacdCert;

const std::array<CommandSpec, 1> kSpecs = {{
    {"RACDCERT", "", kRacdcertEvent, 0, kKeywords, {}, msg::kNotAuthRacdcert, run_racdcert},
}};

}  // namespace

std::span<const CommandSpec> racdcert_commands() { return kSpecs; }

}  // namespace zgate::racf
