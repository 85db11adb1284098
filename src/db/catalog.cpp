// DBDLIB and PSBLIB read as one set and checked as ACBGEN checks it.
#include "db/catalog.h"

#include <system_error>

#include "core/library_dir.h"
#include "core/member_error.h"

namespace zgate::db {

namespace {

template <class Def>
void add(std::map<std::string, Def, std::less<>>& defs, Def def, std::string_view what, std::string_view keyword) {
  // IBM: DBDGEN and PSBGEN store their output under the DBD's NAME= or the PSBNAME=; a source
  // member called otherwise would be scheduled under a name nobody wrote.
  if (def.name != def.member)
    throw core::MemberError(def.member, def.line, std::string(keyword),
                            std::string(what) + " " + def.name + " is in member " + def.member +
                                " (a " + std::string(what) + " is its own member: " + def.name + ")");
  if (defs.count(def.name))
    throw core::MemberError(def.member, def.line, std::string(keyword),
                            std::string(what) + " " + def.name + " is defined twice");
  std::string name = def.name;
  defs.emplace(std::move(name), std::move(def));
}

std::vector<core::Member> read_folder(const std::filesystem::path& dir, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return {};
  std::vector<core::Member> out;
  for (const auto& [name, file] : core::list_library(dir, what))
    out.push_back(core::read_member_file(file, name, core::MemberFormat::Stage1));
  return out;
}

}  // namespace

const Dbd* Catalog::dbd(std::string_view name) const {
  auto it = dbds.find(name);
  return it == dbds.end() ? nullptr : &it->second;
}

const Psb* Catalog::psb(std::string_view name) const {
  auto it = psbs.find(name);
  return it == psbs.end() ? nullptr : &it->second;
}

void check_catalog(const Catalog& c) {
  for (const auto& entry : c.dbds) {
    const std::string& name = entry.first;  // references, not a structured binding:
    const Dbd& d = entry.second;             // clang 14 lambdas cannot capture one
    auto fail = [&](const std::string& msg) { throw core::MemberError(d.member, d.index_line, "LCHILD", msg); };
    if (d.index_dbd.empty()) {
      if (d.access == Access::Index)
        throw core::MemberError(d.member, d.line, "LCHILD",
                                "INDEX DBD " + name + " has no LCHILD naming the HIDAM database it indexes");
      continue;
    }
    const Dbd* other = c.dbd(d.index_dbd);
    if (d.access == Access::Hidam) {
      // The root's LCHILD PTR=INDX names the primary index DBD and its index segment.
      if (!other) fail("the primary index DBD " + d.index_dbd + " of HIDAM DBD " + name + " is not in DBDLIB");
      if (other->access != Access::Index)
        fail("DBD " + d.index_dbd + " is ACCESS=" + std::string(access_name(other->access)) + ", not an INDEX DBD");
      if (!other->segment(d.index_segment))
        fail("segment " + d.index_segment + " is not a segment of INDEX DBD " + d.index_dbd);
      if (other->index_dbd != name)
        fail("INDEX DBD " + d.index_dbd + " does not index " + name + " (its LCHILD names " +
             (other->index_dbd.empty() ? std::string("nothing") : other->index_dbd) + ")");
    } else if (d.access == Access::Index) {
      if (!other) fail("INDEX DBD " + name + " indexes DBD " + d.index_dbd + ", which is not in DBDLIB");
      if (other->access != Access::Hidam || other->index_dbd != name)
        fail("DBD " + d.index_dbd + " is not a HIDAM database whose primary index is " + name +
             " (zgate builds no secondary index)");
      if (other->segments.front().name != d.index_segment)
        fail("segment " + d.index_segment + " is not the root of HIDAM DBD " + d.index_dbd + " (" +
             other->segments.front().name + ")");
    }
  }
  for (const auto& [_, p] : c.psbs) check_psb(p, c.dbds);
}

Catalog build_catalog(const std::vector<core::Member>& dbd_members, const std::vector<core::Member>& psb_members) {
  Catalog c;
  for (const auto& m : dbd_members) add(c.dbds, read_dbd(m), "DBD", "NAME");
  for (const auto& m : psb_members) add(c.psbs, read_psb(m), "PSB", "PSBNAME");
  check_catalog(c);
  return c;
}

Catalog read_catalog(const std::filesystem::path& dbdlib, const std::filesystem::path& psblib) {
  return build_catalog(read_folder(dbdlib, "DBDLIB"), read_folder(psblib, "PSBLIB"));
}

std::vector<const Dbd*> database_tables(const Catalog& c) {
  std::vector<const Dbd*> out;
  for (const auto& [name, d] : c.dbds)
    if (d.access != Access::Index) out.push_back(&d);
  return out;
}

}  // namespace zgate::db
