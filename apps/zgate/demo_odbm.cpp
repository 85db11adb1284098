// The Open DB part of `zgate demo`: the seed's example, over IMS Connect's DRDA port and ODBM,
// as the IMS Universal drivers would run it. DFSPB ODBASE=Y: APSB security, RACF checks READ to
// the PSB in class AIMS for the user IMS Connect authenticated (the RACO it sealed for ODBM).
// USERIDA may allocate PSB1 and PSB2, USERIDB only PSB1.
#include <iostream>
#include <string>

#include "connect/drda_client.h"
#include "odbm/code_points.h"

namespace zgate::app {

void demo_banner(const std::string& text);

namespace {

class DrdaDemo {
 public:
  explicit DrdaDemo(std::uint16_t port) { opt_.port = port; }

  // Signs `user` on and asks for `psb`; prints both and judges the allocation.
  void allocate(const std::string& user, const std::string& password, const std::string& psb, bool expect) {
    std::cout << "\n" << user << " allocates " << psb << "\n";
    std::cout << "client> EXCSAT, ACCSEC, SECCHK (user " << user << ", password ********), ACCRDB RDBNAM=" << psb << "\n";
    try {
      connect::DrdaClient c(opt_);
      c.connect();
      auto on = c.sign_on(user, core::SecretString(password));
      if (!on.ok) {
        std::cout << "server> SECCHKRM SECCHKCD X'" << std::hex << on.code << std::dec << "'\n";
        return judge(false, expect);
      }
      auto a = c.allocate(psb);
      if (a.ok) {
        std::cout << "server> ACCRDBRM: PSB " << psb << " allocated\n";
        c.deallocate();
      } else {
        std::cout << "server> " << (a.reply == odbm::cp::RDBATHRM ? "RDBATHRM (not authorized)" : "refused") << ": "
                  << a.diagnostic << "\n";
      }
      judge(a.ok, expect, expect ? "IMS allows the allocation" : "IMS refuses the allocation: RDBATHRM, RACF RC 8");
    } catch (const std::exception& e) {
      std::cout << "demo: " << e.what() << "\n";
      ++failures_;
    }
  }

  // USERIDA reads the phone book through PSB1: GU by key, then every entry with GN.
  void phone_book() {
    std::cout << "\nUSERIDA displays LAST1 (GU) and lists the phone book (GN) through PSB1's DB PCB PHONE\n";
    try {
      connect::DrdaClient c(opt_);
      c.connect();
      if (!c.sign_on("USERIDA", core::SecretString("PWDA1")).ok || !c.allocate("PSB1.IVP1").ok) {
        ++failures_;
        std::cout << "demo: USERIDA could not allocate PSB1\n";
        return;
      }
      std::cout << "client> OPNQRY PCBNAME=PHONE DLIFUNC=GU SSA=A1111111(A1111111 =LAST1     )\n";
      auto gu = c.query("PHONE", "GU", {"A1111111(A1111111 =LAST1     )"});
      for (const auto& r : gu)
        std::cout << "server> QRYDTA status '" << r.pcb.status << "' segment " << r.pcb.segment << ": " << r.data << "\n";
      bool ok = gu.size() == 1 && gu[0].pcb.status == "  " && gu[0].data.rfind("LAST1", 0) == 0;
      std::cout << "client> OPNQRY PCBNAME=PHONE DLIFUNC=GN (DLIFUNCFLG: start with GU)\n";
      auto gn = c.query("PHONE", "GN", {}, true);
      for (const auto& r : gn)
        std::cout << "server> QRYDTA status '" << r.pcb.status << "'" << (r.data.empty() ? "" : ": " + r.data) << "\n";
      ok = ok && !gn.empty() && gn.back().pcb.status == "GB";
      c.deallocate();
      judge(ok, true, "the segments come back with their PCB feedback; GB ends the list");
    } catch (const std::exception& e) {
      std::cout << "demo: " << e.what() << "\n";
      ++failures_;
    }
  }

  int failures() const { return failures_; }

 private:
  void judge(bool got, bool expect, const std::string& says = {}) {
    const bool ok = got == expect;
    if (!ok) ++failures_;
    std::cout << (ok ? "  as IBM documents" : "  NOT as IBM documents") << (says.empty() ? "" : ": " + says) << "\n";
  }
  connect::ClientOptions opt_;
  int failures_ = 0;
};

}  // namespace

int walk_through_odbm(std::uint16_t drda_port) {
  demo_banner("The seed's Open DB example: DRDA through IMS Connect to ODBM, ODBASE=Y (APSB security in AIMS)");
  DrdaDemo d(drda_port);
  d.allocate("USERIDA", "PWDA1", "PSB1", true);
  d.allocate("USERIDA", "PWDA1", "PSB2", true);
  d.allocate("USERIDB", "PWDB1", "PSB1", true);
  d.allocate("USERIDB", "PWDB1", "PSB2", false);
  d.phone_book();
  return d.failures();
}

}  // namespace zgate::app
