#include "saf/bootstrap.h"

namespace zgate::saf {

bool bootstrap_if_empty(SecurityManager& sm) {
  bool empty = sm.read([](const Database& db) { return db.users.empty() && db.groups.empty(); });
  if (!empty) return false;
  std::int64_t now = sm.clock().now();
  sm.batch([&] {
    Group sys1;
    sys1.id = kRootGroup;
    sys1.owner = kFirstAdministrator;
    sys1.created = now;
    sm.put_group(sys1);

    User admin;
    admin.id = kFirstAdministrator;
    admin.name = "FIRST ADMINISTRATOR";
    admin.owner = kFirstAdministrator;
    admin.default_group = kRootGroup;
    admin.created = now;
    admin.special = admin.operations = admin.auditor = true;
    Connect c;
    c.group = kRootGroup;
    c.authority = GroupAuthority::Join;
    c.owner = kFirstAdministrator;
    c.created = now;
    admin.connects.push_back(c);
    sm.put_user(admin);
  });
  return true;
}

}  // namespace zgate::saf
