#pragma once
// The DL/I calls as a dependent region serves them for one scheduled message (zgate/dli.h).
// GU, GN, ISRT and PURG are answered here, in the region, from the message the control process
// sent; CHNG, AUTH and the region check need RACF and go to the control process over the
// region's socket, synchronously, as IMS's dependent region asks its control region. ICAL
// (synchronous callout) goes the same way and waits there for the response.
#include <string>
#include <vector>

#include "tm/region_protocol.h"
#include "zgate/dli.h"

namespace zgate::tm {

class RegionCall {
 public:
  // `reader` reads the control socket `control_fd` (the region's one reader of it).
  RegionCall(int control_fd, proto::FrameReader& reader, proto::Schedule s);
  RegionCall(const RegionCall&) = delete;
  RegionCall& operator=(const RegionCall&) = delete;

  zg_dli* dli() { return &dli_; }
  // The program returned `rc`: what goes back to the control process. Messages still open on
  // alternate PCBs are ended, as IMS ends them at the sync point.
  proto::Done finish(int rc);

 private:
  struct Alt {
    std::string destination;  // empty until a successful CHNG
    std::vector<std::string> segments;  // the message in progress
  };

  static RegionCall& self(zg_dli* d) { return *static_cast<RegionCall*>(d->impl); }
  static int set(zg_pcb* pcb, int status);
  Alt* alt_of(zg_pcb* pcb);
  proto::Answer ask(proto::Type type, const proto::Request& q);

  static int gu(zg_dli* d, zg_pcb* pcb, char* area, size_t cap, size_t* len);
  static int gn(zg_dli* d, zg_pcb* pcb, char* area, size_t cap, size_t* len);
  static int isrt(zg_dli* d, zg_pcb* pcb, const char* data, size_t len);
  static int chng(zg_dli* d, zg_pcb* pcb, const char* destination);
  static int purg(zg_dli* d, zg_pcb* pcb);
  static int auth(zg_dli* d, zg_pcb* pcb, const char* cls, const char* resource,
                  const char* access, int* racf_rc);
  static int region_check(zg_dli* d, const char* cls, const char* resource, const char* access,
                          int* racf_rc);
  static const char* region_userid(zg_dli* d);
  static int ical(zg_dli* d, const char* destination, const char* request, size_t req_len,
                  char* response, size_t cap, size_t* resp_len, unsigned timeout_ms,
                  zg_aib_result* result);
  proto::IcalAnswer ask_ical(const proto::Ical& q);
  static int dl(zg_dli* d, zg_db_pcb* pcb, const char* func, char* io, size_t cap, size_t* io_len, int nssa,
                const char* const* ssas, const size_t* ssa_lens);
  static int rolb(zg_dli* d);
  static void roll(zg_dli* d);
  static int chkp(zg_dli* d);
  static zg_db_pcb* find_pcb(zg_dli* d, const char* pcbname);
  static int inqy(zg_dli* d, const char* subfunction, char* io, size_t cap, size_t* io_len, zg_aib_result* result);
  proto::DbAnswer ask_db(proto::Type type, const std::string& body);
  void back_out_output();
  int copy_segment(zg_pcb* pcb, std::size_t i, char* area, size_t cap, size_t* len);

  int fd_;
  proto::FrameReader& reader_;
  proto::Schedule s_;
  bool got_unique_ = false;  // GU done: a second GU is QC
  std::size_t next_ = 0;     // next segment for GN
  std::vector<std::string> reply_;
  std::vector<proto::AltMessage> committed_;  // PURGed alternate messages
  Alt alts_[ZG_MAX_ALT_PCBS];
  zg_pcb io_pcb_{};
  zg_pcb alt_pcbs_[ZG_MAX_ALT_PCBS]{};
  std::vector<zg_db_pcb> db_pcbs_;  // sized once: dli_.db_pcb points into it
  zg_dli dli_{};
};

}  // namespace zgate::tm
